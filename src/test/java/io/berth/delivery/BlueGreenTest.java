package io.berth.delivery;

import io.berth.plan.Plan;
import io.berth.testing.SmallStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static io.berth.testing.Inputs.assertAllInputs;
import static io.berth.testing.Inputs.assertInputs;
import static io.berth.testing.Inputs.assertJsonInput;
import static io.berth.testing.Inputs.parse;
import static org.assertj.core.api.Assertions.assertThat;

/** CodeDeploy blue/green for {@code web} in the small production environment of {@link SmallStacks}. */
@Timeout(420) // the first test pays for the shared plan; the SDK's mock engine can hang (pulumi-java#2270)
class BlueGreenTest {
    private static Plan prod() {
        return SmallStacks.prod();
    }

    private static String listenerArn(String name) {
        return "arn:aws:elasticloadbalancing:eu-west-1:111111111111:listener/app/" + name + "/" + name;
    }

    @Test
    void theDeploymentGroupSwitchesAllTrafficBetweenTheTwoTargetGroupsAndRollsBackOnFailureOrAlarm() {
        var plan = prod();
        assertInputs(plan, "prod-web-delivery-deployment-group", """
                {"appName": "prod-web", "deploymentGroupName": "prod-web", "serviceRoleArn": "arn:aws:iam::111111111111:role/prod-web-codedeploy",
                 "deploymentConfigName": "CodeDeployDefault.ECSAllAtOnce",
                 "deploymentStyle": {"deploymentType": "BLUE_GREEN", "deploymentOption": "WITH_TRAFFIC_CONTROL"},
                 "blueGreenDeploymentConfig": {"deploymentReadyOption": {"actionOnTimeout": "CONTINUE_DEPLOYMENT"},
                   "terminateBlueInstancesOnDeploymentSuccess": {"action": "TERMINATE", "terminationWaitTimeInMinutes": 5}},
                 "alarmConfiguration": {"enabled": true, "alarms": ["prod-web-5xx-rate", "prod-web-unhealthy-targets"]},
                 "autoRollbackConfiguration": {"enabled": true, "events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM", "DEPLOYMENT_STOP_ON_REQUEST"]},
                 "ecsService": {"clusterName": "prod-cluster", "serviceName": "prod-web-service"},
                 "loadBalancerInfo": {"targetGroupPairInfo": {
                   "prodTrafficRoute": {"listenerArns": ["%s"]},
                   "testTrafficRoute": {"listenerArns": ["%s"]},
                   "targetGroups": [{"name": "%s"}, {"name": "%s"}]}}}"""
                .formatted(listenerArn("prod-http"), listenerArn("prod-web-delivery-test-listener"),
                        plan.named("prod-web-tg").inputs().get("name"), plan.named("prod-web-tg-green").inputs().get("name")));
    }

    @Test
    void theDeploymentGroupWaitsForItsRolesPolicy() {
        assertThat(prod().named("prod-web-delivery-deployment-group").dependencies())
                .contains(prod().named("prod-web-delivery-codedeploy-policy").urn());
    }

    @Test
    void theApplicationIsAnEcsApplicationNamedForTheService() {
        assertInputs(prod(), "prod-web-delivery-codedeploy", """
                {"name": "prod-web", "computePlatform": "ECS"}""");
    }

    @Test
    void theTestListenerServesTheGreenTargetGroupOnPort8443AndCodeDeployOwnsItsAction() {
        var plan = prod();
        assertInputs(plan, "prod-web-delivery-test-listener", """
                {"loadBalancerArn": "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/prod-alb/prod-alb",
                 "port": 8443, "protocol": "HTTP",
                 "defaultActions": [{"type": "forward", "targetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/%s/%s"}]}"""
                .formatted(plan.named("prod-web-tg-green").inputs().get("name"), plan.named("prod-web-tg-green").id()));
        assertThat(plan.named("prod-web-delivery-test-listener").options()).containsEntry("ignoreChanges", List.of("defaultActions"));
    }

    @Test
    void theVpcBlockNoLongerReachesTheTestListenerTheNatGatewaysDo() {
        // callers inside the VPC reach an internet-facing load balancer through NAT (issue 14; TestTrafficTest has the details)
        assertThat(prod().resources()).noneMatch(r -> r.name().startsWith("prod-web-delivery-test-in-")
                && "10.0.0.0/16".equals(r.inputs().get("cidrIpv4")));
        assertThat(prod().resources()).anyMatch(r -> r.name().startsWith("prod-web-delivery-test-in-nat-"));
    }

    @Test
    void theDeployStageRendersTheRevisionThenHandsItToCodeDeploy() {
        var plan = prod();
        @SuppressWarnings("unchecked")
        var stages = (List<Map<String, Object>>) plan.named("prod-web-delivery-pipeline").inputs().get("stages");
        assertThat(stages.stream().filter(s -> s.get("name").equals("Deploy")).findFirst().orElseThrow()).isEqualTo(parse(plan, """
                {"name": "Deploy", "actions": [
                  {"name": "Render", "category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1",
                   "inputArtifacts": ["build"], "outputArtifacts": ["bundle"], "runOrder": 1,
                   "configuration": {"ProjectName": "prod-web-render",
                     "EnvironmentVariables": "[{\\"name\\":\\"BERTH_STEP\\",\\"type\\":\\"PLAINTEXT\\",\\"value\\":\\"render\\"}]"}},
                  {"name": "Deploy", "category": "Deploy", "owner": "AWS", "provider": "CodeDeployToECS", "version": "1",
                   "inputArtifacts": ["bundle"], "runOrder": 2,
                   "configuration": {"ApplicationName": "prod-web", "DeploymentGroupName": "prod-web",
                     "TaskDefinitionTemplateArtifact": "bundle", "TaskDefinitionTemplatePath": "taskdef.json",
                     "AppSpecTemplateArtifact": "bundle", "AppSpecTemplatePath": "appspec.yaml",
                     "Image1ArtifactName": "bundle", "Image1ContainerName": "IMAGE1_NAME"}},
                  {"name": "Start", "category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1",
                   "inputArtifacts": ["build"], "runOrder": 3,
                   "configuration": {"ProjectName": "prod-web-deploy",
                     "EnvironmentVariables": "[{\\"name\\":\\"BERTH_STEP\\",\\"type\\":\\"PLAINTEXT\\",\\"value\\":\\"start\\"},{\\"name\\":\\"BERTH_START_TASKS\\",\\"type\\":\\"PLAINTEXT\\",\\"value\\":\\"1\\"},{\\"name\\":\\"BERTH_MAX_TASKS\\",\\"type\\":\\"PLAINTEXT\\",\\"value\\":\\"4\\"},{\\"name\\":\\"BERTH_SCALABLE_TARGET\\",\\"type\\":\\"PLAINTEXT\\",\\"value\\":\\"yes\\"}]"}}]}"""));
    }

    @Test
    void aBlueGreenServiceWithoutLaterEnvironmentsHasADeployProjectOnlyForItsStartStep() {
        // no rebase (CodeDeploy renders the revision); the project runs the Start step of a first release
        assertThat(prod().named("prod-web-delivery-deploy").inputs()).containsEntry("name", "prod-web-deploy");
        assertThat(prod().named("prod-web-delivery-render").inputs()).containsEntry("name", "prod-web-render");
    }

    @Test
    void codeDeploysRoleIsAssumableOnlyByCodeDeployAndSwitchesOnlyThisServicesRuleAndListeners() {
        var plan = prod();
        assertJsonInput(plan, "prod-web-delivery-codedeploy-role", "assumeRolePolicy", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "codedeploy.amazonaws.com"},
                 "Action": "sts:AssumeRole"}]}""");
        assertThat(plan.named("prod-web-delivery-codedeploy-role").inputs()).containsEntry("name", "prod-web-codedeploy");
        @SuppressWarnings("unchecked")
        var statements = (List<Map<String, Object>>) io.berth.testing.Inputs.jsonInput(plan.named("prod-web-delivery-codedeploy-policy"), "policy")
                .get("Statement");
        assertThat(statements).filteredOn(s -> s.get("Sid").equals("SwitchOwnListeners")).singleElement()
                .satisfies(s -> assertThat(s.get("Resource")).isEqualTo(List.of(listenerArn("prod-http"), listenerArn("prod-web-delivery-test-listener"))));
    }

    @Test
    void aRollingServiceHasNoCodeDeploy() {
        assertThat(prod().resources()).noneMatch(r -> r.name().startsWith("prod-quick-delivery-codedeploy")
                || r.name().startsWith("prod-quick-delivery-test-listener"));
    }
}
