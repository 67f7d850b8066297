package io.berth.delivery;

import io.berth.load.DeliveryLoader;
import io.berth.model.DeliveryNames;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.plan.Plan;
import io.berth.plan.PlanSummary;
import io.berth.plan.PlannedResource;
import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped pipelines as planned in each stack: stages, sources, approvals, deploy mechanisms,
 * least-privilege roles, build projects and the ownership rule, read from the produced resources.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // shared plans; the SDK's mock engine can hang (pulumi-java#2270)
public class DeliveryPlanTest {
    /**
     * Actions AWS offers no resource-level permission for, the only ones berth grants on "*":
     * ECR's login token, task definition registration and reads, ListTasks (conditioned on the
     * cluster) and Elastic Load Balancing's Describe calls.
     */
    public static final Set<String> ACCOUNT_WIDE_ACTIONS = Set.of("ecr:GetAuthorizationToken", "ecs:DescribeTaskDefinition",
            "ecs:RegisterTaskDefinition", "ecs:ListTasks", "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules",
            "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth");
    static final List<String> PIPELINED = List.of("batch-reports", "crystal", "frontend", "nodejs", "order-worker", "orders", "scanner");
    /** The pipelined entries that run an ECS service (batch-reports is a job: JobDeliveryPlanTest). */
    static final List<String> PIPELINED_SERVICES = PIPELINED.stream().filter(s -> !s.equals("batch-reports")).toList();
    static final String PIPELINE = "aws:codepipeline/pipeline:Pipeline";
    static final String PROJECT = "aws:codebuild/project:Project";
    static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    static final String ECS_SERVICE = "aws:ecs/service:Service";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What each shipped stack's catalog asks for, written out by hand. */
    static List<String> expectedStages(String stack, String service) {
        return switch (stack) {
            case "dev" -> service.equals("orders") ? List.of("Source", "Build", "Test", "Deploy", "Release")
                    : List.of("Source", "Build", "Deploy", "Release");
            case "beta" -> List.of("Source", "Build", "Deploy", "Release");
            case "prod" -> List.of("Source", "Build", "Approval", "Deploy", "DeployDR"); // prod has a DR replica
            default -> throw new IllegalArgumentException(stack);
        };
    }

    static Plan primary(String stack) {
        return ShippedStacks.plan(stack).primary();
    }

    static PlannedResource pipeline(Plan plan, String service) {
        return plan.named(plan.stack() + "-" + service + "-delivery-pipeline");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> stages(PlannedResource pipeline) {
        return (List<Map<String, Object>>) pipeline.inputs().get("stages");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> actions(PlannedResource pipeline, String stage) {
        return stages(pipeline).stream().filter(s -> s.get("name").equals(stage)).findFirst()
                .map(s -> (List<Map<String, Object>>) s.get("actions")).orElseThrow(() -> new AssertionError("no stage " + stage));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> config(Map<String, Object> action) {
        return (Map<String, Object>) action.get("configuration");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> statements(Plan plan, String policyName) throws Exception {
        var doc = JSON.readValue((String) plan.named(policyName).inputs().get("policy"), Map.class);
        var bySid = new HashMap<String, Map<String, Object>>();
        for (var s : (List<Map<String, Object>>) doc.get("Statement")) {
            assertThat(bySid.put((String) s.get("Sid"), s)).as("Sid %s of %s", s.get("Sid"), policyName).isNull();
        }
        return bySid;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of(o);
    }

    static PlannedResource ecsService(Plan plan, String service) {
        return plan.named(plan.stack() + "-" + service + "-service");
    }

    // ---------------------------------------------------------------------------------------------
    // stages and sources

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void eachServiceHasAV2PipelineWithTheStagesItsConfigAsksFor(String stack) {
        var plan = primary(stack);
        assertThat(plan.ofType(PIPELINE)).extracting(p -> p.inputs().get("name"))
                .containsExactlyInAnyOrderElementsOf(PIPELINED.stream().map(s -> stack + "-" + s).toList()); // reports runs an external image
        for (var service : PIPELINED) {
            var p = pipeline(plan, service);
            assertThat(p.inputs()).as(service).containsEntry("pipelineType", "V2");
            assertThat(stages(p)).extracting(s -> s.get("name")).as(service).containsExactlyElementsOf(expectedStages(stack, service));
        }
    }

    @Test
    void devBuildsFromGitHubMainThroughItsPendingConnection() {
        var plan = primary("dev");
        var connection = plan.named("dev-github-connection");
        assertThat(connection.inputs()).containsEntry("providerType", "GitHub").containsEntry("name", "berth-dev-github");
        var arn = "arn:aws:codestar-connections:eu-west-1:111111111111:connection/";
        for (var service : PIPELINED) {
            var p = pipeline(plan, service);
            var source = actions(p, "Source").get(0);
            assertThat(source).containsEntry("provider", "CodeStarSourceConnection").containsEntry("namespace", "SourceVariables");
            assertThat(config(source)).containsEntry("FullRepositoryId", "acme/" + service).containsEntry("BranchName", "main");
            assertThat((String) config(source).get("ConnectionArn")).startsWith(arn);
            // V2 git trigger on the branch
            assertThat(p.inputs().get("triggers")).isEqualTo(List.of(Map.of("providerType", "CodeStarSourceConnection",
                    "gitConfiguration", Map.of("sourceActionName", "Source",
                            "pushes", List.of(Map.of("branches", Map.of("includes", List.of("main"))))))));
            // the build tags the image with the commit id
            assertThat(config(actions(p, "Build").get(0)).get("EnvironmentVariables"))
                    .isEqualTo("[{\"name\":\"BERTH_COMMIT_ID\",\"type\":\"PLAINTEXT\",\"value\":\"#{SourceVariables.CommitId}\"}]");
        }
        // promotion-only environments need no connection
        assertThat(primary("beta").ofType("aws:codestarconnections/connection:Connection")).isEmpty();
        assertThat(primary("prod").ofType("aws:codestarconnections/connection:Connection")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"beta", "prod"})
    void laterEnvironmentsPromoteTheTestedImageOfThePreviousOne(String stack) {
        var plan = primary(stack);
        var previous = stack.equals("beta") ? "dev" : "beta";
        for (var service : PIPELINED) {
            var p = pipeline(plan, service);
            var source = actions(p, "Source").get(0);
            assertThat(source).containsEntry("provider", "ECR");
            // the previous environment's repository, as replicated into this account's registry
            assertThat(config(source)).isEqualTo(Map.of("RepositoryName", previous + "/" + service, "ImageTag", "release"));
            // the build retags, never rebuilds: berth's promotion buildspec, no team buildspec
            var build = plan.named(stack + "-" + service + "-delivery-build");
            assertThat((String) ((Map<?, ?>) build.inputs().get("source")).get("buildspec")).isEqualTo(Buildspecs.promotion());
            assertThat(variables(build)).containsEntry("BERTH_SOURCE_ENVIRONMENT", previous).containsEntry("BERTH_SOURCE_TAG", "release")
                    .containsEntry("BERTH_REPOSITORY_NAME", stack + "/" + service);
            // ECR sources start the pipeline through EventBridge: the mark pushed or replicated here
            var rule = plan.named(stack + "-" + service + "-delivery-trigger");
            var repo = "\"repository-name\":[\"" + previous + "/" + service + "\"],\"result\":[\"SUCCESS\"]}";
            // pushes and replications of the mark start it; deleting the old mark (the release step) does not
            assertThat((String) rule.inputs().get("eventPattern")).isEqualTo("{\"$or\":["
                    + "{\"detail\":{\"action-type\":[\"PUSH\"],\"image-tag\":[\"release\"]," + repo + ",\"detail-type\":[\"ECR Image Action\"]},"
                    + "{\"detail\":{\"image-tag\":[\"release\"]," + repo + ",\"detail-type\":[\"ECR Replication Action\"]}],"
                    + "\"source\":[\"aws.ecr\"]}");
            var target = plan.named(stack + "-" + service + "-delivery-trigger-target");
            assertThat(target.inputs().get("arn")).isEqualTo("arn:aws:codepipeline:eu-west-1:" + account(stack) + ":" + stack + "-" + service);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta"})
    void environmentsOthersPromoteFromMarkWhatTheyDeployed(String stack) throws Exception {
        var plan = primary(stack);
        for (var service : PIPELINED) {
            var release = actions(pipeline(plan, service), "Release").get(0);
            assertThat(config(release)).containsEntry("ProjectName", stack + "-" + service + "-deploy")
                    .containsEntry("EnvironmentVariables", "[{\"name\":\"BERTH_STEP\",\"type\":\"PLAINTEXT\",\"value\":\"release\"},"
                            + "{\"name\":\"BERTH_PROMOTION_TAGS\",\"type\":\"PLAINTEXT\",\"value\":\"release\"}]");
            var mark = statements(plan, stack + "-" + service + "-delivery-deploy-policy").get("MarkOwnReleases");
            assertThat(mark.get("Resource")).isEqualTo(repositoryArn(stack, service));
        }
        // prod is last: nothing promotes from it
        assertThat(primary("prod").ofType(PIPELINE)).allSatisfy(p -> assertThat(stages(p)).noneMatch(s -> s.get("name").equals("Release")));
    }

    @Test
    void ordersRunsItsTestStageInDevOnTheCheckoutAndTheNewImage() {
        var plan = primary("dev");
        var test = actions(pipeline(plan, "orders"), "Test").get(0);
        assertThat(test).containsEntry("category", "Test").containsEntry("inputArtifacts", List.of("source", "build"));
        assertThat(config(test)).containsEntry("PrimarySource", "source").containsEntry("ProjectName", "dev-orders-test");
        var project = plan.named("dev-orders-delivery-test");
        assertThat((String) ((Map<?, ?>) project.inputs().get("source")).get("buildspec"))
                .isEqualTo(Buildspecs.test(List.of("./ci/contract-tests.sh"))).contains("BERTH_IMAGE_URI");
    }

    // ---------------------------------------------------------------------------------------------
    // approval and notifications

    @Test
    void prodWaitsForAnApprovalThatNotifiesTheTopic() throws Exception {
        var plan = primary("prod");
        var topic = plan.named("prod-delivery");
        var topicArn = "arn:aws:sns:eu-west-1:333333333333:prod-delivery";
        for (var service : PIPELINED) {
            var approve = actions(pipeline(plan, service), "Approval").get(0);
            assertThat(approve).containsEntry("provider", "Manual").containsEntry("category", "Approval");
            assertThat(config(approve)).containsEntry("NotificationArn", topicArn);
            assertThat(statements(plan, "prod-" + service + "-delivery-pipeline-policy").get("AskForApproval"))
                    .containsEntry("Action", "sns:Publish").containsEntry("Resource", topicArn);
        }
        assertThat(topic.type()).isEqualTo("aws:sns/topic:Topic");
        // no approval outside production (berth:delivery.approval defaults to production)
        for (var stack : List.of("dev", "beta")) {
            assertThat(primary(stack).ofType(PIPELINE)).allSatisfy(p -> assertThat(stages(p)).noneMatch(s -> s.get("name").equals("Approval")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void everyPipelineReportsFailedAndSucceededExecutionsToTheTopic(String stack) throws Exception {
        var plan = primary(stack);
        var topicArn = "arn:aws:sns:eu-west-1:" + account(stack) + ":" + stack + "-delivery";
        var rules = plan.ofType("aws:codestarnotifications/notificationRule:NotificationRule");
        assertThat(rules).hasSize(PIPELINED.size());
        for (var service : PIPELINED) {
            var rule = plan.named(stack + "-" + service + "-delivery-notifications");
            assertThat(rule.inputs()).containsEntry("resource", "arn:aws:codepipeline:eu-west-1:" + account(stack) + ":" + stack + "-" + service)
                    .containsEntry("eventTypeIds", List.of("codepipeline-pipeline-pipeline-execution-failed",
                            "codepipeline-pipeline-pipeline-execution-succeeded"))
                    .containsEntry("targets", List.of(Map.of("address", topicArn, "type", "SNS")));
        }
        @SuppressWarnings("unchecked")
        var policy = (Map<String, Object>) ((List<?>) JSON.readValue((String) plan.named(stack + "-delivery-policy").inputs().get("policy"),
                Map.class).get("Statement")).get(0);
        assertThat(policy).containsEntry("Principal", Map.of("Service", "codestar-notifications.amazonaws.com"))
                .containsEntry("Action", "sns:Publish").containsEntry("Resource", topicArn)
                .containsEntry("Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", account(stack))));
    }

    // ---------------------------------------------------------------------------------------------
    // deploy: rolling and blue/green

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void rollingServicesRebaseOntoBerthsRevisionThenDeployWithTheEcsAction(String stack) {
        var plan = primary(stack);
        for (var service : PIPELINED_SERVICES) {
            if (stack.equals("prod") && service.equals("orders")) {
                continue; // blue/green
            }
            var deploy = actions(pipeline(plan, service), "Deploy");
            // then Start, for a service that can wait for its first release with a minimum to reach (no schedules)
            var expected = Pipeline.startTasks(plan.catalog().find(service).orElseThrow()) > 0
                    ? List.of("Rebase:CodeBuild:1", "Deploy:ECS:2", "Start:CodeBuild:3") : List.of("Rebase:CodeBuild:1", "Deploy:ECS:2");
            assertThat(deploy).extracting(a -> a.get("name") + ":" + a.get("provider") + ":" + a.get("runOrder"))
                    .containsExactlyElementsOf(expected);
            assertThat(config(deploy.get(1))).isEqualTo(Map.of("ClusterName", stack + "-cluster", "ServiceName", stack + "-" + service + "-service",
                    "FileName", "imagedefinitions.json", "DeploymentTimeout", "60"));
            // the rebase step renders from the exact revision berth registered for the service
            var project = plan.named(stack + "-" + service + "-delivery-deploy");
            var task = plan.named(stack + "-" + service + "-task");
            assertThat(variables(project)).containsEntry("BERTH_TASK_DEFINITION",
                    "arn:aws:ecs:eu-west-1:" + account(stack) + ":task-definition/" + task.name() + ":1");
            assertThat((String) ((Map<?, ?>) project.inputs().get("source")).get("buildspec")).isEqualTo(Buildspecs.deploy());
            // the ECS controller and its circuit breaker (AWS rule 21)
            var ecs = ecsService(plan, service);
            assertThat(ecs.inputs()).doesNotContainKey("deploymentController")
                    .containsEntry("deploymentCircuitBreaker", Map.of("enable", true, "rollback", true));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theReplacementTaskSetGetsTheServicesOwnNetworkAndCapacity() {
        var plan = primary("prod");
        var render = plan.named("prod-orders-delivery-render");
        var vars = new java.util.HashMap<String, Object>();
        for (var v : (List<Map<String, Object>>) ((Map<String, Object>) render.inputs().get("environment")).get("environmentVariables")) {
            vars.put((String) v.get("name"), v.get("value"));
        }
        var ecs = plan.named("prod-orders-service").inputs();
        var network = (Map<String, Object>) ecs.get("networkConfiguration");
        assertThat(vars.get("BERTH_APPSPEC_NETWORK")).isEqualTo(io.berth.support.Json.write(Map.of("AwsvpcConfiguration", Map.of(
                "AssignPublicIp", "DISABLED", "SecurityGroups", network.get("securityGroups"), "Subnets", network.get("subnets")))));
        assertThat(vars.get("BERTH_APPSPEC_CAPACITY")).isEqualTo("[{\"Base\":1,\"CapacityProvider\":\"FARGATE\",\"Weight\":1},"
                + "{\"Base\":0,\"CapacityProvider\":\"FARGATE_SPOT\",\"Weight\":1}]");
    }

    @Test
    void ordersInProdDeploysBlueGreenThroughCodeDeploy() {
        var plan = primary("prod");
        var service = plan.named("prod-orders");
        var blue = plan.named("prod-orders-tg");
        var green = plan.named("prod-orders-tg-green");
        assertThat(List.of(blue, green)).allSatisfy(tg -> {
            assertThat(tg.parent()).isEqualTo(service.urn());
            assertThat(tg.inputs()).containsEntry("targetType", "ip").containsEntry("port", 8080L);
        });
        assertThat(plan.ofType("aws:lb/targetGroup:TargetGroup")).hasSize(3); // frontend's, orders' blue and green

        // the ECS service: CodeDeploy controller, no circuit breaker, the blue target group
        var ecs = ecsService(plan, "orders");
        assertThat(ecs.inputs()).containsEntry("deploymentController", Map.of("type", "CODE_DEPLOY"))
                .doesNotContainKey("deploymentCircuitBreaker");
        var blueName = (String) blue.inputs().get("name");
        var greenName = (String) green.inputs().get("name");
        assertThat(greenName).isNotEqualTo(blueName).hasSizeLessThanOrEqualTo(32); // AWS rule 19
        assertThat(ecs.inputs().get("loadBalancers")).isEqualTo(List.of(Map.of("targetGroupArn",
                "arn:aws:elasticloadbalancing:eu-west-1:333333333333:targetgroup/" + blueName + "/" + blueName, "containerName", "orders",
                "containerPort", 8080L)));

        // the test listener: HTTPS like the main listener, on 8443, to the green target group, owned by CodeDeploy afterwards
        var test = plan.named("prod-orders-delivery-test-listener");
        var https = plan.named("prod-https");
        assertThat(test.inputs()).containsEntry("port", 8443L).containsEntry("protocol", "HTTPS")
                .containsEntry("sslPolicy", https.inputs().get("sslPolicy")).containsEntry("certificateArn", https.inputs().get("certificateArn"))
                .containsEntry("loadBalancerArn", https.inputs().get("loadBalancerArn"))
                .containsEntry("defaultActions", List.of(Map.of("type", "forward",
                        "targetGroupArn", "arn:aws:elasticloadbalancing:eu-west-1:333333333333:targetgroup/" + greenName + "/" + greenName)));
        assertThat(test.options().get("ignoreChanges")).isEqualTo(List.of("defaultActions"));
        // open only to the VPC's callers, as the internet-facing load balancer sees them: prod's three NAT
        // gateways' addresses (TestTrafficTest), never to the internet
        assertThat(plan.primary().ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).filteredOn(r -> r.name().contains("-test-in"))
                .extracting(PlannedResource::name)
                .containsExactlyInAnyOrder("prod-orders-delivery-test-in-nat-1", "prod-orders-delivery-test-in-nat-2", "prod-orders-delivery-test-in-nat-3");
        var ingress = plan.named("prod-orders-delivery-test-in-nat-1");
        assertThat(ingress.inputs()).containsEntry("fromPort", 8443L).containsEntry("toPort", 8443L)
                .containsEntry("securityGroupId", plan.named("prod-alb-sg").id());
        assertThat((String) ingress.inputs().get("cidrIpv4")).endsWith("/32");

        // application and deployment group
        var app = plan.named("prod-orders-delivery-codedeploy");
        assertThat(app.inputs()).containsEntry("computePlatform", "ECS").containsEntry("name", "prod-orders");
        var group = plan.named("prod-orders-delivery-deployment-group");
        // the shipped catalog gives orders a canary in prod: 10% for 5 minutes, then the rest
        assertThat(group.inputs()).containsEntry("appName", "prod-orders")
                .containsEntry("deploymentConfigName", "CodeDeployDefault.ECSCanary10Percent5Minutes")
                .containsEntry("deploymentStyle", Map.of("deploymentType", "BLUE_GREEN", "deploymentOption", "WITH_TRAFFIC_CONTROL"))
                // CodeDeploy's rollback does the circuit breaker's job, and stops a release its alarms fire on
                .containsEntry("alarmConfiguration", Map.of("enabled", true, "alarms", List.of("prod-orders-5xx-rate", "prod-orders-unhealthy-targets")))
                .containsEntry("autoRollbackConfiguration", Map.of("enabled", true, "events",
                        List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM", "DEPLOYMENT_STOP_ON_REQUEST")))
                .containsEntry("ecsService", Map.of("clusterName", "prod-cluster", "serviceName", "prod-orders-service"))
                .containsEntry("loadBalancerInfo", Map.of("targetGroupPairInfo", Map.of(
                        "prodTrafficRoute", Map.of("listenerArns", List.of(
                                "arn:aws:elasticloadbalancing:eu-west-1:333333333333:listener/app/prod-https/prod-https")),
                        "testTrafficRoute", Map.of("listenerArns", List.of(
                                "arn:aws:elasticloadbalancing:eu-west-1:333333333333:listener/app/prod-orders-delivery-test-listener/prod-orders-delivery-test-listener")),
                        "targetGroups", List.of(Map.of("name", blueName), Map.of("name", greenName)))));

        // the pipeline: Render (berth's revision, the new image) then CodeDeployToECS
        var deploy = actions(pipeline(plan, "orders"), "Deploy");
        assertThat(deploy).extracting(a -> a.get("name") + ":" + a.get("provider") + ":" + a.get("runOrder"))
                .containsExactly("Render:CodeBuild:1", "Deploy:CodeDeployToECS:2", "Start:CodeBuild:3");
        assertThat(config(deploy.get(1))).containsEntry("ApplicationName", "prod-orders").containsEntry("DeploymentGroupName", "prod-orders")
                .containsEntry("TaskDefinitionTemplatePath", "taskdef.json").containsEntry("AppSpecTemplatePath", "appspec.yaml")
                .containsEntry("Image1ContainerName", "IMAGE1_NAME");
        assertThat((String) ((Map<?, ?>) plan.named("prod-orders-delivery-render").inputs().get("source")).get("buildspec"))
                .isEqualTo(Buildspecs.render()).contains("<IMAGE1_NAME>").contains("$BERTH_TASK_DEFINITION");

        // earlier environments deploy orders rolling
        for (var stack : List.of("dev", "beta")) {
            assertThat(ecsService(primary(stack), "orders").inputs()).doesNotContainKey("deploymentController");
            assertThat(primary(stack).ofType("aws:codedeploy/deploymentGroup:DeploymentGroup")).isEmpty();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // ownership

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    @SuppressWarnings("unchecked")
    void pulumiUpNeverRollsAPipelineOwnedServiceBack(String stack) {
        var plan = primary(stack);
        for (var service : PIPELINED_SERVICES) {
            var ignored = (List<String>) ecsService(plan, service).options().get("ignoreChanges");
            var blueGreen = stack.equals("prod") && service.equals("orders");
            assertThat(ignored).as(service).contains("taskDefinition");
            assertThat(ignored.contains("loadBalancers")).as(service + " loadBalancers (CodeDeploy)").isEqualTo(blueGreen);
        }
        // CodeDeploy rewrites the production rule's forward action on every switch
        assertThat((List<String>) plan.named(stack + "-orders-rule").options().get("ignoreChanges"))
                .isEqualTo(stack.equals("prod") ? List.of("actions") : List.of());
        // a service no pipeline deploys keeps berth's task definition
        assertThat((List<String>) ecsService(plan, "reports").options().get("ignoreChanges")).doesNotContain("taskDefinition");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDrReplicasCopiesOfPipelinedServicesArePipelineOwnedWithoutPipelinesOfTheirOwn() {
        var replica = ShippedStacks.plan("prod").drReplica();
        assertThat(replica.ofType(ECS_SERVICE)).hasSize(PIPELINED_SERVICES.size() + 1).allSatisfy(ecs -> {
            // the replica has no CodeDeploy: the copy of a blue/green service is a plain ECS-controller service
            assertThat((List<String>) ecs.options().get("ignoreChanges")).doesNotContain("loadBalancers");
            assertThat(ecs.inputs()).doesNotContainKey("deploymentController");
        });
        for (var service : PIPELINED_SERVICES) {
            // the primary's pipeline rolls each release out here (DeployDR): pulumi up never rolls it back
            assertThat((List<String>) replica.named("prod-dr-" + service + "-service").options().get("ignoreChanges"))
                    .as(service).contains("taskDefinition");
        }
        // reports has no pipeline: its replica keeps berth's task definition
        assertThat((List<String>) replica.named("prod-dr-reports-service").options().get("ignoreChanges")).doesNotContain("taskDefinition");
        assertThat(replica.ofType(PIPELINE)).isEmpty();
        assertThat(replica.ofType(PROJECT)).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void prodPipelinesRollEachReleaseOutToTheDrReplicaAfterTheDeploy() throws Exception {
        var plan = primary("prod");
        for (var service : PIPELINED_SERVICES) {
            var p = pipeline(plan, service);
            var names = stages(p).stream().map(s -> s.get("name")).toList();
            assertThat(names.indexOf("DeployDR")).as(service).isEqualTo(names.indexOf("Deploy") + 1);
            var action = actions(p, "DeployDR");
            assertThat(action).singleElement().satisfies(a -> {
                assertThat(a).containsEntry("provider", "CodeBuild").containsEntry("category", "Build")
                        .containsEntry("inputArtifacts", List.of("build")).doesNotContainKey("region");
                assertThat(config(a)).containsEntry("ProjectName", "prod-" + service + "-deploy-dr");
            });
            var vars = new HashMap<String, String>();
            for (var v : (List<Map<String, String>>) JSON.readValue((String) config(action.get(0)).get("EnvironmentVariables"), List.class)) {
                vars.put(v.get("name"), v.get("value"));
            }
            assertThat(vars).containsEntry("BERTH_STEP", "dr").containsEntry("BERTH_DR_REGION", "eu-central-1")
                    .containsEntry("BERTH_DR_CLUSTER", "prod-dr-cluster")
                    .containsEntry("BERTH_DR_SERVICE", "prod-dr-" + service + "-service");
            // berth's DR revision: the release ships on berth's latest configuration for the replica
            assertThat(vars.get("BERTH_DR_TASK_DEFINITION")).startsWith("arn:aws:ecs:eu-central-1:333333333333:task-definition/")
                    .contains("prod-dr-" + service + "-task");
            // the DR project runs berth's deploy script (its dr step), unprivileged, with the pipeline's usual variables
            var project = plan.named("prod-" + service + "-delivery-deploy-dr");
            assertThat(project.inputs()).containsEntry("name", "prod-" + service + "-deploy-dr");
            assertThat((String) ((Map<?, ?>) project.inputs().get("source")).get("buildspec")).isEqualTo(Buildspecs.deploy());
            assertThat(variables(project)).containsEntry("BERTH_CONTAINER_NAME", service)
                    .containsEntry("BERTH_REPOSITORY_NAME", "prod/" + service);
            // the pipeline may start it
            assertThat(list(statements(plan, "prod-" + service + "-delivery-pipeline-policy").get("RunOwnBuilds").get("Resource")))
                    .contains("arn:aws:codebuild:eu-west-1:333333333333:project/prod-" + service + "-deploy-dr");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta"})
    void environmentsWithoutAReplicaHaveNoDrStage(String stack) {
        var plan = primary(stack);
        for (var p : plan.ofType(PIPELINE)) {
            assertThat(stages(p)).extracting(s -> s.get("name")).as(p.name()).doesNotContain("DeployDR");
        }
        assertThat(plan.ofType(PROJECT)).noneMatch(p -> p.name().endsWith("-deploy-dr"));
        assertThat(plan.ofType(ROLE_POLICY)).noneMatch(p -> p.name().endsWith("-deploy-dr-policy"));
    }

    @Test
    void theDrStepMayDeployOnlyTheDrCopyOfItsOwnService() throws Exception {
        var plan = primary("prod");
        for (var service : PIPELINED_SERVICES) {
            var dr = statements(plan, "prod-" + service + "-delivery-deploy-dr-policy");
            assertThat(dr.keySet()).containsExactlyInAnyOrder("WriteOwnBuildLogs", "OwnArtifacts", "ArtifactKey", "DrOwnService",
                    "DrTaskDefinitions", "DrTagOwnTaskDefinitions", "DrPassOwnTaskRoles", "DrWatchReplicatedImage");
            assertThat(dr.get("DrOwnService")).containsEntry("Action", List.of("ecs:DescribeServices", "ecs:UpdateService"))
                    .containsEntry("Resource", "arn:aws:ecs:eu-central-1:333333333333:service/prod-dr-cluster/prod-dr-" + service + "-service");
            assertThat(dr.get("DrTaskDefinitions")).containsEntry("Action", List.of("ecs:DescribeTaskDefinition", "ecs:RegisterTaskDefinition"))
                    .containsEntry("Resource", "*");
            assertThat(dr.get("DrTagOwnTaskDefinitions")).containsEntry("Action", "ecs:TagResource")
                    .containsEntry("Resource", "arn:aws:ecs:eu-central-1:333333333333:task-definition/prod-" + service + ":*");
            assertThat(dr.get("DrPassOwnTaskRoles")).containsEntry("Action", "iam:PassRole")
                    .containsEntry("Resource", List.of("arn:aws:iam::333333333333:role/prod-dr-" + service + "-execution-role",
                            "arn:aws:iam::333333333333:role/prod-dr-" + service + "-task-role"))
                    .containsEntry("Condition", Map.of("StringEquals", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")));
            assertThat(dr.get("DrWatchReplicatedImage")).containsEntry("Action", "ecr:DescribeImages")
                    .containsEntry("Resource", "arn:aws:ecr:eu-central-1:333333333333:repository/prod/" + service);
            assertThat(dr.get("OwnArtifacts").get("Resource")).isEqualTo("arn:aws:s3:::berth-prod-artifacts-333333333333-eu-west-1/"
                    + io.berth.model.Names.artifactPrefix("prod-" + service) + "/*");
            // the primary's roles gain nothing in the DR region
            for (var kind : List.of("pipeline", "deploy", "build")) {
                assertThat(JSON.writeValueAsString(statements(plan, "prod-" + service + "-delivery-" + kind + "-policy")))
                        .as(kind).doesNotContain("eu-central-1");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // build projects

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void onlyProjectsThatBuildImagesRunPrivilegedAndNoneKeepsClearTextCredentials(String stack) {
        var plan = primary(stack);
        var projects = plan.ofType(PROJECT);
        // build and deploy (or render) per pipeline, plus orders' test project in dev and deploy-dr in prod (its replica),
        // and prod orders' deploy project beside its render project (its Start step)
        assertThat(projects).hasSize(PIPELINED.size() * (stack.equals("prod") ? 3 : 2) + (stack.equals("dev") ? 1 : 0)
                + (stack.equals("prod") ? 1 : 0));
        for (var project : projects) {
            var environment = (Map<?, ?>) project.inputs().get("environment");
            var tags = io.berth.testing.Plans.tags(project);
            // dev builds images from source; beta and prod promote them with crane, which needs no Docker daemon
            var builder = project.name().endsWith("-delivery-build") && stack.equals("dev");
            assertThat(environment.get("privilegedMode")).as(project.name()).isEqualTo(builder);
            assertThat("true".equals(tags.get(DeliveryNames.IMAGE_BUILDER_TAG))).as(project.name()).isEqualTo(builder);
            for (var v : (List<Map<String, Object>>) environment.get("environmentVariables")) {
                if ("PLAINTEXT".equals(v.get("type"))) {
                    assertThat((String) v.get("name")).as(project.name()).doesNotMatch(io.berth.model.CatalogNames.CREDENTIAL_NAME.pattern());
                }
            }
            var service = String.valueOf(tags.get("berth:service"));
            assertThat(project.inputs().get("logsConfig")).isEqualTo(Map.of("cloudwatchLogs", Map.of("status", "ENABLED",
                    "groupName", "/berth/" + stack + "/builds/" + service, "streamName", project.name().replaceAll(".*-delivery-", ""))));
            assertThat(project.inputs().get("encryptionKey")).isEqualTo(keyArn(plan, stack));
        }
    }

    @Test
    void buildSecretsComeFromParameterStoreAndTheRoleMayReadOnlyThem() throws Exception {
        var plan = primary("dev");
        var build = plan.named("dev-orders-delivery-build");
        assertThat(list(((Map<?, ?>) build.inputs().get("environment")).get("environmentVariables")))
                .contains(Map.of("name", "MAVEN_REPOSITORY_TOKEN", "type", "PARAMETER_STORE", "value", "/berth/shared/orders/maven-repository-token"));
        assertThat(statements(plan, "dev-orders-delivery-build-policy").get("ReadBuildParameters"))
                .containsEntry("Action", "ssm:GetParameters")
                .containsEntry("Resource", "arn:aws:ssm:eu-west-1:111111111111:parameter/berth/shared/orders/maven-repository-token");
        // promotions run berth's retag: no build secrets there
        assertThat(statements(primary("beta"), "beta-orders-delivery-build-policy")).doesNotContainKey("ReadBuildParameters");
    }

    // ---------------------------------------------------------------------------------------------
    // least privilege

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void everyDeliveryRoleIsScopedToItsOwnService(String stack) throws Exception {
        var plan = primary(stack);
        var account = account(stack);
        var bucket = "arn:aws:s3:::berth-" + stack + "-artifacts-" + account + "-eu-west-1";
        for (var service : PIPELINED_SERVICES) {
            var prefix = bucket + "/" + io.berth.model.Names.artifactPrefix(stack + "-" + service) + "/*";
            var taskRoles = List.of("arn:aws:iam::" + account + ":role/" + stack + "-" + service + "-execution-role",
                    "arn:aws:iam::" + account + ":role/" + stack + "-" + service + "-task-role");
            var serviceArn = "arn:aws:ecs:eu-west-1:" + account + ":service/" + stack + "-cluster/" + stack + "-" + service + "-service";
            var blueGreen = stack.equals("prod") && service.equals("orders");

            var build = statements(plan, stack + "-" + service + "-delivery-build-policy");
            assertThat(build.get("PushOwnImage").get("Resource")).isEqualTo(repositoryArn(stack, service));
            assertThat(list(build.get("PushOwnImage").get("Action"))).contains("ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
                    "ecr:CompleteLayerUpload", "ecr:BatchCheckLayerAvailability");
            assertThat(build.get("EcrToken")).containsEntry("Action", "ecr:GetAuthorizationToken").containsEntry("Resource", "*");
            assertThat(build.get("WriteOwnBuildLogs").get("Resource"))
                    .isEqualTo("arn:aws:logs:eu-west-1:" + account + ":log-group:/berth/" + stack + "/builds/" + service + ":log-stream:*");
            assertThat(build.get("OwnArtifacts").get("Resource")).isEqualTo(prefix);
            if (!stack.equals("dev")) {
                var previous = stack.equals("beta") ? "dev" : "beta";
                assertThat(build.get("PullTestedImage").get("Resource"))
                        .isEqualTo("arn:aws:ecr:eu-west-1:" + account + ":repository/" + previous + "/" + service);
                assertThat(list(build.get("PullTestedImage").get("Action"))).doesNotContain("ecr:PutImage");
            }

            var pipeline = statements(plan, stack + "-" + service + "-delivery-pipeline-policy");
            assertThat(pipeline.get("OwnArtifacts").get("Resource")).isEqualTo(prefix);
            assertThat(list(pipeline.get("RunOwnBuilds").get("Resource"))).allSatisfy(p ->
                    assertThat((String) p).startsWith("arn:aws:codebuild:eu-west-1:" + account + ":project/" + stack + "-" + service + "-"));
            assertThat(pipeline.get("PassOwnTaskRoles")).containsEntry("Action", "iam:PassRole").containsEntry("Resource", taskRoles)
                    .containsEntry("Condition", Map.of("StringEquals", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")));
            assertThat(pipeline.get("TagOwnTaskDefinitions").get("Resource"))
                    .isEqualTo("arn:aws:ecs:eu-west-1:" + account + ":task-definition/" + stack + "-" + service + ":*");
            if (blueGreen) {
                assertThat(pipeline.get("CodeDeployOwnGroup").get("Resource"))
                        .isEqualTo("arn:aws:codedeploy:eu-west-1:" + account + ":deploymentgroup:prod-orders/prod-orders");
                assertThat(pipeline).doesNotContainKey("EcsDeployOwnService");
            } else {
                assertThat(pipeline.get("EcsDeployOwnService")).containsEntry("Resource", serviceArn)
                        .containsEntry("Action", List.of("ecs:DescribeServices", "ecs:UpdateService"));
                assertThat(pipeline.get("EcsDeployListTasks")).containsEntry("Resource", "*").containsEntry("Condition",
                        Map.of("ArnEquals", Map.of("ecs:cluster", "arn:aws:ecs:eu-west-1:" + account + ":cluster/" + stack + "-cluster")));
            }

            var deploy = statements(plan, stack + "-" + service + "-delivery-deploy-policy");
            assertThat(deploy.get("OwnArtifacts").get("Resource")).isEqualTo(prefix);
            if (!blueGreen) {
                assertThat(deploy.get("RebaseOwnService")).containsEntry("Resource", serviceArn);
                assertThat(deploy.get("PassOwnTaskRoles")).containsEntry("Resource", taskRoles)
                        .containsEntry("Condition", Map.of("StringEquals", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")));
            } else {
                // render only reads: it can deploy nothing
                assertThat(deploy).doesNotContainKeys("RebaseOwnService", "PassOwnTaskRoles");
            }
        }
    }

    @Test
    void codeDeploySwitchesOnlyOrdersOwnRuleAndListeners() throws Exception {
        var plan = primary("prod");
        var cd = statements(plan, "prod-orders-delivery-codedeploy-policy");
        assertThat(cd.get("OwnServiceTaskSets").get("Resource")).isEqualTo(List.of(
                "arn:aws:ecs:eu-west-1:333333333333:service/prod-cluster/prod-orders-service",
                "arn:aws:ecs:eu-west-1:333333333333:task-set/prod-cluster/prod-orders-service/*"));
        assertThat(cd.get("SwitchOwnRule").get("Resource"))
                .isEqualTo("arn:aws:elasticloadbalancing:eu-west-1:333333333333:listener-rule/app/prod-orders-rule/prod-orders-rule");
        assertThat(list(cd.get("SwitchOwnListeners").get("Resource"))).containsExactlyInAnyOrder(
                "arn:aws:elasticloadbalancing:eu-west-1:333333333333:listener/app/prod-https/prod-https",
                "arn:aws:elasticloadbalancing:eu-west-1:333333333333:listener/app/prod-orders-delivery-test-listener/prod-orders-delivery-test-listener");
        assertThat(cd.get("PassOwnTaskRoles")).containsEntry("Condition",
                Map.of("StringEquals", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void everyStarResourceInADeliveryPolicyIsOneAwsOffersNothingNarrowerFor(String stack) throws Exception {
        var plan = primary(stack);
        var policies = plan.ofType(ROLE_POLICY).stream().filter(p -> p.name().contains("-delivery-")).toList();
        assertThat(policies).hasSizeGreaterThanOrEqualTo(PIPELINED.size() * 3);
        for (var p : policies) {
            for (var s : statements(plan, p.name()).values()) {
                var actions = list(s.get("Action"));
                assertThat(actions).as(p.name()).noneMatch(a -> String.valueOf(a).endsWith(":*") || a.equals("*"));
                if (list(s.get("Resource")).contains("*")) {
                    assertThat(actions).as(p.name() + " " + s.get("Sid")).allMatch(ACCOUNT_WIDE_ACTIONS::contains);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // shared per environment

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void theArtifactBucketIsEncryptedVersionedPrivateAndExpires(String stack) {
        var plan = primary(stack);
        var bucket = plan.named(stack + "-artifacts");
        assertThat(bucket.inputs()).containsEntry("bucket", "berth-" + stack + "-artifacts-" + account(stack) + "-eu-west-1");
        assertThat(bucket.protect()).isEqualTo(stack.equals("prod"));
        assertThat(bucket.options()).containsEntry("retainOnDelete", stack.equals("prod"));
        var key = plan.named(stack + "-delivery-key");
        assertThat(key.inputs()).containsEntry("enableKeyRotation", true);
        assertThat(key.protect()).isEqualTo(stack.equals("prod"));
        assertThat(plan.named(stack + "-artifacts-encryption").inputs().get("rules")).isEqualTo(List.of(Map.of(
                "applyServerSideEncryptionByDefault", Map.of("sseAlgorithm", "aws:kms", "kmsMasterKeyId", keyArn(plan, stack)),
                "bucketKeyEnabled", true)));
        assertThat(plan.named(stack + "-artifacts-versioning").inputs().get("versioningConfiguration")).isEqualTo(Map.of("status", "Enabled"));
        assertThat(plan.named(stack + "-artifacts-public-access").inputs()).containsEntry("blockPublicAcls", true)
                .containsEntry("blockPublicPolicy", true).containsEntry("ignorePublicAcls", true).containsEntry("restrictPublicBuckets", true);
        long days = switch (stack) {
            case "dev" -> 14;
            case "beta" -> 30;
            default -> 90;
        };
        @SuppressWarnings("unchecked")
        var rule = ((List<Map<String, Object>>) plan.named(stack + "-artifacts-lifecycle").inputs().get("rules")).get(0);
        assertThat(rule).containsEntry("expiration", Map.of("days", days))
                .containsEntry("noncurrentVersionExpiration", Map.of("noncurrentDays", days));
        // each pipeline stores its artifacts there, encrypted with the key
        for (var p : plan.ofType(PIPELINE)) {
            assertThat(p.inputs().get("artifactStores")).isEqualTo(List.of(Map.of("type", "S3", "location", bucket.inputs().get("bucket"),
                    "encryptionKey", Map.of("type", "KMS", "id", keyArn(plan, stack)))));
        }
        // every build writes to its service's own log group, protected like the other stateful resources
        for (var service : PIPELINED) {
            var logs = plan.named(stack + "-" + service + "-delivery-logs");
            assertThat(logs.inputs()).containsEntry("name", "/berth/" + stack + "/builds/" + service)
                    .containsEntry("retentionInDays", (long) io.berth.testing.Expected.of(stack).logRetentionDays());
            assertThat(logs.protect()).isEqualTo(stack.equals("prod"));
        }
    }

    @Test
    void thePlanSummaryListsEachPipelineWithItsStages() {
        var summary = PlanSummary.render(ShippedStacks.plan("prod"));
        assertThat(summary).contains("  delivery   7 pipelines (CodePipeline V2), artifacts in berth-prod-artifacts-333333333333-eu-west-1\n")
                .contains("    orders         Source(promote beta/orders:release) > Build > Approval(manual, notifies SNS) > "
                        + "Deploy(render, CodeDeploy blue/green, start) > DeployDR(eu-central-1)\n")
                .contains("    frontend       Source(promote beta/frontend:release) > Build > Approval(manual, notifies SNS) > "
                        + "Deploy(rebase, ECS rolling, start) > DeployDR(eu-central-1)\n");
        assertThat(PlanSummary.render(ShippedStacks.plan("dev")))
                .contains("connections berth-dev-github created PENDING: confirm each once in the console")
                .contains("    orders         Source(acme/orders@main) > Build > Test > Deploy(rebase, ECS rolling, start) > "
                        + "Release(tag release for promotion)\n");
    }

    // ---------------------------------------------------------------------------------------------

    static String account(String stack) {
        return io.berth.testing.Expected.of(stack).account();
    }

    static String repositoryArn(String stack, String service) {
        return "arn:aws:ecr:eu-west-1:" + account(stack) + ":repository/" + stack + "/" + service;
    }

    static String keyArn(Plan plan, String stack) {
        var key = plan.named(stack + "-delivery-key");
        return "arn:aws:kms:eu-west-1:" + account(stack) + ":key/" + key.id();
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> variables(PlannedResource project) {
        var out = new HashMap<String, String>();
        for (var v : (List<Map<String, Object>>) ((Map<?, ?>) project.inputs().get("environment")).get("environmentVariables")) {
            out.put((String) v.get("name"), (String) v.get("value"));
        }
        return out;
    }
}
