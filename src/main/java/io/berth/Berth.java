package io.berth;

import com.pulumi.Context;
import com.pulumi.aws.Provider;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.berth.cluster.Cluster;
import io.berth.delivery.Delivery;
import io.berth.dns.Dns;
import io.berth.dr.Replica;
import io.berth.ingress.LoadBalancer;
import io.berth.load.RawConfig;
import io.berth.load.StackLoader;
import io.berth.model.Catalog;
import io.berth.model.DeliverySpec;
import io.berth.model.EnvironmentConfig;
import io.berth.model.ServiceSpec;
import io.berth.monitoring.Dashboard;
import io.berth.monitoring.EnvironmentAlarms;
import io.berth.monitoring.Notifications;
import io.berth.monitoring.ServiceAlarms;
import io.berth.model.StackSettings;
import io.berth.network.Network;
import io.berth.registry.Registry;
import io.berth.registry.ReleasedImages;
import io.berth.registry.Replication;
import io.berth.service.Service;
import io.berth.service.ServiceContext;
import io.berth.support.Providers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The berth program: load and validate every setting and the whole service catalog first (the load
 * layer, which also derives the DR replica's settings), then build the environment's components in
 * dependency order. The same function runs under {@code pulumi up}, in the tests and for the
 * offline plan.
 */
public final class Berth {
    private Berth() {
    }

    public static Consumer<Context> program(RawConfig raw) {
        return program(Path.of(""), raw);
    }

    public static Consumer<Context> program(Path projectDir, RawConfig raw) {
        return ctx -> build(ctx, StackLoader.load(projectDir, ctx.stackName(), raw));
    }

    /** Builds one stack from finished settings: primary region, DR replica, replication, DNS, delivery, exports. */
    public static void build(Context ctx, StackSettings settings) {
        var env = settings.env();
        // With the replica active the primary region may be down: its provider checks the account through the
        // DR region's STS endpoint, so it can start at all (docs/disaster-recovery.md).
        var activeDrRegion = env.dr().filter(d -> d.active()).map(d -> d.region());
        var primaryProvider = Providers.forRegion("primary", env.account(), env.region(), activeDrRegion);
        var inPrimary = ComponentResourceOptions.builder().providers(primaryProvider).build();
        // With the replica active the primary region may be down: berth makes no call to it (docs/disaster-recovery.md)
        // and does not ask its registry; the primary's services keep their images (they ran before the switch).
        var primaryRegistry = activeDrRegion.isPresent() ? Optional.<Provider>empty() : Optional.of(primaryProvider);
        var primary = buildRegion(env.name(), settings.env(), settings.catalog(), primaryRegistry, inPrimary, RegistryMode.OWN_REPOSITORIES);

        Optional<Built> replica = Optional.empty();
        Optional<Replication.DrRegion> drRegion = Optional.empty();
        if (settings.replica().isPresent()) {
            var dr = settings.replica().get();
            var drProvider = Providers.forRegion("dr", env.account(), dr.env().region());
            var component = new Replica(env.name() + "-dr", ComponentResourceOptions.builder().providers(drProvider).build());
            var inDr = ComponentResourceOptions.builder().parent(component).providers(drProvider).build();
            drRegion = Optional.of(new Replication.DrRegion(dr.env().region(), drProvider));
            replica = Optional.of(buildRegion(env.name() + "-dr", dr.env(), dr.catalog(), Optional.of(drProvider), inDr, RegistryMode.REPLICA));
            // the buckets services own replicate to their copies in the DR region (S3 cross-region replication)
            for (var service : primary.services().values()) {
                var copy = replica.get().services().get(service.spec.name());
                if (copy != null) {
                    service.replicateBucketsTo(copy);
                }
            }
            ctx.export("drRegion", Output.of(dr.env().region()));
            ctx.export("drLoadBalancerDnsName", replica.get().loadBalancer().dnsName);
            ctx.export("drAwaitingFirstRelease", Output.of(replica.get().awaitingFirstRelease()));
        }
        var replication = new Replication.Args(env, drRegion);
        if (replication.anything()) {
            new Replication(env.name() + "-replication", replication, inPrimary);
        }
        if (env.dns().isPresent()) {
            // while any service waits for its first release the primary looks unhealthy to nobody: no
            // failover to a replica that could not pull the image either
            new Dns(env.name() + "-dns", env, env.dns().get(), primary.loadBalancer(),
                    replica.map(Built::loadBalancer), env.dr().map(d -> d.drill()).orElse(false),
                    !primary.awaitingFirstRelease().isEmpty(), inPrimary);
            ctx.export("url", Output.of((env.ingress().https() ? "https://" : "http://") + env.dns().get().domain()));
        }
        if (settings.catalog().services().stream().anyMatch(s -> s.delivery().isPresent())) {
            wireDelivery(ctx, env, primary, replica, inPrimary);
        }
        exportPrimary(ctx, env, settings.catalog(), primary);
    }

    /** Pipelines for the primary's services; prod pipelines also roll each release out to the replica (DeployDR). */
    private static void wireDelivery(Context ctx, EnvironmentConfig env, Built primary, Optional<Built> replica,
                                     ComponentResourceOptions options) {
        var drTarget = replica.map(r -> new Delivery.DrReplica(r.env().region(), r.services(), r.cluster().clusterName));
        var delivery = new Delivery(env.name(), env, new Delivery.Environment(primary.services(), primary.cluster().clusterName,
                primary.cluster().clusterArn, primary.loadBalancer(), primary.registry(), primary.network().natPublicIps, drTarget),
                options);
        primary.notifications().subscribeEnvironmentTo("delivery", delivery.topicArn);
        ctx.export("artifactBucket", delivery.artifactBucket);
        ctx.export("deliveryTopicArn", delivery.topicArn);
        ctx.export("pipelines", Output.of(List.copyOf(delivery.pipelines.keySet())));
        ctx.export("pendingConnections", Output.all(List.copyOf(delivery.createdConnections.values())));
    }

    private static void exportPrimary(Context ctx, EnvironmentConfig env, Catalog catalog, Built primary) {
        ctx.export("region", Output.of(env.region()));
        ctx.export("vpcId", primary.network().vpcId);
        ctx.export("availabilityZones", primary.network().availabilityZones);
        ctx.export("clusterName", primary.cluster().clusterName);
        ctx.export("serviceDiscoveryNamespace", Output.of(primary.cluster().namespaceName));
        ctx.export("loadBalancerDnsName", primary.loadBalancer().dnsName);
        ctx.export("spotInterruptionTopicArn", primary.cluster().interruptionTopicArn);
        ctx.export("notificationTopicArn", primary.notifications().environmentTopicArn);
        ctx.export("services", Output.of(catalog.services().stream().map(s -> s.name()).toList()));
        ctx.export("awaitingFirstRelease", Output.of(primary.awaitingFirstRelease()));
        var jobRuns = new java.util.TreeMap<String, String>();
        var queues = new java.util.TreeMap<String, String>();
        primary.services().values().forEach(s -> {
            s.oneOffRun.ifPresent(command -> jobRuns.put(s.spec.name(), command));
            s.queueUrl.ifPresent(url -> queues.put(s.spec.name(), url));
            // declared queues under the name their placeholder uses: {queue:<service>/<name>}
            s.declaredQueueUrls.forEach((queue, url) -> queues.put(s.spec.name() + "/" + queue, url));
        });
        if (!jobRuns.isEmpty()) {
            ctx.export("jobRuns", Output.of(jobRuns)); // a one-off run of each job: the exact aws command
        }
        if (!queues.isEmpty()) {
            ctx.export("queues", Output.of(queues));
        }
    }

    private enum RegistryMode { OWN_REPOSITORIES, REPLICA }

    /** Topics, service and environment alarms, events and the dashboard of one region. */
    private static Notifications observe(String name, EnvironmentConfig env, Catalog catalog, Network network, Cluster cluster,
                                         LoadBalancer lb, Map<String, Service> services, ComponentResourceOptions options) {
        var owners = catalog.services().stream().map(ServiceSpec::owner).collect(Collectors.toCollection(TreeSet::new));
        var notifications = new Notifications(name + "-notifications", new Notifications.Args(env.name(), env.account(),
                env.tags(), env.notifications(), owners, env.protectStatefulResources()), options);
        notifications.subscribeEnvironmentTo("spot-interruptions", cluster.interruptionTopicArn);
        var insights = !env.cluster().containerInsights().equals("disabled");
        var rows = new ArrayList<Dashboard.Row>();
        for (var service : services.values()) {
            var spec = service.spec;
            if (spec.isJob()) {
                continue; // no ECS service to measure: a failed run shows in its state machine and dead-letter queue
            }
            var target = Optional.ofNullable(service.targetGroup)
                    .map(tg -> new ServiceAlarms.TargetMetrics(lb.arnSuffix, tg.arnSuffix(),
                            Optional.ofNullable(service.greenTargetGroup).map(green -> green.arnSuffix())));
            if (spec.alarms().enabled()) {
                var alarms = new ServiceAlarms(name + "-" + spec.name() + "-alarms", new ServiceAlarms.Args(env.name(), env.tags(), spec,
                        cluster.clusterName, service.serviceName, insights, target,
                        notifications.serviceAlarmActions(spec.owner()), service.awaitingFirstRelease()), options);
                service.deploymentAlarmsCreated(alarms.deploymentAlarms);
            }
            rows.add(new Dashboard.Row(spec.name(), service.serviceName,
                    spec.hostGroup().map(g -> "host group " + g).orElse(spec.capacity().profile()),
                    Optional.ofNullable(service.targetGroup).map(tg -> tg.arnSuffix())));
        }
        new EnvironmentAlarms(name + "-alarms", new EnvironmentAlarms.Args(env.name(), env.region(), env.account(), env.tags(),
                cluster.clusterName, cluster.clusterArn, lb.arnSuffix, network.natGatewayIds,
                cluster.hostGroups.values().stream().map(g -> g.capacityProviderName).toList(),
                catalog.services().stream().anyMatch(s -> s.delivery().isPresent()),
                notifications.environmentTopicArn, notifications.environmentAlarmActions()), options);
        new Dashboard(name, new Dashboard.Args(env.name(), env.region(), cluster.clusterName, lb.arnSuffix, rows), options);
        return notifications;
    }

    /**
     * The alarms a release of this service watches: its load balancer's 5xx rate and unhealthy targets, when
     * it has them (public, alarms on) and rolls back on them ({@code deployment.rollbackOnAlarm}). Services
     * the load balancer does not route to rely on the circuit breaker: their alarms read the ECS service's
     * own metrics (which would make the service wait for alarms that wait for it), and CPU or memory mark
     * load, not a bad release.
     */
    private static List<String> deploymentAlarmNames(EnvironmentConfig env, ServiceSpec spec) {
        return spec.alarms().enabled() && spec.deployment().rollbackOnAlarm() && spec.expose().isPublic()
                ? ServiceAlarms.deploymentAlarmNames(env.name(), spec.name()) : List.of();
    }

    private record Built(EnvironmentConfig env, Network network, Cluster cluster, LoadBalancer loadBalancer,
                         Registry registry, Map<String, Service> services, Notifications notifications) {
        /** Services whose image is not in this region's registry yet, by name. */
        List<String> awaitingFirstRelease() {
            return services.values().stream().filter(Service::awaitingFirstRelease).map(s -> s.spec.name()).toList();
        }
    }

    /** Network, cluster, load balancer, registry and services of one region: the primary or the DR replica. */
    /**
     * @param registryProvider the region's provider, to ask its registry which images are released; empty: ask
     *                         nothing and take every image as released (the primary while the replica is active)
     */
    private static Built buildRegion(String name, EnvironmentConfig env, Catalog catalog, Optional<Provider> registryProvider,
                                     ComponentResourceOptions options, RegistryMode mode) {
        var network = new Network(name, env, options);
        var cluster = new Cluster(name, env, network.vpcId, network.privateSubnetIds, options);
        var lb = new LoadBalancer(name, env, network.vpcId, network.publicSubnetIds, options);
        var repositoryNames = catalog.services().stream().flatMap(s -> s.image().repository().stream())
                .collect(Collectors.toCollection(TreeSet::new));
        var registry = new Registry(name, env, mode == RegistryMode.OWN_REPOSITORIES ? repositoryNames : new TreeSet<>(), options);

        // Which images are in this region's registry already (a fresh account: none). A service whose
        // image is not there yet is created waiting for its first release instead of failing to pull it.
        var fullNames = repositoryNames.stream().map(repo -> env.name() + "/" + repo).toList();
        var released = registryProvider.map(provider -> ReleasedImages.holdingImages(provider, fullNames))
                .orElseGet(() -> new TreeSet<>(fullNames));

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
                    cluster.clusterName, cluster.namespaceId, Optional.of(lb), image, delivery, spec.delivery().isPresent(),
                    spec.image().repository().map(repo -> released.contains(env.name() + "/" + repo)).orElse(true));
            services.put(spec.name(), new Service(name + "-" + spec.name(), context, spec, deploymentAlarmNames(env, spec), options));
        }
        Notifications notifications;
        try {
            notifications = observe(name, env, catalog, network, cluster, lb, services, options);
        } finally {
            // a service waits for its deployment alarms: never forever (none created: none to wait for)
            services.values().forEach(s -> s.deploymentAlarmsCreated(List.of()));
        }
        // Declared calls become security group rules on both sides, and nothing else is open.
        for (var caller : services.values()) {
            for (var calleeName : caller.spec.calls()) {
                var callee = services.get(calleeName);
                callee.allowFrom(caller.spec.name(), caller.securityGroupId);
                caller.allowTo(callee);
            }
        }
        return new Built(env, network, cluster, lb, registry, services, notifications);
    }

}
