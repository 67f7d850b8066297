package io.berth.delivery;

import io.berth.model.DeliveryNames;
import io.berth.model.DeliverySpec;
import com.pulumi.aws.cloudwatch.EventRule;
import com.pulumi.aws.cloudwatch.EventRuleArgs;
import com.pulumi.aws.cloudwatch.EventTarget;
import com.pulumi.aws.cloudwatch.EventTargetArgs;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.codebuild.Project;
import com.pulumi.aws.codebuild.ProjectArgs;
import com.pulumi.aws.codebuild.inputs.ProjectArtifactsArgs;
import com.pulumi.aws.codebuild.inputs.ProjectEnvironmentArgs;
import com.pulumi.aws.codebuild.inputs.ProjectEnvironmentEnvironmentVariableArgs;
import com.pulumi.aws.codebuild.inputs.ProjectLogsConfigArgs;
import com.pulumi.aws.codebuild.inputs.ProjectLogsConfigCloudwatchLogsArgs;
import com.pulumi.aws.codebuild.inputs.ProjectSourceArgs;
import com.pulumi.aws.codepipeline.PipelineArgs;
import com.pulumi.aws.codepipeline.inputs.PipelineArtifactStoreArgs;
import com.pulumi.aws.codepipeline.inputs.PipelineArtifactStoreEncryptionKeyArgs;
import com.pulumi.aws.codepipeline.inputs.PipelineStageActionArgs;
import com.pulumi.aws.codepipeline.inputs.PipelineStageArgs;
import com.pulumi.aws.codepipeline.inputs.PipelineTriggerArgs;
import com.pulumi.aws.codepipeline.inputs.PipelineTriggerGitConfigurationArgs;
import com.pulumi.aws.codepipeline.inputs.PipelineTriggerGitConfigurationPushArgs;
import com.pulumi.aws.codepipeline.inputs.PipelineTriggerGitConfigurationPushBranchesArgs;
import com.pulumi.aws.codestarnotifications.NotificationRule;
import com.pulumi.aws.codestarnotifications.NotificationRuleArgs;
import com.pulumi.aws.codestarnotifications.inputs.NotificationRuleTargetArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.berth.model.Names;
import io.berth.model.ServiceSpec;
import io.berth.model.EnvironmentConfig;
import io.berth.support.Json;
import io.berth.support.PolicyDocument;
import io.berth.support.Stateful;
import io.berth.support.Tags;
import io.berth.ingress.LoadBalancer;
import io.berth.service.Service;
import io.berth.support.PropertyDependencies;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One service's pipeline in one environment ({@code berth:delivery:Pipeline}): Source > Build >
 * [Test] > [Approval] > Deploy > [DeployDR] > [Release], its CodeBuild projects, their log group, least-privilege
 * roles, the trigger and the notification rule; for blue/green services also the CodeDeploy
 * application and deployment group and the test listener.
 *
 * <p>Roles: the pipeline role runs the actions AWS performs itself (source, approval, the ECS and
 * CodeDeploy deploy actions); the build role runs the team's own buildspec and can push only to the
 * service's repository; the deploy role runs berth's own steps (rebase, render, release) and can
 * deploy only the service's own ECS service; the deploy-dr role (environments with a DR replica) runs
 * the dr step and can deploy only the DR replica's copy of the service; CodeDeploy's role can switch only this service's
 * listeners. Every {@code "*"} resource below is one AWS offers nothing narrower for, and says so.
 */
public final class Pipeline extends ComponentResource {
    public static final String SOURCE = "source";
    public static final String BUILD = "build";
    public static final String BUNDLE = "bundle";
    public static final String CODEBUILD_IMAGE = "aws/codebuild/amazonlinux-x86_64-standard:5.0";
    public static final String CODEBUILD_IMAGE_ARM = "aws/codebuild/amazonlinux-aarch64-standard:3.0";
    /** CodeDeploy's predefined configuration for ECS: shift all traffic at once, after the test listener (the default traffic shift). */
    public static final String DEPLOYMENT_CONFIG = "CodeDeployDefault.ECSAllAtOnce";
    public static final String PASSED_TO = "ecs-tasks.amazonaws.com";

    public final String pipelineName;
    public final Output<String> pipelineArn;
    /** Stage names in order, e.g. [Source, Build, Approval, Deploy]. */
    public final List<String> stages;

    /** What the environment's delivery component shares with every pipeline. */
    public record Shared(Output<String> bucketName, Output<String> bucketArn, Output<String> keyArn, Output<String> topicArn,
                         Optional<Output<String>> connectionArn, Resource topicPolicy) {
    }

    /** What the pipeline deploys: the service and where it runs, and its DR replica's copy when there is one. */
    public record Target(Service service, Output<String> clusterName, Output<String> clusterArn, Optional<LoadBalancer> loadBalancer,
                         Output<String> repositoryUrl, Output<String> repositoryArn, List<Output<String>> natPublicIps, Optional<DrCopy> dr) {
        /** A service without a DR copy. */
        public Target(Service service, Output<String> clusterName, Output<String> clusterArn, Optional<LoadBalancer> loadBalancer,
                      Output<String> repositoryUrl, Output<String> repositoryArn, List<Output<String>> natPublicIps) {
            this(service, clusterName, clusterArn, loadBalancer, repositoryUrl, repositoryArn, natPublicIps, Optional.empty());
        }
    }

    /** The DR replica's copy of the service (a plain ECS-controller service), in {@code region}'s cluster {@code clusterName}. */
    public record DrCopy(String region, Service service, Output<String> clusterName) {
    }

    public Pipeline(String name, EnvironmentConfig env, ServiceSpec spec, DeliverySpec d, Shared shared, Target target,
                    ComponentResourceOptions options) {
        super("berth:delivery:Pipeline", name, options);
        var child = CustomResourceOptions.builder().parent(this).build();
        var service = target.service();
        var tags = Map.of("berth:service", spec.name(), "owner", spec.owner());
        this.pipelineName = env.name() + "-" + spec.name();
        var repo = spec.image().repository().orElseThrow();
        var repositoryName = env.name() + "/" + repo;
        var source = d.source();

        // CodePipeline keys a pipeline's artifacts under the first 20 characters of its name; every
        // role of this pipeline reads and writes only there.
        var artifacts = shared.bucketArn().applyValue(b -> b + "/" + Names.artifactPrefix(pipelineName) + "/*");
        var logGroup = new LogGroup(name + "-logs", LogGroupArgs.builder()
                .name("/berth/" + env.name() + "/builds/" + spec.name())
                .retentionInDays(env.logRetentionDays())
                .tags(Tags.of(env.tags(), name + "-logs", tags))
                .build(), Stateful.options(env.protectStatefulResources(), this));
        var logStreams = logGroup.arn().applyValue(a -> a + ":log-stream:*");

        // --- build role: the team's buildspec (and test commands) run with it
        var promotedFrom = source.from().map(from -> new PromotedRepository(from + "/" + repo,
                "arn:aws:ecr:" + env.region() + ":" + env.account() + ":repository/" + from + "/" + repo));
        var buildDoc = common(logStreams, artifacts, shared.keyArn())
                // GetAuthorizationToken is account-wide: AWS offers no resource-level permission for it.
                .allow("EcrToken", List.of("ecr:GetAuthorizationToken"), List.of(Output.of("*")))
                .allow("PushOwnImage", List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload",
                        "ecr:DescribeImages", "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload", "ecr:PutImage",
                        "ecr:UploadLayerPart"), List.of(target.repositoryArn()));
        promotedFrom.ifPresent(p -> buildDoc.allow("PullTestedImage", List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
                "ecr:DescribeImages", "ecr:GetDownloadUrlForLayer"), List.of(Output.of(p.arn()))));
        var ssm = d.buildSecrets().values().stream().filter(s -> s.store().equals(DeliverySpec.BuildSecret.PARAMETER_STORE))
                .map(s -> Output.of(s.arn())).distinct().toList();
        if (!ssm.isEmpty()) {
            buildDoc.allow("ReadBuildParameters", List.of("ssm:GetParameters"), ssm);
        }
        var sm = d.buildSecrets().values().stream().filter(s -> s.store().equals(DeliverySpec.BuildSecret.SECRETS_MANAGER))
                // Secrets Manager appends a random 6-character suffix to secret ARNs.
                .map(s -> Output.of(s.grantResource())).distinct().toList();
        if (!sm.isEmpty()) {
            buildDoc.allow("ReadBuildSecrets", List.of("secretsmanager:GetSecretValue"), sm);
        }
        var buildRole = role(name + "-build-role", "codebuild.amazonaws.com", env, spec, "build",
                "Builds of " + spec.name() + " in " + env.name() + ": push its own image only", buildDoc, child);

        // --- deploy role: berth's own steps
        var deployDoc = common(logStreams, artifacts, shared.keyArn());
        if (d.blueGreen()) {
            // render reads berth's revision; DescribeTaskDefinition has no resource-level permissions: AWS requires "*".
            deployDoc.allow("ReadTaskDefinitions", List.of("ecs:DescribeTaskDefinition"), List.of(Output.of("*")));
        } else if (spec.isJob()) {
            // a job has no service: the deploy step registers the release and points the job's parameter at it
            registerTaskDefinitions(deployDoc, env, service);
            deployDoc.allow("PublishOwnJobRelease", List.of("ssm:PutParameter"), List.of(Output.of(
                    "arn:aws:ssm:" + env.region() + ":" + env.account() + ":parameter" + service.jobReleaseParameter.orElseThrow())));
        } else {
            deployTheService(deployDoc, "Rebase", env, service, target.clusterName());
        }
        // start: the first release of a service created waiting for it brings the service to its minimum
        var startTasks = startTasks(spec);
        if (startTasks > 0) {
            if (d.blueGreen()) {
                deployDoc.allow("StartOwnService", List.of("ecs:DescribeServices", "ecs:UpdateService"), List.of(service.serviceArn));
            }
            service.scalableTargetArn.ifPresent(arn -> deployDoc.allow("StartOwnScaling",
                    List.of("application-autoscaling:RegisterScalableTarget"), List.of(arn)));
        }
        if (!d.promotionTags().isEmpty()) {
            deployDoc.allow("MarkOwnReleases", List.of("ecr:BatchDeleteImage", "ecr:BatchGetImage", "ecr:DescribeImages", "ecr:PutImage"),
                    List.of(target.repositoryArn()));
        }
        var deployRole = role(name + "-deploy-role", "codebuild.amazonaws.com", env, spec, "deploy",
                "berth's deploy steps for " + spec.name() + " in " + env.name() + ": its own service only", deployDoc, child);

        // --- DR deploy role: berth's dr step rolls the release out to the DR replica's copy of the service
        ActingRole drDeployRole = null;
        if (target.dr().isPresent()) {
            var dr = target.dr().get();
            var copy = dr.service();
            var drDoc = common(logStreams, artifacts, shared.keyArn());
            if (spec.isJob()) {
                drDoc.allow("DrPublishOwnJobRelease", List.of("ssm:PutParameter"), List.of(Output.of("arn:aws:ssm:" + dr.region()
                        + ":" + env.account() + ":parameter" + copy.jobReleaseParameter.orElseThrow())));
            } else {
                drDoc.allow("DrOwnService", List.of("ecs:DescribeServices", "ecs:UpdateService"), List.of(copy.serviceArn));
            }
            drDoc
                    // RegisterTaskDefinition and DescribeTaskDefinition have no resource-level permissions: AWS requires "*".
                    .allow("DrTaskDefinitions", List.of("ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"), List.of(Output.of("*")))
                    // register-task-definition keeps berth's tags on the new revision
                    .allow("DrTagOwnTaskDefinitions", List.of("ecs:TagResource"), List.of(Output.of(
                            "arn:aws:ecs:" + dr.region() + ":" + env.account() + ":task-definition/" + copy.taskFamily + ":*")))
                    .allow("DrPassOwnTaskRoles", List.of("iam:PassRole"), List.of(copy.taskRoleArn, copy.executionRoleArn),
                            Map.of("StringEquals", Map.of("iam:PassedToService", PASSED_TO)))
                    // waits until registry replication has brought the release's image to the DR region
                    .allow("DrWatchReplicatedImage", List.of("ecr:DescribeImages"), List.of(Output.of(
                            "arn:aws:ecr:" + dr.region() + ":" + env.account() + ":repository/" + repositoryName)));
            drDeployRole = role(name + "-deploy-dr-role", "codebuild.amazonaws.com", env, spec, "deploy-dr",
                    "berth's dr step for " + spec.name() + " in " + env.name() + ": its own DR service in " + dr.region() + " only",
                    drDoc, child);
        }

        // --- CodeBuild projects
        var common = new ArrayList<Variable>();
        common.add(plain("BERTH_ENVIRONMENT", Output.of(env.name())));
        common.add(plain("BERTH_SERVICE_NAME", Output.of(spec.name())));
        common.add(plain("BERTH_CONTAINER_NAME", Output.of(spec.name())));
        common.add(plain("BERTH_REPOSITORY_NAME", Output.of(repositoryName)));
        common.add(plain("BERTH_REPOSITORY_URI", target.repositoryUrl()));
        common.add(plain("AWS_ACCOUNT_ID", Output.of(env.account())));

        var buildVars = new ArrayList<>(common);
        d.buildEnvironment().forEach((k, v) -> buildVars.add(plain(k, Output.of(v))));
        d.buildSecrets().forEach((k, s) -> buildVars.add(new Variable(k, s.store(), Output.of(s.reference()))));
        source.from().ifPresent(from -> {
            buildVars.add(plain("BERTH_SOURCE_ENVIRONMENT", Output.of(from)));
            buildVars.add(plain("BERTH_SOURCE_TAG", Output.of(source.tag())));
        });
        var arm = spec.cpuArchitecture().equals("ARM64");
        var build = project(name + "-build", pipelineName + "-build", env, spec, buildRole, shared, logGroup, "build",
                // Privileged only when this project builds container images: the Docker daemon needs it
                // (AWS rule 29), and the tag lets the policy pack allow it. A promotion copies with crane
                // (no daemon), so it runs unprivileged and untagged.
                environment(ProjectEnvironmentArgs.builder().type(arm ? "ARM_CONTAINER" : "LINUX_CONTAINER")
                        .image(arm ? CODEBUILD_IMAGE_ARM : CODEBUILD_IMAGE).computeType("BUILD_GENERAL1_MEDIUM")
                        .privilegedMode(!source.promotion()).imagePullCredentialsType("CODEBUILD"), buildVars),
                source.promotion() ? Buildspecs.promotion() : d.buildspec(),
                source.promotion() ? Map.of() : Map.of(DeliveryNames.IMAGE_BUILDER_TAG, "true"), child);

        Project test = null;
        if (!d.testStage().isEmpty()) {
            test = project(name + "-test", pipelineName + "-test", env, spec, buildRole, shared, logGroup, "test",
                    smallEnvironment(buildVars), Buildspecs.test(d.testStage()), Map.of(), child);
        }
        var deployVars = new ArrayList<>(common);
        deployVars.add(plain("BERTH_TASK_DEFINITION", service.taskDefinitionArn));
        deployVars.add(plain("BERTH_CLUSTER", target.clusterName()));
        deployVars.add(plain("BERTH_SERVICE", service.serviceName));
        deployVars.add(plain("BERTH_CONTAINER_PORT", Output.of(String.valueOf(spec.port()))));
        service.jobReleaseParameter.ifPresent(p -> deployVars.add(plain("BERTH_JOB_PARAMETER", Output.of(p))));
        Project deploy = null;
        if (!d.blueGreen() || !d.promotionTags().isEmpty() || startTasks > 0) {
            deploy = project(name + "-deploy", pipelineName + "-deploy", env, spec, deployRole, shared, logGroup, "deploy",
                    smallEnvironment(deployVars), spec.isJob() ? Buildspecs.job() : Buildspecs.deploy(), Map.of(), child);
        }
        Project render = null;
        if (d.blueGreen()) {
            var renderVars = new ArrayList<>(deployVars);
            renderVars.add(plain("BERTH_APPSPEC_NETWORK", service.appspecNetworkConfiguration));
            renderVars.add(plain("BERTH_APPSPEC_CAPACITY", Output.of(service.appspecCapacityProviderStrategy)));
            render = project(name + "-render", pipelineName + "-render", env, spec, deployRole, shared, logGroup, "render",
                    smallEnvironment(renderVars), Buildspecs.render(), Map.of(), child);
        }

        Project deployDr = null;
        if (drDeployRole != null) {
            deployDr = project(name + "-deploy-dr", pipelineName + "-deploy-dr", env, spec, drDeployRole, shared, logGroup, "deploy-dr",
                    smallEnvironment(common), spec.isJob() ? Buildspecs.job() : Buildspecs.deploy(), Map.of(), child);
        }

        // --- blue/green: test listener, CodeDeploy application and deployment group
        Optional<BlueGreen.Resources> blueGreen = d.blueGreen()
                ? Optional.of(BlueGreen.create(name, env, spec, d, service, target, this))
                : Optional.empty();

        // --- pipeline role
        var projects = new ArrayList<Output<String>>();
        projects.add(build.arn());
        for (var p : java.util.Arrays.asList(test, deploy, render, deployDr)) {
            if (p != null) {
                projects.add(p.arn());
            }
        }
        var pipelineDoc = PolicyDocument.create()
                .allow("OwnArtifacts", List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"), List.of(artifacts))
                .allow("ArtifactBucket", List.of("s3:GetBucketLocation", "s3:GetBucketVersioning"), List.of(shared.bucketArn()))
                .allow("ArtifactKey", KEY_ACTIONS, List.of(shared.keyArn()))
                .allow("RunOwnBuilds", List.of("codebuild:BatchGetBuilds", "codebuild:StartBuild", "codebuild:StopBuild"), projects);
        Output<String> connection = null;
        switch (source.type()) {
            case GITHUB, BITBUCKET, GITLAB -> {
                connection = shared.connectionArn().orElseThrow();
                // CodeStar Connections became CodeConnections in 2024; AWS checks either action name.
                pipelineDoc.allow("UseConnection", List.of("codeconnections:UseConnection", "codestar-connections:UseConnection"),
                        List.of(connection));
            }
            case CODECOMMIT -> pipelineDoc.allow("ReadSourceRepository", List.of("codecommit:CancelUploadArchive", "codecommit:GetBranch",
                    "codecommit:GetCommit", "codecommit:GetUploadArchiveStatus", "codecommit:UploadArchive"),
                    List.of(Output.of(codecommitArn(env, source))));
            case PROMOTE -> pipelineDoc.allow("WatchTestedImages", List.of("ecr:DescribeImages"),
                    List.of(Output.of(promotedFrom.orElseThrow().arn())));
        }
        var approval = d.approvalRequired(env.delivery());
        if (approval) {
            pipelineDoc.allow("AskForApproval", List.of("sns:Publish"), List.of(shared.topicArn()));
        }
        if (blueGreen.isPresent()) {
            var bg = blueGreen.get();
            pipelineDoc.allow("CodeDeployOwnGroup", List.of("codedeploy:CreateDeployment", "codedeploy:GetDeployment"),
                            List.of(bg.deploymentGroupArn()))
                    .allow("CodeDeployOwnApplication", List.of("codedeploy:GetApplication", "codedeploy:GetApplicationRevision",
                            "codedeploy:RegisterApplicationRevision"), List.of(bg.applicationArn()))
                    .allow("CodeDeployConfig", List.of("codedeploy:GetDeploymentConfig"), List.of(Output.of(
                            "arn:aws:codedeploy:" + env.region() + ":" + env.account() + ":deploymentconfig:" + bg.deploymentConfigName())));
            registerTaskDefinitions(pipelineDoc, env, service);
        } else if (!spec.isJob()) { // a job's deploy is a CodeBuild step (its own role): the pipeline touches no ECS
            deployTheService(pipelineDoc, "EcsDeploy", env, service, target.clusterName());
            pipelineDoc.allow("EcsDeployWatchTasks", List.of("ecs:DescribeTasks"), List.of(target.clusterName().applyValue(c ->
                            "arn:aws:ecs:" + env.region() + ":" + env.account() + ":task/" + c + "/*")))
                    // ListTasks has no resource-level permissions: AWS allows only a condition on the cluster.
                    .allow("EcsDeployListTasks", List.of("ecs:ListTasks"), List.of(Output.of("*")), target.clusterArn().applyValue(
                            arn -> Map.<String, Object>of("ArnEquals", Map.of("ecs:cluster", arn))));
        }
        var pipelineRole = role(name + "-pipeline-role", "codepipeline.amazonaws.com", env, spec, "pipeline",
                "The " + spec.name() + " pipeline in " + env.name() + ": its own artifacts, builds and service", pipelineDoc, child);

        // --- stages
        var stageList = new ArrayList<Stage>();
        var stageNames = new ArrayList<String>();
        stageNames.add("Source");
        stageList.add(stage("Source", sourceAction(env, source, connection, promotedFrom)));
        var buildEnv = Output.of(source.promotion() ? "[]"
                : Json.write(List.of(Map.of("name", "BERTH_COMMIT_ID", "value", "#{SourceVariables.CommitId}", "type", "PLAINTEXT"))));
        stageNames.add("Build");
        stageList.add(stage("Build", codebuild("Build", build, List.of(SOURCE), List.of(BUILD), Optional.empty(), buildEnv, 1)));
        if (test != null) {
            stageNames.add("Test");
            var inputs = source.promotion() ? List.of(BUILD) : List.of(SOURCE, BUILD);
            stageList.add(stage("Test", codebuild("Test", test, inputs, List.of(), Optional.of(inputs.get(0)), buildEnv, 1)));
        }
        if (approval) {
            stageNames.add("Approval");
            var approvalConfig = shared.topicArn().applyValue(topic -> Map.of(
                    "NotificationArn", topic,
                    "CustomData", "Approve this release of " + spec.name() + " for " + env.name() + " (" + (source.promotion()
                            ? "tested in " + source.from().get() : "built from " + source.repository().get() + " " + source.branch().get()) + ")"));
            stageList.add(stage("Approval", new Action(PipelineStageActionArgs.builder()
                    .name("Approve").category("Approval").owner("AWS").provider("Manual").version("1").runOrder(1), approvalConfig)));
        }
        stageNames.add("Deploy");
        var deployActions = new ArrayList<Action>();
        if (blueGreen.isPresent()) {
            var bg = blueGreen.get();
            deployActions.addAll(List.of(
                    codebuild("Render", render, List.of(BUILD), List.of(BUNDLE), Optional.empty(), step("render"), 1),
                    new Action(PipelineStageActionArgs.builder()
                            .name("Deploy").category("Deploy").owner("AWS").provider("CodeDeployToECS").version("1")
                            .inputArtifacts(BUNDLE).runOrder(2),
                            Output.tuple(bg.applicationName(), bg.deploymentGroupName()).applyValue(t -> {
                                var config = new TreeMap<String, String>();
                                config.put("ApplicationName", t.t1);
                                config.put("DeploymentGroupName", t.t2);
                                config.put("TaskDefinitionTemplateArtifact", BUNDLE);
                                config.put("TaskDefinitionTemplatePath", "taskdef.json");
                                config.put("AppSpecTemplateArtifact", BUNDLE);
                                config.put("AppSpecTemplatePath", "appspec.yaml");
                                config.put("Image1ArtifactName", BUNDLE);
                                config.put("Image1ContainerName", "IMAGE1_NAME");
                                return (Map<String, String>) config;
                            }))));
        } else if (spec.isJob()) {
            deployActions.add(codebuild("Deploy", deploy, List.of(BUILD), List.of(), Optional.empty(), step("job"), 1));
        } else {
            deployActions.addAll(List.of(
                    codebuild("Rebase", deploy, List.of(BUILD), List.of(), Optional.empty(), step("rebase"), 1),
                    new Action(PipelineStageActionArgs.builder()
                            .name("Deploy").category("Deploy").owner("AWS").provider("ECS").version("1")
                            .inputArtifacts(BUILD).runOrder(2),
                            Output.tuple(target.clusterName(), service.serviceName).applyValue(t -> Map.of(
                                    "ClusterName", t.t1, "ServiceName", t.t2, "FileName", "imagedefinitions.json",
                                    "DeploymentTimeout", "60")))));
        }
        if (startTasks > 0) {
            var start = new ArrayList<Map<String, String>>();
            start.add(Map.of("name", "BERTH_STEP", "value", "start", "type", "PLAINTEXT"));
            start.add(Map.of("name", "BERTH_START_TASKS", "value", String.valueOf(startTasks), "type", "PLAINTEXT"));
            start.add(Map.of("name", "BERTH_MAX_TASKS", "value", String.valueOf(spec.scaling().max()), "type", "PLAINTEXT"));
            if (service.scalableTargetArn.isPresent()) {
                start.add(Map.of("name", "BERTH_SCALABLE_TARGET", "value", "yes", "type", "PLAINTEXT"));
            }
            deployActions.add(codebuild("Start", deploy, List.of(BUILD), List.of(), Optional.empty(), Output.of(Json.write(start)), 3));
        }
        stageList.add(stage("Deploy", deployActions.toArray(Action[]::new)));
        if (deployDr != null) {
            // after the primary's deploy: the same image, by replication, on the DR replica's copy
            var dr = target.dr().get();
            stageNames.add("DeployDR");
            var drVars = dr.service().jobReleaseParameter.isPresent()
                    ? dr.service().taskDefinitionArn.applyValue(arn -> Json.write(List.of(
                    Map.of("name", "BERTH_STEP", "value", "dr-job", "type", "PLAINTEXT"),
                    Map.of("name", "BERTH_DR_REGION", "value", dr.region(), "type", "PLAINTEXT"),
                    Map.of("name", "BERTH_DR_TASK_DEFINITION", "value", arn, "type", "PLAINTEXT"),
                    Map.of("name", "BERTH_DR_JOB_PARAMETER", "value", dr.service().jobReleaseParameter.get(), "type", "PLAINTEXT"))))
                    : Output.tuple(dr.clusterName(), dr.service().serviceName, dr.service().taskDefinitionArn).applyValue(t -> Json.write(List.of(
                    Map.of("name", "BERTH_STEP", "value", "dr", "type", "PLAINTEXT"),
                    Map.of("name", "BERTH_DR_REGION", "value", dr.region(), "type", "PLAINTEXT"),
                    Map.of("name", "BERTH_DR_CLUSTER", "value", t.t1, "type", "PLAINTEXT"),
                    Map.of("name", "BERTH_DR_SERVICE", "value", t.t2, "type", "PLAINTEXT"),
                    Map.of("name", "BERTH_DR_TASK_DEFINITION", "value", t.t3, "type", "PLAINTEXT"))));
            stageList.add(stage("DeployDR", codebuild("DeployDR", deployDr, List.of(BUILD), List.of(), Optional.empty(), drVars, 1)));
        }
        if (!d.promotionTags().isEmpty()) {
            stageNames.add("Release");
            var release = Output.of(Json.write(List.of(
                    Map.of("name", "BERTH_STEP", "value", "release", "type", "PLAINTEXT"),
                    Map.of("name", "BERTH_PROMOTION_TAGS", "value", String.join(" ", d.promotionTags().stream().sorted().toList()),
                            "type", "PLAINTEXT"))));
            stageList.add(stage("Release", codebuild("MarkForPromotion", deploy, List.of(BUILD), List.of(), Optional.empty(), release, 1)));
        }
        this.stages = List.copyOf(stageNames);

        var store = new PropertyDependencies(); // the artifact store's dependencies in one Output (see there)
        var pipelineArgs = PipelineArgs.builder()
                .name(pipelineName)
                .pipelineType("V2")
                // a newer release replaces one still waiting (e.g. at the approval): the latest ships
                .executionMode("SUPERSEDED")
                .roleArn(pipelineRole.role().arn())
                .artifactStores(store.holding(List.of(PipelineArtifactStoreArgs.builder()
                        .type("S3").location(store.add(shared.bucketName()))
                        .encryptionKey(PipelineArtifactStoreEncryptionKeyArgs.builder().type("KMS").id(store.add(shared.keyArn())).build())
                        .build())))
                .stages(settled(stageList))
                .tags(Tags.of(env.tags(), name + "-pipeline", tags));
        if (source.type().codestar()) {
            pipelineArgs.triggers(PipelineTriggerArgs.builder()
                    .providerType("CodeStarSourceConnection")
                    .gitConfiguration(PipelineTriggerGitConfigurationArgs.builder()
                            .sourceActionName("Source")
                            .pushes(PipelineTriggerGitConfigurationPushArgs.builder()
                                    .branches(PipelineTriggerGitConfigurationPushBranchesArgs.builder()
                                            .includes(source.branch().orElseThrow()).build())
                                    .build())
                            .build())
                    .build());
        }
        var pipeline = new com.pulumi.aws.codepipeline.Pipeline(name + "-pipeline", pipelineArgs.build(), pipelineRole.after(child));
        this.pipelineArn = pipeline.arn();

        if (!source.type().codestar()) {
            trigger(name, env, spec, source, promotedFrom, pipeline, child);
        }
        new NotificationRule(name + "-notifications", NotificationRuleArgs.builder()
                .name(pipelineName + "-pipeline")
                .detailType("BASIC")
                .resource(pipeline.arn())
                .eventTypeIds(List.of(DeliveryNames.EXECUTION_FAILED, DeliveryNames.EXECUTION_SUCCEEDED))
                .targets(NotificationRuleTargetArgs.builder().type("SNS").address(shared.topicArn()).build())
                .tags(Tags.of(env.tags(), name + "-notifications", tags))
                .build(), CustomResourceOptions.builder().parent(this).dependsOn(shared.topicPolicy()).build());
        registerOutputs(Map.of("pipelineArn", pipelineArn));
    }

    private record PromotedRepository(String name, String arn) {
    }

    /**
     * How many tasks the start step gives a service at its first release: its minimum, or 0 (no start
     * step) for a minimum of 0 or a service with schedules (the schedule, or the next pulumi up, starts it).
     */
    static int startTasks(ServiceSpec spec) {
        return spec.scaling().schedules().isEmpty() ? spec.scaling().min() : 0;
    }

    static final List<String> KEY_ACTIONS = List.of("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*");

    /** Logs, artifacts and the artifact key: what every CodeBuild role of this pipeline needs. */
    private static PolicyDocument common(Output<String> logStreams, Output<String> artifacts, Output<String> keyArn) {
        return PolicyDocument.create()
                .allow("WriteOwnBuildLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"), List.of(logStreams))
                .allow("OwnArtifacts", List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"), List.of(artifacts))
                .allow("ArtifactKey", KEY_ACTIONS, List.of(keyArn));
    }

    /** Register task definitions of the service's family, passing only its own roles. */
    private static void registerTaskDefinitions(PolicyDocument doc, EnvironmentConfig env, Service service) {
        // RegisterTaskDefinition and DescribeTaskDefinition have no resource-level permissions: AWS requires "*".
        doc.allow("RegisterTaskDefinitions", List.of("ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"), List.of(Output.of("*")))
                .allow("TagOwnTaskDefinitions", List.of("ecs:TagResource"), List.of(Output.of(
                        "arn:aws:ecs:" + env.region() + ":" + env.account() + ":task-definition/" + service.taskFamily + ":*")))
                .allow("PassOwnTaskRoles", List.of("iam:PassRole"), List.of(service.taskRoleArn, service.executionRoleArn),
                        Map.of("StringEquals", Map.of("iam:PassedToService", PASSED_TO)));
    }

    /** Update the service's own ECS service to a task definition of its family. */
    private static void deployTheService(PolicyDocument doc, String sid, EnvironmentConfig env, Service service,
                                         Output<String> clusterName) {
        doc.allow(sid + "OwnService", List.of("ecs:DescribeServices", "ecs:UpdateService"), List.of(service.serviceArn));
        registerTaskDefinitions(doc, env, service);
    }

    /**
     * A role and its inline policy. Whatever acts with the role is created after the policy
     * ({@link #after}): IAM is eventually consistent, and a pipeline, project or rule created with a
     * role whose permissions are not there yet fails its first run with AccessDenied.
     */
    record ActingRole(Role role, RolePolicy policy) {
        /** {@code options} plus a dependency on the role's policy. */
        CustomResourceOptions after(CustomResourceOptions options) {
            return CustomResourceOptions.merge(options, CustomResourceOptions.builder().dependsOn(policy).build());
        }
    }

    private static ActingRole role(String logical, String principal, EnvironmentConfig env, ServiceSpec spec, String kind,
                             String description, PolicyDocument doc, CustomResourceOptions child) {
        var role = new Role(logical, RoleArgs.builder()
                // explicit and short: <env>-<service>-<kind> is at most 12+1+20+11 characters, where Pulumi's
                // auto-name of the logical name could pass IAM's 64 (AWS rule 19)
                .name(roleName(env, spec, kind))
                .description(description)
                .assumeRolePolicy(PolicyDocument.trust(principal))
                .tags(Tags.of(env.tags(), logical, Map.of("berth:service", spec.name(), "owner", spec.owner(), "berth:role", "delivery-" + kind)))
                .build(), child);
        var policy = new RolePolicy(logical.replaceAll("-role$", "-policy"), RolePolicyArgs.builder().role(role.id()).policy(doc.toJson()).build(), child);
        return new ActingRole(role, policy);
    }

    /** {@code <env>-<service>-<kind>}: the IAM name of a delivery role (pipeline, build, deploy, trigger, codedeploy). */
    static String roleName(EnvironmentConfig env, ServiceSpec spec, String kind) {
        return env.name() + "-" + spec.name() + "-" + kind;
    }

    /** A CodeBuild environment variable: PLAINTEXT, or a secret's store (PARAMETER_STORE, SECRETS_MANAGER) and reference. */
    private record Variable(String name, String type, Output<String> value) {
    }

    private static Variable plain(String name, Output<String> value) {
        return new Variable(name, "PLAINTEXT", value);
    }

    /** {@code base} with {@code variables}, whose values' dependencies the property carries (see PropertyDependencies). */
    private static Output<ProjectEnvironmentArgs> environment(ProjectEnvironmentArgs.Builder base, List<Variable> variables) {
        var environment = new PropertyDependencies();
        return environment.holding(base.environmentVariables(variables.stream()
                .map(v -> ProjectEnvironmentEnvironmentVariableArgs.builder().name(v.name()).type(v.type()).value(environment.add(v.value())).build())
                .toList()).build());
    }

    private static Output<ProjectEnvironmentArgs> smallEnvironment(List<Variable> variables) {
        return environment(ProjectEnvironmentArgs.builder().type("LINUX_CONTAINER").image(CODEBUILD_IMAGE).computeType("BUILD_GENERAL1_SMALL")
                .privilegedMode(false).imagePullCredentialsType("CODEBUILD"), variables);
    }

    private static Project project(String logical, String physical, EnvironmentConfig env, ServiceSpec spec, ActingRole role, Shared shared,
                                   LogGroup logGroup, String stream, Output<ProjectEnvironmentArgs> environment, String buildspec,
                                   Map<String, String> extraTags, CustomResourceOptions child) {
        var tags = new LinkedHashMap<String, String>();
        tags.put("berth:service", spec.name());
        tags.put("owner", spec.owner());
        tags.putAll(extraTags);
        return new Project(logical, ProjectArgs.builder()
                .name(physical)
                .description(stream + " of " + spec.name() + " in " + env.name())
                .serviceRole(role.role().arn())
                .source(ProjectSourceArgs.builder().type("CODEPIPELINE").buildspec(buildspec).build())
                .artifacts(ProjectArtifactsArgs.builder().type("CODEPIPELINE").build())
                .environment(environment)
                .encryptionKey(shared.keyArn())
                .buildTimeout(60)
                .queuedTimeout(60)
                .logsConfig(ProjectLogsConfigArgs.builder()
                        .cloudwatchLogs(ProjectLogsConfigCloudwatchLogsArgs.builder()
                                .status("ENABLED").groupName(logGroup.name()).streamName(stream).build())
                        .build())
                .tags(Tags.of(env.tags(), logical, tags))
                .build(), role.after(child));
    }

    /** An action whose configuration the engine may still have to resolve. */
    private record Action(PipelineStageActionArgs.Builder args, Output<Map<String, String>> configuration) {
    }

    private record Stage(String name, List<Action> actions) {
    }

    private static Stage stage(String name, Action... actions) {
        return new Stage(name, List.of(actions));
    }

    /**
     * The stages, every action's configuration in them, their dependencies carried by the property
     * (see PropertyDependencies; a plan once missed the DR capacity providers among a pipeline's dependencies).
     */
    private static Output<List<PipelineStageArgs>> settled(List<Stage> stages) {
        var dependencies = new PropertyDependencies();
        return dependencies.holding(stages.stream().map(s -> PipelineStageArgs.builder().name(s.name())
                .actions(s.actions().stream().map(a -> a.args().configuration(dependencies.add(a.configuration())).build()).toList())
                .build()).toList());
    }

    private static Output<String> step(String step) {
        return Output.of(Json.write(List.of(Map.of("name", "BERTH_STEP", "value", step, "type", "PLAINTEXT"))));
    }

    private static Action codebuild(String actionName, Project project, List<String> inputs, List<String> outputs,
                                    Optional<String> primarySource, Output<String> environmentVariables, int runOrder) {
        var config = Output.tuple(project.name(), environmentVariables).applyValue(t -> {
            var m = new TreeMap<String, String>();
            m.put("ProjectName", t.t1);
            if (!t.t2.equals("[]")) {
                m.put("EnvironmentVariables", t.t2);
            }
            primarySource.ifPresent(p -> m.put("PrimarySource", p));
            return (Map<String, String>) m;
        });
        var action = PipelineStageActionArgs.builder()
                .name(actionName).category(actionName.equals("Test") ? "Test" : "Build").owner("AWS").provider("CodeBuild").version("1")
                .inputArtifacts(inputs).runOrder(runOrder);
        if (!outputs.isEmpty()) {
            action.outputArtifacts(outputs);
        }
        return new Action(action, config);
    }

    private static Action sourceAction(EnvironmentConfig env, DeliverySpec.Source source, Output<String> connection,
                                       Optional<PromotedRepository> promoted) {
        var action = PipelineStageActionArgs.builder().name("Source").category("Source").owner("AWS").version("1")
                .outputArtifacts(SOURCE).namespace("SourceVariables").runOrder(1);
        return switch (source.type()) {
            case GITHUB, BITBUCKET, GITLAB -> new Action(action.provider("CodeStarSourceConnection"),
                    connection.applyValue(arn -> Map.of(
                            "ConnectionArn", arn,
                            "FullRepositoryId", source.repository().orElseThrow(),
                            "BranchName", source.branch().orElseThrow(),
                            "OutputArtifactFormat", "CODE_ZIP",
                            // the pipeline's git trigger (V2) filters the pushes; AWS then turns default detection off
                            "DetectChanges", "true")));
            case CODECOMMIT -> new Action(action.provider("CodeCommit"),
                    Output.of(Map.of("RepositoryName", source.repository().orElseThrow(), "BranchName", source.branch().orElseThrow(),
                            "PollForSourceChanges", "false", "OutputArtifactFormat", "CODE_ZIP")));
            case PROMOTE -> new Action(action.provider("ECR"),
                    Output.of(Map.of("RepositoryName", promoted.orElseThrow().name(), "ImageTag", source.tag())));
        };
    }

    /** ECR (promotion) and CodeCommit sources start the pipeline through an EventBridge rule. */
    private static void trigger(String name, EnvironmentConfig env, ServiceSpec spec, DeliverySpec.Source source,
                                Optional<PromotedRepository> promoted, com.pulumi.aws.codepipeline.Pipeline pipeline,
                                CustomResourceOptions child) {
        var tags = Map.of("berth:service", spec.name(), "owner", spec.owner());
        Map<String, Object> pattern;
        String description;
        if (source.promotion()) {
            var repo = promoted.orElseThrow().name();
            description = "Start " + pipelineNameOf(env, spec) + " when " + source.from().get() + " marks a tested image " + source.tag();
            // the mark arrives by replication from the earlier environment's account, or by a push here
            // a push of the mark here, or its replication from the earlier account; never a deletion
            // (the release step deletes the old mark before it moves it)
            var detail = Map.of("repository-name", List.of(repo), "image-tag", List.of(source.tag()), "result", List.of("SUCCESS"));
            var pushed = new java.util.HashMap<String, Object>(detail);
            pushed.put("action-type", List.of("PUSH"));
            pattern = Map.of("source", List.of("aws.ecr"),
                    "$or", List.of(
                            Map.of("detail-type", List.of("ECR Image Action"), "detail", pushed),
                            Map.of("detail-type", List.of("ECR Replication Action"), "detail", detail)));
        } else {
            description = "Start " + pipelineNameOf(env, spec) + " on commits to " + source.repository().get() + " " + source.branch().get();
            pattern = Map.of("source", List.of("aws.codecommit"),
                    "detail-type", List.of("CodeCommit Repository State Change"),
                    "resources", List.of(codecommitArn(env, source)),
                    "detail", Map.of("event", List.of("referenceCreated", "referenceUpdated"), "referenceType", List.of("branch"),
                            "referenceName", List.of(source.branch().get())));
        }
        var doc = PolicyDocument.create().allow("StartOwnPipeline", List.of("codepipeline:StartPipelineExecution"), List.of(pipeline.arn()));
        var role = role(name + "-trigger-role", "events.amazonaws.com", env, spec, "trigger",
                "EventBridge starts the " + spec.name() + " pipeline in " + env.name(), doc, child);
        var rule = new EventRule(name + "-trigger", EventRuleArgs.builder()
                .description(description)
                .eventPattern(Json.write(pattern))
                .tags(Tags.of(env.tags(), name + "-trigger", tags))
                .build(), child);
        new EventTarget(name + "-trigger-target", EventTargetArgs.builder()
                .rule(rule.name()).arn(pipeline.arn()).roleArn(role.role().arn()).build(), role.after(child));
    }

    private static String pipelineNameOf(EnvironmentConfig env, ServiceSpec spec) {
        return env.name() + "-" + spec.name();
    }

    private static String codecommitArn(EnvironmentConfig env, DeliverySpec.Source source) {
        return "arn:aws:codecommit:" + env.region() + ":" + env.account() + ":" + source.repository().orElseThrow();
    }
}
