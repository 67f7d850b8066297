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

    /** berth's revision of the DR copy (prod-dr-orders): the replica's config, a sidecar and the catalog's pinned tag. */
    private static final String DR_BERTH_REVISION = """
            {"taskDefinition":{"taskDefinitionArn":"arn:aws:ecs:eu-central-1:333333333333:task-definition/prod-orders:4","family":"prod-orders",
             "revision":4,"status":"ACTIVE","cpu":"1024","memory":"2048","compatibilities":["FARGATE"],"requiresAttributes":[],
             "registeredAt":"2026-01-01","registeredBy":"berth",
             "containerDefinitions":[{"name":"orders","image":"333333333333.dkr.ecr.eu-central-1.amazonaws.com/prod/orders:1.0.0",
               "environment":[{"name":"REGION","value":"eu-central-1"}]},{"name":"log-router","image":"public.ecr.aws/aws-observability/aws-for-fluent-bit:2"}]},
             "tags":[{"key":"environment","value":"prod"}]}
            """;
    /**
     * The DR region's side: the replicated image appears on the REPLICATED_AFTER-th look (ECR answers
     * ImageNotFoundException, exit 254, before); the service ends up on what update-service asked for,
     * unless ROLLED_BACK is set; its rollout ends ROLLOUT (COMPLETED by default).
     */
    private static final String FAKE_AWS_DR = """
            aws() {
              echo "aws $*" >> calls.log
              case "$1 $2" in
                "ecr describe-images") N=$(( $(cat looks.txt 2>/dev/null || echo 0) + 1 )); echo $N > looks.txt
                  if [ "$N" -lt "${REPLICATED_AFTER:-1}" ]; then echo "ImageNotFoundException" >&2; return 254; fi; echo '{}';;
                "ecs describe-task-definition") cat dr-berth-revision.json;;
                "ecs describe-services") case "$*" in *deployments*) echo "${ROLLOUT:-COMPLETED}";;
                  *) if [ -f updated.txt ] && [ -z "$ROLLED_BACK" ]; then cat updated.txt; else echo arn:aws:ecs:eu-central-1:333333333333:task-definition/prod-orders:3; fi;; esac;;
                "ecs register-task-definition") for A in "$@"; do case "$A" in file://*) cp "${A#file://}" registered.json;; esac; done
                  echo arn:aws:ecs:eu-central-1:333333333333:task-definition/prod-orders:5;;
                "ecs update-service") P=; for A in "$@"; do if [ "$P" = --task-definition ]; then echo "$A" > updated.txt; fi; P=$A; done; echo '{}';;
                *) echo '{}';;
              esac
            }
            sleep() { :; }
            export BERTH_CONTAINER_NAME=orders BERTH_REPOSITORY_NAME=prod/orders BERTH_DR_REGION=eu-central-1 BERTH_DR_CLUSTER=prod-dr-cluster
            export BERTH_DR_SERVICE=prod-dr-orders-service BERTH_DR_TASK_DEFINITION=arn:aws:ecs:eu-central-1:333333333333:task-definition/prod-orders:4
            """;
    private static final String DR_IMAGE = "333333333333.dkr.ecr.eu-central-1.amazonaws.com/prod/orders:def456";

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
        // it compared the running revision with berth's, and changed nothing
        assertThat(calls()).anyMatch(c -> c.startsWith("aws ecs describe-services"))
                .anyMatch(c -> c.startsWith("aws ecs describe-task-definition"))
                .noneMatch(c -> c.contains("update-service") || c.contains("register-task-definition"));
    }

    @Test
    void renderWritesCodeDeploysInputsFromBerthsRevision() throws Exception {
        Files.writeString(dir.resolve("berth-revision.json"), BERTH_REVISION.formatted("new"));

        var exit = run(Buildspecs.render(), "render",
                "BERTH_APPSPEC_NETWORK='{\"AwsvpcConfiguration\":{\"AssignPublicIp\":\"DISABLED\",\"SecurityGroups\":[\"sg-1\"],\"Subnets\":[\"subnet-a\",\"subnet-b\"]}}'",
                "BERTH_APPSPEC_CAPACITY='[{\"Base\":1,\"CapacityProvider\":\"FARGATE\",\"Weight\":1}]'");

        assertThat(exit).isZero();
        var taskdef = JSON.readTree(dir.resolve("taskdef.json").toFile());
        assertThat(taskdef.at("/containerDefinitions/0/image").asText()).isEqualTo("<IMAGE1_NAME>");
        assertThat(taskdef.at("/containerDefinitions/0/environment/0/value").asText()).isEqualTo("new");
        assertThat(JSON.readTree(dir.resolve("imageDetail.json").toFile()).get("ImageURI").asText()).isEqualTo("repo/dev/orders:def456");
        // the AppSpec is YAML: parse it as CodeDeploy would
        Map<String, Object> appspec = new org.yaml.snakeyaml.Yaml().load(Files.readString(dir.resolve("appspec.yaml")));
        @SuppressWarnings("unchecked")
        var properties = (Map<String, Object>) ((Map<String, Object>) ((List<Map<String, Object>>) appspec.get("Resources")).get(0)
                .get("TargetService")).get("Properties");
        assertThat(properties).containsEntry("TaskDefinition", "<TASK_DEFINITION>")
                .containsEntry("LoadBalancerInfo", Map.of("ContainerName", "orders", "ContainerPort", 8080))
                .containsEntry("NetworkConfiguration", Map.of("AwsvpcConfiguration", Map.of("AssignPublicIp", "DISABLED",
                        "SecurityGroups", List.of("sg-1"), "Subnets", List.of("subnet-a", "subnet-b"))))
                .containsEntry("CapacityProviderStrategy", List.of(Map.of("Base", 1, "CapacityProvider", "FARGATE", "Weight", 1)));
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

    /** A service's desired count (DESIRED); update-service and the wait are recorded. */
    private static final String FAKE_AWS_START = """
            aws() {
              echo "aws $*" >> calls.log
              case "$1 $2" in
                "ecs describe-services") echo "${DESIRED:-0}";;
                "ecs wait") [ -z "$UNSTABLE" ] || { echo "Waiter ServicesStable failed: Max attempts exceeded" >&2; return 255; };;
                *) echo '{}';;
              esac
            }
            export BERTH_CLUSTER=prod-cluster BERTH_SERVICE=prod-orders-service
            """;

    @Test
    void startBringsAServiceThatWaitedForItsFirstReleaseToItsMinimum() throws Exception {
        var exit = runWith(FAKE_AWS_START, Buildspecs.deploy(), "start", "BERTH_START_TASKS=3", "BERTH_MAX_TASKS=12", "BERTH_SCALABLE_TARGET=yes");

        assertThat(exit).as(output()).isZero();
        var calls = calls();
        var register = calls.indexOf("aws application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension "
                + "ecs:service:DesiredCount --resource-id service/prod-cluster/prod-orders-service --min-capacity 3 --max-capacity 12");
        var update = calls.indexOf("aws ecs update-service --cluster prod-cluster --service prod-orders-service --desired-count 3");
        var wait = calls.indexOf("aws ecs wait services-stable --cluster prod-cluster --services prod-orders-service");
        // autoscaling's minimum first (it could scale a started service back in to 0), then the tasks, then the wait
        assertThat(register).isNotNegative();
        assertThat(update).isGreaterThan(register);
        assertThat(wait).isGreaterThan(update);
    }

    @Test
    void startLeavesAServiceWithoutAutoscalingTargetToTheDesiredCount() throws Exception {
        assertThat(runWith(FAKE_AWS_START, Buildspecs.deploy(), "start", "BERTH_START_TASKS=1", "BERTH_MAX_TASKS=1")).isZero();

        assertThat(calls()).contains("aws ecs update-service --cluster prod-cluster --service prod-orders-service --desired-count 1")
                .noneMatch(c -> c.contains("application-autoscaling"));
    }

    @Test
    void startLeavesARunningServiceAlone() throws Exception {
        var exit = runWith(FAKE_AWS_START, Buildspecs.deploy(), "start", "DESIRED=5", "BERTH_START_TASKS=3", "BERTH_MAX_TASKS=12",
                "BERTH_SCALABLE_TARGET=yes");

        assertThat(exit).isZero();
        assertThat(calls()).singleElement().asString().startsWith("aws ecs describe-services");
        assertThat(output()).contains("prod-orders-service wants 5 task(s): nothing to start");
    }

    @Test
    void startFailsTheReleaseWhenTheServiceDoesNotBecomeStable() throws Exception {
        assertThat(runWith(FAKE_AWS_START, Buildspecs.deploy(), "start", "UNSTABLE=1", "BERTH_START_TASKS=3", "BERTH_MAX_TASKS=12")).isNotZero();
        assertThat(output()).contains("prod-orders-service did not become stable with 3 task(s) of its first release");
    }

    @Test
    void drWaitsForTheReplicatedImageThenRollsItOutToTheDrService() throws Exception {
        prepareDr();

        var exit = runWith(FAKE_AWS_DR, Buildspecs.deploy(), "dr", "REPLICATED_AFTER=3");

        assertThat(exit).as(output()).isZero();
        var calls = calls();
        var look = "aws ecr describe-images --region eu-central-1 --repository-name prod/orders --image-ids imageTag=def456";
        assertThat(calls).filteredOn(look::equals).hasSize(3); // polled until replication brought it
        var registered = JSON.readTree(dir.resolve("registered.json").toFile());
        // berth's DR revision with only the service's image swapped for the release in the DR registry
        assertThat(registered.at("/containerDefinitions/0/image").asText()).isEqualTo(DR_IMAGE);
        assertThat(registered.at("/containerDefinitions/0/environment/0/value").asText()).isEqualTo("eu-central-1");
        assertThat(registered.at("/containerDefinitions/1/image").asText()).isEqualTo("public.ecr.aws/aws-observability/aws-for-fluent-bit:2");
        assertThat(registered.has("revision") || registered.has("status") || registered.has("taskDefinitionArn")).isFalse();
        assertThat(registered.at("/tags/0/value").asText()).isEqualTo("prod");
        assertThat(calls).contains("aws ecs describe-task-definition --region eu-central-1 --task-definition "
                + "arn:aws:ecs:eu-central-1:333333333333:task-definition/prod-orders:4 --include TAGS");
        var register = indexOf(calls, "aws ecs register-task-definition --region eu-central-1 ");
        var update = calls.indexOf("aws ecs update-service --region eu-central-1 --cluster prod-dr-cluster --service prod-dr-orders-service "
                + "--task-definition arn:aws:ecs:eu-central-1:333333333333:task-definition/prod-orders:5");
        assertThat(register).isGreaterThan(calls.lastIndexOf(look));
        assertThat(update).isGreaterThan(register);
        // every call goes to the DR region
        assertThat(calls).allMatch(c -> c.contains("--region eu-central-1"));
    }

    @Test
    void drFailsWhenTheDrServiceEndsUpOnAnotherRevision() throws Exception {
        prepareDr();

        var exit = runWith(FAKE_AWS_DR, Buildspecs.deploy(), "dr", "ROLLED_BACK=1");

        assertThat(exit).isNotZero();
        assertThat(output()).contains("rolled back to arn:aws:ecs:eu-central-1:333333333333:task-definition/prod-orders:3");
    }

    @Test
    void drFailsWhenTheRolloutFails() throws Exception {
        prepareDr();

        assertThat(runWith(FAKE_AWS_DR, Buildspecs.deploy(), "dr", "ROLLOUT=FAILED")).isNotZero();
        assertThat(output()).contains("ended FAILED");
    }

    @Test
    void drGivesUpWhenTheImageIsNotReplicatedInTime() throws Exception {
        prepareDr();

        var exit = runWith(FAKE_AWS_DR, Buildspecs.deploy(), "dr", "REPLICATED_AFTER=1000", "BERTH_DR_IMAGE_WAIT=60");

        assertThat(exit).isNotZero();
        assertThat(output()).contains("has not been replicated to eu-central-1 after 60s");
        assertThat(calls()).filteredOn(c -> c.startsWith("aws ecr describe-images")).hasSize(5);
        assertThat(calls()).noneMatch(c -> c.contains("register-task-definition") || c.contains("update-service"));
    }

    private static final String TESTED = "sha256:" + "a".repeat(64);
    /**
     * Promotion in beta's account: the registry's copy of dev's image (dev/orders, replicated here) is
     * copied into beta/orders. crane copy records what it copied and leaves the target with COPIED_DIGEST
     * (the tested digest by default); describe-images answers what the target tag names (pushed.txt).
     */
    private static final String FAKE_PROMOTION = """
            aws() {
              echo "aws $*" >> calls.log
              case "$1 $2" in
                "ecr get-login-password") echo token;;
                "ecr describe-images") if [ -f pushed.txt ]; then cat pushed.txt; else echo "ImageNotFoundException" >&2; return 254; fi;;
                *) echo '{}';;
              esac
            }
            crane() {
              echo "crane $*" >> calls.log
              case "$1" in
                auth) cat > /dev/null;;
                copy) echo "${COPIED_DIGEST:-sha256:AAAA}" | sed "s/sha256:AAAA/$TESTED/" > pushed.txt;;
              esac
            }
            go() { echo "go $*" >> calls.log; }
            docker() { echo "docker $*" >> calls.log; }
            export CODEBUILD_SRC_DIR=$PWD BERTH_REPOSITORY_URI=222222222222.dkr.ecr.eu-west-1.amazonaws.com/beta/orders
            export BERTH_REPOSITORY_NAME=beta/orders BERTH_CONTAINER_NAME=orders BERTH_SOURCE_ENVIRONMENT=dev BERTH_SOURCE_TAG=release
            """;

    private void preparePromotion() throws IOException {
        Files.delete(dir.resolve("imagedefinitions.json")); // the promotion writes it
        // what CodePipeline's ECR source hands over: the image the mark names, by tag and digest
        Files.writeString(dir.resolve("imageDetail.json"), "{\"ImageURI\":\"222222222222.dkr.ecr.eu-west-1.amazonaws.com/dev/orders:release\","
                + "\"ImageDigest\":\"" + TESTED + "\",\"ImageTags\":[\"release\",\"abc1234\"]}");
    }

    @Test
    void promotionCopiesTheTestedManifestByDigestAndChecksTheDigest() throws Exception {
        preparePromotion();

        var exit = runWith(FAKE_PROMOTION, Buildspecs.promotion(), "build", "TESTED=" + TESTED);

        assertThat(exit).as(output()).isZero();
        var calls = calls();
        assertThat(calls).contains("go install " + Buildspecs.CRANE)
                // the tested digest, copied as it is (a multi-platform index whole: no platform is picked)
                .contains("crane copy 222222222222.dkr.ecr.eu-west-1.amazonaws.com/dev/orders@" + TESTED
                        + " 222222222222.dkr.ecr.eu-west-1.amazonaws.com/beta/orders:abc1234")
                .noneMatch(c -> c.startsWith("docker") || c.contains("--platform"));
        assertThat(calls.indexOf("crane copy 222222222222.dkr.ecr.eu-west-1.amazonaws.com/dev/orders@" + TESTED
                + " 222222222222.dkr.ecr.eu-west-1.amazonaws.com/beta/orders:abc1234"))
                .isLessThan(calls.lastIndexOf("aws ecr describe-images --repository-name beta/orders --image-ids imageTag=abc1234 "
                        + "--query imageDetails[0].imageDigest --output text"));
        assertThat(Files.readString(dir.resolve("imagedefinitions.json")))
                .isEqualTo("[{\"name\":\"orders\",\"imageUri\":\"222222222222.dkr.ecr.eu-west-1.amazonaws.com/beta/orders:abc1234\"}]");
    }

    @Test
    void promotionFailsWhenTheCopyIsNotTheTestedDigest() throws Exception {
        preparePromotion();

        var exit = runWith(FAKE_PROMOTION, Buildspecs.promotion(), "build", "TESTED=" + TESTED, "COPIED_DIGEST=sha256:" + "b".repeat(64));

        assertThat(exit).isNotZero();
        assertThat(output()).contains("beta/orders:abc1234 is sha256:" + "b".repeat(64) + " but dev tested " + TESTED + ": not promoting");
        assertThat(dir.resolve("imagedefinitions.json")).doesNotExist();
    }

    @Test
    void promotionCopiesNothingWhenTheTagAlreadyNamesTheTestedDigest() throws Exception {
        preparePromotion();
        Files.writeString(dir.resolve("pushed.txt"), TESTED + "\n");

        var exit = runWith(FAKE_PROMOTION, Buildspecs.promotion(), "build", "TESTED=" + TESTED);

        assertThat(exit).as(output()).isZero();
        assertThat(calls()).noneMatch(c -> c.startsWith("crane copy"));
    }

    @Test
    void everyBuildspecIsVersion02Yaml() {
        for (var spec : List.of(Buildspecs.deploy(), Buildspecs.render(), Buildspecs.promotion(), Buildspecs.test(List.of("make it 'now'")))) {
            Map<?, ?> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(spec);
            assertThat(doc.get("version")).isEqualTo(0.2);
            assertThat(doc.get("phases")).isInstanceOf(Map.class);
        }
    }

    private void prepareDr() throws IOException {
        Files.writeString(dir.resolve("imagedefinitions.json"),
                "[{\"name\":\"orders\",\"imageUri\":\"333333333333.dkr.ecr.eu-west-1.amazonaws.com/prod/orders:def456\"}]");
        Files.writeString(dir.resolve("dr-berth-revision.json"), DR_BERTH_REVISION);
    }

    private static int indexOf(List<String> calls, String prefix) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private String output() throws IOException {
        var log = dir.resolve("out.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private int run(String buildspec, String step, String... extraEnv) throws Exception {
        return runWith(FAKE_AWS, buildspec, step, extraEnv);
    }

    @SuppressWarnings("unchecked")
    private int runWith(String fakeAws, String buildspec, String step, String... extraEnv) throws Exception {
        Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(buildspec);
        var script = new StringBuilder(fakeAws).append("export BERTH_STEP=").append(step).append('\n');
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
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the buildspec did not finish in 30 s (a hang is a failure, not an expected non-zero exit)");
        }
        return process.exitValue();
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
