package io.berth.cluster;

import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.ecs.ClusterArgs;
import com.pulumi.aws.ecs.ClusterCapacityProviders;
import com.pulumi.aws.ecs.ClusterCapacityProvidersArgs;
import com.pulumi.aws.ecs.inputs.ClusterCapacityProvidersDefaultCapacityProviderStrategyArgs;
import com.pulumi.aws.ecs.inputs.ClusterConfigurationArgs;
import com.pulumi.aws.ecs.inputs.ClusterConfigurationExecuteCommandConfigurationArgs;
import com.pulumi.aws.ecs.inputs.ClusterConfigurationExecuteCommandConfigurationLogConfigurationArgs;
import com.pulumi.aws.ecs.inputs.ClusterSettingArgs;
import com.pulumi.aws.servicediscovery.PrivateDnsNamespace;
import com.pulumi.aws.servicediscovery.PrivateDnsNamespaceArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.berth.model.StrategyItem;
import io.berth.model.EnvironmentConfig;
import io.berth.support.Stateful;
import io.berth.support.Tags;

import java.util.List;
import java.util.Map;

/**
 * The environment's ECS cluster: Container Insights, ECS Exec session logging, Fargate and Fargate
 * Spot associated through the cluster's single {@code ClusterCapacityProviders} resource with the
 * environment's default strategy, and the Cloud Map namespace services register in.
 */
public final class Cluster extends ComponentResource {
    /** The private DNS domain services are discovered under: {@code <service>.<env>.berth.internal}. */
    public static String discoveryDomain(EnvironmentConfig env) {
        return env.name() + ".berth.internal";
    }

    public final Output<String> clusterName;
    public final Output<String> clusterArn;
    public final Output<String> namespaceId;
    public final Output<String> namespaceArn;
    public final String namespaceName;

    public final java.util.Map<String, HostGroup> hostGroups = new java.util.TreeMap<>();
    public final Output<String> interruptionTopicArn;

    public Cluster(String name, EnvironmentConfig env, Output<String> vpcId, List<Output<String>> privateSubnetIds,
                   ComponentResourceOptions options) {
        super("berth:cluster:Cluster", name, options);
        var child = CustomResourceOptions.builder().parent(this).build();
        var cfg = env.cluster();

        var clusterArgs = ClusterArgs.builder()
                .settings(ClusterSettingArgs.builder().name("containerInsights").value(cfg.containerInsights()).build())
                .tags(Tags.of(env.tags(), name + "-cluster"));
        if (cfg.execLogging()) {
            // Every ECS Exec session is recorded: who ran what inside a container is an audit question.
            var execLogs = new LogGroup(name + "-exec-logs", LogGroupArgs.builder()
                    .name("/berth/" + env.name() + "/ecs-exec")
                    .retentionInDays(env.logRetentionDays())
                    .tags(Tags.of(env.tags(), name + "-exec-logs"))
                    .build(), Stateful.options(env.protectStatefulResources(), this));
            clusterArgs.configuration(ClusterConfigurationArgs.builder()
                    .executeCommandConfiguration(ClusterConfigurationExecuteCommandConfigurationArgs.builder()
                            .logging("OVERRIDE")
                            .logConfiguration(ClusterConfigurationExecuteCommandConfigurationLogConfigurationArgs.builder()
                                    .cloudWatchLogGroupName(execLogs.name())
                                    .build())
                            .build())
                    .build());
        }
        var cluster = new com.pulumi.aws.ecs.Cluster(name + "-cluster", clusterArgs.build(), child);

        for (var group : env.hostGroups().values()) {
            hostGroups.put(group.name(), new HostGroup(name + "-" + group.name(), env, group, cluster.name(), vpcId,
                    privateSubnetIds, ComponentResourceOptions.builder().parent(this).build()));
        }
        var providers = new java.util.ArrayList<Output<String>>(List.of(Output.of(StrategyItem.FARGATE), Output.of(StrategyItem.FARGATE_SPOT)));
        hostGroups.values().forEach(g -> providers.add(g.capacityProviderId));

        // One association resource per cluster (AWS rule 5): every provider goes in here.
        var association = new ClusterCapacityProviders(name + "-capacity-providers", ClusterCapacityProvidersArgs.builder()
                .clusterName(cluster.name())
                .capacityProviders(Output.all(providers))
                .defaultCapacityProviderStrategies(cfg.defaultCapacity().items().stream()
                        .map(i -> ClusterCapacityProvidersDefaultCapacityProviderStrategyArgs.builder()
                                .capacityProvider(i.capacityProvider()).base(i.base()).weight(i.weight()).build())
                        .toList())
                .build(), child);

        // Services reach the cluster through these outputs, which carry the association as a
        // dependency: a strategy may only name providers already associated with the cluster.
        this.clusterName = Output.tuple(cluster.name(), association.id()).applyValue(t -> t.t1);
        this.clusterArn = Output.tuple(cluster.arn(), association.id()).applyValue(t -> t.t1);

        this.namespaceName = discoveryDomain(env);
        var namespace = new PrivateDnsNamespace(name + "-namespace", PrivateDnsNamespaceArgs.builder()
                .name(namespaceName)
                .vpc(vpcId)
                .description("Service discovery for the " + env.name() + " environment")
                .tags(Tags.of(env.tags(), name + "-namespace"))
                .build(), child);
        this.namespaceId = namespace.id();
        this.namespaceArn = namespace.arn();
        this.interruptionTopicArn = SpotInterruptions.create(name, env, this);
        registerOutputs(Map.of("clusterName", clusterName, "namespaceId", namespaceId));
    }
}
