package io.berth.monitoring;

import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.berth.plan.Plan;
import io.berth.support.Json;
import io.berth.support.Providers;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.berth.testing.Inputs.parse;
import static io.berth.testing.Inputs.untagged;
import static io.berth.testing.Inputs.assertJsonInput;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring components alone, in one run: environment alarms of {@code dev} (two NAT gateways, a
 * host group's capacity provider, pipelines) and of {@code quiet} (none of these), the alarms of a
 * blue/green service {@code web}, and notifications whose environment also notifies an existing topic.
 */
@Timeout(120)
class MonitoringComponentsTest {
    static final String CHAT = "arn:aws:sns:eu-west-1:111111111111:chat-alerts";
    static final String TOPIC = "arn:aws:sns:eu-west-1:111111111111:dev-topic";
    static Plan plan;
    static List<String> webAlarmNames;

    @BeforeAll
    static void plan() {
        var env = Fixtures.environment("dev", Map.of("berth:notifications", """
                {"email": ["oncall@example.com"], "topics": ["%s"]}""".formatted(CHAT)));
        var web = Fixtures.service("web", Map.of("expose", Map.of("type", "public", "paths", List.of("/*"))), env);
        plan = Fixtures.component(env, ctx -> {
            var provider = Providers.forRegion("primary", env.account(), env.region());
            var options = ComponentResourceOptions.builder().providers(provider).build();
            List<Output<String>> actions = List.of(Output.of(TOPIC));
            new EnvironmentAlarms("dev-alarms", new EnvironmentAlarms.Args("dev", env.region(), env.account(), env.tags(),
                    Output.of("dev-cluster"), Output.of("arn:aws:ecs:eu-west-1:111111111111:cluster/dev-cluster"),
                    Output.of("app/dev-alb/1"), List.of(Output.of("nat-0a"), Output.of("nat-0b")), List.of("dev-batch"), true,
                    Output.of(TOPIC), actions), options);
            var notifications = new Notifications("dev-notifications", new Notifications.Args("dev", env.account(), env.tags(),
                    env.notifications(), Set.of(), false), options);
            new EnvironmentAlarms("quiet-alarms", new EnvironmentAlarms.Args("quiet", env.region(), env.account(), env.tags(),
                    Output.of("quiet-cluster"), Output.of("arn:aws:ecs:eu-west-1:111111111111:cluster/quiet-cluster"),
                    Output.of("app/quiet-alb/1"), List.of(), List.of(), false, notifications.environmentTopicArn,
                    notifications.environmentAlarmActions()), options);
            var alarms = new ServiceAlarms("dev-web-alarms", new ServiceAlarms.Args("dev", env.tags(), web, Output.of("dev-cluster"),
                    Output.of("dev-web"), true, Optional.of(new ServiceAlarms.TargetMetrics(Output.of("app/dev-alb/1"),
                    Output.of("targetgroup/blue/1"), Optional.of(Output.of("targetgroup/green/2")))), actions, false), options);
            webAlarmNames = List.copyOf(alarms.alarmNames);
            new Dashboard("dev-board", new Dashboard.Args("dev", env.region(), Output.of("dev-cluster"), Output.of("app/dev-alb/1"),
                    List.of(new Dashboard.Row("web", Output.of("dev-web"), "FARGATE base 1 weight 1", Optional.empty()))), options);
        });
    }

    /** The resource's inputs hold these (tags aside). */
    static void assertSome(String name, String json) {
        assertThat(untagged(plan.named(name))).as(name).containsAllEntriesOf(parse(plan, json));
    }

    @Test
    void theLoadBalancersOwn5xxAlarmWatchesItsLoadBalancer() {
        assertSome("dev-alarms-alb-5xx", """
                {"namespace": "AWS/ApplicationELB", "metricName": "HTTPCode_ELB_5XX_Count", "dimensions": {"LoadBalancer": "app/dev-alb/1"},
                 "statistic": "Sum", "period": 60, "evaluationPeriods": 5, "threshold": 10, "comparisonOperator": "GreaterThanThreshold",
                 "alarmActions": ["%s"], "okActions": ["%s"],
                 "alarmDescription": "dev: the load balancer answered more than 10 requests a minute with its own 5xx (no healthy target, or overloaded)"}"""
                .formatted(TOPIC, TOPIC));
    }

    @Test
    void eachNatGatewayHasItsPortAllocationAlarmNumberedFromOne() {
        assertSome("dev-alarms-nat-1-port-allocation", """
                {"dimensions": {"NatGatewayId": "nat-0a"}, "metricName": "ErrorPortAllocation", "period": 300, "evaluationPeriods": 1,
                 "alarmDescription": "dev: NAT gateway 1 ran out of source ports (connections to one destination dropped)"}""");
        assertSome("dev-alarms-nat-2-port-allocation", """
                {"dimensions": {"NatGatewayId": "nat-0b"}}""");
    }

    @Test
    void aHostGroupThatCannotGetInstancesForFifteenMinutesAlarms() {
        assertSome("dev-alarms-dev-batch-capacity", """
                {"namespace": "AWS/ECS/ManagedScaling", "metricName": "CapacityProviderReservation",
                 "dimensions": {"ClusterName": "dev-cluster", "CapacityProviderName": "dev-batch"},
                 "statistic": "Maximum", "period": 60, "evaluationPeriods": 15, "threshold": 100}""");
    }

    @Test
    void ecsAndPipelineFailuresOfTheEnvironmentGoToItsTopic() {
        assertJsonInput(plan, "dev-alarms-deployment-failed", "eventPattern", """
                {"source": ["aws.ecs"], "detail-type": ["ECS Deployment State Change"],
                 "detail": {"eventName": ["SERVICE_DEPLOYMENT_FAILED"]},
                 "resources": [{"prefix": "arn:aws:ecs:eu-west-1:111111111111:service/dev-cluster/"}]}""");
        assertJsonInput(plan, "dev-alarms-task-failed", "eventPattern", """
                {"source": ["aws.ecs"], "detail-type": ["ECS Task State Change"],
                 "detail": {"clusterArn": ["arn:aws:ecs:eu-west-1:111111111111:cluster/dev-cluster"], "lastStatus": ["STOPPED"],
                            "stopCode": ["TaskFailedToStart", "EssentialContainerExited"]}}""");
        assertJsonInput(plan, "dev-alarms-placement-failed", "eventPattern", """
                {"source": ["aws.ecs"], "detail-type": ["ECS Service Action"],
                 "detail": {"clusterArn": ["arn:aws:ecs:eu-west-1:111111111111:cluster/dev-cluster"],
                            "eventName": ["SERVICE_TASK_PLACEMENT_FAILURE"]}}""");
        assertJsonInput(plan, "dev-alarms-pipeline-failed", "eventPattern", """
                {"source": ["aws.codepipeline"], "detail-type": ["CodePipeline Pipeline Execution State Change"],
                 "detail": {"state": ["FAILED"], "pipeline": [{"prefix": "dev-"}]}}""");
        assertSome("dev-alarms-pipeline-failed-to-sns", """
                {"arn": "%s"}""".formatted(TOPIC));
    }

    @Test
    void withoutNatGatewaysHostGroupsOrPipelinesThoseAlarmsAndRulesAreLeftOut() {
        assertThat(plan.resources()).extracting(r -> r.name()).filteredOn(n -> n.startsWith("quiet-alarms-"))
                .containsExactlyInAnyOrder("quiet-alarms-alb-5xx", "quiet-alarms-deployment-failed", "quiet-alarms-deployment-failed-to-sns",
                        "quiet-alarms-task-failed", "quiet-alarms-task-failed-to-sns", "quiet-alarms-placement-failed",
                        "quiet-alarms-placement-failed-to-sns");
    }

    @Test
    void aBlueGreenServicesErrorRateAddsBothTargetGroups() {
        assertSome("dev-web-alarms-5xx-rate", """
                {"metricQueries": [
                  {"id": "errors_blue", "returnData": false, "metric": {"namespace": "AWS/ApplicationELB", "metricName": "HTTPCode_Target_5XX_Count",
                   "stat": "Sum", "period": 60, "dimensions": {"LoadBalancer": "app/dev-alb/1", "TargetGroup": "targetgroup/blue/1"}}},
                  {"id": "errors_green", "returnData": false, "metric": {"namespace": "AWS/ApplicationELB", "metricName": "HTTPCode_Target_5XX_Count",
                   "stat": "Sum", "period": 60, "dimensions": {"LoadBalancer": "app/dev-alb/1", "TargetGroup": "targetgroup/green/2"}}},
                  {"id": "errors", "expression": "FILL(errors_blue, 0) + FILL(errors_green, 0)", "returnData": false},
                  {"id": "requests_blue", "returnData": false, "metric": {"namespace": "AWS/ApplicationELB", "metricName": "RequestCount",
                   "stat": "Sum", "period": 60, "dimensions": {"LoadBalancer": "app/dev-alb/1", "TargetGroup": "targetgroup/blue/1"}}},
                  {"id": "requests_green", "returnData": false, "metric": {"namespace": "AWS/ApplicationELB", "metricName": "RequestCount",
                   "stat": "Sum", "period": 60, "dimensions": {"LoadBalancer": "app/dev-alb/1", "TargetGroup": "targetgroup/green/2"}}},
                  {"id": "requests", "expression": "FILL(requests_blue, 0) + FILL(requests_green, 0)", "returnData": false},
                  {"id": "rate", "expression": "IF(requests > 0, 100 * errors / requests, 0)", "label": "5xx share of requests (%)", "returnData": true}]}""");
    }

    @Test
    void aBlueGreenServicesUnhealthyTargetAlarmSumsBothTargetGroups() {
        assertSome("dev-web-alarms-unhealthy-targets", """
                {"metricQueries": [
                  {"id": "unhealthy_blue", "returnData": false, "metric": {"namespace": "AWS/ApplicationELB", "metricName": "UnHealthyHostCount",
                   "stat": "Maximum", "period": 60, "dimensions": {"LoadBalancer": "app/dev-alb/1", "TargetGroup": "targetgroup/blue/1"}}},
                  {"id": "unhealthy_green", "returnData": false, "metric": {"namespace": "AWS/ApplicationELB", "metricName": "UnHealthyHostCount",
                   "stat": "Maximum", "period": 60, "dimensions": {"LoadBalancer": "app/dev-alb/1", "TargetGroup": "targetgroup/green/2"}}},
                  {"id": "unhealthy", "expression": "FILL(unhealthy_blue, 0) + FILL(unhealthy_green, 0)",
                   "label": "UnHealthyHostCount of both target groups", "returnData": true}],
                 "threshold": 0, "comparisonOperator": "GreaterThanThreshold"}""");
    }

    @Test
    void theServicesAlarmsReadItsClusterAndServiceAndAreNamedPerEnvironment() {
        assertSome("dev-web-alarms-p99-latency", """
                {"dimensions": {"LoadBalancer": "app/dev-alb/1", "TargetGroup": "targetgroup/blue/1"}}""");
        assertSome("dev-web-alarms-cpu-high", """
                {"dimensions": {"ClusterName": "dev-cluster", "ServiceName": "dev-web"}}""");
        assertThat(webAlarmNames).containsExactly("dev-web-running-tasks", "dev-web-cpu-high", "dev-web-memory-high",
                "dev-web-utilization-high", "dev-web-5xx-rate", "dev-web-p99-latency", "dev-web-unhealthy-targets");
        assertThat(ServiceAlarms.deploymentAlarmNames("dev", "web")).containsExactly("dev-web-5xx-rate", "dev-web-unhealthy-targets");
    }

    @Test
    void environmentAlarmsAlsoNotifyTheTopicsTheStackFileNames() {
        assertThat(plan.named("quiet-alarms-alb-5xx").<List<String>>input("alarmActions"))
                .containsExactly("arn:aws:sns:eu-west-1:111111111111:dev-notifications-environment", CHAT);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDashboardListsTheServicesThenOneRowOfWidgetsEachBelowTheLoadBalancer() {
        var args = new Dashboard.Args("dev", "eu-west-1", Output.of("c"), Output.of("lb"), List.of(
                new Dashboard.Row("web", Output.of("s"), "FARGATE base 1 weight 1", Optional.of(Output.of("t"))),
                new Dashboard.Row("api", Output.of("s"), "FARGATE_SPOT weight 1", Optional.empty())));
        var body = Dashboard.body(args, List.of("dev-cluster", "app/dev-alb/1", "dev-web", "targetgroup/web/1", "dev-api", ""));
        var widgets = (List<Map<String, Object>>) body.get("widgets");
        assertThat(widgets).extracting(w -> w.get("type") + " " + w.get("x") + "," + w.get("y") + " " + w.get("width") + "x" + w.get("height"))
                .containsExactly("text 0,0 12x6", "metric 12,0 12x6", "metric 0,6 8x6", "metric 8,6 8x6", "metric 16,6 8x6",
                        "metric 0,12 8x6", "metric 8,12 8x6");
        assertThat(((Map<String, Object>) widgets.get(0).get("properties")).get("markdown")).isEqualTo(
                "## dev (eu-west-1)\n\n| service | capacity |\n| --- | --- |\n| web | FARGATE base 1 weight 1 |\n| api | FARGATE_SPOT weight 1 |\n");
        assertThat(Json.write(widgets.get(4).get("properties"))).isEqualTo("{\"metrics\":["
                + "[\"AWS/ApplicationELB\",\"RequestCount\",\"LoadBalancer\",\"app/dev-alb/1\",\"TargetGroup\",\"targetgroup/web/1\",{\"stat\":\"Sum\"}],"
                + "[\"AWS/ApplicationELB\",\"HTTPCode_Target_5XX_Count\",\"LoadBalancer\",\"app/dev-alb/1\",\"TargetGroup\",\"targetgroup/web/1\",{\"stat\":\"Sum\"}],"
                + "[\"AWS/ApplicationELB\",\"TargetResponseTime\",\"LoadBalancer\",\"app/dev-alb/1\",\"TargetGroup\",\"targetgroup/web/1\",{\"stat\":\"p99\",\"yAxis\":\"right\"}]],"
                + "\"period\":60,\"region\":\"eu-west-1\",\"title\":\"web: requests, 5xx, p99 latency\",\"view\":\"timeSeries\"}");
        assertThat(Json.write(widgets.get(5).get("properties"))).contains(
                "[\"ECS/ContainerInsights\",\"RunningTaskCount\",\"ClusterName\",\"dev-cluster\",\"ServiceName\",\"dev-api\",{\"stat\":\"Minimum\"}]");
    }

    @Test
    void theDashboardIsNamedForTheEnvironment() {
        assertSome("dev-board-dashboard", """
                {"dashboardName": "berth-dev-board"}""");
        assertThat(plan.named("dev-board-dashboard").<String>input("dashboardBody")).contains("\"dev-cluster\"", "\"dev-web\"");
    }
}
