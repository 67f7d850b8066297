package io.berth.registry;

import com.pulumi.aws.ecr.ReplicationConfiguration;
import com.pulumi.aws.ecr.ReplicationConfigurationArgs;
import com.pulumi.aws.ecr.RepositoryCreationTemplate;
import com.pulumi.aws.ecr.RepositoryCreationTemplateArgs;
import com.pulumi.aws.ecr.inputs.ReplicationConfigurationReplicationConfigurationArgs;
import com.pulumi.aws.ecr.inputs.ReplicationConfigurationReplicationConfigurationRuleArgs;
import com.pulumi.aws.ecr.inputs.ReplicationConfigurationReplicationConfigurationRuleDestinationArgs;
import com.pulumi.aws.ecr.inputs.ReplicationConfigurationReplicationConfigurationRuleRepositoryFilterArgs;
import com.pulumi.aws.ecr.inputs.RepositoryCreationTemplateEncryptionConfigurationArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.berth.config.EnvironmentConfig;
import io.berth.core.Tags;

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

    public static ReplicationConfiguration configuration(String name, EnvironmentConfig env, String drRegion, Resource parent) {
        return new ReplicationConfiguration(name + "-replication", ReplicationConfigurationArgs.builder()
                .replicationConfiguration(ReplicationConfigurationReplicationConfigurationArgs.builder()
                        .rules(ReplicationConfigurationReplicationConfigurationRuleArgs.builder()
                                .destinations(ReplicationConfigurationReplicationConfigurationRuleDestinationArgs.builder()
                                        .region(drRegion).registryId(env.account()).build())
                                .repositoryFilters(ReplicationConfigurationReplicationConfigurationRuleRepositoryFilterArgs.builder()
                                        .filter(env.name() + "/").filterType("PREFIX_MATCH").build())
                                .build())
                        .build())
                .build(), CustomResourceOptions.builder().parent(parent).build());
    }

    /** In the DR region: settings for the repositories replication creates there. */
    public static RepositoryCreationTemplate creationTemplate(String name, EnvironmentConfig env, Resource parent) {
        var cfg = env.registry();
        return new RepositoryCreationTemplate(name + "-replica-template", RepositoryCreationTemplateArgs.builder()
                .prefix(env.name() + "/")
                .description("Repositories replicated from the " + env.name() + " registry")
                .appliedFors("REPLICATION")
                .imageTagMutability(cfg.immutableTags() ? "IMMUTABLE" : "MUTABLE")
                .encryptionConfigurations(RepositoryCreationTemplateEncryptionConfigurationArgs.builder()
                        .encryptionType("KMS").build())
                .lifecyclePolicy(Registry.lifecyclePolicy(cfg.untaggedExpiryDays(), cfg.keepReleases()))
                .resourceTags(Tags.of(env, name + "-replica"))
                .build(), CustomResourceOptions.builder().parent(parent).build());
    }
}
