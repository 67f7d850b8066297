package io.berth.capacity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.cluster.HostGroup;
import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Host groups, placement and capacity strategies as planned in each shipped stack. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@SuppressWarnings("unchecked")
class CapacityPlanTest {
    private static PlannedResource child(Plan plan, String component, String type) {
        return plan.childrenOf(plan.named(component)).stream().filter(r -> r.type().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError(component + " has no " + type));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void everyHostGroupHasItsOwnProviderAsgRoleAndSecurityGroup(String stack) {
        var plan = ShippedStacks.plan(stack).primary();
        var groups = plan.ofType("berth:cluster:HostGroup");
        assertThat(groups).extracting(PlannedResource::name).containsExactlyInAnyOrder(stack + "-batch", stack + "-isolated");
        for (var group : groups) {
            var name = group.name().substring(stack.length() + 1);
            var cp = child(plan, group.name(), "aws:ecs/capacityProvider:CapacityProvider");
            assertThat(cp.inputs().get("name")).isEqualTo(stack + "-" + name);
            var asgProvider = (Map<String, Object>) cp.inputs().get("autoScalingGroupProvider");
            assertThat(asgProvider).containsEntry("managedTerminationProtection", "ENABLED").containsEntry("managedDraining", "ENABLED");
            var scaling = (Map<String, Object>) asgProvider.get("managedScaling");
            assertThat(scaling.get("status")).isEqualTo("ENABLED");
            assertThat((Long) scaling.get("targetCapacity")).isBetween(1L, 100L);
            var asg = child(plan, group.name(), "aws:autoscaling/group:Group");
            // managed termination protection requires scale-in protection (AWS rule 7)
            assertThat(asg.inputs()).containsEntry("protectFromScaleIn", true);
            assertThat((List<String>) asg.options().get("ignoreChanges")).containsExactly("desiredCapacity");
            var mixed = (Map<String, Object>) asg.inputs().get("mixedInstancesPolicy");
            var overrides = (List<Map<String, Object>>) ((Map<String, Object>) mixed.get("launchTemplate")).get("overrides");
            assertThat(overrides).hasSizeGreaterThanOrEqualTo(2); // several types for Spot diversity
            assertThat(((Map<String, Object>) mixed.get("instancesDistribution")).get("spotAllocationStrategy"))
                    .isEqualTo("price-capacity-optimized");
            assertThat((List<String>) asg.inputs().get("vpcZoneIdentifiers")).hasSize(plan.ofType("aws:ec2/subnet:Subnet").size() / 2);
            // isolated by privilege too: a role and a security group per group
            assertThat(plan.childrenOf(group)).filteredOn(r -> r.type().equals("aws:iam/role:Role")).hasSize(1);
            assertThat(plan.childrenOf(group)).filteredOn(r -> r.type().equals("aws:ec2/securityGroup:SecurityGroup")).hasSize(1);
        }
        // every provider is in the cluster's one association (AWS rule 5)
        var association = plan.ofType("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders");
        assertThat(association).singleElement().satisfies(a -> assertThat((List<String>) a.inputs().get("capacityProviders"))
                .containsExactly("FARGATE", "FARGATE_SPOT", stack + "-batch", stack + "-isolated"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void launchTemplatesJoinTheClusterWithTheGroupAttributeAndImdsV2(String stack) {
        var plan = ShippedStacks.plan(stack).primary();
        for (var name : List.of("batch", "isolated")) {
            var lt = child(plan, stack + "-" + name, "aws:ec2/launchTemplate:LaunchTemplate");
            var userData = new String(Base64.getDecoder().decode((String) lt.inputs().get("userData")), StandardCharsets.UTF_8);
            assertThat(userData).contains("ECS_CLUSTER=" + stack + "-cluster\n")
                    .contains("ECS_INSTANCE_ATTRIBUTES={\"berth.host-group\":\"" + name + "\"}\n")
                    .contains("ECS_DISABLE_PRIVILEGED=" + !name.equals("isolated") + "\n");
            assertThat(lt.inputs().get("metadataOptions")).isEqualTo(Map.of("httpEndpoint", "enabled", "httpTokens", "required",
                    "httpPutResponseHopLimit", 1L));
            var ebs = (Map<String, Object>) ((List<Map<String, Object>>) lt.inputs().get("blockDeviceMappings")).get(0).get("ebs");
            assertThat(ebs).containsEntry("encrypted", "true").containsEntry("volumeType", "gp3");
            // AWS's public ECS-optimised AMI parameter, resolved by EC2 at launch (no SSM call when planning)
            assertThat(lt.inputs()).containsEntry("imageId",
                    "resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void hostGroupServicesUseTheirProviderAndMemberOfConstraint(String stack) throws Exception {
        var plan = ShippedStacks.plan(stack).primary();
        var expectations = Map.of("scanner", "isolated");
        for (var e : expectations.entrySet()) {
            var component = stack + "-" + e.getKey();
            var ecs = child(plan, component, "aws:ecs/service:Service");
            assertThat(ecs.inputs().get("capacityProviderStrategies"))
                    .isEqualTo(List.of(Map.of("capacityProvider", stack + "-" + e.getValue(), "base", 1L, "weight", 1L)));
            var constraints = (List<Map<String, Object>>) ecs.inputs().get("placementConstraints");
            assertThat(constraints.get(0)).isEqualTo(Map.of("type", "memberOf",
                    "expression", "attribute:berth.host-group == " + e.getValue()));
            var task = child(plan, component, "aws:ecs/taskDefinition:TaskDefinition");
            assertThat(task.inputs()).containsEntry("requiresCompatibilities", List.of("EC2")).containsEntry("networkMode", "awsvpc");
            assertThat(task.inputs().get("placementConstraints")).isEqualTo(List.of(Map.of("type", "memberOf",
                    "expression", "attribute:berth.host-group == " + e.getValue())));
        }
        var scanner = child(plan, stack + "-scanner", "aws:ecs/service:Service");
        assertThat((List<Map<String, Object>>) scanner.inputs().get("placementConstraints"))
                .contains(Map.of("type", "distinctInstance"));
        // batch-reports is a job: its runs (RunTask in its state machine) use the batch group's provider and constraint
        var runs = new com.fasterxml.jackson.databind.ObjectMapper().readTree((String) child(plan, stack + "-batch-reports",
                "aws:sfn/stateMachine:StateMachine").inputs().get("definition")).at("/States/Run/Parameters");
        assertThat(runs.get("CapacityProviderStrategy").toString())
                .isEqualTo("[{\"Base\":1,\"CapacityProvider\":\"" + stack + "-batch\",\"Weight\":1}]");
        assertThat(runs.get("PlacementConstraints").toString())
                .isEqualTo("[{\"Expression\":\"attribute:berth.host-group == batch\",\"Type\":\"memberOf\"}]");
        assertThat(runs.get("PlacementStrategy").toString()).isEqualTo("[{\"Field\":\"attribute:ecs.availability-zone\",\"Type\":"
                + "\"spread\"},{\"Field\":\"memory\",\"Type\":\"binpack\"}]");
        var batchTask = child(plan, stack + "-batch-reports", "aws:ecs/taskDefinition:TaskDefinition");
        assertThat(batchTask.inputs().get("placementConstraints")).isEqualTo(List.of(Map.of("type", "memberOf",
                "expression", "attribute:berth.host-group == batch")));
        // the only privileged container runs on the isolated group
        var privileged = plan.ofType("aws:ecs/taskDefinition:TaskDefinition").stream()
                .filter(t -> String.valueOf(t.inputs().get("containerDefinitions")).contains("\"privileged\":true"))
                .map(PlannedResource::name).toList();
        assertThat(privileged).containsExactly(stack + "-scanner-task");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void fargateServicesNeverCarryPlacementAndPortsMatch(String stack) throws Exception {
        var plan = ShippedStacks.plan(stack);
        for (var task : plan.ofType("aws:ecs/taskDefinition:TaskDefinition")) {
            if (!task.inputs().get("requiresCompatibilities").equals(List.of("FARGATE"))) {
                continue;
            }
            assertThat(task.inputs()).as(task.name()).doesNotContainKey("placementConstraints");
            var containers = new ObjectMapper().readValue((String) task.inputs().get("containerDefinitions"), List.class);
            for (var c : (List<Map<String, Object>>) containers) {
                for (var pm : (List<Map<String, Object>>) c.getOrDefault("portMappings", List.of())) {
                    assertThat(pm.get("hostPort")).isEqualTo(pm.get("containerPort")); // awsvpc (AWS rule 8)
                }
                assertThat((Integer) c.get("stopTimeout")).isLessThanOrEqualTo(120);
            }
        }
        for (var ecs : plan.ofType("aws:ecs/service:Service")) {
            var strategy = (List<Map<String, Object>>) ecs.inputs().get("capacityProviderStrategies");
            boolean fargate = strategy.stream().allMatch(i -> String.valueOf(i.get("capacityProvider")).startsWith("FARGATE"));
            if (fargate) {
                assertThat(ecs.inputs()).as(ecs.name()).doesNotContainKeys("placementConstraints", "orderedPlacementStrategies");
            }
            assertThat(strategy.stream().filter(i -> ((Long) i.get("base")) > 0)).as(ecs.name()).hasSizeLessThanOrEqualTo(1);
            assertThat(ecs.inputs()).doesNotContainKey("availabilityZoneRebalancing");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void servicesWaitForTheirCapacityProvidersToBeAssociated(String stack) {
        // a strategy may only name providers already associated with the cluster (AWS rule 5)
        var plan = ShippedStacks.plan(stack);
        for (var ecs : plan.ofType("aws:ecs/service:Service")) {
            var env = ecs.name().startsWith(stack + "-dr-") ? stack + "-dr" : stack;
            assertThat(ecs.dependencies()).as(ecs.name())
                    .anyMatch(d -> d.endsWith("::" + env + "-capacity-providers"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void everyTaskRunsLinuxSoNoneCanBeAWindowsTaskOnSpot(String stack) {
        // AWS rule 11: Windows tasks cannot run on Fargate Spot; berth builds Linux tasks only
        var tasks = ShippedStacks.plan(stack).ofType("aws:ecs/taskDefinition:TaskDefinition");
        assertThat(tasks).hasSizeGreaterThanOrEqualTo(8).allSatisfy(t ->
                assertThat(((Map<String, Object>) t.inputs().get("runtimePlatform")).get("operatingSystemFamily")).isEqualTo("LINUX"));
    }

    @Test
    void prodHasNoUndeclaredSpotOnlyService() {
        var plan = ShippedStacks.plan("prod");
        for (var ecs : plan.ofType("aws:ecs/service:Service")) {
            var strategy = (List<Map<String, Object>>) ecs.inputs().get("capacityProviderStrategies");
            boolean spotOnly = strategy.stream().filter(i -> ((Long) i.get("weight")) > 0 || ((Long) i.get("base")) > 0)
                    .allMatch(i -> "FARGATE_SPOT".equals(i.get("capacityProvider")));
            var tags = (Map<String, Object>) ecs.inputs().get("tags");
            assertThat(spotOnly && !"declared".equals(tags.get("berth:spot-only"))).as(ecs.name()).isFalse();
            assertThat(strategy.stream().anyMatch(i -> !"FARGATE_SPOT".equals(i.get("capacityProvider")) && ((Long) i.get("base")) >= 1))
                    .as(ecs.name() + " keeps an on-demand base").isTrue();
        }
    }

    @Test
    void devIsMostlySpotAndSpotInterruptionsReachATopic() {
        var dev = ShippedStacks.plan("dev");
        var cluster = io.berth.testing.Plans.cluster(dev); // the delivery topic has its own policy
        var rules = cluster.ofType("aws:cloudwatch/eventRule:EventRule");
        assertThat(rules).extracting(r -> (String) r.inputs().get("eventPattern")).containsExactlyInAnyOrder(
                "{\"detail\":{\"stopCode\":[\"SpotInterruption\"]},\"detail-type\":[\"ECS Task State Change\"],\"source\":[\"aws.ecs\"]}",
                "{\"detail-type\":[\"EC2 Spot Instance Interruption Warning\"],\"source\":[\"aws.ec2\"]}");
        assertThat(cluster.ofType("aws:cloudwatch/eventTarget:EventTarget")).hasSize(2);
        assertThat(cluster.ofType("aws:sns/topicPolicy:TopicPolicy")).singleElement()
                .satisfies(p -> assertThat((String) p.inputs().get("policy")).contains("events.amazonaws.com"));
        assertThat(io.berth.plan.PlanSummary.capacitySplit(dev)).contains("minimum tasks 5:").contains("60% on Spot");
        assertThat(io.berth.plan.PlanSummary.capacitySplit(ShippedStacks.plan("prod"))).contains("23% on Spot");
    }

    @Test
    void userDataIsTheEcsAgentConfig() {
        var group = new io.berth.model.HostGroupConfig("gpu", List.of("g5.xlarge"), "x86_64", 0, 1, 0, 100, false, 30, 100, true);
        var script = new String(Base64.getDecoder().decode(HostGroup.userData("c", group)), StandardCharsets.UTF_8);
        assertThat(script).isEqualTo("""
                #!/bin/bash
                cat >> /etc/ecs/ecs.config <<'EOF'
                ECS_CLUSTER=c
                ECS_INSTANCE_ATTRIBUTES={"berth.host-group":"gpu"}
                ECS_DISABLE_PRIVILEGED=true
                ECS_AWSVPC_BLOCK_IMDS=true
                ECS_ENABLE_SPOT_INSTANCE_DRAINING=true
                ECS_CONTAINER_STOP_TIMEOUT=110s
                EOF
                """);
    }
}
