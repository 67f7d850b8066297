package io.berth.delivery;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The build specifications berth runs itself (teams' own builds run the buildspec of their
 * repository). Each reads its inputs from the project's environment variables (BERTH_*), never from
 * values baked into the script, so a pipeline's behaviour is visible in its project's settings.
 *
 * <p>berth's steps run in the pipeline's own projects (the deploy script's step chosen by the
 * pipeline action's BERTH_STEP):
 * <ul>
 *   <li>{@code rebase} (rolling services, before the ECS deploy action): the ECS deploy action builds
 *       its task definition from the revision the service runs, never from a newer one (AWS: "If you
 *       create new revisions for the task definition without updating the Amazon ECS service, the
 *       deployment action will ignore those revisions"). So when berth has registered a new revision
 *       (a config change) since, this step first moves the service onto berth's revision with the
 *       images it already runs and waits for that rollout; the ECS action then ships the new image
 *       on top of berth's configuration. When nothing changed it does nothing;</li>
 *   <li>{@code render} (blue/green services, before the CodeDeploy action): writes taskdef.json from
 *       berth's revision with the release's image as {@code <IMAGE1_NAME>}, appspec.yaml and
 *       imageDetail.json, which CodeDeploy registers and deploys;</li>
 *   <li>{@code start} (after the deploy action): a service created while it waited for its first release
 *       (see io.berth.service.Service) runs no task. After the deploy of that first release it raises the
 *       scalable target's minimum ({@code BERTH_SCALABLE_TARGET} set) and the service's desired count to
 *       {@code BERTH_START_TASKS} (its minimum; 0 for services with schedules, which their next schedule
 *       or pulumi up starts) and waits until the service is stable. A service that runs tasks is left alone.</li>
 *   <li>{@code release} (after a successful deploy, when a later environment promotes from this
 *       one): puts the promotion tag on the image just deployed. Immutable repositories refuse to
 *       move a tag, so the old mark is removed first; the image keeps its commit tag.</li>
 *   <li>{@code dr} (environments with a DR replica, after the primary's deploy; the deploy-dr project):
 *       swaps the image's registry host to the DR region ({@code BERTH_DR_REGION}; same account and
 *       repository, which ECR replication fills), waits (bounded, {@code BERTH_DR_IMAGE_WAIT} seconds,
 *       default 900) until the tag is there, registers berth's DR revision ({@code BERTH_DR_TASK_DEFINITION})
 *       with that image, updates the DR service, waits for the rollout (bounded, {@code BERTH_DR_ROLLOUT_WAIT},
 *       default 1800) and fails unless the service ends up running the new revision.</li>
 * </ul>
 */
public final class Buildspecs {
    /** Placeholder the CodeDeploy ECS action replaces with the image of imageDetail.json. */
    public static final String IMAGE_PLACEHOLDER = "<IMAGE1_NAME>";
    /** Fields describe-task-definition returns that register-task-definition does not accept. */
    static final String READ_ONLY_FIELDS = "del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities, "
            + ".registeredAt, .registeredBy, .deregisteredAt)";

    private Buildspecs() {
    }

    /** crane (go-containerregistry), pinned; {@code go install} checks the module against Go's checksum database. */
    public static final String CRANE = "github.com/google/go-containerregistry/cmd/crane@v0.20.2";

    /**
     * Promotion: the tested image of the earlier environment, the same bytes, into this environment's
     * repository. {@code crane copy} copies the manifest (a multi-platform index whole, with every
     * platform's manifest) and the blobs exactly as they are, addressed by the tested digest, so the
     * copy has that digest; nothing is pulled into or rebuilt by a Docker daemon. The step then checks
     * that the tag in this repository names the tested digest, or fails.
     */
    public static String promotion() {
        return """
                version: 0.2
                env:
                  shell: bash
                phases:
                  install:
                    commands:
                      - GOBIN="$CODEBUILD_SRC_DIR/.berth-bin" go install CRANE
                      - export PATH="$CODEBUILD_SRC_DIR/.berth-bin:$PATH"
                  pre_build:
                    commands:
                      - |
                        SOURCE_URI=$(jq -r .ImageURI imageDetail.json)
                        DIGEST=$(jq -r .ImageDigest imageDetail.json)
                        # the commit id the earlier environment built it under (ECR lists tags in no set order:
                        # only a commit-like tag qualifies), else a tag made from the digest
                        TAG=$(jq -r --arg p "$BERTH_SOURCE_TAG" '[.ImageTags[]? | select(. != $p) | select(test("^[0-9a-f]{7,40}$"))] | sort | .[0] // empty' imageDetail.json)
                        TAG=${TAG:-sha256-${DIGEST#sha256:}}
                        # the tested image by its digest, never by a tag that could move meanwhile
                        SOURCE_REPOSITORY=${SOURCE_URI%@*}; SOURCE_REPOSITORY=${SOURCE_REPOSITORY%:*}
                        aws ecr get-login-password | crane auth login "${BERTH_REPOSITORY_URI%%/*}" --username AWS --password-stdin
                  build:
                    commands:
                      - |
                        EXISTING=$(aws ecr describe-images --repository-name "$BERTH_REPOSITORY_NAME" --image-ids imageTag="$TAG" --query 'imageDetails[0].imageDigest' --output text 2>/dev/null || true)
                        if [ "$EXISTING" != "$DIGEST" ]; then
                          # manifests and blobs as they are: the copy keeps the digest (a multi-platform index is copied whole)
                          crane copy "$SOURCE_REPOSITORY@$DIGEST" "$BERTH_REPOSITORY_URI:$TAG" || { echo "copying $SOURCE_REPOSITORY@$DIGEST failed: not promoting" >&2; exit 1; }
                        fi
                      - |
                        PUSHED=$(aws ecr describe-images --repository-name "$BERTH_REPOSITORY_NAME" --image-ids imageTag="$TAG" --query 'imageDetails[0].imageDigest' --output text)
                        # promotion ships the bytes that were tested, or nothing
                        if [ "$PUSHED" != "$DIGEST" ]; then echo "$BERTH_REPOSITORY_NAME:$TAG is $PUSHED but $BERTH_SOURCE_ENVIRONMENT tested $DIGEST: not promoting" >&2; exit 1; fi
                        printf '[{"name":"%s","imageUri":"%s"}]' "$BERTH_CONTAINER_NAME" "$BERTH_REPOSITORY_URI:$TAG" > imagedefinitions.json
                artifacts:
                  files:
                    - imagedefinitions.json
                """.replace("CRANE", CRANE);
    }

    /** The optional test stage: the catalog's commands, with the release's image in BERTH_IMAGE_URI. */
    public static String test(List<String> commands) {
        var lines = commands.stream().map(c -> "      - " + yamlQuote(c)).collect(Collectors.joining("\n"));
        return """
                version: 0.2
                env:
                  shell: bash
                phases:
                  pre_build:
                    commands:
                      - export BERTH_IMAGE_URI=$(jq -r '.[0].imageUri' "${CODEBUILD_SRC_DIR_build:-$CODEBUILD_SRC_DIR}/imagedefinitions.json")
                  build:
                    commands:
                """ + lines + "\n";
    }

    /** berth's deploy steps that change the running service or the registry: rebase, start, release or dr. */
    public static String deploy() {
        return """
                version: 0.2
                env:
                  shell: bash
                phases:
                  build:
                    commands:
                      - |
                        IMAGE=$(jq -r '.[0].imageUri' imagedefinitions.json)
                        case "$BERTH_STEP" in
                        rebase)
                          aws ecs describe-task-definition --task-definition "$BERTH_TASK_DEFINITION" --include TAGS > berth.json
                          NOW=$(aws ecs describe-services --cluster "$BERTH_CLUSTER" --services "$BERTH_SERVICE" --query 'services[0].taskDefinition' --output text)
                          aws ecs describe-task-definition --task-definition "$NOW" --include TAGS > now.json
                          CONFIG='.taskDefinition | READ_ONLY | .containerDefinitions |= map(del(.image))'
                          if [ "$(jq -S "$CONFIG" now.json)" = "$(jq -S "$CONFIG" berth.json)" ]; then
                            echo "$BERTH_SERVICE already runs berth's configuration ($BERTH_TASK_DEFINITION)"
                          else
                            echo "berth registered $BERTH_TASK_DEFINITION since $NOW: moving $BERTH_SERVICE onto it with the images it runs"
                            jq --slurpfile now now.json "(.taskDefinition | READ_ONLY | .containerDefinitions |= map(.image = ((\\$now[0].taskDefinition.containerDefinitions | map({(.name): .image}) | add)[.name] // .image))) + (TAGS)" berth.json > rebased.json
                            NEW=$(aws ecs register-task-definition --cli-input-json file://rebased.json --query taskDefinition.taskDefinitionArn --output text)
                            aws ecs update-service --cluster "$BERTH_CLUSTER" --service "$BERTH_SERVICE" --task-definition "$NEW" > /dev/null
                            STATE=IN_PROGRESS
                            while [ "$STATE" = IN_PROGRESS ]; do
                              sleep 15
                              STATE=$(aws ecs describe-services --cluster "$BERTH_CLUSTER" --services "$BERTH_SERVICE" --query 'services[0].deployments[?status==`PRIMARY`].rolloutState | [0]' --output text)
                            done
                            # a failed rollout was rolled back by the circuit breaker: stop before shipping the image
                            if [ "$STATE" != COMPLETED ]; then echo "configuration rollout of $NEW ended $STATE" >&2; exit 1; fi
                            # after a rollback the rollback deployment is PRIMARY and COMPLETED too: check what runs
                            RUNNING=$(aws ecs describe-services --cluster "$BERTH_CLUSTER" --services "$BERTH_SERVICE" --query 'services[0].taskDefinition' --output text)
                            if [ "$RUNNING" != "$NEW" ]; then echo "configuration rollout of $NEW was rolled back to $RUNNING" >&2; exit 1; fi
                          fi
                          ;;
                        start)
                          # after the deploy: a service created waiting for its first release runs no task; this
                          # release is that first one, so bring the service to its minimum (nothing to do otherwise)
                          DESIRED=$(aws ecs describe-services --cluster "$BERTH_CLUSTER" --services "$BERTH_SERVICE" --query 'services[0].desiredCount' --output text)
                          if [ "$DESIRED" != 0 ] || [ "${BERTH_START_TASKS:-0}" = 0 ]; then
                            echo "$BERTH_SERVICE wants $DESIRED task(s): nothing to start"
                          else
                            if [ -n "$BERTH_SCALABLE_TARGET" ]; then
                              # autoscaling's minimum was 0 while the service waited: raise it first, or it could scale back in to 0
                              aws application-autoscaling register-scalable-target --service-namespace ecs --scalable-dimension ecs:service:DesiredCount --resource-id "service/$BERTH_CLUSTER/$BERTH_SERVICE" --min-capacity "$BERTH_START_TASKS" --max-capacity "$BERTH_MAX_TASKS" > /dev/null || exit 1
                            fi
                            aws ecs update-service --cluster "$BERTH_CLUSTER" --service "$BERTH_SERVICE" --desired-count "$BERTH_START_TASKS" > /dev/null || exit 1
                            # bounded: 40 looks, 15 s apart; fails the release when the tasks do not become stable
                            if ! aws ecs wait services-stable --cluster "$BERTH_CLUSTER" --services "$BERTH_SERVICE"; then
                              echo "$BERTH_SERVICE did not become stable with $BERTH_START_TASKS task(s) of its first release" >&2; exit 1
                            fi
                            echo "$BERTH_SERVICE started its first release with $BERTH_START_TASKS task(s)"
                          fi
                          ;;
                        release)
                          TAG=${IMAGE##*:}
                          MANIFEST=$(aws ecr batch-get-image --repository-name "$BERTH_REPOSITORY_NAME" --image-ids imageTag="$TAG" --query 'images[0].imageManifest' --output text)
                          MEDIA=$(aws ecr batch-get-image --repository-name "$BERTH_REPOSITORY_NAME" --image-ids imageTag="$TAG" --query 'images[0].imageManifestMediaType' --output text)
                          for MARK in $BERTH_PROMOTION_TAGS; do
                            # immutable tags cannot move: drop the old mark (its image keeps its commit tag), then set it here
                            aws ecr batch-delete-image --repository-name "$BERTH_REPOSITORY_NAME" --image-ids imageTag="$MARK" > /dev/null
                            aws ecr put-image --repository-name "$BERTH_REPOSITORY_NAME" --image-tag "$MARK" --image-manifest "$MANIFEST" --image-manifest-media-type "$MEDIA" > /dev/null
                            echo "marked $BERTH_REPOSITORY_NAME:$TAG as $MARK for promotion"
                          done
                          ;;
                        dr)
                          # the release, replicated by ECR into the DR region: same account and repository, the DR region's registry
                          DR_IMAGE=$(printf '%s' "$IMAGE" | sed -E "s#^([0-9]{12}\\.dkr\\.ecr\\.)[a-z0-9-]+(\\.amazonaws\\.com/)#\\1$BERTH_DR_REGION\\2#")
                          case "$DR_IMAGE" in *".dkr.ecr.$BERTH_DR_REGION.amazonaws.com/"*:*) ;; *) echo "$IMAGE is not an ECR image with a tag: cannot find its DR replica" >&2; exit 1;; esac
                          TAG=${DR_IMAGE##*:}
                          REPOSITORY=${DR_IMAGE#*/}; REPOSITORY=${REPOSITORY%:*}
                          WAITED=0
                          until aws ecr describe-images --region "$BERTH_DR_REGION" --repository-name "$REPOSITORY" --image-ids imageTag="$TAG" > /dev/null 2>&1; do
                            if [ "$WAITED" -ge "${BERTH_DR_IMAGE_WAIT:-900}" ]; then echo "$DR_IMAGE has not been replicated to $BERTH_DR_REGION after ${WAITED}s" >&2; exit 1; fi
                            sleep 15; WAITED=$((WAITED + 15))
                          done
                          echo "$DR_IMAGE is in $BERTH_DR_REGION: rolling it out to $BERTH_DR_SERVICE"
                          # berth's DR revision (its latest configuration) with the release's image: the same rule as rebase and render
                          aws ecs describe-task-definition --region "$BERTH_DR_REGION" --task-definition "$BERTH_DR_TASK_DEFINITION" --include TAGS > dr-berth.json
                          jq --arg c "$BERTH_CONTAINER_NAME" --arg i "$DR_IMAGE" "(.taskDefinition | READ_ONLY | .containerDefinitions |= map(if .name == \\$c then .image = \\$i else . end)) + (TAGS)" dr-berth.json > dr-release.json
                          NEW=$(aws ecs register-task-definition --region "$BERTH_DR_REGION" --cli-input-json file://dr-release.json --query taskDefinition.taskDefinitionArn --output text)
                          aws ecs update-service --region "$BERTH_DR_REGION" --cluster "$BERTH_DR_CLUSTER" --service "$BERTH_DR_SERVICE" --task-definition "$NEW" > /dev/null
                          STATE=IN_PROGRESS; WAITED=0
                          while [ "$STATE" = IN_PROGRESS ]; do
                            if [ "$WAITED" -ge "${BERTH_DR_ROLLOUT_WAIT:-1800}" ]; then echo "rollout of $NEW to $BERTH_DR_SERVICE still in progress after ${WAITED}s" >&2; exit 1; fi
                            sleep 15; WAITED=$((WAITED + 15))
                            STATE=$(aws ecs describe-services --region "$BERTH_DR_REGION" --cluster "$BERTH_DR_CLUSTER" --services "$BERTH_DR_SERVICE" --query 'services[0].deployments[?status==`PRIMARY`].rolloutState | [0]' --output text)
                          done
                          if [ "$STATE" != COMPLETED ]; then echo "rollout of $NEW to $BERTH_DR_SERVICE ended $STATE" >&2; exit 1; fi
                          # after a circuit-breaker rollback the rollback deployment is PRIMARY and COMPLETED too: check what runs
                          RUNNING=$(aws ecs describe-services --region "$BERTH_DR_REGION" --cluster "$BERTH_DR_CLUSTER" --services "$BERTH_DR_SERVICE" --query 'services[0].taskDefinition' --output text)
                          if [ "$RUNNING" != "$NEW" ]; then echo "rollout of $NEW to $BERTH_DR_SERVICE was rolled back to $RUNNING" >&2; exit 1; fi
                          echo "$BERTH_DR_SERVICE in $BERTH_DR_REGION runs $DR_IMAGE ($NEW)"
                          ;;
                        *)
                          echo "unknown BERTH_STEP '$BERTH_STEP'" >&2; exit 1
                          ;;
                        esac
                """.replace("READ_ONLY", READ_ONLY_FIELDS).replace("TAGS)", TAGS + ")");
    }

    /**
     * berth's deploy steps for a job (kind: job), which has no ECS service to update: its schedule runs the
     * task definition named by an SSM parameter (io.berth.service.JobRun).
     * <ul>
     *   <li>{@code job}: registers berth's latest revision ({@code BERTH_TASK_DEFINITION}) with the release's
     *       image and writes its ARN to {@code BERTH_JOB_PARAMETER}: the next run runs the release;</li>
     *   <li>{@code dr-job}: the same in the DR region ({@code BERTH_DR_REGION}, {@code BERTH_DR_TASK_DEFINITION},
     *       {@code BERTH_DR_JOB_PARAMETER}) once registry replication has brought the image there (bounded,
     *       {@code BERTH_DR_IMAGE_WAIT} seconds, default 900).</li>
     * </ul>
     */
    public static String job() {
        return """
                version: 0.2
                env:
                  shell: bash
                phases:
                  build:
                    commands:
                      - |
                        IMAGE=$(jq -r '.[0].imageUri' imagedefinitions.json)
                        case "$BERTH_STEP" in
                        job)
                          aws ecs describe-task-definition --task-definition "$BERTH_TASK_DEFINITION" --include TAGS > berth.json || exit 1
                          jq --arg c "$BERTH_CONTAINER_NAME" --arg i "$IMAGE" "(.taskDefinition | READ_ONLY | .containerDefinitions |= map(if .name == \\$c then .image = \\$i else . end)) + (TAGS)" berth.json > release.json
                          NEW=$(aws ecs register-task-definition --cli-input-json file://release.json --query taskDefinition.taskDefinitionArn --output text) || exit 1
                          aws ssm put-parameter --name "$BERTH_JOB_PARAMETER" --value "$NEW" --overwrite > /dev/null || exit 1
                          echo "the next run of $BERTH_SERVICE_NAME runs $IMAGE ($NEW)"
                          ;;
                        dr-job)
                          DR_IMAGE=$(printf '%s' "$IMAGE" | sed -E "s#^([0-9]{12}\\.dkr\\.ecr\\.)[a-z0-9-]+(\\.amazonaws\\.com/)#\\1$BERTH_DR_REGION\\2#")
                          case "$DR_IMAGE" in *".dkr.ecr.$BERTH_DR_REGION.amazonaws.com/"*:*) ;; *) echo "$IMAGE is not an ECR image with a tag: cannot find its DR replica" >&2; exit 1;; esac
                          TAG=${DR_IMAGE##*:}
                          REPOSITORY=${DR_IMAGE#*/}; REPOSITORY=${REPOSITORY%:*}
                          WAITED=0
                          until aws ecr describe-images --region "$BERTH_DR_REGION" --repository-name "$REPOSITORY" --image-ids imageTag="$TAG" > /dev/null 2>&1; do
                            if [ "$WAITED" -ge "${BERTH_DR_IMAGE_WAIT:-900}" ]; then echo "$DR_IMAGE has not been replicated to $BERTH_DR_REGION after ${WAITED}s" >&2; exit 1; fi
                            sleep 15; WAITED=$((WAITED + 15))
                          done
                          aws ecs describe-task-definition --region "$BERTH_DR_REGION" --task-definition "$BERTH_DR_TASK_DEFINITION" --include TAGS > dr-berth.json || exit 1
                          jq --arg c "$BERTH_CONTAINER_NAME" --arg i "$DR_IMAGE" "(.taskDefinition | READ_ONLY | .containerDefinitions |= map(if .name == \\$c then .image = \\$i else . end)) + (TAGS)" dr-berth.json > dr-release.json
                          NEW=$(aws ecs register-task-definition --region "$BERTH_DR_REGION" --cli-input-json file://dr-release.json --query taskDefinition.taskDefinitionArn --output text) || exit 1
                          aws ssm put-parameter --region "$BERTH_DR_REGION" --name "$BERTH_DR_JOB_PARAMETER" --value "$NEW" --overwrite > /dev/null || exit 1
                          echo "the next run of $BERTH_SERVICE_NAME in $BERTH_DR_REGION runs $DR_IMAGE ($NEW)"
                          ;;
                        *)
                          echo "unknown BERTH_STEP '$BERTH_STEP' for a job" >&2; exit 1
                          ;;
                        esac
                """.replace("READ_ONLY", READ_ONLY_FIELDS).replace("TAGS)", TAGS + ")");
    }

    /** Blue/green: CodeDeploy's inputs, rendered from berth's revision and the release's image. */
    public static String render() {
        return """
                version: 0.2
                env:
                  shell: bash
                phases:
                  build:
                    commands:
                      - |
                        IMAGE=$(jq -r '.[0].imageUri' imagedefinitions.json)
                        aws ecs describe-task-definition --task-definition "$BERTH_TASK_DEFINITION" --include TAGS > berth.json
                        jq --arg c "$BERTH_CONTAINER_NAME" "(.taskDefinition | READ_ONLY | .containerDefinitions |= map(if .name == \\$c then .image = \\"IMAGE_PLACEHOLDER\\" else . end)) + (TAGS)" berth.json > taskdef.json
                        printf '{"ImageURI":"%s"}' "$IMAGE" > imageDetail.json
                        # the replacement task set gets the service's own subnets, security group and capacity
                        # strategy (JSON is valid YAML flow style)
                        printf 'version: 0.0\\nResources:\\n  - TargetService:\\n      Type: AWS::ECS::Service\\n      Properties:\\n        TaskDefinition: <TASK_DEFINITION>\\n        LoadBalancerInfo:\\n          ContainerName: "%s"\\n          ContainerPort: %s\\n        NetworkConfiguration: %s\\n        CapacityProviderStrategy: %s\\n' "$BERTH_CONTAINER_NAME" "$BERTH_CONTAINER_PORT" "$BERTH_APPSPEC_NETWORK" "$BERTH_APPSPEC_CAPACITY" > appspec.yaml
                artifacts:
                  files:
                    - taskdef.json
                    - appspec.yaml
                    - imageDetail.json
                """.replace("READ_ONLY", READ_ONLY_FIELDS).replace("IMAGE_PLACEHOLDER", IMAGE_PLACEHOLDER).replace("TAGS)", TAGS + ")");
    }

    /** Keeps the task definition's tags, which register-task-definition takes beside it. */
    static final String TAGS = "if ((.tags // []) | length) > 0 then {tags: .tags} else {} end";

    private static String yamlQuote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
