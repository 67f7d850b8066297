package io.berth.load;

import io.berth.model.EnvironmentConfig;
import io.berth.model.ServiceSpec;
import io.berth.testing.Catalogs;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static io.berth.testing.Catalogs.assertProblems;
import static io.berth.testing.Catalogs.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Queues a service declares ({@code queues:}): GIVEN one mistake, THEN exactly one message names the
 * file, the field path, the value, what is allowed and the fix. And the accepted forms: defaults from a
 * worker queue, the per-environment list.
 */
class DeclaredQueueErrorsTest {
    private static final String FILE = "services/api.yaml: ";
    private static EnvironmentConfig dev;

    @BeforeAll
    static void environment() {
        dev = Fixtures.environment();
    }

    private static void assertProblem(Map<String, Object> settings, String problem) {
        assertThatThrownBy(() -> Fixtures.service("api", settings, dev))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(FILE + problem));
    }

    @Test
    void aNameWithCapitalsIsRefused() {
        assertProblem(Map.of("queues", List.of(Map.of("name", "Events"))),
                "queues[0].name: 'Events' is not a queue name: 1 to 20 lowercase letters, digits or hyphens, starting and "
                        + "ending with a letter or digit, not dlq or ending in -dlq (berth names it <env>-<service>-<name> and "
                        + "its dead-letter queue <env>-<service>-<name>-dlq), e.g. events");
    }

    @Test
    void aNameEndingInDlqIsRefused() {
        assertProblem(Map.of("queues", List.of(Map.of("name", "events-dlq"))),
                "queues[0].name: 'events-dlq' is not a queue name: 1 to 20 lowercase letters, digits or hyphens, starting and "
                        + "ending with a letter or digit, not dlq or ending in -dlq (berth names it <env>-<service>-<name> and "
                        + "its dead-letter queue <env>-<service>-<name>-dlq), e.g. events");
    }

    @Test
    void twoQueuesWithOneNameAreRefused() {
        assertProblem(Map.of("queues", List.of(Map.of("name", "events"), Map.of("name", "events"))),
                "queues[1].name: 'events' names another queue of this service too; give each queue its own name");
    }

    @Test
    void thePlaceholderOfAnUndeclaredQueueIsRefused() {
        assertProblem(Map.of("queues", List.of(Map.of("name", "events")), "environment", Map.of("QUEUE", "{queue:api/event}")),
                "environment.QUEUE: unknown placeholder {queue:api/event} in '{queue:api/event}' (did you mean "
                        + "{queue:api/events}?); placeholders are {env}, {region}, {account}, {service}, {queue:api/events}");
    }

    @Test
    void aPermissionWithTheIdOfAQueueGrantIsRefused() {
        assertProblem(Map.of("queues", List.of(Map.of("name", "order-events")),
                        "permissions", List.of(Map.of("sid", "QueueOrderEvents", "actions", List.of("sqs:SendMessage"),
                                "resources", List.of("arn:aws:sqs:{region}:{account}:q")))),
                "permissions[0].sid: 'QueueOrderEvents' is the id berth gives the grant of a queue this service declares; "
                        + "choose another id");
    }

    @Test
    void anUnknownSettingIsRefused() {
        assertProblem(Map.of("queues", List.of(Map.of("name", "events", "backlogPerTask", 5))),
                "queues[0].backlogPerTask: unknown key 'backlogPerTask'; allowed keys here: maxReceiveCount, name, "
                        + "retentionDays, visibilityTimeoutSeconds");
    }

    @Test
    void aQueueThatTakesAWorkersQueueNameIsRefused() {
        assertProblems(dev, files("api.yaml", """
                        image: {repository: api, tag: "1.0.0"}
                        queues: [{name: mail}]
                        """, "api-mail.yaml", """
                        image: {repository: api-mail, tag: "1.0.0"}
                        kind: worker
                        """),
                FILE + "queues[0].name: 'mail' makes the queue dev-api-mail, which is already the queue of worker api-mail "
                        + "(services/api-mail.yaml); choose another name");
    }

    @Test
    void aQueueWhoseDeadLetterQueueTakesAWorkersQueueNameIsRefused() {
        assertProblems(dev, files("api.yaml", """
                        image: {repository: api, tag: "1.0.0"}
                        queues: [{name: mail}]
                        """, "api-mail-dlq.yaml", """
                        image: {repository: api-mail-dlq, tag: "1.0.0"}
                        kind: worker
                        """),
                FILE + "queues[0].name: 'mail' makes the queue dev-api-mail-dlq, which is already the queue of worker "
                        + "api-mail-dlq (services/api-mail-dlq.yaml); choose another name");
    }

    @Test
    void settingsDefaultToAWorkerQueuesAndTheEnvironmentsListReplacesTheBase() throws IOException {
        var files = files("api.yaml", """
                image: {repository: api, tag: "1.0.0"}
                queues: [{name: events}]
                environments:
                  prod:
                    queues: [{name: events, maxReceiveCount: 9}, {name: audit}]
                """);
        var d = ServiceSpec.WorkQueue.DEFAULTS;
        assertThat(Catalogs.load(dev, files).services().get(0).queues()).containsExactly(new ServiceSpec.DeclaredQueue(
                "events", "dev-api-events", d.retentionDays(), d.visibilityTimeoutSeconds(), d.maxReceiveCount()));
        assertThat(Catalogs.load(Fixtures.production(), files).services().get(0).queues())
                .extracting(q -> q.queueName() + "/" + q.maxReceiveCount())
                .containsExactly("prod-api-events/9", "prod-api-audit/" + d.maxReceiveCount());
    }
}
