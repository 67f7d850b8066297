package io.berth.service;

import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.berth.service.ServicePlans.ignoreChanges;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Services a delivery pipeline deploys: the Service component alone with a blue/green pipeline
 * (CodeDeploy) and with a pipeline built elsewhere (the DR replica's case).
 */
class ServiceOwnershipTest {
    private static Plan plan;
    private static Plan dev;

    @BeforeAll
    static void plan() {
        plan = ServicePlans.pipelines();
        dev = ServicePlans.dev();
    }

    @Test
    void berthOwnsTheTaskDefinitionOfAServiceNoPipelineDeploys() {
        assertThat(ignoreChanges(dev.named("dev-api-service"))).doesNotContain("taskDefinition");
    }

    @Test
    void aPipelineBuiltElsewhereOwnsTheRunningTaskDefinition() {
        assertThat(ignoreChanges(plan.named("dev-copy-service"))).containsExactly("desiredCount", "taskDefinition");
        // berth still registers its revision of the family, which the pipeline renders releases from
        assertThat(plan.named("dev-copy-task").inputs()).containsEntry("family", "dev-copy");
    }

    @Test
    void aRollingPipelineKeepsTheCircuitBreakerAndDiscovery() {
        var copy = plan.named("dev-copy-service").inputs();
        assertThat(copy).containsEntry("deploymentCircuitBreaker", Map.of("enable", true, "rollback", true))
                .containsEntry("forceNewDeployment", true).doesNotContainKey("deploymentController");
        assertThat(plan.named("dev-copy-discovery").inputs()).containsEntry("name", "copy");
    }

    /** Under CODE_DEPLOY only a CodeDeploy deployment may change the task set's network, capacity and target group. */
    @Test
    void codeDeployOwnsTheBlueGreenServicesReleaseSettings() {
        assertThat(ignoreChanges(plan.named("dev-bg-service"))).containsExactly(
                "capacityProviderStrategies", "desiredCount", "loadBalancers", "networkConfiguration", "taskDefinition");
    }

    @Test
    void aBlueGreenServiceIsDeployedByCodeDeployWithoutTheCircuitBreaker() {
        var bg = plan.named("dev-bg-service").inputs();
        assertThat(bg).containsEntry("deploymentController", Map.of("type", "CODE_DEPLOY"))
                .doesNotContainKeys("deploymentCircuitBreaker", "forceNewDeployment", "serviceRegistries");
        assertThat(bg.get("loadBalancers")).isEqualTo(List.of(Map.of("containerName", "bg", "containerPort", 8080L,
                "targetGroupArn", "arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/dev-bg-cf9967c/dev-bg-cf9967c")));
        assertThat(bg).containsEntry("healthCheckGracePeriodSeconds", 30L);
    }

    @Test
    void aBlueGreenServiceHasASecondTargetGroupWithTheSameHealthCheck() {
        var blue = plan.named("dev-bg-tg").inputs();
        var green = plan.named("dev-bg-tg-green").inputs();
        assertThat(green.get("name")).isEqualTo("dev-bg-433dc9e").isNotEqualTo(blue.get("name"));
        assertThat(green.get("healthCheck")).isEqualTo(blue.get("healthCheck"));
        assertThat(green).containsEntry("port", 8080L).containsEntry("targetType", "ip").containsEntry("protocol", "HTTP");
    }

    /** CodeDeploy rewrites the rule's forward action on every switch. */
    @Test
    void codeDeployOwnsTheBlueGreenRulesAction() {
        var rule = plan.named("dev-bg-rule");
        assertThat(ignoreChanges(rule)).containsExactly("actions");
        assertThat(rule.inputs().get("conditions")).isEqualTo(List.of(Map.of("pathPattern", Map.of("values", List.of("/bg/*")))));
    }

    /** CodeDeploy's replacement task sets are not registered in Cloud Map: callers use the load balancer. */
    @Test
    void aBlueGreenServiceIsNotInCloudMap() {
        assertThat(plan.ofType("aws:servicediscovery/service:Service")).extracting(PlannedResource::name)
                .containsExactly("dev-copy-discovery");
    }

    @Test
    void theComponentExposesItsHooksForThePipeline() {
        // the component's own children only: nothing of the load balancer's leaks into the service
        assertThat(plan.childrenOf(plan.named("dev-bg"))).extracting(PlannedResource::name).containsExactlyInAnyOrder(
                "dev-bg-logs", "dev-bg-execution-role", "dev-bg-execution-policy", "dev-bg-task-role", "dev-bg-task-policy",
                "dev-bg-sg", "dev-bg-out-https", "dev-bg-tg", "dev-bg-tg-green", "dev-bg-rule", "dev-bg-from-alb",
                "dev-bg-task", "dev-bg-service", "dev-bg-scaling", "dev-bg-scale-cpu");
    }
}
