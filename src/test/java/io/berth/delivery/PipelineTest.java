package io.berth.delivery;

import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import io.berth.testing.SmallStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static io.berth.testing.Inputs.assertAllInputs;
import static io.berth.testing.Inputs.assertInputs;
import static io.berth.testing.Inputs.assertJsonInput;
import static io.berth.testing.Inputs.parse;
import static io.berth.testing.Inputs.untagged;
import static org.assertj.core.api.Assertions.assertThat;

/** One service's Pipeline on the small environments of {@link SmallStacks}: the pipeline, its stages, builds and notifications. */
@Timeout(420) // the first test pays for the shared plans; the SDK's mock engine can hang (pulumi-java#2270)
class PipelineTest {
    static final String PIPELINE = "aws:codepipeline/pipeline:Pipeline";

    private static PlannedResource pipeline(Plan plan, String service) {
        return plan.named(plan.stack() + "-" + service + "-delivery-pipeline");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> stages(PlannedResource pipeline) {
        return (List<Map<String, Object>>) pipeline.inputs().get("stages");
    }

    @SuppressWarnings("unchecked")
    private static Object stage(PlannedResource pipeline, String name) {
        return stages(pipeline).stream().filter(s -> s.get("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no stage " + name + " in " + pipeline.name()));
    }

    private static List<Object> stageNames(Plan plan, String service) {
        return stages(pipeline(plan, service)).stream().map(s -> s.get("name")).toList();
    }

    // --- the pipeline

    @Test
    void aNewerReleaseSupersedesOneStillWaiting() {
        assertThat(SmallStacks.dev().ofType(PIPELINE)).hasSize(2)
                .allSatisfy(p -> assertThat(p.inputs()).containsEntry("executionMode", "SUPERSEDED"));
        assertThat(SmallStacks.prod().ofType(PIPELINE)).hasSize(2)
                .allSatisfy(p -> assertThat(p.inputs()).containsEntry("executionMode", "SUPERSEDED"));
    }

    @Test
    void aGitHubPipelineIsAV2PipelineOnTheSharedEncryptedStoreStartedByPushesToItsBranch() {
        var plan = SmallStacks.dev();
        var inputs = untagged(pipeline(plan, "gh"));
        inputs.remove("stages");
        assertThat(inputs).isEqualTo(parse(plan, """
                {"name": "dev-gh", "pipelineType": "V2", "executionMode": "SUPERSEDED",
                 "roleArn": "arn:aws:iam::111111111111:role/dev-gh-pipeline",
                 "artifactStores": [{"type": "S3", "location": "berth-dev-artifacts-111111111111-eu-west-1",
                                     "encryptionKey": {"type": "KMS", "id": "arn:aws:kms:eu-west-1:111111111111:key/${id:dev-delivery-key}"}}],
                 "triggers": [{"providerType": "CodeStarSourceConnection",
                               "gitConfiguration": {"sourceActionName": "Source", "pushes": [{"branches": {"includes": ["main"]}}]}}]}"""));
    }

    @Test
    void pipelinesCarryTheServicesOwnerAndName() {
        assertThat(pipeline(SmallStacks.dev(), "gh").inputs().get("tags")).isEqualTo(Map.of("Name", "dev-gh-delivery-pipeline",
                "berth:service", "gh", "cost-centre", "CC-1", "environment", "dev", "managed-by", "berth", "owner", "platform-team"));
    }

    // --- stages per source, approval, test and release

    @Test
    void aSourceBuildDeploysAfterItsBuildAndMarksReleasesForTheNextEnvironment() {
        assertThat(stageNames(SmallStacks.dev(), "gh")).containsExactly("Source", "Build", "Deploy", "Release");
    }

    @Test
    void aTestStageAndARequestedApprovalComeBetweenBuildAndDeploy() {
        assertThat(stageNames(SmallStacks.dev(), "cc")).containsExactly("Source", "Build", "Test", "Approval", "Deploy");
    }

    @Test
    void productionAsksForApprovalUnlessTheServiceSaysOtherwise() {
        assertThat(stageNames(SmallStacks.prod(), "web")).containsExactly("Source", "Build", "Approval", "Deploy");
        assertThat(stageNames(SmallStacks.prod(), "quick")).containsExactly("Source", "Build", "Deploy");
    }

    @Test
    void aGitHubSourceReadsThroughTheEnvironmentsConnection() {
        assertThat(stage(pipeline(SmallStacks.dev(), "gh"), "Source")).isEqualTo(parse(SmallStacks.dev(), """
                {"name": "Source", "actions": [{"name": "Source", "category": "Source", "owner": "AWS", "provider": "CodeStarSourceConnection",
                  "version": "1", "outputArtifacts": ["source"], "namespace": "SourceVariables", "runOrder": 1,
                  "configuration": {"ConnectionArn": "%s", "FullRepositoryId": "acme/gh", "BranchName": "main",
                                    "OutputArtifactFormat": "CODE_ZIP", "DetectChanges": "true"}}]}"""
                .formatted(SmallStacks.connectionArn("dev-github-connection"))));
    }

    @Test
    void aCodeCommitSourceDoesNotPollAndAnEventRuleStartsThePipeline() {
        var plan = SmallStacks.dev();
        assertThat(stage(pipeline(plan, "cc"), "Source")).isEqualTo(parse(plan, """
                {"name": "Source", "actions": [{"name": "Source", "category": "Source", "owner": "AWS", "provider": "CodeCommit",
                  "version": "1", "outputArtifacts": ["source"], "namespace": "SourceVariables", "runOrder": 1,
                  "configuration": {"RepositoryName": "cc-repo", "BranchName": "trunk", "PollForSourceChanges": "false",
                                    "OutputArtifactFormat": "CODE_ZIP"}}]}"""));
        assertThat(pipeline(plan, "cc").inputs()).doesNotContainKey("triggers");
        assertJsonInput(plan, "dev-cc-delivery-trigger", "eventPattern", """
                {"source": ["aws.codecommit"], "detail-type": ["CodeCommit Repository State Change"],
                 "resources": ["arn:aws:codecommit:eu-west-1:111111111111:cc-repo"],
                 "detail": {"event": ["referenceCreated", "referenceUpdated"], "referenceType": ["branch"], "referenceName": ["trunk"]}}""");
        assertInputs(plan, "dev-cc-delivery-trigger-target", """
                {"rule": "dev-cc-delivery-trigger", "arn": "arn:aws:codepipeline:eu-west-1:111111111111:dev-cc",
                 "roleArn": "arn:aws:iam::111111111111:role/dev-cc-trigger"}""");
    }

    @Test
    void aGitHubPipelineNeedsNoEventRule() {
        assertThat(SmallStacks.dev().resources()).noneMatch(r -> r.name().startsWith("dev-gh-delivery-trigger"));
    }

    @Test
    void aPromotionWatchesTheEarlierEnvironmentsTestedImage() {
        var plan = SmallStacks.prod();
        assertThat(stage(pipeline(plan, "quick"), "Source")).isEqualTo(parse(plan, """
                {"name": "Source", "actions": [{"name": "Source", "category": "Source", "owner": "AWS", "provider": "ECR",
                  "version": "1", "outputArtifacts": ["source"], "namespace": "SourceVariables", "runOrder": 1,
                  "configuration": {"RepositoryName": "beta/quick", "ImageTag": "release"}}]}"""));
        assertJsonInput(plan, "prod-quick-delivery-trigger", "eventPattern", """
                {"source": ["aws.ecr"], "$or": [
                  {"detail-type": ["ECR Image Action"],
                   "detail": {"repository-name": ["beta/quick"], "image-tag": ["release"], "result": ["SUCCESS"], "action-type": ["PUSH"]}},
                  {"detail-type": ["ECR Replication Action"],
                   "detail": {"repository-name": ["beta/quick"], "image-tag": ["release"], "result": ["SUCCESS"]}}]}""");
    }

    @Test
    void theApprovalNotifiesTheTopicWithWhatIsBeingApproved() {
        var plan = SmallStacks.dev();
        assertThat(stage(pipeline(plan, "cc"), "Approval")).isEqualTo(parse(plan, """
                {"name": "Approval", "actions": [{"name": "Approve", "category": "Approval", "owner": "AWS", "provider": "Manual",
                  "version": "1", "runOrder": 1,
                  "configuration": {"NotificationArn": "arn:aws:sns:eu-west-1:111111111111:dev-delivery",
                                    "CustomData": "Approve this release of cc for dev (built from cc-repo trunk)"}}]}"""));
    }

    @Test
    void theBuildRunsTheServicesProjectOnTheCheckoutWithTheCommitId() {
        var plan = SmallStacks.dev();
        assertThat(stage(pipeline(plan, "gh"), "Build")).isEqualTo(parse(plan, """
                {"name": "Build", "actions": [{"name": "Build", "category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1",
                  "inputArtifacts": ["source"], "outputArtifacts": ["build"], "runOrder": 1,
                  "configuration": {"ProjectName": "dev-gh-build",
                    "EnvironmentVariables": "[{\\"name\\":\\"BERTH_COMMIT_ID\\",\\"type\\":\\"PLAINTEXT\\",\\"value\\":\\"#{SourceVariables.CommitId}\\"}]"}}]}"""));
    }

    @Test
    void theTestStageRunsOnTheCheckoutAndTheBuild() {
        var plan = SmallStacks.dev();
        assertThat(stage(pipeline(plan, "cc"), "Test")).isEqualTo(parse(plan, """
                {"name": "Test", "actions": [{"name": "Test", "category": "Test", "owner": "AWS", "provider": "CodeBuild", "version": "1",
                  "inputArtifacts": ["source", "build"], "runOrder": 1,
                  "configuration": {"ProjectName": "dev-cc-test", "PrimarySource": "source",
                    "EnvironmentVariables": "[{\\"name\\":\\"BERTH_COMMIT_ID\\",\\"type\\":\\"PLAINTEXT\\",\\"value\\":\\"#{SourceVariables.CommitId}\\"}]"}}]}"""));
    }

    @Test
    void aRollingDeployRebasesOntoBerthsRevisionThenDeploysWithTheEcsAction() {
        var plan = SmallStacks.dev();
        // then Start brings a service that waited for its first release to its minimum (issue 14)
        assertThat(stage(pipeline(plan, "gh"), "Deploy")).isEqualTo(parse(plan, """
                {"name": "Deploy", "actions": [
                  {"name": "Rebase", "category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1",
                   "inputArtifacts": ["build"], "runOrder": 1,
                   "configuration": {"ProjectName": "dev-gh-deploy",
                     "EnvironmentVariables": "[{\\"name\\":\\"BERTH_STEP\\",\\"type\\":\\"PLAINTEXT\\",\\"value\\":\\"rebase\\"}]"}},
                  {"name": "Deploy", "category": "Deploy", "owner": "AWS", "provider": "ECS", "version": "1",
                   "inputArtifacts": ["build"], "runOrder": 2,
                   "configuration": {"ClusterName": "dev-cluster", "ServiceName": "dev-gh-service", "FileName": "imagedefinitions.json",
                                     "DeploymentTimeout": "60"}},
                  {"name": "Start", "category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1",
                   "inputArtifacts": ["build"], "runOrder": 3,
                   "configuration": {"ProjectName": "dev-gh-deploy",
                     "EnvironmentVariables": "[{\\"name\\":\\"BERTH_STEP\\",\\"type\\":\\"PLAINTEXT\\",\\"value\\":\\"start\\"},{\\"name\\":\\"BERTH_START_TASKS\\",\\"type\\":\\"PLAINTEXT\\",\\"value\\":\\"1\\"},{\\"name\\":\\"BERTH_MAX_TASKS\\",\\"type\\":\\"PLAINTEXT\\",\\"value\\":\\"4\\"},{\\"name\\":\\"BERTH_SCALABLE_TARGET\\",\\"type\\":\\"PLAINTEXT\\",\\"value\\":\\"yes\\"}]"}}]}"""));
    }

    @Test
    void theReleaseStageMarksTheDeployedImageWithThePromotionTags() {
        var plan = SmallStacks.dev();
        assertThat(stage(pipeline(plan, "gh"), "Release")).isEqualTo(parse(plan, """
                {"name": "Release", "actions": [{"name": "MarkForPromotion", "category": "Build", "owner": "AWS", "provider": "CodeBuild",
                  "version": "1", "inputArtifacts": ["build"], "runOrder": 1,
                  "configuration": {"ProjectName": "dev-gh-deploy",
                    "EnvironmentVariables": "[{\\"name\\":\\"BERTH_STEP\\",\\"type\\":\\"PLAINTEXT\\",\\"value\\":\\"release\\"},{\\"name\\":\\"BERTH_PROMOTION_TAGS\\",\\"type\\":\\"PLAINTEXT\\",\\"value\\":\\"release\\"}]"}}]}"""));
    }

    // --- CodeBuild projects

    @Test
    void theBuildProjectIsPrivilegedOnlyToBuildImagesAndIsTaggedSo() {
        var plan = SmallStacks.dev();
        assertAllInputs(plan, "dev-gh-delivery-build", """
                {"name": "dev-gh-build", "description": "build of gh in dev", "serviceRole": "arn:aws:iam::111111111111:role/dev-gh-build",
                 "source": {"type": "CODEPIPELINE", "buildspec": "buildspec.yml"}, "artifacts": {"type": "CODEPIPELINE"},
                 "environment": {"type": "LINUX_CONTAINER", "image": "aws/codebuild/amazonlinux-x86_64-standard:5.0",
                   "computeType": "BUILD_GENERAL1_MEDIUM", "privilegedMode": true, "imagePullCredentialsType": "CODEBUILD",
                   "environmentVariables": [
                     {"name": "BERTH_ENVIRONMENT", "type": "PLAINTEXT", "value": "dev"},
                     {"name": "BERTH_SERVICE_NAME", "type": "PLAINTEXT", "value": "gh"},
                     {"name": "BERTH_CONTAINER_NAME", "type": "PLAINTEXT", "value": "gh"},
                     {"name": "BERTH_REPOSITORY_NAME", "type": "PLAINTEXT", "value": "dev/gh"},
                     {"name": "BERTH_REPOSITORY_URI", "type": "PLAINTEXT", "value": "111111111111.dkr.ecr.eu-west-1.amazonaws.com/dev/gh"},
                     {"name": "AWS_ACCOUNT_ID", "type": "PLAINTEXT", "value": "111111111111"},
                     {"name": "LOG_LEVEL", "type": "PLAINTEXT", "value": "debug"}]},
                 "encryptionKey": "arn:aws:kms:eu-west-1:111111111111:key/${id:dev-delivery-key}",
                 "buildTimeout": 60, "queuedTimeout": 60,
                 "logsConfig": {"cloudwatchLogs": {"status": "ENABLED", "groupName": "/berth/dev/builds/gh", "streamName": "build"}},
                 "tags": {"Name": "dev-gh-delivery-build", "berth:service": "gh", "berth:builds-images": "true", "owner": "platform-team",
                          "cost-centre": "CC-1", "environment": "dev", "managed-by": "berth"}}""");
    }

    @Test
    void theTestProjectIsSmallUnprivilegedAndRunsTheCommands() {
        var plan = SmallStacks.dev();
        var test = plan.named("dev-cc-delivery-test");
        assertThat(test.inputs()).containsEntry("name", "dev-cc-test")
                .containsEntry("serviceRole", "arn:aws:iam::111111111111:role/dev-cc-build")
                .containsEntry("source", Map.of("type", "CODEPIPELINE", "buildspec", Buildspecs.test(List.of("make test"))));
        assertThat(io.berth.testing.Inputs.<Map<String, Object>>at(test, "environment"))
                .containsEntry("computeType", "BUILD_GENERAL1_SMALL").containsEntry("privilegedMode", false)
                .containsEntry("image", "aws/codebuild/amazonlinux-x86_64-standard:5.0");
        assertThat(io.berth.testing.Inputs.<Map<String, Object>>at(test, "tags")).doesNotContainKey("berth:builds-images");
    }

    @Test
    void theDeployProjectIsUnprivilegedAndKnowsTheServiceItDeploys() {
        var plan = SmallStacks.dev();
        var deploy = plan.named("dev-gh-delivery-deploy");
        assertThat(deploy.inputs()).containsEntry("name", "dev-gh-deploy")
                .containsEntry("serviceRole", "arn:aws:iam::111111111111:role/dev-gh-deploy")
                .containsEntry("source", Map.of("type", "CODEPIPELINE", "buildspec", Buildspecs.deploy()));
        assertThat(io.berth.testing.Inputs.<Map<String, Object>>at(deploy, "environment")).isEqualTo(parse(plan, """
                {"type": "LINUX_CONTAINER", "image": "aws/codebuild/amazonlinux-x86_64-standard:5.0", "computeType": "BUILD_GENERAL1_SMALL",
                 "privilegedMode": false, "imagePullCredentialsType": "CODEBUILD",
                 "environmentVariables": [
                   {"name": "BERTH_ENVIRONMENT", "type": "PLAINTEXT", "value": "dev"},
                   {"name": "BERTH_SERVICE_NAME", "type": "PLAINTEXT", "value": "gh"},
                   {"name": "BERTH_CONTAINER_NAME", "type": "PLAINTEXT", "value": "gh"},
                   {"name": "BERTH_REPOSITORY_NAME", "type": "PLAINTEXT", "value": "dev/gh"},
                   {"name": "BERTH_REPOSITORY_URI", "type": "PLAINTEXT", "value": "111111111111.dkr.ecr.eu-west-1.amazonaws.com/dev/gh"},
                   {"name": "AWS_ACCOUNT_ID", "type": "PLAINTEXT", "value": "111111111111"},
                   {"name": "BERTH_TASK_DEFINITION", "type": "PLAINTEXT", "value": "arn:aws:ecs:eu-west-1:111111111111:task-definition/dev-gh-task:1"},
                   {"name": "BERTH_CLUSTER", "type": "PLAINTEXT", "value": "dev-cluster"},
                   {"name": "BERTH_SERVICE", "type": "PLAINTEXT", "value": "dev-gh-service"},
                   {"name": "BERTH_CONTAINER_PORT", "type": "PLAINTEXT", "value": "8080"}]}"""));
    }

    @Test
    void buildsLogToTheServicesBuildLogGroupWithTheEnvironmentsRetention() {
        assertInputs(SmallStacks.dev(), "dev-gh-delivery-logs", """
                {"name": "/berth/dev/builds/gh", "retentionInDays": 30}""");
    }

    @Test
    void theBuildRoleMayPushOnlyTheServicesOwnRepository() {
        var doc = io.berth.testing.Inputs.jsonInput(SmallStacks.dev().named("dev-gh-delivery-build-policy"), "policy");
        @SuppressWarnings("unchecked")
        var push = ((List<Map<String, Object>>) doc.get("Statement")).stream().filter(s -> s.get("Sid").equals("PushOwnImage")).toList();
        assertThat(push).singleElement().satisfies(s -> assertThat(s.get("Resource"))
                .isEqualTo("arn:aws:ecr:eu-west-1:111111111111:repository/dev/gh"));
    }

    // --- notifications

    @Test
    void failedAndSucceededExecutionsAreReportedToTheTopic() {
        var plan = SmallStacks.dev();
        assertInputs(plan, "dev-gh-delivery-notifications", """
                {"name": "dev-gh-pipeline", "detailType": "BASIC", "resource": "arn:aws:codepipeline:eu-west-1:111111111111:dev-gh",
                 "eventTypeIds": ["codepipeline-pipeline-pipeline-execution-failed", "codepipeline-pipeline-pipeline-execution-succeeded"],
                 "targets": [{"type": "SNS", "address": "arn:aws:sns:eu-west-1:111111111111:dev-delivery"}]}""");
        assertThat(plan.named("dev-gh-delivery-notifications").dependencies()).contains(plan.named("dev-delivery-policy").urn());
    }

    // --- what the build and deploy steps may do

    /** The policy's statements by Sid, the scalable target's ARN (an id the engine gives) checked and left out. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> statements(Plan plan, String policy) {
        var out = new java.util.LinkedHashMap<String, Object>();
        for (var s : (List<Map<String, Object>>) io.berth.testing.Inputs.jsonInput(plan.named(policy), "policy").get("Statement")) {
            var statement = new java.util.LinkedHashMap<>(s);
            if ("StartOwnScaling".equals(statement.get("Sid"))) {
                assertThat((String) statement.remove("Resource")).startsWith("arn:aws:application-autoscaling:eu-west-1:111111111111:scalable-target/");
            }
            out.put((String) statement.remove("Sid"), statement);
        }
        return out;
    }

    @Test
    void aRollingServicesDeployStepTouchesOnlyItsOwnServiceTaskDefinitionsRolesAndImages() {
        var plan = SmallStacks.dev();
        var key = "arn:aws:kms:eu-west-1:111111111111:key/" + plan.named("dev-delivery-key").id();
        assertThat(statements(plan, "dev-gh-delivery-deploy-policy")).isEqualTo(io.berth.testing.Inputs.json("""
                {"WriteOwnBuildLogs": {"Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Effect": "Allow",
                   "Resource": "arn:aws:logs:eu-west-1:111111111111:log-group:/berth/dev/builds/gh:log-stream:*"},
                 "OwnArtifacts": {"Action": ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"], "Effect": "Allow",
                   "Resource": "arn:aws:s3:::berth-dev-artifacts-111111111111-eu-west-1/dev-gh/*"},
                 "ArtifactKey": {"Action": ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
                   "Effect": "Allow", "Resource": "%s"},
                 "RebaseOwnService": {"Action": ["ecs:DescribeServices", "ecs:UpdateService"], "Effect": "Allow",
                   "Resource": "arn:aws:ecs:eu-west-1:111111111111:service/dev-cluster/dev-gh-service"},
                 "RegisterTaskDefinitions": {"Action": ["ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"], "Effect": "Allow", "Resource": "*"},
                 "TagOwnTaskDefinitions": {"Action": "ecs:TagResource", "Effect": "Allow",
                   "Resource": "arn:aws:ecs:eu-west-1:111111111111:task-definition/dev-gh:*"},
                 "PassOwnTaskRoles": {"Action": "iam:PassRole", "Effect": "Allow",
                   "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}},
                   "Resource": ["arn:aws:iam::111111111111:role/dev-gh-execution-role", "arn:aws:iam::111111111111:role/dev-gh-task-role"]},
                 "StartOwnScaling": {"Action": "application-autoscaling:RegisterScalableTarget", "Effect": "Allow"},
                 "MarkOwnReleases": {"Action": ["ecr:BatchDeleteImage", "ecr:BatchGetImage", "ecr:DescribeImages", "ecr:PutImage"],
                   "Effect": "Allow", "Resource": "arn:aws:ecr:eu-west-1:111111111111:repository/dev/gh"}}""".formatted(key)));
    }

    @Test
    void aPromotedServicesBuildPullsTheImageTestedInTheEnvironmentBefore() {
        var statements = statements(SmallStacks.prod(), "prod-quick-delivery-build-policy");
        assertThat(statements).containsOnlyKeys("WriteOwnBuildLogs", "OwnArtifacts", "ArtifactKey", "EcrToken", "PushOwnImage", "PullTestedImage");
        assertThat(statements.get("PullTestedImage")).isEqualTo(Map.of("Effect", "Allow", "Resource", "arn:aws:ecr:eu-west-1:111111111111:repository/beta/quick",
                "Action", List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:DescribeImages", "ecr:GetDownloadUrlForLayer")));
        assertThat(statements.get("PushOwnImage")).extracting(s -> ((Map<?, ?>) s).get("Resource"))
                .isEqualTo("arn:aws:ecr:eu-west-1:111111111111:repository/prod/quick");
    }

    @Test
    void aBlueGreenServicesDeployStepOnlyReadsTaskDefinitionsAndStartsItsOwnService() {
        assertThat(statements(SmallStacks.prod(), "prod-web-delivery-deploy-policy")).containsOnlyKeys(
                "WriteOwnBuildLogs", "OwnArtifacts", "ArtifactKey", "ReadTaskDefinitions", "StartOwnService", "StartOwnScaling");
        assertThat(statements(SmallStacks.prod(), "prod-web-delivery-deploy-policy").get("StartOwnService")).isEqualTo(Map.of(
                "Action", List.of("ecs:DescribeServices", "ecs:UpdateService"), "Effect", "Allow",
                "Resource", "arn:aws:ecs:eu-west-1:111111111111:service/prod-cluster/prod-web-service"));
    }
    // --- what the pipeline itself may do

    @Test
    void aRollingGitHubPipelineUsesTheConnectionRunsItsBuildsAndDeploysOnlyItsOwnService() {
        var statements = statements(SmallStacks.dev(), "dev-gh-delivery-pipeline-policy");
        assertThat(statements).containsOnlyKeys("OwnArtifacts", "ArtifactBucket", "ArtifactKey", "RunOwnBuilds", "UseConnection",
                "EcsDeployOwnService", "RegisterTaskDefinitions", "TagOwnTaskDefinitions", "PassOwnTaskRoles",
                "EcsDeployWatchTasks", "EcsDeployListTasks");
        assertThat(statements.get("UseConnection")).isEqualTo(Map.of("Effect", "Allow",
                "Action", List.of("codeconnections:UseConnection", "codestar-connections:UseConnection"),
                "Resource", SmallStacks.connectionArn("dev-github-connection")));
        assertThat(statements.get("EcsDeployOwnService")).isEqualTo(Map.of("Effect", "Allow",
                "Action", List.of("ecs:DescribeServices", "ecs:UpdateService"),
                "Resource", "arn:aws:ecs:eu-west-1:111111111111:service/dev-cluster/dev-gh-service"));
        assertThat(statements.get("EcsDeployListTasks")).isEqualTo(Map.of("Effect", "Allow", "Action", "ecs:ListTasks", "Resource", "*",
                "Condition", Map.of("ArnEquals", Map.of("ecs:cluster", "arn:aws:ecs:eu-west-1:111111111111:cluster/dev-cluster"))));
    }

    @Test
    void aCodeCommitPipelineReadsItsRepositoryAndMayAskForApproval() {
        var statements = statements(SmallStacks.dev(), "dev-cc-delivery-pipeline-policy");
        assertThat(statements).containsKeys("ReadSourceRepository", "AskForApproval", "EcsDeployOwnService")
                .doesNotContainKeys("UseConnection", "WatchTestedImages");
        assertThat(statements.get("ReadSourceRepository")).isEqualTo(Map.of("Effect", "Allow",
                "Action", List.of("codecommit:CancelUploadArchive", "codecommit:GetBranch", "codecommit:GetCommit",
                        "codecommit:GetUploadArchiveStatus", "codecommit:UploadArchive"),
                "Resource", "arn:aws:codecommit:eu-west-1:111111111111:cc-repo"));
    }

    @Test
    void aPipelineWithoutAnApprovalStageMayNotPublishToTheApprovalTopic() {
        assertThat(statements(SmallStacks.dev(), "dev-gh-delivery-pipeline-policy")).doesNotContainKey("AskForApproval");
        assertThat(statements(SmallStacks.prod(), "prod-quick-delivery-pipeline-policy")).doesNotContainKey("AskForApproval");
        assertThat(statements(SmallStacks.prod(), "prod-web-delivery-pipeline-policy")).containsKey("AskForApproval");
    }

    @Test
    void aBlueGreenPipelineDeploysThroughItsOwnCodeDeployGroupAndTouchesNoEcsService() {
        var statements = statements(SmallStacks.prod(), "prod-web-delivery-pipeline-policy");
        assertThat(statements).containsKeys("WatchTestedImages", "CodeDeployOwnGroup", "CodeDeployOwnApplication", "CodeDeployConfig",
                        "RegisterTaskDefinitions", "TagOwnTaskDefinitions", "PassOwnTaskRoles")
                .doesNotContainKeys("EcsDeployOwnService", "EcsDeployWatchTasks", "EcsDeployListTasks", "UseConnection");
        assertThat(statements.get("TagOwnTaskDefinitions")).isEqualTo(Map.of("Effect", "Allow", "Action", "ecs:TagResource",
                "Resource", "arn:aws:ecs:eu-west-1:111111111111:task-definition/prod-web:*"));
    }

    @Test
    void aPromotionPipelineWatchesTheTestedImagesAndDeploysItsOwnService() {
        var statements = statements(SmallStacks.prod(), "prod-quick-delivery-pipeline-policy");
        assertThat(statements.get("WatchTestedImages")).isEqualTo(Map.of("Effect", "Allow", "Action", "ecr:DescribeImages",
                "Resource", "arn:aws:ecr:eu-west-1:111111111111:repository/beta/quick"));
        assertThat(statements).containsKey("EcsDeployOwnService").doesNotContainKey("CodeDeployOwnGroup");
    }

    @Test
    void theBuildGetsTheServicesBuildVariablesAndAPromotionItsSource() {
        assertThat(buildVariables(SmallStacks.dev(), "dev-gh-delivery-build")).containsEntry("LOG_LEVEL", "debug")
                .doesNotContainKeys("BERTH_SOURCE_ENVIRONMENT", "BERTH_SOURCE_TAG");
        assertThat(buildVariables(SmallStacks.prod(), "prod-quick-delivery-build")).containsEntry("BERTH_SOURCE_ENVIRONMENT", "beta")
                .containsKey("BERTH_SOURCE_TAG");
    }

    @Test
    void aBuildSecretIsAVariableOfItsStoreHoldingTheReferenceNotTheValue() {
        var env = io.berth.testing.Fixtures.environment();
        var plan = SmallStacks.plan(env, io.berth.testing.Fixtures.service("sec", Map.of("delivery", Map.of(
                "source", Map.of("type", "codecommit", "repository", "sec-repo", "branch", "main"),
                "buildSecrets", Map.of("TOKEN", "ssm:/ci/token", "KEY", "secretsmanager:ci-key"))), env));
        var variables = io.berth.testing.Inputs.<List<Map<String, Object>>>at(plan.named("dev-sec-delivery-build"), "environment.environmentVariables");
        assertThat(variables).contains(
                Map.of("name", "KEY", "type", "SECRETS_MANAGER", "value", "ci-key"),
                Map.of("name", "TOKEN", "type", "PARAMETER_STORE", "value", "/ci/token"));
    }

    @Test
    void theDeployProjectKnowsTheTaskDefinitionClusterServiceAndPort() {
        var plan = SmallStacks.dev();
        assertThat(buildVariables(plan, "dev-gh-delivery-deploy")).containsAllEntriesOf(Map.of(
                "BERTH_TASK_DEFINITION", "arn:aws:ecs:eu-west-1:111111111111:task-definition/dev-gh-task:1",
                "BERTH_CLUSTER", "dev-cluster", "BERTH_SERVICE", "dev-gh-service", "BERTH_CONTAINER_PORT", "8080",
                "BERTH_REPOSITORY_URI", "111111111111.dkr.ecr.eu-west-1.amazonaws.com/dev/gh"));
        assertThat(buildVariables(plan, "dev-gh-delivery-build")).doesNotContainKeys("BERTH_TASK_DEFINITION", "BERTH_SERVICE");
    }

    @Test
    void aBlueGreenServiceWithNoTasksToStartAndNoReleaseToTagHasNoDeployProject() {
        var env = io.berth.testing.Fixtures.production();
        var settings = Map.<String, Object>of("expose", Map.of("type", "public", "paths", List.of("/idle/*")),
                // scheduled: the schedules bring it up, so a release has no tasks to start
                "scaling", Map.of("min", 1, "max", 2, "schedules", List.of(Map.of("name", "day", "schedule", "cron(0 8 * * ? *)", "min", 1, "max", 2))),
                "delivery", Map.of("source", Map.of("type", "codecommit", "repository", "idle-repo", "branch", "main"), "deploy", "blue-green"));
        var idle = io.berth.testing.Fixtures.service("idle", settings, env);
        var tagged = io.berth.testing.Fixtures.service("tagged", Map.of("expose", Map.of("type", "public", "paths", List.of("/tagged/*")),
                "scaling", settings.get("scaling"), "delivery", settings.get("delivery")), env);
        tagged = tagged.toBuilder().delivery(java.util.Optional.of(tagged.delivery().orElseThrow().toBuilder()
                .promotionTags(java.util.Set.of("release")).build())).build();
        var plan = SmallStacks.plan(env, idle, tagged);
        assertThat(plan.resources()).extracting(PlannedResource::name)
                .doesNotContain("prod-idle-delivery-deploy").contains("prod-idle-delivery-render", "prod-tagged-delivery-deploy");
    }

    @Test
    void theDeployWatchesTasksOfItsOwnClusterOnlyAndTagsItsOwnFamily() {
        var plan = SmallStacks.dev();
        var statements = statements(plan, "dev-gh-delivery-pipeline-policy");
        assertThat(statements.get("EcsDeployWatchTasks")).isEqualTo(Map.of("Action", "ecs:DescribeTasks", "Effect", "Allow",
                "Resource", "arn:aws:ecs:eu-west-1:111111111111:task/dev-cluster/*"));
        assertThat(statements.get("TagOwnTaskDefinitions")).isEqualTo(Map.of("Action", "ecs:TagResource", "Effect", "Allow",
                "Resource", "arn:aws:ecs:eu-west-1:111111111111:task-definition/" + plan.named("dev-gh-task").inputs().get("family") + ":*"));
    }

    @Test
    void theBlueGreenAppSpecRunsTasksInTheServicesOwnNetworkAndCapacity() throws Exception {
        var plan = SmallStacks.prod();
        var variables = buildVariables(plan, "prod-web-delivery-render");
        var service = plan.named("prod-web-service");
        var network = io.berth.testing.Inputs.<Map<String, Object>>at(service, "networkConfiguration");
        assertThat(io.berth.testing.Inputs.json((String) variables.get("BERTH_APPSPEC_NETWORK"))).isEqualTo(Map.of("AwsvpcConfiguration", Map.of(
                "Subnets", network.get("subnets"), "SecurityGroups", network.get("securityGroups"), "AssignPublicIp", "DISABLED")));
        var strategy = io.berth.testing.Inputs.<List<Map<String, Object>>>at(service, "capacityProviderStrategies").stream()
                .map(i -> Map.of("CapacityProvider", i.get("capacityProvider"), "Base", ((Number) i.getOrDefault("base", 0)).intValue(),
                        "Weight", ((Number) i.get("weight")).intValue()))
                .toList();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readValue((String) variables.get("BERTH_APPSPEC_CAPACITY"), Object.class))
                .isEqualTo(strategy);
    }

    @Test
    void thePipelineDependsOnWhatEveryActionsConfigurationNames() {
        // the stages are one settled value (Pipeline.settled): it must still carry each configuration's resources
        var plan = SmallStacks.dev();
        assertThat(pipeline(plan, "gh").dependencies()).contains(
                plan.named("dev-github-connection").urn(),                                 // Source
                plan.named("dev-gh-delivery-build").urn(), plan.named("dev-gh-delivery-deploy").urn(),  // Build, Rebase, Release
                plan.named("dev-cluster").urn(), plan.named("dev-capacity-providers").urn(),  // Deploy: the cluster's name
                plan.named("dev-gh-service").urn());                                        // Deploy: the service's name
        assertThat(pipeline(plan, "cc").dependencies()).contains(plan.named("dev-delivery").urn()); // Approval: the topic
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> buildVariables(Plan plan, String project) {
        var out = new java.util.TreeMap<String, Object>();
        for (var v : io.berth.testing.Inputs.<List<Map<String, Object>>>at(plan.named(project), "environment.environmentVariables")) {
            out.put((String) v.get("name"), v.get("value"));
        }
        return out;
    }
}
