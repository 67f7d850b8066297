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
import com.pulumi.aws.Provider;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.berth.model.EnvironmentConfig;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.core.Output;
import io.berth.support.FormerNames;
import io.berth.support.Json;
import io.berth.support.PolicyDocument;
import io.berth.support.Tags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cross-region image replication for the DR replica.
 *
 * <p>The registry's replication configuration is one per account and region
 * ({@code PutReplicationConfiguration} replaces it whole, AWS rule 25): only the stack whose
 * {@code berth:registry.replicationOwner} is on creates it, with a {@code PREFIX_MATCH} filter on
 * the environment's prefix. Only images pushed after it exists are replicated (AWS rule 26).
 * Repositories that replication creates in the DR region take scanning, tag immutability,
 * encryption and lifecycle from a repository creation template for the same prefix.
 *
 * <p>Children, each only where it applies: {@code <name>-template}, {@code <name>-template-role} and
 * {@code <name>-template-policy} in the DR region (through the DR provider), {@code <name>-configuration}
 * and {@code <name>-registry-policy} in the primary region. They were children of the primary
 * {@code berth:registry:Registry} ({@code <env>-replication}, {@code <env>-registry-policy}) and of the
 * {@code berth:dr:Replica} ({@code <env>-dr-replica-template}, {@code -role}, {@code -policy}) before this
 * component existed; each carries an alias to that URN, so a live stack keeps them.
 */
public final class Replication extends ComponentResource {
    static final String FORMER_REGISTRY = "berth:registry:Registry";
    static final String FORMER_REPLICA = "berth:dr:Replica";

    /**
     * What to build.
     *
     * @param env                  the environment whose registry replicates (or accepts replicas)
     * @param replica              the DR region and its provider, if the environment has a replica: the
     *                             repository creation template there
     */
    public record Args(EnvironmentConfig env, Optional<DrRegion> replica) {
        /** Whether there is anything to build: a template, a configuration with rules, or a registry policy. */
        public boolean anything() {
            return replica.isPresent() || configured() || !env.registry().acceptReplicationFrom().isEmpty();
        }

        /** This stack owns the registry's replication configuration (one per account and region) and it has rules. */
        boolean configured() {
            return env.registry().replicationOwner() && (env.dr().isPresent() || !env.registry().replicateTo().isEmpty());
        }
    }

    /** The DR region and the provider that builds in it. */
    public record DrRegion(String region, Provider provider) {
    }

    /**
     * @param name the component's name, {@code <env>-replication} in the program
     */
    public Replication(String name, Args args, ComponentResourceOptions options) {
        super("berth:registry:Replication", name, options);
        var env = args.env();
        var after = new ArrayList<Resource>();
        // replication starts only once the DR region knows how to create the repositories it brings
        args.replica().ifPresent(dr -> after.add(creationTemplate(name, env, dr)));
        if (args.configured()) {
            configuration(name, env, env.dr().map(d -> d.region()), after);
        }
        if (!env.registry().acceptReplicationFrom().isEmpty()) {
            acceptFrom(name, env);
        }
        registerOutputs(Map.of());
    }

    /** A child in the primary region that was {@code oldName} under the environment's Registry component. */
    private CustomResourceOptions.Builder formerlyInRegistry(EnvironmentConfig env, String oldName) {
        return CustomResourceOptions.builder().parent(this).aliases(FormerNames.under(FORMER_REGISTRY, env.name(), oldName));
    }

    /** A child in the DR region that was {@code oldName} under the environment's Replica component. */
    private CustomResourceOptions.Builder formerlyInReplica(EnvironmentConfig env, DrRegion dr, String oldName) {
        return CustomResourceOptions.builder().parent(this).provider(dr.provider())
                .aliases(FormerNames.under(FORMER_REPLICA, env.name() + "-dr", oldName));
    }

    /**
     * The first rule replicates to the DR region of this account, if any; then one rule per {@code replicateTo} entry.
     */
    private ReplicationConfiguration configuration(String name, EnvironmentConfig env, Optional<String> drRegion, List<Resource> after) {
        var rules = new ArrayList<ReplicationConfigurationReplicationConfigurationRuleArgs>();
        drRegion.ifPresent(region -> rules.add(rule(env, List.of(destination(region, env.account())))));
        for (var target : env.registry().replicateTo()) {
            rules.add(rule(env, target.regions().stream().map(r -> destination(r, target.account())).toList()));
        }
        return new ReplicationConfiguration(name + "-configuration", ReplicationConfigurationArgs.builder()
                .replicationConfiguration(ReplicationConfigurationReplicationConfigurationArgs.builder().rules(rules).build())
                .build(), formerlyInRegistry(env, env.name() + "-replication").dependsOn(after).build());
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
    private RegistryPolicy acceptFrom(String name, EnvironmentConfig env) {
        var statement = new LinkedHashMap<String, Object>();
        statement.put("Sid", "AcceptReplicationFromEnvironments");
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("AWS", env.registry().acceptReplicationFrom().stream().sorted()
                .map(a -> "arn:aws:iam::" + a + ":root").toList()));
        statement.put("Action", List.of("ecr:CreateRepository", "ecr:ReplicateImage"));
        statement.put("Resource", "arn:aws:ecr:" + env.region() + ":" + env.account() + ":repository/*");
        return new RegistryPolicy(name + "-registry-policy", RegistryPolicyArgs.builder()
                .policy(Json.write(Map.of("Version", "2012-10-17", "Statement", List.of(statement))))
                .build(), formerlyInRegistry(env, env.name() + "-registry-policy").build());
    }

    /**
     * In the DR region: settings for the repositories replication creates there. A template that
     * sets tags or KMS encryption needs a role ECR assumes to create them (customRoleArn).
     */
    private RepositoryCreationTemplate creationTemplate(String name, EnvironmentConfig env, DrRegion dr) {
        var cfg = env.registry();
        var drRegion = dr.region();
        var former = env.name() + "-dr-replica-template";
        var role = new Role(name + "-template-role", RoleArgs.builder()
                .description("Lets ECR create the repositories replication brings into " + drRegion)
                // AWS's documented trust policy for this role, exactly: ecr.amazonaws.com, no condition. AWS does
                // not document that ECR sends aws:SourceAccount when it assumes the role, and a condition on a
                // key it does not send would deny the assumption (replication could never create a repository).
                // https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates-create-iam.html
                .assumeRolePolicy(PolicyDocument.trust("ecr.amazonaws.com"))
                .tags(Tags.of(env.tags(), name + "-template-role", Map.of("berth:role", "ecr-replication")))
                .build(), formerlyInReplica(env, dr, former + "-role").build());
        var policy = new RolePolicy(name + "-template-policy", RolePolicyArgs.builder()
                .role(role.id())
                .policy(PolicyDocument.create()
                        .allow("CreateReplicatedRepositories", List.of("ecr:CreateRepository", "ecr:ReplicateImage", "ecr:TagResource"),
                                List.of(Output.of("arn:aws:ecr:" + drRegion + ":" + env.account() + ":repository/" + env.name() + "/*")))
                        // ECR's own documented policy: the repositories use the AWS-managed ECR key,
                        // whose ARN is not known before ECR creates it.
                        .allow("UseRegistryKey", List.of("kms:CreateGrant", "kms:RetireGrant", "kms:DescribeKey"), List.of(Output.of("*")))
                        .toJson())
                .build(), formerlyInReplica(env, dr, former + "-policy").build());
        return new RepositoryCreationTemplate(name + "-template", RepositoryCreationTemplateArgs.builder()
                .prefix(env.name() + "/")
                .description("Repositories replicated from the " + env.name() + " registry")
                .appliedFors("REPLICATION")
                .imageTagMutability(cfg.immutableTags() ? "IMMUTABLE" : "MUTABLE")
                .encryptionConfigurations(RepositoryCreationTemplateEncryptionConfigurationArgs.builder()
                        .encryptionType("KMS").build())
                .lifecyclePolicy(Registry.lifecyclePolicy(cfg.untaggedExpiryDays(), cfg.keepReleases()))
                // the Name tag of the repositories the template creates: the replica's, as before
                .resourceTags(Tags.of(env.tags(), env.name() + "-dr-replica"))
                .customRoleArn(role.arn())
                .build(), formerlyInReplica(env, dr, former).dependsOn(policy).build());
    }
}
