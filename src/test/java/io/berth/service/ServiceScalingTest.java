package io.berth.service;

import io.berth.load.CatalogLoader;
import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.berth.service.ServicePlans.children;
import static io.berth.service.ServicePlans.ignoreChanges;
import static io.berth.service.ServicePlans.settings;
import static io.berth.service.ServicePlans.tags;
import static org.assertj.core.api.Assertions.assertThat;

/** Application Auto Scaling of a service: range, target tracking, schedules and who owns the task count (dev plan). */
class ServiceScalingTest {
    private static final String POLICY = "aws:appautoscaling/policy:Policy";
    private static Plan plan;

    @BeforeAll
    static void plan() {
        plan = ServicePlans.dev();
    }

    private static Map<String, Object> tracking(String service, String kind, String metric, long target) {
        return settings(
                "name", "dev-" + service + "-" + kind,
                "policyType", "TargetTrackingScaling",
                "serviceNamespace", "ecs",
                "scalableDimension", "ecs:service:DesiredCount",
                "resourceId", "service/dev-cluster/dev-" + service + "-service",
                "targetTrackingScalingPolicyConfiguration", settings(
                        "targetValue", target,
                        "predefinedMetricSpecification", Map.of("predefinedMetricType", metric),
                        "scaleInCooldown", 300L,
                        "scaleOutCooldown", 60L));
    }

    /** The catalog's defaults for a service without {@code scaling}: these are documented values. */
    @Test
    void catalogScalingDefaultsAreTheDocumentedValues() {
        assertThat(CatalogLoader.DEFAULT_MIN_TASKS).isEqualTo(1);
        assertThat(CatalogLoader.DEFAULT_MAX_TASKS).isEqualTo(4);
        assertThat(CatalogLoader.DEFAULT_CPU_TARGET_PERCENT).isEqualTo(70);
    }

    @Test
    void aServiceWithoutScalingPlansOneToFourTasksAtSeventyPercentCpu() {
        assertThat(plan.named("dev-api-scaling").inputs()).isEqualTo(settings(
                "serviceNamespace", "ecs",
                "scalableDimension", "ecs:service:DesiredCount",
                "resourceId", "service/dev-cluster/dev-api-service",
                "minCapacity", 1L,
                "maxCapacity", 4L,
                "tags", tags("dev", "dev-api-scaling", "api")));
        assertThat(children(plan, "dev-api", POLICY)).extracting(PlannedResource::name).containsExactly("dev-api-scale-cpu");
        assertThat(plan.named("dev-api-scale-cpu").inputs()).isEqualTo(tracking("api", "cpu", "ECSServiceAverageCPUUtilization", 70L));
        assertThat(plan.named("dev-api-service").inputs()).containsEntry("desiredCount", 1L);
    }

    /** Scale out fast, scale in slowly: a cooldown of 0 would flap the task count. */
    @Test
    void targetTrackingScalesOutAfterAMinuteAndInAfterFive() {
        for (var policy : plan.ofType(POLICY)) {
            @SuppressWarnings("unchecked")
            var config = (Map<String, Object>) policy.inputs().get("targetTrackingScalingPolicyConfiguration");
            assertThat(config).as(policy.name()).containsEntry("scaleInCooldown", 300L).containsEntry("scaleOutCooldown", 60L);
        }
        assertThat(plan.ofType(POLICY)).hasSize(4);
    }

    @Test
    void declaredTargetsGetOnePolicyEach() {
        assertThat(children(plan, "dev-web", POLICY)).extracting(PlannedResource::name)
                .containsExactlyInAnyOrder("dev-web-scale-cpu", "dev-web-scale-memory", "dev-web-scale-requests");
        assertThat(plan.named("dev-web-scale-cpu").inputs()).isEqualTo(tracking("web", "cpu", "ECSServiceAverageCPUUtilization", 60L));
        assertThat(plan.named("dev-web-scale-memory").inputs())
                .isEqualTo(tracking("web", "memory", "ECSServiceAverageMemoryUtilization", 75L));
    }

    @Test
    @SuppressWarnings("unchecked")
    void requestScalingCountsTheServicesOwnTargetGroup() {
        var inputs = plan.named("dev-web-scale-requests").inputs();
        var config = (Map<String, Object>) inputs.get("targetTrackingScalingPolicyConfiguration");
        assertThat(config).containsEntry("targetValue", 500L).containsEntry("scaleInCooldown", 300L);
        var metric = (Map<String, Object>) config.get("predefinedMetricSpecification");
        assertThat(metric.get("predefinedMetricType")).isEqualTo("ALBRequestCountPerTarget");
        assertThat((String) metric.get("resourceLabel")).matches("app/dev-alb/[0-9a-f]{16}/targetgroup/dev-web-2eaa581/[0-9a-f]{16}");
    }

    @Test
    void theDeclaredRangeStartsAtItsMinimum() {
        assertThat(plan.named("dev-web-scaling").inputs()).containsEntry("minCapacity", 2L).containsEntry("maxCapacity", 6L);
        assertThat(plan.named("dev-web-service").inputs()).containsEntry("desiredCount", 2L);
    }

    @Test
    void schedulesMoveTheRange() {
        assertThat(plan.named("dev-web-schedule-night").inputs()).isEqualTo(settings(
                "name", "dev-web-night",
                "serviceNamespace", "ecs",
                "scalableDimension", "ecs:service:DesiredCount",
                "resourceId", "service/dev-cluster/dev-web-service",
                "schedule", "cron(0 20 * * ? *)",
                "timezone", "Europe/Dublin",
                "scalableTargetAction", Map.of("minCapacity", 1L, "maxCapacity", 2L)));
    }

    /** A refreshed pulumi up must not reset the range a schedule moved. */
    @Test
    void withSchedulesPulumiLeavesTheRangeAlone() {
        assertThat(ignoreChanges(plan.named("dev-web-scaling"))).containsExactly("maxCapacity", "minCapacity");
        assertThat(ignoreChanges(plan.named("dev-api-scaling"))).isEmpty();
    }

    /** Once autoscaling exists it owns desiredCount: pulumi up never resets a scaled-out service. */
    @Test
    void autoscaledServicesLeaveTheTaskCountToAutoScaling() {
        assertThat(ignoreChanges(plan.named("dev-web-service"))).containsExactly("desiredCount");
        assertThat(ignoreChanges(plan.named("dev-api-service"))).containsExactly("desiredCount");
    }

    @Test
    void aFixedTaskCountHasNoAutoscalingAndBerthOwnsTheCount() {
        assertThat(plan.ofType("aws:appautoscaling/target:Target")).extracting(PlannedResource::name)
                .containsExactlyInAnyOrder("dev-web-scaling", "dev-api-scaling");
        assertThat(plan.named("dev-worker-service").inputs()).containsEntry("desiredCount", 2L);
        assertThat(ignoreChanges(plan.named("dev-worker-service"))).isEmpty();
    }
}
