package io.berth.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import io.berth.plan.RegistryContents;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job, a worker and a producer planned through the whole program once (dev): GIVEN catalog entries of
 * kind job and worker and a service that {@code sends} to the worker, THEN the schedule, state machine,
 * queues, scaling and grants are what the catalog declares.
 */
class JobWorkerPlanTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUEUE_ARN = "arn:aws:sqs:eu-west-1:111111111111:dev-mailer";
    private static final String QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/111111111111/dev-mailer";
    private static Plan plan;

    @BeforeAll
    static void plan() {
        var documents = new LinkedHashMap<String, Map<String, Object>>();
        documents.put("nightly", Map.of("kind", "job", "job", Map.of("schedule", "cron(0 2 * * ? *)", "timezone", "Europe/Dublin",
                "flexibleWindowMinutes", 15, "maxRunMinutes", 30, "retries", 3)));
        documents.put("mailer", Map.of("kind", "worker", "queue", Map.of("maxReceiveCount", 7, "retentionDays", 2,
                "visibilityTimeoutSeconds", 90, "backlogPerTask", 25), "scaling", Map.of("min", 0, "max", 3)));
        documents.put("shop", Map.of("sends", List.of("mailer"), "environment", Map.of("MAIL_QUEUE", "{queue:mailer}")));
        plan = Fixtures.plan(Fixtures.environment(), Fixtures.services(Fixtures.environment(), documents));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    // --- job

    @Test
    void scheduleRunsTheCronInItsZoneWithAFlexibleWindow() {
        var schedule = plan.named("dev-nightly-schedule").inputs();
        assertThat(schedule).containsEntry("name", "dev-nightly").containsEntry("scheduleExpression", "cron(0 2 * * ? *)")
                .containsEntry("scheduleExpressionTimezone", "Europe/Dublin").containsEntry("state", "ENABLED");
        assertThat(map(schedule.get("flexibleTimeWindow"))).containsEntry("mode", "FLEXIBLE");
        assertThat(number(map(schedule.get("flexibleTimeWindow")).get("maximumWindowInMinutes"))).isEqualTo(15);
    }

    @Test
    void scheduleStartsTheStateMachineAndDeadLettersWhatItCannotStart() {
        var target = map(plan.named("dev-nightly-schedule").inputs().get("target"));
        assertThat(target).containsEntry("arn", "arn:aws:states:eu-west-1:111111111111:stateMachine:dev-nightly");
        assertThat(map(target.get("deadLetterConfig"))).containsEntry("arn", "arn:aws:sqs:eu-west-1:111111111111:dev-nightly-schedule-dlq");
        assertThat(plan.named("dev-nightly-schedule-dlq").inputs()).containsEntry("sqsManagedSseEnabled", true);
    }

    @Test
    void stateMachineStopsTheRunAfterMaxRunMinutesAndRetriesFailedRuns() throws Exception {
        var definition = JSON.readTree((String) plan.named("dev-nightly-runs").inputs().get("definition"));
        var run = definition.at("/States/Run");
        assertThat(run.get("Resource").asText()).isEqualTo("arn:aws:states:::ecs:runTask.sync");
        assertThat(run.get("TimeoutSeconds").asInt()).isEqualTo(30 * 60);
        assertThat(run.at("/Retry/0/MaxAttempts").asInt()).isEqualTo(3);
        assertThat(run.at("/Retry/0/ErrorEquals").toString()).contains("States.TaskFailed").doesNotContain("States.Timeout");
    }

    @Test
    void overlapSkipChecksForARunningTaskOfTheFamilyFirst() throws Exception {
        var definition = JSON.readTree((String) plan.named("dev-nightly-runs").inputs().get("definition"));
        assertThat(definition.get("StartAt").asText()).isEqualTo("CheckRunning");
        assertThat(definition.at("/States/CheckRunning/Resource").asText()).isEqualTo("arn:aws:states:::aws-sdk:ecs:listTasks");
        assertThat(definition.at("/States/CheckRunning/Parameters/Family").asText()).isEqualTo("dev-nightly");
    }

    @Test
    void theRunTakesItsTaskDefinitionFromTheReleaseParameter() throws Exception {
        var definition = JSON.readTree((String) plan.named("dev-nightly-runs").inputs().get("definition"));
        assertThat(definition.at("/States/Run/Parameters/TaskDefinition.$").asText()).isEqualTo("$.release.taskDefinition");
        assertThat(plan.named("dev-nightly-release").inputs()).containsEntry("name", "/berth/dev/jobs/nightly/task-definition")
                // berth's task definition (the mock names its ARN after the logical name)
                .containsEntry("value", "arn:aws:ecs:eu-west-1:111111111111:task-definition/dev-nightly-task:1");
    }

    @Test
    void aJobHasNoEcsServiceNoScalingAndNoAlarms() {
        var jobChildren = plan.resources().stream().filter(r -> r.name().startsWith("dev-nightly-")).map(PlannedResource::type).toList();
        assertThat(jobChildren).doesNotContain("aws:ecs/service:Service", "aws:appautoscaling/target:Target",
                "aws:lb/targetGroup:TargetGroup", "berth:monitoring:ServiceAlarms");
        assertThat(jobChildren).contains("aws:ecs/taskDefinition:TaskDefinition", "aws:cloudwatch/logGroup:LogGroup");
    }

    @Test
    void theOneOffRunIsExported() {
        assertThat(map(plan.outputs().get("jobRuns"))).containsEntry("nightly", "aws stepfunctions start-execution --region eu-west-1 "
                + "--state-machine-arn arn:aws:states:eu-west-1:111111111111:stateMachine:dev-nightly");
    }

    @Test
    void overlapAllowStartsAtTheRelease() throws Exception {
        var spec = Fixtures.service("nightly", Map.of("kind", "job", "job", Map.of("schedule", "rate(1 hour)", "overlap", "allow")));
        var definition = JSON.readTree(JobRun.definition(Fixtures.environment(), spec, "dev-nightly", "cluster", List.of("subnet-1"), "sg-1"));
        assertThat(definition.get("StartAt").asText()).isEqualTo("Release");
        assertThat(definition.has("/States/CheckRunning")).isFalse();
    }

    // --- worker

    @Test
    void workerQueueIsEncryptedWithItsRetentionAndVisibility() {
        var queue = plan.named("dev-mailer-queue").inputs();
        assertThat(queue).containsEntry("name", "dev-mailer").containsEntry("sqsManagedSseEnabled", true);
        assertThat(number(queue.get("messageRetentionSeconds"))).isEqualTo(2 * 86_400);
        assertThat(number(queue.get("visibilityTimeoutSeconds"))).isEqualTo(90);
    }

    @Test
    void workerQueueRedrivesToItsDeadLetterQueueAfterMaxReceiveCount() throws Exception {
        var redrive = JSON.readTree((String) plan.named("dev-mailer-queue").inputs().get("redrivePolicy"));
        assertThat(redrive.get("deadLetterTargetArn").asText()).isEqualTo(QUEUE_ARN + "-dlq");
        assertThat(redrive.get("maxReceiveCount").asInt()).isEqualTo(7);
        var dlq = plan.named("dev-mailer-dlq").inputs();
        assertThat(map(dlq.get("tags"))).containsEntry("berth:dead-letter", "true");
        assertThat(JSON.readTree((String) dlq.get("redriveAllowPolicy")).get("sourceQueueArns").toString()).isEqualTo("[\"" + QUEUE_ARN + "\"]");
    }

    @Test
    void workerTracksBacklogPerTaskWithMetricMath() {
        var config = map(plan.named("dev-mailer-scale-backlog").inputs().get("targetTrackingScalingPolicyConfiguration"));
        assertThat(number(config.get("targetValue"))).isEqualTo(25);
        @SuppressWarnings("unchecked")
        var metrics = (List<Map<String, Object>>) map(config.get("customizedMetricSpecification")).get("metrics");
        assertThat(metrics).extracting(m -> m.get("id")).containsExactly("visible", "tasks", "backlogPerTask");
        assertThat(metrics.get(2)).containsEntry("expression", "visible / tasks").containsEntry("returnData", true);
        assertThat(map(map(metrics.get(0).get("metricStat")).get("metric"))).containsEntry("metricName", "ApproximateNumberOfMessagesVisible");
    }

    @Test
    void workerStartsFromZeroOnAnAlarmThatAddsOneTask() {
        var step = plan.named("dev-mailer-scale-from-zero").inputs();
        assertThat(step).containsEntry("policyType", "StepScaling");
        var alarm = plan.named("dev-mailer-start-from-zero").inputs();
        assertThat(alarm.get("alarmActions").toString()).contains("dev-mailer-from-zero");
        @SuppressWarnings("unchecked")
        var queries = (List<Map<String, Object>>) alarm.get("metricQueries");
        assertThat(queries.get(2)).containsEntry("expression", "IF(visible > 0 AND FILL(tasks, 0) == 0, 1, 0)");
        assertThat(number(plan.named("dev-mailer-scaling").inputs().get("minCapacity"))).isZero();
    }

    @Test
    void workerConsumesOnlyItsOwnQueue() throws Exception {
        var statement = statement("dev-mailer-task-policy", "ConsumeOwnQueue");
        assertThat(statement.get("Resource").asText()).isEqualTo(QUEUE_ARN);
    }

    // --- producer

    @Test
    void sendsGrantsSendMessageOnExactlyThatQueue() throws Exception {
        var statement = statement("dev-shop-task-policy", "SendToMailer");
        assertThat(statement.get("Action").toString()).isEqualTo("[\"sqs:SendMessage\",\"sqs:GetQueueAttributes\"]");
        assertThat(statement.get("Resource").asText()).isEqualTo(QUEUE_ARN);
    }

    @Test
    void queuePlaceholderResolvesToTheQueueUrl() {
        assertThat((String) plan.named("dev-shop-task").inputs().get("containerDefinitions"))
                .contains("{\"name\":\"MAIL_QUEUE\",\"value\":\"" + QUEUE_URL + "\"}");
        assertThat(map(plan.outputs().get("queues"))).containsEntry("mailer", QUEUE_URL);
    }

    @Test
    void aJobWaitingForItsFirstReleaseIsCreatedDisabled() {
        var waiting = Fixtures.plan(Fixtures.environment(), RegistryContents.empty(),
                Fixtures.service("nightly", Map.of("kind", "job", "job", Map.of("schedule", "rate(1 day)"))));
        assertThat(waiting.named("dev-nightly-schedule").inputs()).containsEntry("state", "DISABLED")
                .doesNotContainKey("scheduleExpressionTimezone");
    }

    private static com.fasterxml.jackson.databind.JsonNode statement(String policy, String sid) throws Exception {
        for (var s : JSON.readTree((String) plan.named(policy).inputs().get("policy")).get("Statement")) {
            if (s.get("Sid").asText().equals(sid)) {
                return s;
            }
        }
        throw new AssertionError(policy + " has no statement " + sid);
    }
}
