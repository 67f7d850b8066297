package io.berth.registry;

import com.pulumi.aws.ecr.ReplicationConfiguration;
import com.pulumi.aws.ecr.ReplicationConfigurationArgs;
import com.pulumi.aws.ecr.RegistryPolicy;
import com.pulumi.aws.ecr.RegistryPolicyArgs;
import com.pulumi.aws.ecr.RepositoryCreationTemplate;
import com.pulumi.aws.ecr.RepositoryCreationTemplateArgs;
import com.pulumi.aws.ecr.inputs.ReplicationConfigurationReplicationConfigurationArgs;
import com.pulumi.aws.ecr.inputs.ReplicationConfigurationReplicationConfigurationRuleArgs;
import com.pulumi.aws.ecr.inputs.ReplicationConfigurationReplicationConfigurationRuleDestinationArgs;
import com.pulumi.aws.ecr.inputs.ReplicationConfigurationReplicationConfigurationRuleRepositoryFilterArgs;
import com.pulumi.aws.ecr.inputs.RepositoryCreationTemplateEncryptionConfigurationArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.berth.model.EnvironmentConfig;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.core.Output;
import io.berth.support.Json;
import io.berth.support.PolicyDocument;
import io.berth.support.Tags;

import java.util.List;

/**
 * Cross-region image replication for the DR replica.
 *
 * <p>The registry's replication configuration is one per account and region
 * ({@code PutReplicationConfiguration} replaces it whole, AWS rule 25): only the stack whose
 * {@code berth:registry.replicationOwner} is on creates it, with a {@code PREFIX_MATCH} filter on
 * the environment's prefix. Only images pushed after it exists are replicated (AWS rule 26).
 * Repositories that replication creates in the DR region take scanning, tag immutability,
 * encryption and lifecycle from a repository creation template for the same prefix.
 */
public final class Replication {
    private Replication() {
    }

    /**
     * @param drRegion the DR region of this account, if any: the first rule
     */
    public static ReplicationConfiguration configuration(String name, EnvironmentConfig env, java.util.Optional<String> drRegion,
                                                         Resource parent, List<Resource> after) {
        var rules = new java.util.ArrayList<ReplicationConfigurationReplicationConfigurationRuleArgs>();
        drRegion.ifPresent(region -> rules.add(rule(env, List.of(destination(region, env.account())))));
        for (var target : env.registry().replicateTo()) {
            rules.add(rule(env, target.regions().stream().map(r -> destination(r, target.account())).toList()));
        }
        return new ReplicationConfiguration(name + "-replication", ReplicationConfigurationArgs.builder()
                .replicationConfiguration(ReplicationConfigurationReplicationConfigurationArgs.builder().rules(rules).build())
                .build(), CustomResourceOptions.builder().parent(parent).dependsOn(after).build());
    }

    private static ReplicationConfigurationReplicationConfigurationRuleDestinationArgs destination(String region, String account) {
        return ReplicationConfigurationReplicationConfigurationRuleDestinationArgs.builder().region(region).registryId(account).build();
    }

    private static ReplicationConfigurationReplicationConfigurationRuleArgs rule(
            EnvironmentConfig env, List<ReplicationConfigurationReplicationConfigurationRuleDestinationArgs> destinations) {
        return ReplicationConfigurationReplicationConfigurationRuleArgs.builder()
                .destinations(destinations)
                .repositoryFilters(ReplicationConfigurationReplicationConfigurationRuleRepositoryFilterArgs.builder()
                        .filter(env.name() + "/").filterType("PREFIX_MATCH").build())
                .build();
    }

    /**
     * The registry policy a cross-account destination needs: the source accounts may replicate
     * into this registry (and create the repositories replication needs).
     */
    public static RegistryPolicy acceptFrom(String name, EnvironmentConfig env, Resource parent) {
        var statement = new java.util.LinkedHashMap<String, Object>();
        statement.put("Sid", "AcceptReplicationFromEnvironments");
        statement.put("Effect", "Allow");
        statement.put("Principal", java.util.Map.of("AWS", env.registry().acceptReplicationFrom().stream().sorted()
                .map(a -> "arn:aws:iam::" + a + ":root").toList()));
        statement.put("Action", List.of("ecr:CreateRepository", "ecr:ReplicateImage"));
        statement.put("Resource", "arn:aws:ecr:" + env.region() + ":" + env.account() + ":repository/*");
        return new RegistryPolicy(name + "-registry-policy", RegistryPolicyArgs.builder()
                .policy(Json.write(java.util.Map.of("Version", "2012-10-17", "Statement", List.of(statement))))
                .build(), CustomResourceOptions.builder().parent(parent).build());
    }

    /**
     * In the DR region: settings for the repositories replication creates there. A template that
     * sets tags or KMS encryption needs a role ECR assumes to create them (customRoleArn).
     */
    public static RepositoryCreationTemplate creationTemplate(String name, EnvironmentConfig env, String drRegion, Resource parent) {
        var cfg = env.registry();
        var child = CustomResourceOptions.builder().parent(parent).build();
        var role = new Role(name + "-replica-template-role", RoleArgs.builder()
                .description("Lets ECR create the repositories replication brings into " + drRegion)
                // AWS's documented trust policy for this role, exactly: ecr.amazonaws.com, no condition. AWS does
                // not document that ECR sends aws:SourceAccount when it assumes the role, and a condition on a
                // key it does not send would deny the assumption (replication could never create a repository).
                // https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates-create-iam.html
                .assumeRolePolicy(PolicyDocument.trust("ecr.amazonaws.com"))
                .tags(Tags.of(env.tags(), name + "-replica-template-role", java.util.Map.of("berth:role", "ecr-replication")))
                .build(), child);
        var policy = new RolePolicy(name + "-replica-template-policy", RolePolicyArgs.builder()
                .role(role.id())
                .policy(PolicyDocument.create()
                        .allow("CreateReplicatedRepositories", List.of("ecr:CreateRepository", "ecr:ReplicateImage", "ecr:TagResource"),
                                List.of(Output.of("arn:aws:ecr:" + drRegion + ":" + env.account() + ":repository/" + env.name() + "/*")))
                        // ECR's own documented policy: the repositories use the AWS-managed ECR key,
                        // whose ARN is not known before ECR creates it.
                        .allow("UseRegistryKey", List.of("kms:CreateGrant", "kms:RetireGrant", "kms:DescribeKey"), List.of(Output.of("*")))
                        .toJson())
                .build(), child);
        return new RepositoryCreationTemplate(name + "-replica-template", RepositoryCreationTemplateArgs.builder()
                .prefix(env.name() + "/")
                .description("Repositories replicated from the " + env.name() + " registry")
                .appliedFors("REPLICATION")
                .imageTagMutability(cfg.immutableTags() ? "IMMUTABLE" : "MUTABLE")
                .encryptionConfigurations(RepositoryCreationTemplateEncryptionConfigurationArgs.builder()
                        .encryptionType("KMS").build())
                .lifecyclePolicy(Registry.lifecyclePolicy(cfg.untaggedExpiryDays(), cfg.keepReleases()))
                .resourceTags(Tags.of(env.tags(), name + "-replica"))
                .customRoleArn(role.arn())
                .build(), CustomResourceOptions.builder().parent(parent).dependsOn(policy).build());
    }
}
