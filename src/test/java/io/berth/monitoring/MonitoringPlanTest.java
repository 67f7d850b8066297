package io.berth.monitoring;

import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import io.berth.testing.Fixtures;
import io.berth.testing.Plans;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alarms, topics, events and the dashboard of a small environment: a public service ("web", owned
 * by web-team, tighter CPU threshold), an internal one ("api"), a service with alarms off ("quiet")
 * and one that may run no task ("batch"); the environment's topic has an email and an HTTPS
 * subscriber, web-team's an email and a chat topic.
 */
class MonitoringPlanTest {
    static final String CHAT = "arn:aws:sns:eu-west-1:111111111111:chat-alerts";
    static Plan plan;

    @BeforeAll
    static void planIt() {
        var env = Fixtures.environment("dev", Map.of("berth:notifications", """
                {"email": ["oncall@example.com"], "https": ["https://hooks.example.com/alarms"],
                 "owners": {"web-team": {"email": ["web@example.com"], "topics": ["%s"]}}}""".formatted(CHAT),
                "berth:network", "{\"natGateways\": \"per-az\"}"));
        plan = Fixtures.plan(env,
                Fixtures.service("web", Map.of("owner", "web-team", "expose", Map.of("type", "public", "paths", List.of("/*")),
                        "alarms", Map.of("cpuPercent", 75, "evaluationMinutes", 3))),
                Fixtures.service("api"),
                Fixtures.service("quiet", Map.of("alarms", Map.of("enabled", false))),
                Fixtures.service("batch", Map.of("scaling", Map.of("min", 0, "max", 2, "schedules", List.of(
                        Map.of("name", "nightly", "schedule", "cron(0 1 * * ? *)", "min", 1, "max", 2))))));
    }

    static List<PlannedResource> alarmsOf(String service) {
        return plan.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").stream()
                .filter(a -> service.equals(Plans.tags(a).get("berth:service"))).toList();
    }

    static List<String> kinds(String service) {
        return alarmsOf(service).stream().map(a -> (String) Plans.tags(a).get("berth:alarm")).sorted().toList();
    }

    @Test
    void anInternalServiceHasTaskCpuMemoryAndCombinedAlarms() {
        assertThat(kinds("api")).containsExactly("cpu-high", "memory-high", "running-tasks", "utilization-high");
    }

    @Test
    void aPublicServiceAlsoHasErrorRateLatencyAndHealthAlarms() {
        assertThat(kinds("web")).containsExactly("5xx-rate", "cpu-high", "memory-high", "p99-latency", "running-tasks",
                "unhealthy-targets", "utilization-high");
    }

    @Test
    void alarmsOffMeansNoAlarms() {
        assertThat(alarmsOf("quiet")).isEmpty();
    }

    @Test
    void aServiceThatMayRunNoTaskHasNoRunningTaskAlarm() {
        assertThat(kinds("batch")).doesNotContain("running-tasks").contains("cpu-high");
    }

    @Test
    void defaultThresholdsAndEvaluation() {
        var cpu = plan.named("dev-api-alarms-cpu-high");
        assertThat(cpu.inputs()).containsEntry("name", "dev-api-cpu-high").containsEntry("threshold", 90L)
                .containsEntry("namespace", "AWS/ECS").containsEntry("metricName", "CPUUtilization")
                .containsEntry("comparisonOperator", "GreaterThanThreshold").containsEntry("evaluationPeriods", 5L)
                .containsEntry("period", 60L).containsEntry("statistic", "Average");
        assertThat(plan.named("dev-api-alarms-memory-high").inputs()).containsEntry("threshold", 90L);
        assertThat(plan.named("dev-api-alarms-running-tasks").inputs()).containsEntry("threshold", 1L)
                .containsEntry("comparisonOperator", "LessThanThreshold").containsEntry("treatMissingData", "breaching")
                .containsEntry("namespace", "ECS/ContainerInsights");
    }

    @Test
    void catalogThresholdsApply() {
        var cpu = plan.named("dev-web-alarms-cpu-high");
        assertThat(cpu.inputs()).containsEntry("threshold", 75L).containsEntry("evaluationPeriods", 3L);
        // the combined alarm fires at the lower of the two thresholds
        assertThat(plan.named("dev-web-alarms-utilization-high").inputs()).containsEntry("threshold", 75L);
        assertThat(plan.named("dev-web-alarms-p99-latency").inputs()).containsEntry("threshold", 2L)
                .containsEntry("extendedStatistic", "p99");
        assertThat(plan.named("dev-web-alarms-5xx-rate").inputs()).containsEntry("threshold", 5L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void combinedUtilizationIsTheHigherOfCpuAndMemory() {
        var queries = (List<Map<String, Object>>) plan.named("dev-api-alarms-utilization-high").inputs().get("metricQueries");
        assertThat(queries).extracting(q -> q.get("id")).containsExactly("cpu", "memory", "utilization");
        assertThat(queries.get(2)).containsEntry("expression", "MAX([cpu, memory])").containsEntry("returnData", true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theErrorRateDividesTarget5xxByRequestsWithoutDividingByZero() {
        var queries = (List<Map<String, Object>>) plan.named("dev-web-alarms-5xx-rate").inputs().get("metricQueries");
        assertThat(queries.get(0)).extracting(q -> ((Map<String, Object>) q.get("metric")).get("metricName"))
                .isEqualTo("HTTPCode_Target_5XX_Count");
        assertThat(queries.get(2)).containsEntry("expression", "IF(requests > 0, 100 * errors / requests, 0)");
    }

    @Test
    void serviceAlarmsNotifyTheOwnerTopicTheOwnersOwnTopicsAndTheEnvironment() {
        assertThat(plan.named("dev-web-alarms-cpu-high").<List<String>>input("alarmActions")).containsExactly(
                "arn:aws:sns:eu-west-1:111111111111:dev-notifications-owner-web-team", CHAT,
                "arn:aws:sns:eu-west-1:111111111111:dev-notifications-environment");
        assertThat(plan.named("dev-api-alarms-cpu-high").<List<String>>input("okActions")).containsExactly(
                "arn:aws:sns:eu-west-1:111111111111:dev-notifications-owner-platform-team",
                "arn:aws:sns:eu-west-1:111111111111:dev-notifications-environment");
    }

    @Test
    void subscriptionsFollowTheStackFile() {
        var subscriptions = plan.ofType("aws:sns/topicSubscription:TopicSubscription").stream()
                .map(s -> s.inputs().get("topic") + " " + s.inputs().get("protocol") + " " + s.inputs().get("endpoint"))
                .sorted().toList();
        var topics = "arn:aws:sns:eu-west-1:111111111111:";
        assertThat(subscriptions).contains(
                topics + "dev-notifications-environment email oncall@example.com",
                topics + "dev-notifications-environment https https://hooks.example.com/alarms",
                topics + "dev-notifications-owner-web-team email web@example.com",
                topics + "dev-spot-interruptions email oncall@example.com");
        assertThat(subscriptions).noneMatch(s -> s.contains("owner-platform-team"));
    }

    @Test
    void topicsAreEncryptedWithAKeyCloudWatchAndEventBridgeMayUse() {
        var topic = plan.named("dev-notifications-environment");
        assertThat(topic.inputs()).containsKey("kmsMasterKeyId");
        var policy = (String) plan.named("dev-notifications-key").inputs().get("policy");
        assertThat(policy).contains("\"cloudwatch.amazonaws.com\"", "\"events.amazonaws.com\"", "kms:GenerateDataKey*",
                "\"aws:SourceAccount\":\"111111111111\"");
        assertThat((String) plan.named("dev-notifications-environment-policy").inputs().get("policy"))
                .contains("sns:Publish", "\"aws:SourceAccount\":\"111111111111\"");
    }

    @Test
    void environmentAlarmsCoverTheLoadBalancerAndEachNatGateway() {
        assertThat(plan.named("dev-alarms-alb-5xx").inputs()).containsEntry("metricName", "HTTPCode_ELB_5XX_Count")
                .containsEntry("threshold", (long) EnvironmentAlarms.ELB_5XX_PER_MINUTE);
        assertThat(plan.resources()).extracting(PlannedResource::name)
                .contains("dev-alarms-nat-1-port-allocation", "dev-alarms-nat-2-port-allocation")
                .doesNotContain("dev-alarms-nat-3-port-allocation");
    }

    @Test
    void ecsEventsGoToTheEnvironmentTopic() {
        var rules = plan.ofType("aws:cloudwatch/eventRule:EventRule").stream().map(PlannedResource::name).toList();
        assertThat(rules).contains("dev-alarms-deployment-failed", "dev-alarms-task-failed", "dev-alarms-placement-failed")
                // no pipeline in this environment's catalog: nothing to report
                .doesNotContain("dev-alarms-pipeline-failed");
        assertThat((String) plan.named("dev-alarms-task-failed").inputs().get("eventPattern"))
                .contains("\"stopCode\":[\"TaskFailedToStart\",\"EssentialContainerExited\"]");
        assertThat(plan.named("dev-alarms-deployment-failed-to-sns").inputs())
                .containsEntry("arn", "arn:aws:sns:eu-west-1:111111111111:dev-notifications-environment");
    }

    @Test
    void theDashboardHasARowPerService() {
        var body = (String) plan.named("dev-dashboard").inputs().get("dashboardBody");
        assertThat(body).contains("web: running tasks", "api: running tasks", "quiet: running tasks", "batch: running tasks",
                "web: requests, 5xx, p99 latency").doesNotContain("api: requests");
        assertThat(plan.named("dev-dashboard").inputs()).containsEntry("dashboardName", "berth-dev");
    }
}
