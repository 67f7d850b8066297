package io.berth.service;

import io.berth.plan.Plan;
import io.berth.testing.Plans;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.berth.service.ServicePlans.container;
import static io.berth.service.ServicePlans.settings;
import static io.berth.service.ServicePlans.tags;
import static org.assertj.core.api.Assertions.assertThat;

/** Task definitions and ECS services: size, image, hardening, deployment, capacity and placement (dev and prod plans). */
class ServiceTaskTest {
    private static final Map<String, Object> TMP = Map.of("sourceVolume", "tmp", "containerPath", "/tmp", "readOnly", false);
    private static final Map<String, Object> SPOT_FIRST_STRATEGY_FARGATE = Map.of("capacityProvider", "FARGATE", "base", 1L, "weight", 1L);
    private static Plan dev;
    private static Plan prod;

    @BeforeAll
    static void plan() {
        dev = ServicePlans.dev();
        prod = ServicePlans.prod();
    }

    @Test
    void theTaskDefinitionCarriesSizeRolesAndVolumes() {
        var task = dev.named("dev-web-task");
        var inputs = new java.util.TreeMap<>(task.inputs());
        inputs.remove("containerDefinitions");
        assertThat(inputs).isEqualTo(new java.util.TreeMap<>(settings(
                "family", "dev-web",
                "cpu", "512",
                "memory", "1024",
                "networkMode", "awsvpc",
                "requiresCompatibilities", List.of("FARGATE"),
                "runtimePlatform", Map.of("operatingSystemFamily", "LINUX", "cpuArchitecture", "X86_64"),
                "executionRoleArn", "arn:aws:iam::111111111111:role/dev-web-execution-role",
                "taskRoleArn", "arn:aws:iam::111111111111:role/dev-web-task-role",
                "volumes", List.of(Map.of("name", "tmp"), Map.of("name", "exec-managed-agents"),
                        Map.of("name", "exec-ssm-lib"), Map.of("name", "exec-ssm-log")),
                "tags", tags("dev", "dev-web-task", "web"))));
    }

    @Test
    void theContainerRunsTheRegistryImageWithAnInitProcess() {
        var c = container(dev.named("dev-web-task"));
        assertThat(c.get("image")).isEqualTo("111111111111.dkr.ecr.eu-west-1.amazonaws.com/dev/web:1.0.0");
        assertThat(c.get("linuxParameters")).isEqualTo(Map.of("initProcessEnabled", true));
        assertThat(c.get("stopTimeout")).isEqualTo(40);
        assertThat(c.get("logConfiguration")).isEqualTo(Map.of("logDriver", "awslogs", "options", Map.of(
                "awslogs-group", "/berth/dev/services/web", "awslogs-region", "eu-west-1", "awslogs-stream-prefix", "web")));
    }

    @Test
    void aReadOnlyRootFilesystemHasAWritableTmpInThePlan() {
        var c = container(prod.named("prod-shop-task"));
        assertThat(c.get("readonlyRootFilesystem")).isEqualTo(true);
        assertThat(c.get("mountPoints")).isEqualTo(List.of(TMP));
        assertThat(prod.named("prod-shop-task").inputs().get("volumes")).isEqualTo(List.of(Map.of("name", "tmp")));
        assertThat(container(prod.named("prod-shop-task")).get("linuxParameters")).isEqualTo(Map.of("initProcessEnabled", true));
    }

    @Test
    void anExternalImageGetsItsTagAndNoRegistry() {
        var task = dev.named("dev-worker-task");
        var c = container(task);
        assertThat(c.get("image")).isEqualTo("public.ecr.aws/acme/worker:2.1.0");
        assertThat(c.get("command")).isEqualTo(List.of("worker", "--queue", "jobs"));
        assertThat(c).doesNotContainKeys("user", "mountPoints", "portMappings");
        assertThat(task.inputs().get("volumes")).isEqualTo(List.of());
        assertThat(dev.ofType("aws:ecr/repository:Repository")).extracting(r -> r.inputs().get("name"))
                .containsExactlyInAnyOrder("dev/web", "dev/api");
    }

    @Test
    void theLogGroupIsTheServicesOwn() {
        assertThat(dev.named("dev-web-logs").inputs()).isEqualTo(settings(
                "name", "/berth/dev/services/web", "retentionInDays", 30L, "tags", tags("dev", "dev-web-logs", "web")));
    }

    @Test
    void theEcsServiceRunsInPrivateSubnetsBehindItsOwnSecurityGroup() {
        var privateSubnets = Plans.subnets(Plans.network(dev), "private").stream().map(s -> (Object) s.id()).toList();
        var web = dev.named("dev-web-service");
        assertThat(web.inputs()).isEqualTo(settings(
                "cluster", "arn:aws:ecs:eu-west-1:111111111111:cluster/dev-cluster",
                "taskDefinition", "arn:aws:ecs:eu-west-1:111111111111:task-definition/dev-web-task:1",
                "desiredCount", 2L,
                "capacityProviderStrategies", List.of(SPOT_FIRST_STRATEGY_FARGATE,
                        Map.of("capacityProvider", "FARGATE_SPOT", "base", 0L, "weight", 3L)),
                "networkConfiguration", Map.of("subnets", privateSubnets,
                        "securityGroups", List.of(dev.named("dev-web-sg").id()), "assignPublicIp", false),
                "deploymentMinimumHealthyPercent", 50L,
                "deploymentMaximumPercent", 150L,
                "deploymentCircuitBreaker", Map.of("enable", true, "rollback", true),
                "alarms", Map.of("alarmNames", List.of("dev-web-5xx-rate", "dev-web-unhealthy-targets"), "enable", true, "rollback", true),
                "forceNewDeployment", true,
                "enableExecuteCommand", true,
                "enableEcsManagedTags", true,
                "propagateTags", "SERVICE",
                "waitForSteadyState", false,
                "healthCheckGracePeriodSeconds", 45L,
                "loadBalancers", List.of(Map.of("containerName", "web", "containerPort", 3000L, "targetGroupArn",
                        "arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/dev-web-2eaa581/dev-web-2eaa581")),
                "serviceRegistries", Map.of("registryArn", "arn:aws:servicediscovery:eu-west-1:111111111111:service/web"),
                "tags", tags("dev", "dev-web-service", "web", "berth:capacity", "spot-first")));
    }

    @Test
    void deploymentDefaultsAreFullCapacityAndDoubleSurge() {
        assertThat(dev.named("dev-api-service").inputs())
                .containsEntry("deploymentMinimumHealthyPercent", 100L).containsEntry("deploymentMaximumPercent", 200L)
                .containsEntry("deploymentCircuitBreaker", Map.of("enable", true, "rollback", true));
    }

    @Test
    void execFollowsTheServiceAndIsOffInProduction() {
        assertThat(dev.named("dev-api-service").inputs()).containsEntry("enableExecuteCommand", true);
        assertThat(dev.named("dev-worker-service").inputs()).containsEntry("enableExecuteCommand", false);
        assertThat(prod.named("prod-shop-service").inputs()).containsEntry("enableExecuteCommand", false);
        assertThat(container(prod.named("prod-shop-task")).get("mountPoints")).isEqualTo(List.of(TMP));
    }

    @Test
    void fargateServicesUseTheEnvironmentsCapacityProfileAndNoPlacement() {
        var shop = prod.named("prod-shop-service");
        assertThat(shop.inputs().get("capacityProviderStrategies")).isEqualTo(List.of(SPOT_FIRST_STRATEGY_FARGATE,
                Map.of("capacityProvider", "FARGATE_SPOT", "base", 0L, "weight", 1L)));
        assertThat(Plans.tags(shop)).containsEntry("berth:capacity", "balanced");
        assertThat(shop.inputs()).doesNotContainKeys("placementConstraints", "orderedPlacementStrategies", "launchType");
        assertThat(prod.named("prod-shop-task").inputs()).doesNotContainKey("placementConstraints")
                .containsEntry("requiresCompatibilities", List.of("FARGATE"));
    }

    @Test
    void aHostGroupServiceRunsOnItsGroupsProviderPinnedAndPlaced() {
        var agent = prod.named("prod-agent-service");
        assertThat(agent.inputs().get("capacityProviderStrategies"))
                .isEqualTo(List.of(Map.of("capacityProvider", "prod-isolated", "base", 1L, "weight", 1L)));
        assertThat(agent.inputs().get("placementConstraints")).isEqualTo(List.of(
                Map.of("type", "memberOf", "expression", "attribute:berth.host-group == isolated"),
                Map.of("type", "distinctInstance")));
        assertThat(agent.inputs().get("orderedPlacementStrategies")).isEqualTo(List.of(
                Map.of("type", "spread", "field", "attribute:ecs.availability-zone"),
                Map.of("type", "binpack", "field", "memory"),
                Map.of("type", "random")));
        assertThat(Plans.tags(agent)).containsEntry("berth:capacity", "host-group:isolated");
        assertThat(agent.inputs()).doesNotContainKey("launchType");
    }

    @Test
    void aHostGroupTaskDefinitionIsEc2WithOnlyMemberOf() {
        var task = prod.named("prod-agent-task");
        assertThat(task.inputs()).containsEntry("requiresCompatibilities", List.of("EC2"))
                .containsEntry("placementConstraints", List.of(Map.of("type", "memberOf", "expression", "attribute:berth.host-group == isolated")));
    }

    @Test
    void aPrivilegedContainerRunsOnlyWhereDeclared() {
        assertThat(container(prod.named("prod-agent-task")).get("privileged")).isEqualTo(true);
        assertThat(container(prod.named("prod-shop-task")).get("privileged")).isEqualTo(false);
        assertThat(container(dev.named("dev-web-task")).get("user")).isEqualTo("1000:1000");
    }
}
