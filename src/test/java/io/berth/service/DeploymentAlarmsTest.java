package io.berth.service;

import io.berth.plan.Plan;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ECS deployment alarms on rolling services: a public service's release that sets off its 5xx-rate or
 * unhealthy-targets alarm fails and rolls back; the ECS service waits for those alarms to exist.
 */
@Timeout(240)
class DeploymentAlarmsTest {
    private static final Map<String, Object> PUBLIC = Map.of("type", "public", "paths", List.of("/web/*"));
    static Plan plan;

    @BeforeAll
    static void planIt() {
        plan = Fixtures.plan(Fixtures.environment(),
                Fixtures.service("web", Map.of("expose", PUBLIC)),
                Fixtures.service("api"),
                Fixtures.service("steady", Map.of("expose", Map.of("type", "public", "paths", List.of("/steady/*")),
                        "deployment", Map.of("rollbackOnAlarm", false))),
                Fixtures.service("mute", Map.of("expose", Map.of("type", "public", "paths", List.of("/mute/*")),
                        "alarms", Map.of("enabled", false))));
    }

    @Test
    void aPublicRollingServiceRollsBackOnItsErrorRateAndUnhealthyTargets() {
        assertThat(plan.named("dev-web-service").inputs()).containsEntry("alarms", Map.of(
                "alarmNames", List.of("dev-web-5xx-rate", "dev-web-unhealthy-targets"), "enable", true, "rollback", true));
    }

    @Test
    void theServiceWaitsForTheAlarmsItNames() {
        assertThat(plan.named("dev-web-service").dependencies())
                .contains(plan.named("dev-web-alarms-5xx-rate").urn(), plan.named("dev-web-alarms-unhealthy-targets").urn());
    }

    @Test
    void theNamedAlarmsAreTheServicesOwn() {
        assertThat(plan.named("dev-web-alarms-5xx-rate").inputs()).containsEntry("name", "dev-web-5xx-rate");
        assertThat(plan.named("dev-web-alarms-unhealthy-targets").inputs()).containsEntry("name", "dev-web-unhealthy-targets");
    }

    @Test
    void theCircuitBreakerStillRollsBackTasksThatNeverStart() {
        assertThat(plan.named("dev-web-service").inputs())
                .containsEntry("deploymentCircuitBreaker", Map.of("enable", true, "rollback", true));
    }

    @Test
    void anInternalServiceReliesOnTheCircuitBreaker() {
        assertThat(plan.named("dev-api-service").inputs()).doesNotContainKey("alarms");
    }

    @Test
    void rollbackOnAlarmOffLeavesTheAlarmsButNotTheRollback() {
        assertThat(plan.named("dev-steady-service").inputs()).doesNotContainKey("alarms");
        assertThat(plan.named("dev-steady-alarms-5xx-rate").inputs()).containsEntry("name", "dev-steady-5xx-rate");
    }

    @Test
    void aServiceWithoutAlarmsHasNoDeploymentAlarms() {
        assertThat(plan.named("dev-mute-service").inputs()).doesNotContainKey("alarms");
    }
}
