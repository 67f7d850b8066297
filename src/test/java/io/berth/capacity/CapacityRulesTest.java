package io.berth.capacity;

import io.berth.load.CatalogLoader;
import io.berth.load.ConfigException;
import io.berth.model.EnvironmentConfig;
import io.berth.load.EnvironmentLoader;
import io.berth.load.RawConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One failing configuration per AWS rule of shared/guide/aws-rules.md under "Capacity providers
 * and launch type", "Fargate and Fargate Spot" and "Placement", each caught before anything is
 * registered, with its exact message. Rules that berth makes impossible by construction are
 * asserted on the plan in {@link CapacityPlanTest} (rules 1, 5, 8, 13, 15, 17).
 */
class CapacityRulesTest {
    private static EnvironmentConfig dev;

    @BeforeAll
    static void load() {
        dev = EnvironmentLoader.load("dev", RawConfig.fromStackFile(Path.of("."), "dev"));
    }

    private static void assertService(String yaml, String... expected) {
        assertThatThrownBy(() -> {
            var dir = Files.createDirectories(Files.createTempDirectory("berth-cap-").resolve("services"));
            Files.writeString(dir.resolve("svc.yaml"), "image: {repository: svc, tag: \"1.0.0\"}\nexpose: {type: none}\n" + yaml);
            CatalogLoader.load(dir, dev, Set.of("dev", "beta", "prod"));
        }).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(expected));
    }

    private static void assertStack(String stack, String hostGroupsYaml, String... expected) throws Exception {
        // dev's stack file with only its berth:hostGroups block replaced
        var text = Files.readString(Path.of("Pulumi.dev.yaml"));
        var start = text.indexOf("  berth:hostGroups:");
        var next = text.indexOf("\n  berth:", start + 1);
        text = text.substring(0, start) + hostGroupsYaml + (next < 0 ? "" : text.substring(next + 1));
        var dir = Files.createTempDirectory("berth-cap-stack-");
        Files.writeString(dir.resolve("Pulumi." + stack + ".yaml"), text);
        assertThatThrownBy(() -> EnvironmentLoader.load(stack, RawConfig.fromStackFile(dir, stack)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(expected));
    }

    @Test
    void rule2OnlyOneProviderWithABase() {
        assertService("capacity: {strategy: [{provider: FARGATE, base: 1, weight: 1}, {provider: FARGATE_SPOT, base: 2, weight: 1}]}\n",
                "services/svc.yaml: capacity.strategy: at most one provider of a strategy may have a base above 0 (AWS rule 2)");
    }

    @Test
    void rule2AtLeastOneWeight() {
        assertService("capacity: {strategy: [{provider: FARGATE, base: 1, weight: 0}]}\n",
                "services/svc.yaml: capacity.strategy: at least one provider of a strategy needs a weight above 0 (AWS rule 2)");
    }

    @Test
    void rule2WeightRange() {
        assertService("capacity: {strategy: [{provider: FARGATE, weight: 1001}]}\n",
                "services/svc.yaml: capacity.strategy[0].weight: must be between 0 and 1000, got 1001");
    }

    @Test
    void rule3AtMostTwentyProviders() {
        var items = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            items.append(i == 0 ? "" : ", ").append("{provider: FARGATE, weight: 1}");
        }
        assertService("capacity: {strategy: [" + items + "]}\n",
                "services/svc.yaml: capacity.strategy: a strategy holds at most 20 providers (AWS rule 3), got 21",
                // with two Fargate providers, more than 20 entries always repeat one
                "services/svc.yaml: capacity.strategy: each provider appears at most once in a strategy");
    }

    @Test
    void rule4NoMixOfAutoScalingGroupAndFargateProviders() {
        assertService("hostGroup: batch\ncapacity: balanced\n",
                "services/svc.yaml: capacity: a host-group service runs on its group's capacity provider; a strategy cannot mix "
                        + "Auto Scaling group and Fargate providers (AWS rule 4): remove capacity, or remove hostGroup to run on Fargate");
    }

    @Test
    void rule4StrategiesNameOnlyFargateProviders() {
        assertService("capacity: {strategy: [{provider: dev-batch, weight: 1}]}\n",
                "services/svc.yaml: capacity.strategy[0].provider: must be one of FARGATE, FARGATE_SPOT, got 'dev-batch'");
    }

    @Test
    void rule6CapacityProviderNamePrefix() throws Exception {
        assertStack("ecsdev", "  berth:hostGroups:\n    batch:\n      instanceTypes: [m6i.large]\n",
                "Pulumi.ecsdev.yaml: berth:hostGroups.batch: its capacity provider would be named 'ecsdev-batch', and capacity "
                        + "provider names must not start with aws, ecs or fargate (AWS rule 6); rename the stack or the group");
    }

    @Test
    void rule7ManagedScalingTargetCapacity() throws Exception {
        assertStack("dev", "  berth:hostGroups:\n    batch:\n      instanceTypes: [m6i.large]\n      targetCapacityPercent: 0\n",
                "Pulumi.dev.yaml: berth:hostGroups.batch.targetCapacityPercent: must be between 1 and 100, got 0");
    }

    @Test
    void rule9FargateSizes() {
        assertService("cpu: 1024\nmemoryMiB: 1024\n",
                "services/svc.yaml: memoryMiB: a Fargate task with 1024 CPU units takes 2048 to 8192 in steps of 1024 MiB of memory, got 1024; change memoryMiB or cpu");
    }

    @Test
    void rule10StopTimeoutFitsTheSpotWarning() {
        assertService("deployment: {stopTimeoutSeconds: 180}\n",
                "services/svc.yaml: deployment.stopTimeoutSeconds: must be between 2 and 120, got 180");
    }

    @Test
    void rule11Arm64NeverSpotOnly() {
        assertService("cpuArchitecture: ARM64\ncapacity: spot-only\n",
                "services/svc.yaml: capacity: ARM64 tasks on Fargate run Spot only with an on-demand base in berth (Spot support "
                        + "for Graviton varies by region); use spot-first or balanced");
    }

    @Test
    void rule12NoPlacementOnFargate() {
        assertService("placement: {strategies: [spread-az]}\n",
                "services/svc.yaml: placement: placement constraints and strategies are not supported on Fargate (AWS rule 12); "
                        + "set hostGroup or remove placement");
    }

    @Test
    void rule14AtMostFivePlacementStrategies() {
        // berth knows five strategies, so a sixth known one is always a repeat, refused as such
        assertService("hostGroup: batch\nplacement: {strategies: [spread-az, spread-instance, binpack-memory, binpack-cpu, random, spread-az]}\n",
                "services/svc.yaml: placement.strategies[5]: 'spread-az' is listed twice; remove one");
    }

    @Test
    void rule16HostGroupMustExist() {
        assertService("hostGroup: gpu\n",
                "services/svc.yaml: hostGroup: no host group 'gpu' in dev; its host groups are batch, isolated");
    }

    @Test
    void privilegedOnlyOnAPrivilegedGroup() {
        assertService("hostGroup: batch\nsecurity: {privileged: true}\n",
                "services/svc.yaml: security.privileged: host group batch does not allow privileged containers; use a group with privileged: true (isolated)");
        assertService("security: {privileged: true}\n",
                "services/svc.yaml: security.privileged: privileged containers cannot run on Fargate; put the service on a host group "
                        + "that allows them (privileged: true in berth:hostGroups)");
    }

    @Test
    void rule15GroupNamesBecomeAttributeValuesAndProviderNames() throws Exception {
        assertStack("dev", "  berth:hostGroups:\n    Batch_Jobs:\n      instanceTypes: [m6i.large]\n",
                "Pulumi.dev.yaml: berth:hostGroups.Batch_Jobs: a host group name is 1 to 20 lowercase letters, digits or hyphens, "
                        + "starting with a letter");
    }

    @Test
    void instanceTypesMatchTheGroupArchitecture() throws Exception {
        assertStack("dev", "  berth:hostGroups:\n    batch:\n      instanceTypes: [m6g.large]\n",
                "Pulumi.dev.yaml: berth:hostGroups.batch.instanceTypes: 'm6g.large' is an arm64 (Graviton) type but the group's "
                        + "architecture is x86_64; one group runs one architecture (one AMI)");
    }

    @Test
    void hostGroupSizes() throws Exception {
        assertStack("dev", "  berth:hostGroups:\n    batch:\n      instanceTypes: [m6i.large]\n      minSize: 5\n      maxSize: 2\n",
                "Pulumi.dev.yaml: berth:hostGroups.batch.minSize: must not exceed maxSize (2), got 5");
    }
}
