package io.berth.delivery;

import io.berth.plan.Plan;
import io.berth.testing.Fixtures;
import io.berth.testing.SmallStacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static io.berth.testing.Inputs.jsonInput;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A blue/green service with a traffic shift AWS does not predefine ({@code linear-20-2m}): berth creates the
 * deployment configuration, the group shifts with it, and the service's alarms read both target groups.
 */
@Timeout(300)
class TrafficShiftTest {
    static Plan plan;

    @BeforeAll
    static void planIt() {
        var env = Fixtures.production();
        plan = SmallStacks.plan(env, Fixtures.service("shop", Map.of(
                "expose", Map.of("type", "public", "paths", List.of("/shop/*")),
                "deployment", Map.of("trafficShift", "linear-20-2m"),
                "delivery", Map.of("source", Map.of("type", "github", "repository", "acme/shop", "branch", "main"),
                        "deploy", "blue-green")), env));
    }

    @Test
    void berthCreatesTheCustomDeploymentConfiguration() {
        assertThat(plan.named("prod-shop-delivery-traffic-shift").inputs()).isEqualTo(Map.of(
                "deploymentConfigName", "prod-shop-linear-20-2m", "computePlatform", "ECS",
                "trafficRoutingConfig", Map.of("type", "TimeBasedLinear", "timeBasedLinear", Map.of("percentage", 20L, "interval", 2L))));
    }

    @Test
    void theDeploymentGroupShiftsWithIt() {
        assertThat(plan.named("prod-shop-delivery-deployment-group").inputs()).containsEntry("deploymentConfigName", "prod-shop-linear-20-2m");
        assertThat(plan.named("prod-shop-delivery-deployment-group").dependencies())
                .contains(plan.named("prod-shop-delivery-traffic-shift").urn());
    }

    @Test
    void thePipelineMayReadThatConfiguration() {
        @SuppressWarnings("unchecked")
        var statements = (List<Map<String, Object>>) jsonInput(plan.named("prod-shop-delivery-pipeline-policy"), "policy").get("Statement");
        assertThat(statements).filteredOn(s -> "CodeDeployConfig".equals(s.get("Sid"))).singleElement()
                .satisfies(s -> assertThat(s.get("Resource")).isEqualTo("arn:aws:codedeploy:eu-west-1:111111111111:deploymentconfig:prod-shop-linear-20-2m"));
    }

    @Test
    void theDeploymentGroupWaitsForTheAlarmsItWatches() {
        assertThat(plan.named("prod-shop-delivery-deployment-group").dependencies())
                .contains(plan.named("prod-shop-alarms-5xx-rate").urn(), plan.named("prod-shop-alarms-unhealthy-targets").urn());
    }

    @Test
    void codeDeployMayReadOnlyThoseAlarms() {
        @SuppressWarnings("unchecked")
        var statements = (List<Map<String, Object>>) jsonInput(plan.named("prod-shop-delivery-codedeploy-policy"), "policy").get("Statement");
        assertThat(statements).filteredOn(s -> "ReadOwnAlarms".equals(s.get("Sid"))).singleElement()
                .satisfies(s -> assertThat(s.get("Resource")).isEqualTo(List.of(
                        "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:prod-shop-5xx-rate",
                        "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:prod-shop-unhealthy-targets")));
    }

    @Test
    void theErrorRateReadsBothTargetGroups() {
        @SuppressWarnings("unchecked")
        var queries = (List<Map<String, Object>>) plan.named("prod-shop-alarms-5xx-rate").inputs().get("metricQueries");
        assertThat(queries).extracting(q -> q.get("id"))
                .containsExactly("errors_blue", "errors_green", "errors", "requests_blue", "requests_green", "requests", "rate");
        assertThat(queries).filteredOn(q -> "errors".equals(q.get("id"))).singleElement()
                .satisfies(q -> assertThat(q.get("expression")).isEqualTo("FILL(errors_blue, 0) + FILL(errors_green, 0)"));
        assertThat((String) dimension(queries, "errors_green")).startsWith("targetgroup/" + plan.named("prod-shop-tg-green").inputs().get("name") + "/");
        assertThat((String) dimension(queries, "errors_blue")).startsWith("targetgroup/" + plan.named("prod-shop-tg").inputs().get("name") + "/");
    }

    @Test
    void unhealthyTargetsCountBothTargetGroups() {
        @SuppressWarnings("unchecked")
        var queries = (List<Map<String, Object>>) plan.named("prod-shop-alarms-unhealthy-targets").inputs().get("metricQueries");
        assertThat(queries).filteredOn(q -> Boolean.TRUE.equals(q.get("returnData"))).singleElement()
                .satisfies(q -> assertThat(q.get("expression")).isEqualTo("FILL(unhealthy_blue, 0) + FILL(unhealthy_green, 0)"));
    }

    @SuppressWarnings("unchecked")
    private static Object dimension(List<Map<String, Object>> queries, String id) {
        var metric = (Map<String, Object>) queries.stream().filter(q -> id.equals(q.get("id"))).findFirst().orElseThrow().get("metric");
        return ((Map<String, Object>) metric.get("dimensions")).get("TargetGroup");
    }
}
