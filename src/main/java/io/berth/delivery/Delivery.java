package io.berth.delivery;

import io.berth.model.DeliveryConfig;
import io.berth.model.DeliveryNames;
import io.berth.model.DeliverySpec;
import com.pulumi.aws.codestarconnections.Connection;
import com.pulumi.aws.codestarconnections.ConnectionArgs;
import com.pulumi.aws.kms.Alias;
import com.pulumi.aws.kms.AliasArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.aws.s3.BucketV2;
import com.pulumi.aws.sns.Topic;
import com.pulumi.aws.sns.TopicArgs;
import com.pulumi.aws.sns.TopicPolicy;
import com.pulumi.aws.sns.TopicPolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.berth.model.EnvironmentConfig;
import io.berth.support.Json;
import io.berth.support.PolicyDocument;
import io.berth.storage.PrivateBucket;
import io.berth.support.Stateful;
import io.berth.support.Tags;
import io.berth.ingress.LoadBalancer;
import io.berth.registry.Registry;
import io.berth.service.Service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The environment's delivery ({@code berth:delivery:Delivery}): what every pipeline shares (an
 * artifact bucket encrypted with a berth KMS key, an SNS topic for approvals and notifications, one
 * CodeStar connection per provider the catalog uses) and one {@link Pipeline} per service that asks
 * for one. The bucket and the key hold the pipelines' state: protected and retained in production.
 *
 * <p>A connection berth creates starts PENDING: a person confirms it once in the console (Developer
 * Tools &gt; Settings &gt; Connections), and pipelines from that provider fail at their source stage
 * until then.
 */
public final class Delivery extends ComponentResource {
    public final Map<String, Pipeline> pipelines = new TreeMap<>();
    public final Output<String> artifactBucket;
    public final Output<String> topicArn;
    /** Connections berth created (PENDING until confirmed), by provider. */
    public final Map<String, Output<String>> createdConnections = new TreeMap<>();

    /**
     * What the pipelines deploy to: the environment's services, cluster, load balancer and registry,
     * and the DR replica when the environment has one.
     */
    public record Environment(Map<String, Service> services, Output<String> clusterName, Output<String> clusterArn,
                              LoadBalancer loadBalancer, Registry registry, List<Output<String>> natPublicIps, Optional<DrReplica> dr) {
        /** An environment without a DR replica. */
        public Environment(Map<String, Service> services, Output<String> clusterName, Output<String> clusterArn,
                           LoadBalancer loadBalancer, Registry registry, List<Output<String>> natPublicIps) {
            this(services, clusterName, clusterArn, loadBalancer, registry, natPublicIps, Optional.empty());
        }
    }

    /** The DR replica's copies of the services (by catalog name) and its cluster, in {@code region}. */
    public record DrReplica(String region, Map<String, Service> services, Output<String> clusterName) {
    }

    public Delivery(String name, EnvironmentConfig env, Environment target, ComponentResourceOptions options) {
        super("berth:delivery:Delivery", name, options);
        var child = CustomResourceOptions.builder().parent(this).build();
        var cfg = env.delivery();

        var key = new Key(name + "-delivery-key", KeyArgs.builder()
                .description("Encrypts the " + env.name() + " pipeline artifacts and build outputs")
                .enableKeyRotation(true)
                .deletionWindowInDays(30)
                .tags(Tags.of(env.tags(), name + "-delivery-key"))
                .build(), Stateful.options(env.protectStatefulResources(), this));
        new Alias(name + "-delivery-key-alias", AliasArgs.builder()
                .name("alias/berth/" + env.name() + "/delivery").targetKeyId(key.keyId()).build(), child);

        var bucket = artifactBucket(name, env, key.arn(), cfg.artifactRetentionDays());
        this.artifactBucket = bucket.bucket();

        // Approvals and pipeline notifications. Not KMS-encrypted: CodeStar Notifications cannot
        // publish to a topic under an AWS managed key, and the messages carry no secrets.
        var topic = new Topic(name + "-delivery", TopicArgs.builder()
                .displayName("Releases in " + env.name())
                .tags(Tags.of(env.tags(), name + "-delivery"))
                .build(), child);
        this.topicArn = topic.arn();
        var topicPolicy = new TopicPolicy(name + "-delivery-policy", TopicPolicyArgs.builder()
                .arn(topic.arn())
                .policy(topic.arn().applyValue(arn -> PolicyDocument.topicPublishFromAccount("CodeStarNotificationsPublish",
                        DeliveryNames.NOTIFICATIONS_PRINCIPAL, arn, env.account())))
                .build(), child);

        // One connection per provider the catalog uses, unless the environment names an existing one.
        var connections = new TreeMap<String, Output<String>>();
        var used = new TreeSet<String>();
        target.services().values().forEach(s -> s.spec.delivery().map(DeliverySpec::source).filter(src -> src.type().codestar())
                .ifPresent(src -> used.add(src.type().configName)));
        for (var provider : used) {
            var configured = Optional.ofNullable(cfg.connections().get(provider));
            var existing = configured.flatMap(DeliveryConfig.Connection::arn);
            if (existing.isPresent()) {
                connections.put(provider, Output.of(existing.get()));
                continue;
            }
            var args = ConnectionArgs.builder()
                    .name("berth-" + env.name() + "-" + provider)
                    .tags(Tags.of(env.tags(), name + "-" + provider + "-connection"));
            configured.flatMap(DeliveryConfig.Connection::hostArn).ifPresentOrElse(args::hostArn,
                    () -> args.providerType(DeliveryConfig.PROVIDERS.get(provider)));
            var connection = new Connection(name + "-" + provider + "-connection", args.build(), child);
            connections.put(provider, connection.arn());
            createdConnections.put(provider, connection.arn());
        }

        var registry = target.registry();
        for (var service : target.services().values()) {
            var spec = service.spec;
            if (spec.delivery().isEmpty()) {
                continue;
            }
            var d = spec.delivery().get();
            var repo = registry.repositories.get(spec.image().repository().orElseThrow());
            var shared = new Pipeline.Shared(bucket.bucket(), bucket.arn(), key.arn(), topic.arn(),
                    Optional.ofNullable(connections.get(d.source().type().configName)), topicPolicy);
            var where = new Pipeline.Target(service, target.clusterName(), target.clusterArn(),
                    Optional.ofNullable(target.loadBalancer()), repo.repositoryUrl(), repo.arn(), target.natPublicIps(),
                    target.dr().flatMap(dr -> Optional.ofNullable(dr.services().get(spec.name()))
                            .map(copy -> new Pipeline.DrCopy(dr.region(), copy, dr.clusterName()))));
            pipelines.put(spec.name(), new Pipeline(name + "-" + spec.name() + "-delivery", env, spec, d, shared, where,
                    ComponentResourceOptions.builder().parent(this).build()));
        }
        registerOutputs(Map.of("artifactBucket", artifactBucket, "topicArn", topicArn));
    }

    private BucketV2 artifactBucket(String name, EnvironmentConfig env, Output<String> keyArn, int retentionDays) {
        return PrivateBucket.create(this, env, name + "-artifacts", "berth-" + env.name() + "-artifacts-" + env.account() + "-" + env.region(),
                Optional.of(keyArn), true, "expire-old-artifacts", retentionDays, arn -> List.of()).bucket();
    }
}
