package io.berth.storage;

import io.berth.support.Json;
import io.berth.support.Stateful;
import io.berth.support.Tags;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2;
import com.pulumi.aws.s3.BucketLifecycleConfigurationV2Args;
import com.pulumi.aws.s3.BucketOwnershipControls;
import com.pulumi.aws.s3.BucketOwnershipControlsArgs;
import com.pulumi.aws.s3.BucketPolicy;
import com.pulumi.aws.s3.BucketPolicyArgs;
import com.pulumi.aws.s3.BucketPublicAccessBlock;
import com.pulumi.aws.s3.BucketPublicAccessBlockArgs;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2;
import com.pulumi.aws.s3.BucketServerSideEncryptionConfigurationV2Args;
import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.s3.BucketV2Args;
import com.pulumi.aws.s3.BucketVersioningV2;
import com.pulumi.aws.s3.BucketVersioningV2Args;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleFilterArgs;
import com.pulumi.aws.s3.inputs.BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs;
import com.pulumi.aws.s3.inputs.BucketOwnershipControlsRuleArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs;
import com.pulumi.aws.s3.inputs.BucketServerSideEncryptionConfigurationV2RuleArgs;
import com.pulumi.aws.s3.inputs.BucketVersioningV2VersioningConfigurationArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.berth.model.EnvironmentConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A bucket only its owners reach: public access blocked, ACLs off (bucket owner enforced),
 * encrypted by default, TLS required, objects expired by a lifecycle rule. Protected and retained
 * in production like every stateful resource. Children are named {@code <logical>-<role>}.
 *
 * @param bucket the bucket
 * @param policy its bucket policy (resources that rely on the policy, such as a load balancer
 *               writing access logs, depend on it)
 * @param versioning its versioning, when it keeps versions (replication depends on it), else empty
 */
public record PrivateBucket(BucketV2 bucket, BucketPolicy policy, Optional<BucketVersioningV2> versioning) {

    /**
     * @param logical          logical name of the bucket, prefix of its children's
     * @param bucketName       the globally unique physical name
     * @param kmsKeyArn        a KMS key for default encryption, or empty for SSE-S3 (AES256)
     * @param versioned        keep object versions (non-current ones expire with the lifecycle)
     * @param lifecycleRuleId  id of the expiry rule
     * @param expireDays       days objects are kept
     * @param extraStatements  statements added to the bucket policy, given the bucket's ARN
     */
    public static PrivateBucket create(Resource parent, EnvironmentConfig env, String logical, String bucketName,
                                       Optional<Output<String>> kmsKeyArn, boolean versioned, String lifecycleRuleId,
                                       int expireDays, Function<String, List<Map<String, Object>>> extraStatements) {
        return create(parent, env, logical, bucketName, kmsKeyArn, versioned, lifecycleRuleId, Optional.of(expireDays),
                versioned ? Optional.of(expireDays) : Optional.empty(), extraStatements, Map.of());
    }

    /**
     * As above, with objects kept unless {@code expireDays} is given, non-current versions kept
     * {@code noncurrentDays} (a versioned bucket), and {@code extraTags} on the bucket (its owner).
     */
    public static PrivateBucket create(Resource parent, EnvironmentConfig env, String logical, String bucketName,
                                       Optional<Output<String>> kmsKeyArn, boolean versioned, String lifecycleRuleId,
                                       Optional<Integer> expireDays, Optional<Integer> noncurrentDays,
                                       Function<String, List<Map<String, Object>>> extraStatements,
                                       Map<String, String> extraTags) {
        var bucket = new BucketV2(logical, BucketV2Args.builder()
                .bucket(bucketName)
                .forceDestroy(!env.production())
                .tags(Tags.of(env.tags(), logical, extraTags))
                .build(), Stateful.options(env.protectStatefulResources(), parent));
        var child = CustomResourceOptions.builder().parent(parent).build();
        new BucketPublicAccessBlock(logical + "-public-access", BucketPublicAccessBlockArgs.builder()
                .bucket(bucket.id())
                .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true)
                .build(), child);
        new BucketOwnershipControls(logical + "-ownership", BucketOwnershipControlsArgs.builder()
                .bucket(bucket.id())
                .rule(BucketOwnershipControlsRuleArgs.builder().objectOwnership("BucketOwnerEnforced").build())
                .build(), child);
        var byDefault = BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs.builder();
        kmsKeyArn.ifPresentOrElse(key -> byDefault.sseAlgorithm("aws:kms").kmsMasterKeyId(key), () -> byDefault.sseAlgorithm("AES256"));
        var rule = BucketServerSideEncryptionConfigurationV2RuleArgs.builder().applyServerSideEncryptionByDefault(byDefault.build());
        kmsKeyArn.ifPresent(key -> rule.bucketKeyEnabled(true)); // fewer KMS calls, lower cost
        new BucketServerSideEncryptionConfigurationV2(logical + "-encryption", BucketServerSideEncryptionConfigurationV2Args.builder()
                .bucket(bucket.id()).rules(rule.build()).build(), child);
        Optional<BucketVersioningV2> versioning = Optional.empty();
        if (versioned) {
            versioning = Optional.of(new BucketVersioningV2(logical + "-versioning", BucketVersioningV2Args.builder()
                    .bucket(bucket.id())
                    .versioningConfiguration(BucketVersioningV2VersioningConfigurationArgs.builder().status("Enabled").build())
                    .build(), child));
        }
        var expiry = BucketLifecycleConfigurationV2RuleArgs.builder()
                .id(lifecycleRuleId)
                .status("Enabled")
                .filter(BucketLifecycleConfigurationV2RuleFilterArgs.builder().prefix("").build());
        expireDays.ifPresent(days -> expiry.expiration(BucketLifecycleConfigurationV2RuleExpirationArgs.builder().days(days).build()));
        expiry.abortIncompleteMultipartUpload(BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs.builder()
                        .daysAfterInitiation(7).build());
        if (versioned) {
            noncurrentDays.ifPresent(days -> expiry.noncurrentVersionExpiration(
                    BucketLifecycleConfigurationV2RuleNoncurrentVersionExpirationArgs.builder().noncurrentDays(days).build()));
        }
        new BucketLifecycleConfigurationV2(logical + "-lifecycle", BucketLifecycleConfigurationV2Args.builder()
                .bucket(bucket.id()).rules(expiry.build()).build(), child);
        var policy = new BucketPolicy(logical + "-policy", BucketPolicyArgs.builder()
                .bucket(bucket.id())
                .policy(bucket.arn().applyValue(arn -> {
                    var statements = new ArrayList<>(extraStatements.apply(arn));
                    var tls = new LinkedHashMap<String, Object>();
                    tls.put("Sid", "DenyInsecureTransport");
                    tls.put("Effect", "Deny");
                    tls.put("Principal", "*");
                    tls.put("Action", "s3:*");
                    tls.put("Resource", List.of(arn, arn + "/*"));
                    tls.put("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));
                    statements.add(tls);
                    return Json.write(Map.of("Version", "2012-10-17", "Statement", statements));
                }))
                .build(), child);
        return new PrivateBucket(bucket, policy, versioning);
    }
}
