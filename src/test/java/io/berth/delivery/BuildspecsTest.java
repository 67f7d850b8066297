package io.berth.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * berth's own build steps, run with bash and jq against a fake {@code aws} CLI that answers from
 * canned task definitions and records every call: nothing reaches AWS. Skipped where bash or jq is
 * missing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BuildspecsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** berth's revision: a config change (A=new) over the catalog's placeholder tag. */
    private static final String BERTH_REVISION = """
            {"taskDefinition":{"taskDefinitionArn":"arn:aws:ecs:eu-west-1:111111111111:task-definition/dev-orders:7","family":"dev-orders",
             "revision":7,"status":"ACTIVE","cpu":"512","memory":"1024","compatibilities":["FARGATE"],"requiresAttributes":[],
             "registeredAt":"2026-01-01","registeredBy":"berth",
             "containerDefinitions":[{"name":"orders","image":"repo/dev/orders:latest","environment":[{"name":"A","value":"%s"}]}]},
             "tags":[{"key":"environment","value":"dev"}]}
            """;
    /** What the service runs: the pipeline's last release (image abc123) on the previous config (A=old). */
    private static final String RUNNING = """
            {"taskDefinition":{"taskDefinitionArn":"arn:aws:ecs:eu-west-1:111111111111:task-definition/dev-orders:9","family":"dev-orders",
             "revision":9,"status":"ACTIVE","cpu":"512","memory":"1024","compatibilities":["FARGATE"],"requiresAttributes":[],
             "registeredAt":"2026-01-02","registeredBy":"codepipeline",
             "containerDefinitions":[{"name":"orders","image":"repo/dev/orders:abc123","environment":[{"name":"A","value":"old"}]}]},
             "tags":[{"key":"environment","value":"dev"}]}
            """;
    private static final String FAKE_AWS = """
            aws() {
              echo "aws $*" >> calls.log
              case "$1 $2" in
                "ecs describe-task-definition") case "$*" in *task-definition/dev-orders:7*) cat berth-revision.json;; *) cat running.json;; esac;;
                "ecs describe-services") case "$*" in *deployments*) echo COMPLETED;; *) if [ -f updated.txt ]; then cat updated.txt; else echo arn:aws:ecs:eu-west-1:111111111111:task-definition/dev-orders:9; fi;; esac;;
                "ecs register-task-definition") cp "${4#file://}" registered.json; echo arn:aws:ecs:eu-west-1:111111111111:task-definition/dev-orders:10;;
                "ecs update-service") echo "$8" > updated.txt; echo '{}';;
                "ecr batch-get-image") case "$*" in *MediaType*) echo application/vnd.oci.image.manifest.v1+json;; *) echo '{"schemaVersion":2}';; esac;;
                *) echo '{}';;
              esac
            }
            sleep() { :; }
            export BERTH_TASK_DEFINITION=arn:aws:ecs:eu-west-1:111111111111:task-definition/dev-orders:7 BERTH_CLUSTER=dev-cluster
            export BERTH_SERVICE=dev-orders-service BERTH_CONTAINER_NAME=orders BERTH_CONTAINER_PORT=8080 BERTH_REPOSITORY_NAME=dev/orders
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void tools() throws Exception {
        assumeTrue(available("bash") && available("jq"), "bash and jq are needed to run the buildspecs");
        Files.writeString(dir.resolve("imagedefinitions.json"), "[{\"name\":\"orders\",\"imageUri\":\"repo/dev/orders:def456\"}]");
        Files.writeString(dir.resolve("running.json"), RUNNING);
    }

    @Test
    void rebaseMovesTheServiceOntoBerthsRevisionWithTheImageItRuns() throws Exception {
        Files.writeString(dir.resolve("berth-revision.json"), BERTH_REVISION.formatted("new"));

        var exit = run(Buildspecs.deploy(), "rebase");

        assertThat(exit).isZero();
        var registered = JSON.readTree(dir.resolve("registered.json").toFile());
        // berth's configuration, the running release's image, nothing register-task-definition refuses
        assertThat(registered.at("/containerDefinitions/0/environment/0/value").asText()).isEqualTo("new");
        assertThat(registered.at("/containerDefinitions/0/image").asText()).isEqualTo("repo/dev/orders:abc123");
        assertThat(registered.has("revision") || registered.has("status") || registered.has("taskDefinitionArn")).isFalse();
        assertThat(registered.at("/tags/0/key").asText()).isEqualTo("environment");
        assertThat(calls()).anyMatch(c -> c.startsWith("aws ecs update-service --cluster dev-cluster --service dev-orders-service "
                + "--task-definition arn:aws:ecs:eu-west-1:111111111111:task-definition/dev-orders:10"));
    }

    @Test
    void rebaseDoesNothingWhenTheServiceAlreadyRunsBerthsConfiguration() throws Exception {
        Files.writeString(dir.resolve("berth-revision.json"), BERTH_REVISION.formatted("old"));

        var exit = run(Buildspecs.deploy(), "rebase");

        assertThat(exit).isZero();
        assertThat(dir.resolve("registered.json")).doesNotExist();
        assertThat(calls()).noneMatch(c -> c.contains("update-service") || c.contains("register-task-definition"));
    }

    @Test
    void renderWritesCodeDeploysInputsFromBerthsRevision() throws Exception {
        Files.writeString(dir.resolve("berth-revision.json"), BERTH_REVISION.formatted("new"));

        var exit = run(Buildspecs.render(), "render");

        assertThat(exit).isZero();
        var taskdef = JSON.readTree(dir.resolve("taskdef.json").toFile());
        assertThat(taskdef.at("/containerDefinitions/0/image").asText()).isEqualTo("<IMAGE1_NAME>");
        assertThat(taskdef.at("/containerDefinitions/0/environment/0/value").asText()).isEqualTo("new");
        assertThat(JSON.readTree(dir.resolve("imageDetail.json").toFile()).get("ImageURI").asText()).isEqualTo("repo/dev/orders:def456");
        assertThat(Files.readString(dir.resolve("appspec.yaml"))).contains("TaskDefinition: <TASK_DEFINITION>")
                .contains("ContainerName: \"orders\"").contains("ContainerPort: 8080");
    }

    @Test
    void releaseMovesThePromotionTagToTheDeployedImage() throws Exception {
        var exit = run(Buildspecs.deploy(), "release", "BERTH_PROMOTION_TAGS=release");

        assertThat(exit).isZero();
        var calls = calls();
        var delete = calls.indexOf("aws ecr batch-delete-image --repository-name dev/orders --image-ids imageTag=release");
        var put = calls.indexOf("aws ecr put-image --repository-name dev/orders --image-tag release --image-manifest {\"schemaVersion\":2} "
                + "--image-manifest-media-type application/vnd.oci.image.manifest.v1+json");
        assertThat(delete).isNotNegative(); // immutable repositories cannot move a tag
        assertThat(put).isGreaterThan(delete);
    }

    @Test
    void everyBuildspecIsVersion02Yaml() {
        for (var spec : List.of(Buildspecs.deploy(), Buildspecs.render(), Buildspecs.promotion(), Buildspecs.test(List.of("make it 'now'")))) {
            Map<?, ?> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(spec);
            assertThat(doc.get("version")).isEqualTo(0.2);
            assertThat(doc.get("phases")).isInstanceOf(Map.class);
        }
    }

    @SuppressWarnings("unchecked")
    private int run(String buildspec, String step, String... extraEnv) throws Exception {
        Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(buildspec);
        var script = new StringBuilder(FAKE_AWS).append("export BERTH_STEP=").append(step).append('\n');
        for (var e : extraEnv) {
            script.append("export ").append(e).append('\n');
        }
        for (var phase : List.of("install", "pre_build", "build", "post_build")) {
            var p = (Map<String, Object>) ((Map<String, Object>) doc.get("phases")).get(phase);
            if (p != null) {
                for (var c : (List<String>) p.get("commands")) {
                    script.append(c).append('\n');
                }
            }
        }
        var process = new ProcessBuilder("bash", "-c", script.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile()).start();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    private List<String> calls() throws IOException {
        var log = dir.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : new ArrayList<>();
    }

    private static boolean available(String tool) {
        try {
            return new ProcessBuilder("bash", "-c", "command -v " + tool).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
