package io.berth.monitoring;

import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Alarm-driven rollback in the shipped stacks: which services roll back on which alarms. */
@Timeout(600)
class ShippedRollbackTest {
    private static List<String> rollingOnAlarms(Plan plan) {
        return plan.ofType("aws:ecs/service:Service").stream().filter(s -> s.inputs().containsKey("alarms"))
                .map(PlannedResource::name).sorted().toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta"})
    void frontendAndOrdersRollBackOnTheirOwnAlarms(String stack) {
        var plan = ShippedStacks.plan(stack);
        assertThat(rollingOnAlarms(plan)).containsExactly(stack + "-frontend-service", stack + "-orders-service");
        assertThat(plan.named(stack + "-orders-service").inputs()).containsEntry("alarms", Map.of(
                "alarmNames", List.of(stack + "-orders-5xx-rate", stack + "-orders-unhealthy-targets"), "enable", true, "rollback", true));
    }

    @Test
    void inProdOrdersRollsBackThroughCodeDeployAndItsDrCopyThroughEcs() {
        var plan = ShippedStacks.plan("prod");
        // orders deploys blue/green in prod (its deployment group watches the alarms: DeliveryPlanTest);
        // the DR replica's copy deploys rolling
        assertThat(rollingOnAlarms(plan)).containsExactly("prod-dr-frontend-service", "prod-dr-orders-service", "prod-frontend-service");
    }

    @Test
    void theDrCopyWaitsForTheDrRegionsAlarms() {
        var plan = ShippedStacks.plan("prod");
        var service = plan.named("prod-dr-orders-service");
        var alarm = plan.named("prod-dr-orders-alarms-5xx-rate");
        assertThat(alarm.inputs()).containsEntry("name", "prod-orders-5xx-rate");
        assertThat(alarm.provider()).isEqualTo(service.provider()).contains("::dr::");
        assertThat(service.dependencies()).contains(alarm.urn(), plan.named("prod-dr-orders-alarms-unhealthy-targets").urn());
    }

    @Test
    void ordersAlarmsInProdReadBothTargetGroups() {
        @SuppressWarnings("unchecked")
        var queries = (List<Map<String, Object>>) ShippedStacks.plan("prod").named("prod-orders-alarms-5xx-rate").inputs().get("metricQueries");
        assertThat(queries).extracting(q -> q.get("id")).contains("errors_blue", "errors_green", "requests_blue", "requests_green");
    }
}
