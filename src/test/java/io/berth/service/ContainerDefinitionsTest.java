package io.berth.service;

import io.berth.model.ServiceSpec;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.berth.service.ServicePlans.settings;
import static org.assertj.core.api.Assertions.assertThat;

/** The container definition berth renders for a service: plain values in, ECS API JSON out (no engine). */
class ContainerDefinitionsTest {
    private static final String IMAGE = "111111111111.dkr.ecr.eu-west-1.amazonaws.com/dev/api:1.0.0";
    private static final String LOGS = "/berth/dev/services/api";
    private static final Map<String, Object> TMP = Map.of("sourceVolume", "tmp", "containerPath", "/tmp", "readOnly", false);

    /** A service without ECS Exec (production never has it), so only /tmp is mounted. */
    private static final ServiceSpec NO_EXEC = Fixtures.service("api", settings("deployment", Map.of("execEnabled", false)));

    @SuppressWarnings("unchecked")
    private static Map<String, Object> render(ServiceSpec spec) {
        var list = (List<Map<String, Object>>) ServicePlans.json(ContainerDefinitions.render(spec, IMAGE, LOGS, "eu-west-1"));
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    @Test
    void defaultsRenderExactly() {
        assertThat(render(NO_EXEC)).isEqualTo(settings(
                "name", "api",
                "image", IMAGE,
                "essential", true,
                "portMappings", List.of(Map.of("containerPort", 8080, "hostPort", 8080, "protocol", "tcp", "name", "http")),
                "environment", List.of(),
                "secrets", List.of(),
                "logConfiguration", Map.of("logDriver", "awslogs", "options", Map.of(
                        "awslogs-group", LOGS, "awslogs-region", "eu-west-1", "awslogs-stream-prefix", "api")),
                "readonlyRootFilesystem", true,
                "user", "1000:1000",
                "privileged", false,
                "stopTimeout", 30,
                "linuxParameters", Map.of("initProcessEnabled", true),
                "mountPoints", List.of(TMP)));
    }

    /** The README's promise for Spot: an init process forwards SIGTERM to the application and reaps zombies. */
    @Test
    void anInitProcessForwardsSigtermToTheApplication() {
        assertThat(render(NO_EXEC).get("linuxParameters")).isEqualTo(Map.of("initProcessEnabled", true));
        var worker = Fixtures.service("worker", settings("expose", Map.of("type", "none"),
                "security", Map.of("readOnlyRootFilesystem", false, "runAsRoot", true)));
        assertThat(render(worker).get("linuxParameters")).isEqualTo(Map.of("initProcessEnabled", true));
    }

    /** A read-only root filesystem still gets a writable /tmp (a volume of its own). */
    @Test
    void aReadOnlyRootFilesystemGetsAWritableTmp() {
        var c = render(NO_EXEC);
        assertThat(c.get("readonlyRootFilesystem")).isEqualTo(true);
        assertThat(c.get("mountPoints")).isEqualTo(List.of(TMP));
        assertThat(ContainerDefinitions.volumes(NO_EXEC)).containsExactly("tmp");
    }

    /** ECS Exec's agent writes to three paths, mounted writable so Exec works on a read-only root. */
    @Test
    void execMountsTheAgentsPathsWritable() {
        var exec = Fixtures.service("api", settings("deployment", Map.of("execEnabled", true)));
        assertThat(render(exec).get("mountPoints")).isEqualTo(List.of(TMP,
                Map.of("sourceVolume", "exec-managed-agents", "containerPath", "/managed-agents", "readOnly", false),
                Map.of("sourceVolume", "exec-ssm-lib", "containerPath", "/var/lib/amazon/ssm", "readOnly", false),
                Map.of("sourceVolume", "exec-ssm-log", "containerPath", "/var/log/amazon/ssm", "readOnly", false)));
        assertThat(ContainerDefinitions.volumes(exec)).containsExactly("tmp", "exec-managed-agents", "exec-ssm-lib", "exec-ssm-log");
    }

    @Test
    void aWritableRootFilesystemNeedsNoVolumes() {
        var writable = Fixtures.service("api", settings("security", Map.of("readOnlyRootFilesystem", false)));
        var c = render(writable);
        assertThat(c.get("readonlyRootFilesystem")).isEqualTo(false);
        assertThat(c).doesNotContainKey("mountPoints");
        assertThat(ContainerDefinitions.volumes(writable)).isEmpty();
    }

    @Test
    void runsAsTheDeclaredNonRootUser() {
        var spec = Fixtures.service("api", settings("security", Map.of("user", "app:app")));
        assertThat(render(spec).get("user")).isEqualTo("app:app");
    }

    @Test
    void runAsRootLeavesTheUserToTheImage() {
        var spec = Fixtures.service("api", settings("security", Map.of("runAsRoot", true)));
        assertThat(render(spec)).doesNotContainKey("user");
    }

    @Test
    void privilegedIsPassedThrough() {
        var spec = NO_EXEC.toBuilder().security(NO_EXEC.security().toBuilder().privileged(true).build()).build();
        assertThat(render(spec).get("privileged")).isEqualTo(true);
    }

    @Test
    void aWorkerHasNoPortMapping() {
        var worker = Fixtures.service("worker", settings("expose", Map.of("type", "none")));
        assertThat(render(worker)).doesNotContainKey("portMappings");
    }

    @Test
    void theDeclaredPortIsMappedAsHttp() {
        var spec = Fixtures.service("api", settings("port", 3000));
        assertThat(render(spec).get("portMappings"))
                .isEqualTo(List.of(Map.of("containerPort", 3000, "hostPort", 3000, "protocol", "tcp", "name", "http")));
    }

    @Test
    void commandEnvironmentAndSecretsByReference() {
        var spec = Fixtures.service("api", settings(
                "command", List.of("serve", "--port", "8080"),
                "environment", Map.of("MODE", "{env}-{region}"),
                "secrets", Map.of("DB_PASSWORD", "secretsmanager:berth/{env}/api/db", "TOKEN", "ssm:/berth/{env}/api/token")));
        var c = render(spec);
        assertThat(c.get("command")).isEqualTo(List.of("serve", "--port", "8080"));
        assertThat(c.get("environment")).isEqualTo(List.of(Map.of("name", "MODE", "value", "dev-eu-west-1")));
        assertThat(c.get("secrets")).isEqualTo(List.of(
                Map.of("name", "DB_PASSWORD", "valueFrom", "arn:aws:secretsmanager:eu-west-1:111111111111:secret:berth/dev/api/db"),
                Map.of("name", "TOKEN", "valueFrom", "arn:aws:ssm:eu-west-1:111111111111:parameter/berth/dev/api/token")));
    }

    @Test
    void noCommandKeepsTheImagesOwn() {
        assertThat(render(NO_EXEC)).doesNotContainKey("command");
    }

    @Test
    void theStopTimeoutIsTheDeployments() {
        var spec = Fixtures.service("api", settings("deployment", Map.of("stopTimeoutSeconds", 90)));
        assertThat(render(spec).get("stopTimeout")).isEqualTo(90);
    }

    @Test
    void aContainerHealthCheckUsesTheHealthCheckTimings() {
        var spec = Fixtures.service("api", settings("healthCheck", Map.of("command", List.of("CMD-SHELL", "curl -f localhost:8080/"),
                "intervalSeconds", 20, "timeoutSeconds", 4, "unhealthyThreshold", 5, "gracePeriodSeconds", 60)));
        assertThat(render(spec).get("healthCheck")).isEqualTo(Map.of("command", List.of("CMD-SHELL", "curl -f localhost:8080/"),
                "interval", 20, "timeout", 4, "retries", 5, "startPeriod", 60));
    }

    @Test
    void withoutACommandThereIsNoContainerHealthCheck() {
        assertThat(render(NO_EXEC)).doesNotContainKey("healthCheck");
    }
}
