package io.berth.storage;

import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import io.berth.model.EnvironmentConfig;
import io.berth.plan.Plan;
import io.berth.support.Providers;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.berth.testing.Inputs.assertAllInputs;
import static io.berth.testing.Inputs.assertInputs;
import static io.berth.testing.Inputs.assertJsonInput;
import static io.berth.testing.Plans.scope;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PrivateBucket alone, in one run: {@code logs} (SSE-S3, unversioned, with an extra statement) and
 * {@code artifacts} (a KMS key, versioned) in dev, and {@code kept} in production.
 */
@Timeout(120)
class PrivateBucketTest {
    static final String KEY = "arn:aws:kms:eu-west-1:111111111111:key/0a0a0a0a-1111-2222-3333-444455556666";
    static Plan dev;
    static Plan prod;
    static PrivateBucket logs;
    static PrivateBucket artifacts;

    /** What a bucket hangs under: any component. */
    static final class Holder extends ComponentResource {
        Holder(String name, ComponentResourceOptions options) {
            super("test:storage:Holder", name, options);
            registerOutputs(java.util.Map.of()); // a plan fails on a component that never registers its outputs
        }
    }

    @BeforeAll
    static void plan() {
        var devEnv = Fixtures.environment();
        var prodEnv = Fixtures.production();
        var all = Fixtures.component(devEnv, ctx -> {
            var provider = Providers.forRegion("primary", devEnv.account(), devEnv.region());
            var options = ComponentResourceOptions.builder().providers(provider).build();
            var inDev = new Holder("dev", options);
            logs = PrivateBucket.create(inDev, devEnv, "logs", "acme-logs", Optional.empty(), false, "expire-logs", 14,
                    arn -> List.of(Map.of("Sid", "Extra", "Effect", "Allow", "Principal", Map.of("Service", "logging.s3.amazonaws.com"),
                            "Action", "s3:PutObject", "Resource", arn + "/*")));
            artifacts = PrivateBucket.create(inDev, devEnv, "artifacts", "acme-artifacts", Optional.of(Output.of(KEY)), true, "expire-artifacts", 30,
                    arn -> List.of());
            bucketIn(new Holder("prod", options), prodEnv);
        });
        dev = scope(all, "test:storage:Holder", "dev");
        prod = scope(all, "test:storage:Holder", "prod");
    }

    private static void bucketIn(Holder holder, EnvironmentConfig env) {
        PrivateBucket.create(holder, env, "kept", "acme-kept", Optional.empty(), false, "expire-kept", 7, arn -> List.of());
    }

    @Test
    void theCallerGetsTheVersioningOfAVersionedBucketToWaitFor() {
        // a replication rule may only be put once both buckets are versioned (Service)
        assertThat(artifacts.versioning()).isPresent();
        assertThat(logs.versioning()).isEmpty();
        assertThat(logs.bucket()).isNotNull();
        assertThat(logs.policy()).isNotNull();
    }

    @Test
    void theBucketHasItsNameAndCanBeEmptiedOnDestroyOutsideProduction() {
        assertAllInputs(dev, "logs", """
                {"bucket": "acme-logs", "forceDestroy": true,
                 "tags": {"Name": "logs", "cost-centre": "CC-1", "environment": "dev", "managed-by": "berth", "owner": "platform-team"}}""");
    }

    @Test
    void inProductionTheBucketIsNeverEmptiedOnDestroy() {
        assertInputs(prod, "kept", """
                {"bucket": "acme-kept", "forceDestroy": false}""");
    }

    @Test
    void publicAccessIsBlockedEveryWay() {
        assertInputs(dev, "logs-public-access", """
                {"bucket": "${id:logs}", "blockPublicAcls": true, "blockPublicPolicy": true, "ignorePublicAcls": true,
                 "restrictPublicBuckets": true}""");
    }

    @Test
    void aclsAreOffTheBucketOwnerOwnsEveryObject() {
        assertInputs(dev, "logs-ownership", """
                {"bucket": "${id:logs}", "rule": {"objectOwnership": "BucketOwnerEnforced"}}""");
    }

    @Test
    void withoutAKeyObjectsAreEncryptedWithSseS3() {
        assertInputs(dev, "logs-encryption", """
                {"bucket": "${id:logs}", "rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}]}""");
    }

    @Test
    void withAKeyObjectsAreEncryptedWithItUnderABucketKey() {
        assertInputs(dev, "artifacts-encryption", """
                {"bucket": "${id:artifacts}", "rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "aws:kms",
                 "kmsMasterKeyId": "%s"}, "bucketKeyEnabled": true}]}""".formatted(KEY));
    }

    @Test
    void anUnversionedBucketHasNoVersioningAndItsObjectsExpire() {
        assertThat(dev.resources()).noneMatch(r -> r.name().equals("logs-versioning"));
        assertInputs(dev, "logs-lifecycle", """
                {"bucket": "${id:logs}", "rules": [{"id": "expire-logs", "status": "Enabled", "filter": {"prefix": ""},
                 "expiration": {"days": 14}, "abortIncompleteMultipartUpload": {"daysAfterInitiation": 7}}]}""");
    }

    @Test
    void aVersionedBucketAlsoExpiresNoncurrentVersions() {
        assertInputs(dev, "artifacts-versioning", """
                {"bucket": "${id:artifacts}", "versioningConfiguration": {"status": "Enabled"}}""");
        assertInputs(dev, "artifacts-lifecycle", """
                {"bucket": "${id:artifacts}", "rules": [{"id": "expire-artifacts", "status": "Enabled", "filter": {"prefix": ""},
                 "expiration": {"days": 30}, "abortIncompleteMultipartUpload": {"daysAfterInitiation": 7},
                 "noncurrentVersionExpiration": {"noncurrentDays": 30}}]}""");
    }

    @Test
    void thePolicyAddsTheCallersStatementsAndRefusesPlainHttp() {
        assertJsonInput(dev, "logs-policy", "policy", """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "Extra", "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject",
                   "Resource": "arn:aws:s3:::acme-logs/*"},
                  {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                   "Resource": ["arn:aws:s3:::acme-logs", "arn:aws:s3:::acme-logs/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}""");
    }

    @Test
    void childrenHangUnderTheCallersComponent() {
        var holder = dev.named("dev");
        assertThat(List.of("logs", "logs-public-access", "logs-ownership", "logs-encryption", "logs-lifecycle", "logs-policy"))
                .allSatisfy(n -> assertThat(dev.named(n).parent()).isEqualTo(holder.urn()));
    }

    @Test
    void inProductionTheBucketIsProtectedAndRetained() {
        assertThat(prod.named("kept").options()).containsEntry("protect", true).containsEntry("retainOnDelete", true);
    }

    @Test
    void outsideProductionTheBucketIsNeitherProtectedNorRetained() {
        assertThat(dev.named("logs").options()).containsEntry("protect", false).containsEntry("retainOnDelete", false);
    }
}
