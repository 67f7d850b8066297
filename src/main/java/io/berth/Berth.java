package io.berth;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.berth.model.Catalog;
import io.berth.load.CatalogLoader;
import io.berth.cluster.Cluster;
import io.berth.model.EnvironmentConfig;
import io.berth.load.EnvironmentLoader;
import io.berth.load.RawConfig;
import io.berth.model.ServiceSpec;
import io.berth.support.Providers;
import io.berth.dr.Replica;
import io.berth.registry.Replication;
import io.berth.ingress.LoadBalancer;
import io.berth.network.Network;
import io.berth.registry.Registry;
import io.berth.service.Service;
import io.berth.service.ServiceContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The berth program: load and validate every setting and the whole service catalog first, then
 * build the environment's components in dependency order. The same function runs under
 * {@code pulumi up}, in the tests and for the offline plan.
 */
public final class Berth {
    /** The service catalog, relative to the project directory (where Pulumi.yaml is). */
    public static final String CATALOG_DIR = "services";

    private Berth() {
    }

    /** Settings and catalog of one environment, validated: the input of {@link #build}. */
    public record Inputs(EnvironmentConfig env, Catalog catalog) {
    }

    /** Loads everything a stack needs; throws ConfigException before anything is registered. */
    public static Inputs load(Path projectDir, String stack, RawConfig raw) {
        var env = EnvironmentLoader.load(stack, raw);
        var catalog = CatalogLoader.load(projectDir.resolve(CATALOG_DIR), env, knownStacks(projectDir, stack));
        return new Inputs(env, catalog);
    }

    public static Consumer<Context> program(RawConfig raw) {
        return program(Path.of(""), raw);
    }

    public static Consumer<Context> program(Path projectDir, RawConfig raw) {
        return ctx -> build(ctx, load(projectDir, ctx.stackName(), raw));
    }

    static void build(Context ctx, Inputs inputs) {
        var env = inputs.env();
        var catalog = inputs.catalog();
        var primary = Providers.forRegion("primary", env, env.region());
        var inPrimary = ComponentResourceOptions.builder().providers(primary).build();

        var primaryEnv = buildEnvironment(env.name(), env, catalog, primary, inPrimary, RegistryMode.OWN_REPOSITORIES);
        io.berth.ingress.LoadBalancer drLoadBalancer = null;
        Optional<io.berth.delivery.Delivery.DrReplica> drTarget = Optional.empty();
        // replication starts only once the DR region knows how to create the repositories it brings
        var replicationAfter = new java.util.ArrayList<com.pulumi.resources.Resource>();
        if (env.dr().isPresent()) {
            var dr = env.dr().get();
            var drProvider = Providers.forRegion("dr", env, dr.region());
            var replica = new Replica(env.name() + "-dr", ComponentResourceOptions.builder().providers(drProvider).build());
            var inDr = ComponentResourceOptions.builder().parent(replica).providers(drProvider).build();
            var drGroups = new java.util.TreeMap<String, io.berth.model.HostGroupConfig>();
            env.hostGroups().forEach((k, g) -> drGroups.put(k, new io.berth.model.HostGroupConfig(g.name(), g.instanceTypes(),
                    g.architecture(), dr.replicaMinimum(g.minSize()), g.maxSize(), Math.min(g.onDemandBase(), dr.replicaMinimum(g.onDemandBase())),
                    g.onDemandPercentage(), g.privileged(), g.rootVolumeGiB(), g.targetCapacityPercent(), g.managedDraining())));
            var drEnv = env.inRegion(dr.region(), dr.vpcCidr(), dr.certificateArn()).withHostGroups(drGroups);
            replicationAfter.add(Replication.creationTemplate(env.name() + "-dr", env, dr.region(), replica));
            var drCatalog = new Catalog(catalog.services().stream().map(s -> s.withScaling(new ServiceSpec.Scaling(
                    dr.replicaMinimum(s.scaling().min()), s.scaling().max(), s.scaling().cpuTarget(), s.scaling().memoryTarget(),
                    s.scaling().requestsPerTarget(), dr.active() ? s.scaling().schedules() : List.of()))).toList());
            var drBuilt = buildEnvironment(env.name() + "-dr", drEnv, drCatalog, drProvider, inDr, RegistryMode.REPLICA);
            ctx.export("drRegion", Output.of(dr.region()));
            ctx.export("drLoadBalancerDnsName", drBuilt.loadBalancer().dnsName);
            drLoadBalancer = drBuilt.loadBalancer();
            // each pipeline rolls its releases out to the replica's copy of the service too (DeployDR)
            drTarget = Optional.of(new io.berth.delivery.Delivery.DrReplica(dr.region(), drBuilt.services(), drBuilt.cluster().clusterName));
        }
        if (env.registry().replicationOwner() && (env.dr().isPresent() || !env.registry().replicateTo().isEmpty())) {
            Replication.configuration(env.name(), env, env.dr().map(d -> d.region()), primaryEnv.registry(), replicationAfter);
        }
        if (!env.registry().acceptReplicationFrom().isEmpty()) {
            Replication.acceptFrom(env.name(), env, primaryEnv.registry());
        }
        if (env.dns().isPresent()) {
            new io.berth.dr.Failover(env.name(), env, env.dns().get(), primaryEnv.loadBalancer(),
                    Optional.ofNullable(drLoadBalancer), inPrimary);
            ctx.export("url", Output.of((env.ingress().https() ? "https://" : "http://") + env.dns().get().domain()));
        }
        var network = primaryEnv.network();
        var cluster = primaryEnv.cluster();
        var lb = primaryEnv.loadBalancer();
        if (catalog.services().stream().anyMatch(s -> s.delivery().isPresent())) {
            var delivery = new io.berth.delivery.Delivery(env.name(), env, new io.berth.delivery.Delivery.Environment(
                    primaryEnv.services(), cluster.clusterName, cluster.clusterArn, lb, primaryEnv.registry(), network.vpcCidr, drTarget),
                    inPrimary);
            ctx.export("artifactBucket", delivery.artifactBucket);
            ctx.export("deliveryTopicArn", delivery.topicArn);
            ctx.export("pipelines", Output.of(List.copyOf(delivery.pipelines.keySet())));
            ctx.export("pendingConnections", Output.all(List.copyOf(delivery.createdConnections.values())));
        }
        ctx.export("region", Output.of(env.region()));
        ctx.export("vpcId", network.vpcId);
        ctx.export("availabilityZones", network.availabilityZones);
        ctx.export("clusterName", cluster.clusterName);
        ctx.export("serviceDiscoveryNamespace", Output.of(cluster.namespaceName));
        ctx.export("loadBalancerDnsName", lb.dnsName);
        ctx.export("spotInterruptionTopicArn", cluster.interruptionTopicArn);
        ctx.export("services", Output.of(catalog.services().stream().map(s -> s.name()).toList()));
    }

    private enum RegistryMode { OWN_REPOSITORIES, REPLICA }

    private record Built(Network network, Cluster cluster, LoadBalancer loadBalancer, Registry registry,
                         java.util.Map<String, Service> services) {
    }

    /** Network, cluster, load balancer, registry and services of one region: the primary or the DR replica. */
    private static Built buildEnvironment(String name, EnvironmentConfig env, Catalog catalog,
                                          com.pulumi.aws.Provider provider, ComponentResourceOptions options, RegistryMode mode) {
        var network = new Network(name, env, provider, options);
        var cluster = new Cluster(name, env, network.vpcId, network.privateSubnetIds, provider, options);
        var lb = new LoadBalancer(name, env, network.vpcId, network.publicSubnetIds, options);
        var repositoryNames = catalog.services().stream().flatMap(s -> s.image().repository().stream())
                .collect(Collectors.toCollection(TreeSet::new));
        var registry = new Registry(name, env, mode == RegistryMode.OWN_REPOSITORIES ? repositoryNames : new TreeSet<>(), options);

        var services = new LinkedHashMap<String, Service>();
        for (var spec : catalog.services()) {
            var image = spec.image().repository().map(repo -> mode == RegistryMode.OWN_REPOSITORIES
                    ? new ServiceContext.ImageRepository(registry.repositories.get(repo).repositoryUrl(), registry.repositories.get(repo).arn())
                    // the replica pulls from the registry replica in its own region
                    : new ServiceContext.ImageRepository(
                            Output.of(env.account() + ".dkr.ecr." + env.region() + ".amazonaws.com/" + env.name() + "/" + repo),
                            Output.of("arn:aws:ecr:" + env.region() + ":" + env.account() + ":repository/" + env.name() + "/" + repo)));
            // a pipeline is built for the primary region's services; it also rolls each release out to the
            // DR replica's copy (its DeployDR stage), which is pipeline-owned without a pipeline of its own.
            // The replica has no CodeDeploy: its copy of a blue/green service is a plain ECS-controller service.
            var delivery = mode == RegistryMode.OWN_REPOSITORIES ? spec.delivery() : Optional.<io.berth.model.DeliverySpec>empty();
            var context = new ServiceContext(env, network.vpcId, network.privateSubnetIds, cluster.clusterArn,
                    cluster.clusterName, cluster.namespaceId, Optional.of(lb), image, delivery, spec.delivery().isPresent());
            services.put(spec.name(), new Service(name + "-" + spec.name(), context, spec, options));
        }
        // Declared calls become security group rules on both sides, and nothing else is open.
        for (var caller : services.values()) {
            for (var calleeName : caller.spec.calls()) {
                var callee = services.get(calleeName);
                callee.allowFrom(caller.spec.name(), caller.securityGroupId);
                caller.allowTo(callee);
            }
        }
        return new Built(network, cluster, lb, registry, services);
    }

    /** Stack names that have a stack file: per-environment overrides for any other name are typos. */
    static Set<String> knownStacks(Path projectDir, String current) {
        var names = new TreeSet<String>();
        names.add(current);
        try (Stream<Path> files = Files.list(projectDir.toAbsolutePath())) {
            files.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith("Pulumi.") && f.endsWith(".yaml") && !f.equals("Pulumi.yaml"))
                    .forEach(f -> names.add(f.substring("Pulumi.".length(), f.length() - ".yaml".length())));
        } catch (IOException e) {
            // no listing: only the current stack is known
        }
        return names;
    }
}
