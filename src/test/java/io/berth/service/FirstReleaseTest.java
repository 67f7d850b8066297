package io.berth.service;

import io.berth.model.EnvironmentConfig;
import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import io.berth.plan.RegistryContents;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Day one: the first {@code pulumi up} on an account whose registries are empty leaves every service
 * with an image of its own waiting for its first release (no tasks, autoscaling minimum 0, no
 * schedules), and no failover; once the registry holds the image, the next run plans the service at its
 * minimum. The replica region asks its own registry (filled by replication).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@SuppressWarnings("unchecked")
class FirstReleaseTest {
    private static final String DR_REGION = "eu-central-1";
    private static Plan fresh;
    private static Plan released;
    private static Plan replicationPending;

    @BeforeAll
    static void plan() {
        var env = production();
        var services = Fixtures.stack(env, services());
        fresh = Fixtures.plan(services, RegistryContents.empty());
        released = Fixtures.plan(services); // the offline default: every repository holds its images
        // released in the primary region, not yet replicated to the DR region
        replicationPending = Fixtures.plan(services, RegistryContents.empty()
                .with(Fixtures.REGION, "prod/api", "abc1234").with(Fixtures.REGION, "prod/worker", "abc1234")
                .with(DR_REGION, "prod/api"));
    }

    static EnvironmentConfig production() {
        return Fixtures.environment("prod", Map.of(
                "berth:environment", "{\"account\":\"" + Fixtures.ACCOUNT + "\",\"production\":true,\"owner\":\"platform-team\",\"costCentre\":\"CC-1\"}",
                "berth:dr", "{\"region\":\"" + DR_REGION + "\",\"mode\":\"warm-standby\",\"vpcCidr\":\"10.130.0.0/16\"}",
                "berth:dns", "{\"hostedZoneId\":\"Z0123\",\"domain\":\"shop.example.com\",\"healthCheckPath\":\"/health\"}"));
    }

    /**
     * api: public, autoscaled with a schedule, a pipeline; worker: a fixed count (not autoscaled), a pipeline;
     * web: an external image.
     */
    static Map<String, Map<String, Object>> services() {
        var documents = new java.util.LinkedHashMap<String, Map<String, Object>>();
        documents.put("api", Map.of(
                "expose", Map.of("type", "public", "paths", List.of("/api/*")),
                "scaling", Map.of("min", 2, "max", 4, "cpuTarget", 60, "schedules", List.of(Map.of(
                        "name", "day", "schedule", "cron(0 7 * * ? *)", "timezone", "Europe/Dublin", "min", 3, "max", 4))),
                "delivery", Map.of("source", Map.of("type", "github", "repository", "acme/api", "branch", "main"))));
        documents.put("worker", Map.of("expose", Map.of("type", "none"), "scaling", Map.of("min", 1, "max", 1),
                "delivery", Map.of("source", Map.of("type", "github", "repository", "acme/worker", "branch", "main"))));
        documents.put("web", Map.of("image", Map.of("external", "public.ecr.aws/nginx/nginx-unprivileged", "tag", "1.27"),
                "scaling", Map.of("min", 1, "max", 1)));
        return documents;
    }

    @Test
    void aFreshAccountCreatesServicesWithoutTasks() {
        assertThat(fresh.named("prod-api-service").inputs()).containsEntry("desiredCount", 0L);
        assertThat(fresh.named("prod-worker-service").inputs()).containsEntry("desiredCount", 0L);
        assertThat(fresh.named("prod-dr-api-service").inputs()).containsEntry("desiredCount", 0L);
        assertThat(fresh.named("prod-dr-worker-service").inputs()).containsEntry("desiredCount", 0L);
    }

    @Test
    void anExternalImageNeverWaits() {
        assertThat(fresh.named("prod-web-service").inputs()).containsEntry("desiredCount", 1L);
    }

    @Test
    void autoscalingCannotStartTasksWhileWaiting() {
        assertThat(fresh.named("prod-api-scaling").inputs()).containsEntry("minCapacity", 0L).containsEntry("maxCapacity", 4L);
        // and the range is Pulumi's to set on the next run (no ignoreChanges until the schedules exist)
        assertThat(fresh.named("prod-api-scaling").options().get("ignoreChanges")).isEqualTo(List.of());
        assertThat(fresh.ofType("aws:appautoscaling/scheduledAction:ScheduledAction")).isEmpty();
    }

    @Test
    void nothingFailsOverWhileWaiting() {
        assertThat(fresh.named("prod-dns-primary-health").inputs()).containsEntry("disabled", true);
        assertThat(alias(fresh.named("prod-dns-primary"))).containsEntry("evaluateTargetHealth", false);
        assertThat(fresh.outputs()).containsEntry("awaitingFirstRelease", List.of("api", "worker"))
                .containsEntry("drAwaitingFirstRelease", List.of("api", "worker"));
    }

    @Test
    void theRegistryIsAskedThroughEachRegionsProvider() {
        // the mock answers per provider region: the primary holds both images, the replica only api's (no tag yet)
        assertThat(replicationPending.named("prod-api-service").inputs()).containsEntry("desiredCount", 2L);
        assertThat(replicationPending.named("prod-worker-service").inputs()).containsEntry("desiredCount", 1L);
        assertThat(replicationPending.named("prod-dr-api-service").inputs()).containsEntry("desiredCount", 0L);
        assertThat(replicationPending.outputs()).containsEntry("awaitingFirstRelease", List.of())
                .containsEntry("drAwaitingFirstRelease", List.of("api", "worker"));
        // the replica waiting does not hold back the primary's failover: the primary runs
        assertThat(replicationPending.named("prod-dns-primary-health").inputs()).doesNotContainKey("disabled");
    }

    @Test
    void onceReleasedTheNextRunPlansTheMinimumSchedulesAndHealthCheck() {
        assertThat(released.named("prod-api-service").inputs()).containsEntry("desiredCount", 2L);
        assertThat(released.named("prod-worker-service").inputs()).containsEntry("desiredCount", 1L);
        assertThat(released.named("prod-api-scaling").inputs()).containsEntry("minCapacity", 2L);
        assertThat(released.named("prod-api-scaling").options().get("ignoreChanges")).isEqualTo(List.of("maxCapacity", "minCapacity"));
        assertThat(released.ofType("aws:appautoscaling/scheduledAction:ScheduledAction")).extracting(PlannedResource::name)
                .containsExactly("prod-api-schedule-day");
        assertThat(released.named("prod-dns-primary-health").inputs()).doesNotContainKey("disabled");
        assertThat(alias(released.named("prod-dns-primary"))).containsEntry("evaluateTargetHealth", true);
        assertThat(released.outputs()).containsEntry("awaitingFirstRelease", List.of());
    }

    @Test
    void desiredCountStaysAutoscalingsOnceCreated() {
        // created at 0 while waiting, then owned by Application Auto Scaling: the next run does not move it
        assertThat(fresh.named("prod-api-service").options().get("ignoreChanges")).asList().contains("desiredCount");
    }

    @Test
    void theFirstPipelineReleaseStartsTheService() {
        var deploy = stage(fresh.named("prod-worker-delivery-pipeline"), "Deploy");
        assertThat(deploy).extracting(a -> a.get("name")).containsExactly("Rebase", "Deploy", "Start");
        var start = deploy.get(2);
        assertThat(start).containsEntry("runOrder", 3L);
        assertThat((String) ((Map<String, Object>) start.get("configuration")).get("EnvironmentVariables"))
                .contains("\"name\":\"BERTH_STEP\",\"type\":\"PLAINTEXT\",\"value\":\"start\"")
                .contains("\"name\":\"BERTH_START_TASKS\",\"type\":\"PLAINTEXT\",\"value\":\"1\"")
                .doesNotContain("BERTH_SCALABLE_TARGET"); // a fixed count: no autoscaling to raise
    }

    @Test
    void aServiceWithSchedulesIsStartedByThemNotByTheRelease() {
        assertThat(stage(fresh.named("prod-api-delivery-pipeline"), "Deploy")).extracting(a -> a.get("name"))
                .containsExactly("Rebase", "Deploy");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> stage(PlannedResource pipeline, String name) {
        return ((List<Map<String, Object>>) pipeline.inputs().get("stages")).stream().filter(st -> name.equals(st.get("name")))
                .map(st -> (List<Map<String, Object>>) st.get("actions")).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> alias(PlannedResource record) {
        return ((List<Map<String, Object>>) record.inputs().get("aliases")).get(0);
    }
}
