package io.berth.service;

import io.berth.plan.Plan;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static io.berth.service.ServicePlans.json;
import static io.berth.service.ServicePlans.statements;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Queues a service declares ({@code queues:}), through the whole program: a dev plan where api (kind:
 * service) declares events (its own settings) and audit (the defaults) and names events' URL in an
 * environment variable, and a production plan of the same entry.
 */
@Timeout(300) // the mock engine can hang (pulumi-java#2270)
class DeclaredQueuesPlanTest {
    private static final String EVENTS_ARN = "arn:aws:sqs:eu-west-1:111111111111:dev-api-events";
    private static final String AUDIT_ARN = "arn:aws:sqs:eu-west-1:111111111111:dev-api-audit";
    private static final Map<String, Object> API = Map.of(
            "queues", List.of(Map.of("name", "events", "maxReceiveCount", 7, "retentionDays", 2, "visibilityTimeoutSeconds", 30),
                    Map.of("name", "audit")),
            "environment", Map.of("EVENTS_QUEUE", "{queue:api/events}"));
    private static Plan dev;
    private static Plan prod;
    private static Plan replica;

    @BeforeAll
    static void plan() {
        var env = Fixtures.environment();
        dev = Fixtures.plan(env, Fixtures.service("api", API, env));
        var production = Fixtures.production();
        prod = Fixtures.plan(production, Fixtures.service("api", API, production));
        replica = Fixtures.plan(Fixtures.stack(Fixtures.environment("prod", Map.of("berth:dr",
                "{\"region\":\"eu-central-1\",\"mode\":\"warm-standby\"}")), Map.of("api", API)));
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    @Test
    void theStackOutputListsEachDeclaredQueueUnderItsPlaceholderName() {
        assertThat(dev.outputs().get("queues")).isEqualTo(Map.of(
                "api/audit", "https://sqs.eu-west-1.amazonaws.com/111111111111/dev-api-audit",
                "api/events", "https://sqs.eu-west-1.amazonaws.com/111111111111/dev-api-events"));
    }

    @Test
    void eachQueueIsEncryptedAndRedrivesToItsOwnDeadLetterQueue() {
        var queue = dev.named("dev-api-queue-events").inputs();
        assertThat(queue).containsEntry("name", "dev-api-events").containsEntry("sqsManagedSseEnabled", true);
        assertThat(number(queue.get("messageRetentionSeconds"))).isEqualTo(2 * 86_400);
        assertThat(number(queue.get("visibilityTimeoutSeconds"))).isEqualTo(30);
        Map<String, Object> redrive = json(queue.get("redrivePolicy"));
        assertThat(redrive).containsEntry("deadLetterTargetArn", EVENTS_ARN + "-dlq");
        assertThat(number(redrive.get("maxReceiveCount"))).isEqualTo(7);

        var dlq = dev.named("dev-api-queue-events-dlq").inputs();
        assertThat(dlq).containsEntry("name", "dev-api-events-dlq").containsEntry("sqsManagedSseEnabled", true);
        Map<String, Object> allow = json(dlq.get("redriveAllowPolicy"));
        assertThat(allow).containsEntry("redrivePermission", "byQueue").containsEntry("sourceQueueArns", List.of(EVENTS_ARN));
    }

    @Test
    void aQueueWithoutSettingsTakesAWorkerQueuesDefaults() {
        var queue = dev.named("dev-api-queue-audit").inputs();
        assertThat(number(queue.get("messageRetentionSeconds"))).isEqualTo(4 * 86_400);
        assertThat(number(queue.get("visibilityTimeoutSeconds"))).isEqualTo(60);
        assertThat(number(((Map<?, ?>) json(queue.get("redrivePolicy"))).get("maxReceiveCount"))).isEqualTo(5);
    }

    @Test
    void theOwnerMaySendAndConsumeExactlyItsDeclaredQueues() {
        var grants = statements(dev.named("dev-api-task-policy"));
        var actions = List.of("sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                "sqs:GetQueueAttributes");
        assertThat(grants.get("QueueEvents")).containsEntry("Action", actions).containsEntry("Resource", EVENTS_ARN);
        assertThat(grants.get("QueueAudit")).containsEntry("Action", actions).containsEntry("Resource", AUDIT_ARN);
        assertThat(grants.values()).filteredOn(s -> String.valueOf(s.get("Action")).contains("sqs:"))
                .extracting(s -> s.get("Resource")).containsExactlyInAnyOrder(EVENTS_ARN, AUDIT_ARN);
    }

    @Test
    void thePlaceholderResolvesToTheQueueUrl() {
        assertThat((String) dev.named("dev-api-task").inputs().get("containerDefinitions"))
                .contains("{\"name\":\"EVENTS_QUEUE\",\"value\":\"https://sqs.eu-west-1.amazonaws.com/111111111111/dev-api-events\"}");
    }

    @Test
    void queuesAreProtectedInProductionOnly() {
        for (var name : List.of("prod-api-queue-events", "prod-api-queue-events-dlq", "prod-api-queue-audit", "prod-api-queue-audit-dlq")) {
            assertThat(prod.named(name).protect()).as(name).isTrue();
        }
        assertThat(dev.named("dev-api-queue-events").protect()).isFalse();
        assertThat(dev.named("dev-api-queue-events-dlq").protect()).isFalse();
    }

    @Test
    void theDrReplicaHasItsOwnQueueInItsRegionAndItsTasksNameThatOne() {
        assertThat(replica.named("prod-dr-api-queue-events").inputs()).containsEntry("name", "prod-api-events");
        assertThat((String) replica.named("prod-dr-api-task").inputs().get("containerDefinitions"))
                .contains("https://sqs.eu-central-1.amazonaws.com/111111111111/prod-api-events");
        assertThat(statements(replica.named("prod-dr-api-task-policy")).get("QueueEvents"))
                .containsEntry("Resource", "arn:aws:sqs:eu-central-1:111111111111:prod-api-events");
    }
}
