package io.berth.plan;

import io.berth.testing.Expected;
import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static io.berth.testing.Plans.CAPACITY_PROVIDERS;
import static io.berth.testing.Plans.CLUSTER;
import static io.berth.testing.Plans.LOG_GROUP;
import static io.berth.testing.Plans.NAMESPACE;
import static io.berth.testing.Plans.VPC;
import static io.berth.testing.Plans.cluster;
import static io.berth.testing.Plans.network;
import static io.berth.testing.Plans.only;
import static io.berth.testing.Plans.str;
import static org.assertj.core.api.Assertions.assertThat;

/** The ECS cluster, its capacity providers and the Cloud Map namespace of each shipped stack (its own, not a replica's). */
@Timeout(300) // the first test pays for the shared plan; the SDK's mock engine can hang (pulumi-java#2270)
class ShippedClusterTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void containerInsightsAsConfiguredPerStack(String stack) {
        var ecsCluster = only(cluster(ShippedStacks.plan(stack)), CLUSTER);

        assertThat(ecsCluster.<List<Map<String, Object>>>input("settings"))
                .containsExactly(Map.of("name", "containerInsights", "value", Expected.of(stack).containerInsights()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void ecsExecSessionsAreLoggedToTheEnvironmentsExecLogGroup(String stack) {
        var plan = cluster(ShippedStacks.plan(stack));
        var cluster = only(plan, CLUSTER);

        var execLogs = plan.named(stack + "-exec-logs");

        assertThat(execLogs.type()).isEqualTo(LOG_GROUP);
        assertThat(execLogs.inputs()).containsEntry("name", "/berth/" + stack + "/ecs-exec")
                .containsEntry("retentionInDays", Expected.of(stack).logRetentionDays());
        assertThat(cluster.<Map<String, Object>>input("configuration")).isEqualTo(Map.of("executeCommandConfiguration", Map.of(
                "logging", "OVERRIDE",
                "logConfiguration", Map.of("cloudWatchLogGroupName", "/berth/" + stack + "/ecs-exec"))));
        assertThat(cluster.dependencies()).contains(execLogs.urn());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void oneCapacityProviderAssociationWithFargateSpotAndEveryHostGroupAndTheStacksDefaultStrategy(String stack) {
        var plan = cluster(ShippedStacks.plan(stack));
        var cluster = only(plan, CLUSTER);

        var association = only(plan, CAPACITY_PROVIDERS);

        assertThat(str(association, "clusterName")).isEqualTo(cluster.id());
        assertThat(association.dependencies()).contains(cluster.urn());
        var providers = association.<List<String>>input("capacityProviders");
        assertThat(providers).startsWith("FARGATE", "FARGATE_SPOT");
        // aws-rules 5: every provider of the cluster (host groups' too) goes into this one association
        assertThat(providers.subList(2, providers.size())).containsExactlyInAnyOrderElementsOf(
                plan.ofType("aws:ecs/capacityProvider:CapacityProvider").stream().map(PlannedResource::id).toList());
        assertThat(association.<List<Map<String, Object>>>input("defaultCapacityProviderStrategies"))
                .containsExactlyElementsOf(Expected.of(stack).defaultStrategy());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev"})
    void devRunsEverythingOnSpot(String stack) {
        var strategy = only(cluster(ShippedStacks.plan(stack)), CAPACITY_PROVIDERS).<List<Map<String, Object>>>input("defaultCapacityProviderStrategies");

        assertThat(strategy).containsExactly(Map.of("capacityProvider", "FARGATE_SPOT", "base", 0L, "weight", 1L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"beta", "prod"})
    void betaAndProdKeepAnOnDemandBaseOfOne(String stack) {
        var strategy = only(cluster(ShippedStacks.plan(stack)), CAPACITY_PROVIDERS).<List<Map<String, Object>>>input("defaultCapacityProviderStrategies");

        assertThat(strategy).filteredOn(i -> ((Long) i.get("base")) > 0)
                .containsExactly(Map.of("capacityProvider", "FARGATE", "base", 1L, "weight", 1L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void aCloudMapNamespaceNamedAfterTheStackOnItsVpc(String stack) {
        var plan = ShippedStacks.plan(stack);

        var namespace = only(cluster(plan), NAMESPACE);

        assertThat(str(namespace, "name")).isEqualTo(stack + ".berth.internal");
        assertThat(str(namespace, "vpc")).isEqualTo(only(network(plan), VPC).id());
        assertThat(plan.outputs()).containsEntry("serviceDiscoveryNamespace", stack + ".berth.internal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void stackOutputsNameTheRegionVpcZonesAndCluster(String stack) {
        var plan = ShippedStacks.plan(stack);

        assertThat(plan.outputs())
                .containsEntry("region", "eu-west-1")
                .containsEntry("vpcId", only(network(plan), VPC).id())
                .containsEntry("availabilityZones", Expected.of(stack).zones())
                .containsEntry("clusterName", only(cluster(plan), CLUSTER).id())
                .containsEntry("serviceDiscoveryNamespace", stack + ".berth.internal");
    }
}
