package io.berth.monitoring;

import com.pulumi.aws.cloudwatch.EventRule;
import com.pulumi.aws.cloudwatch.EventRuleArgs;
import com.pulumi.aws.cloudwatch.EventTarget;
import com.pulumi.aws.cloudwatch.EventTargetArgs;
import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.berth.support.Json;
import io.berth.support.Tags;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment's own alarms and events, to the environment topic: load-balancer 5xx, NAT
 * gateway port-allocation errors, host groups short of capacity; ECS deployments that failed (and
 * rolled back), tasks that failed to start or whose essential container exited, tasks that could
 * not be placed (Spot or host-group capacity), and failed pipeline executions.
 */
public final class EnvironmentAlarms extends ComponentResource {
    /** Load-balancer 5xx responses per minute that count as an incident. */
    public static final int ELB_5XX_PER_MINUTE = 10;
    /** Minutes a host group's capacity reservation may stay above 100% (tasks waiting for instances). */
    public static final int CAPACITY_SHORTAGE_MINUTES = 15;

    /**
     * @param capacityProviders the host groups' capacity provider names
     * @param pipelines         the environment has pipelines (named {@code <env>-<service>})
     */
    public record Args(String environment, String region, String account, Map<String, String> tags,
                       Output<String> clusterName, Output<String> clusterArn, Output<String> loadBalancerArnSuffix,
                       List<Output<String>> natGatewayIds, List<String> capacityProviders, boolean pipelines,
                       Output<String> topicArn, List<Output<String>> actions) {
    }

    public EnvironmentAlarms(String name, Args args, ComponentResourceOptions options) {
        super("berth:monitoring:EnvironmentAlarms", name, options);
        var child = CustomResourceOptions.builder().parent(this).build();
        alarm(name + "-alb-5xx", args, "the load balancer answered more than " + ELB_5XX_PER_MINUTE
                        + " requests a minute with its own 5xx (no healthy target, or overloaded)",
                MetricAlarmArgs.builder().namespace("AWS/ApplicationELB").metricName("HTTPCode_ELB_5XX_Count")
                        .dimensions(args.loadBalancerArnSuffix().applyValue(lb -> Map.of("LoadBalancer", lb)))
                        .statistic("Sum").period(60).evaluationPeriods(5)
                        .comparisonOperator("GreaterThanThreshold").threshold((double) ELB_5XX_PER_MINUTE)
                        .treatMissingData("notBreaching"), child);
        for (int i = 0; i < args.natGatewayIds().size(); i++) {
            alarm(name + "-nat-" + (i + 1) + "-port-allocation", args,
                    "NAT gateway " + (i + 1) + " ran out of source ports (connections to one destination dropped)",
                    MetricAlarmArgs.builder().namespace("AWS/NATGateway").metricName("ErrorPortAllocation")
                            .dimensions(args.natGatewayIds().get(i).applyValue(id -> Map.of("NatGatewayId", id)))
                            .statistic("Sum").period(300).evaluationPeriods(1)
                            .comparisonOperator("GreaterThanThreshold").threshold(0.0)
                            .treatMissingData("notBreaching"), child);
        }
        for (var provider : args.capacityProviders()) {
            alarm(name + "-" + provider + "-capacity", args, "host group capacity provider " + provider
                            + " needed more instances than it could get for " + CAPACITY_SHORTAGE_MINUTES + " minutes",
                    MetricAlarmArgs.builder().namespace("AWS/ECS/ManagedScaling").metricName("CapacityProviderReservation")
                            .dimensions(args.clusterName().applyValue(c -> Map.of("ClusterName", c, "CapacityProviderName", provider)))
                            .statistic("Maximum").period(60).evaluationPeriods(CAPACITY_SHORTAGE_MINUTES)
                            .comparisonOperator("GreaterThanThreshold").threshold(100.0)
                            .treatMissingData("notBreaching"), child);
        }

        var events = new LinkedHashMap<String, Output<Map<String, Object>>>();
        events.put("deployment-failed", args.clusterName().applyValue(cluster -> Map.of(
                "source", List.of("aws.ecs"),
                "detail-type", List.of("ECS Deployment State Change"),
                "detail", Map.of("eventName", List.of("SERVICE_DEPLOYMENT_FAILED")),
                "resources", List.of(Map.of("prefix", "arn:aws:ecs:" + args.region() + ":" + args.account()
                        + ":service/" + cluster + "/")))));
        events.put("task-failed", args.clusterArn().applyValue(cluster -> Map.of(
                "source", List.of("aws.ecs"),
                "detail-type", List.of("ECS Task State Change"),
                "detail", Map.of("clusterArn", List.of(cluster), "lastStatus", List.of("STOPPED"),
                        "stopCode", List.of("TaskFailedToStart", "EssentialContainerExited")))));
        events.put("placement-failed", args.clusterArn().applyValue(cluster -> Map.of(
                "source", List.of("aws.ecs"),
                "detail-type", List.of("ECS Service Action"),
                "detail", Map.of("clusterArn", List.of(cluster), "eventName", List.of("SERVICE_TASK_PLACEMENT_FAILURE")))));
        if (args.pipelines()) {
            events.put("pipeline-failed", Output.of(Map.of(
                    "source", List.of("aws.codepipeline"),
                    "detail-type", List.of("CodePipeline Pipeline Execution State Change"),
                    "detail", Map.of("state", List.of("FAILED"),
                            "pipeline", List.of(Map.of("prefix", args.environment() + "-"))))));
        }
        events.forEach((kind, pattern) -> {
            var rule = new EventRule(name + "-" + kind, EventRuleArgs.builder()
                    .description(kind + " in " + args.environment())
                    .eventPattern(pattern.applyValue(Json::write))
                    .tags(Tags.of(args.tags(), name + "-" + kind))
                    .build(), child);
            new EventTarget(name + "-" + kind + "-to-sns", EventTargetArgs.builder()
                    .rule(rule.name()).arn(args.topicArn()).build(), child);
        });
        registerOutputs(Map.of());
    }

    private static void alarm(String logical, Args args, String what, MetricAlarmArgs.Builder builder, CustomResourceOptions child) {
        new MetricAlarm(logical, builder
                .alarmDescription(args.environment() + ": " + what)
                .alarmActions(Output.all(args.actions()))
                .okActions(Output.all(args.actions()))
                .tags(Tags.of(args.tags(), logical))
                .build(), child);
    }
}
