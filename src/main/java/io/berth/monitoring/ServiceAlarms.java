package io.berth.monitoring;

import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.aws.cloudwatch.inputs.MetricAlarmMetricQueryArgs;
import com.pulumi.aws.cloudwatch.inputs.MetricAlarmMetricQueryMetricArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.berth.model.Names;
import io.berth.model.ServiceSpec;
import io.berth.support.PropertyDependencies;
import io.berth.support.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service's baseline alarms, on one-minute data points: running tasks below the minimum, CPU,
 * memory and the higher of the two (metric math); for services behind the load balancer also the
 * target 5xx rate, the 99th-percentile response time and unhealthy targets. Each notifies the
 * service owner's topic and the environment's, when it fires and when it clears.
 */
public final class ServiceAlarms extends ComponentResource {
    /** The alarms' names, by kind ({@code cpu-high}...): {@code <env>-<service>-<kind>}. */
    public final List<String> alarmNames = new ArrayList<>();

    /**
     * @param environment        the environment's name: alarm names are {@code <env>-<service>-<kind>}
     * @param containerInsights  the cluster publishes Container Insights (running-task counts need it)
     * @param loadBalancer       the load balancer's and the service's target group's ARN suffixes, for
     *                           a public service
     * @param awaitingFirstRelease the service runs no task until its first release: no running-tasks
     *                           alarm yet (the next pulumi up after the release adds it)
     */
    public record Args(String environment, Map<String, String> tags, ServiceSpec spec, Output<String> clusterName,
                       Output<String> serviceName, boolean containerInsights, Optional<TargetMetrics> loadBalancer,
                       List<Output<String>> actions, boolean awaitingFirstRelease) {
    }

    /**
     * The alarms that mark a release as bad ({@code 5xx-rate}, {@code unhealthy-targets}): ECS rolls a rolling
     * service back on them, CodeDeploy a blue/green one. Empty for a service the load balancer does not route to.
     */
    public final List<MetricAlarm> deploymentAlarms = new ArrayList<>();

    /** The kinds of alarm that mark a release as bad: errors and failing health checks of the new tasks. */
    public static final List<String> DEPLOYMENT_ALARM_KINDS = List.of("5xx-rate", "unhealthy-targets");

    /**
     * The dimensions of a public service's load-balancer metrics.
     *
     * @param greenTargetGroupArnSuffix a blue/green service's second target group: its alarms read both
     *                                  (CodeDeploy moves the service between them on every release)
     */
    public record TargetMetrics(Output<String> loadBalancerArnSuffix, Output<String> targetGroupArnSuffix,
                                Optional<Output<String>> greenTargetGroupArnSuffix) {
        public TargetMetrics(Output<String> loadBalancerArnSuffix, Output<String> targetGroupArnSuffix) {
            this(loadBalancerArnSuffix, targetGroupArnSuffix, Optional.empty());
        }
    }

    /** A service's alarm of this kind: {@code <env>-<service>-<kind>}, the same in every region. */
    public static String alarmName(String environment, String service, String kind) {
        return Names.scoped(environment, service) + "-" + kind;
    }

    /** The names of the alarms a public service's deployments watch ({@link #DEPLOYMENT_ALARM_KINDS}). */
    public static List<String> deploymentAlarmNames(String environment, String service) {
        return DEPLOYMENT_ALARM_KINDS.stream().map(kind -> alarmName(environment, service, kind)).toList();
    }

    public ServiceAlarms(String name, Args args, ComponentResourceOptions options) {
        super("berth:monitoring:ServiceAlarms", name, options);
        var spec = args.spec();
        var alarms = spec.alarms();
        var periods = alarms.evaluationMinutes();
        var ecs = Output.tuple(args.clusterName(), args.serviceName())
                .applyValue(t -> Map.of("ClusterName", t.t1, "ServiceName", t.t2));
        if (args.containerInsights() && spec.scaling().min() > 0 && !args.awaitingFirstRelease()) {
            // no data at all means no task reports: as bad as too few
            alarm(name, args, "running-tasks", "fewer than " + spec.scaling().min() + " running tasks (the minimum)",
                    MetricAlarmArgs.builder().namespace("ECS/ContainerInsights").metricName("RunningTaskCount")
                            .dimensions(ecs).statistic("Minimum").period(60).evaluationPeriods(periods)
                            .comparisonOperator("LessThanThreshold").threshold((double) spec.scaling().min())
                            .treatMissingData("breaching"));
        }
        alarm(name, args, "cpu-high", "average CPU above " + alarms.cpuPercent() + "%",
                MetricAlarmArgs.builder().namespace("AWS/ECS").metricName("CPUUtilization").dimensions(ecs)
                        .statistic("Average").period(60).evaluationPeriods(periods)
                        .comparisonOperator("GreaterThanThreshold").threshold((double) alarms.cpuPercent())
                        .treatMissingData("notBreaching"));
        alarm(name, args, "memory-high", "average memory above " + alarms.memoryPercent() + "%",
                MetricAlarmArgs.builder().namespace("AWS/ECS").metricName("MemoryUtilization").dimensions(ecs)
                        .statistic("Average").period(60).evaluationPeriods(periods)
                        .comparisonOperator("GreaterThanThreshold").threshold((double) alarms.memoryPercent())
                        .treatMissingData("notBreaching"));
        var combined = Math.min(alarms.cpuPercent(), alarms.memoryPercent());
        // each alarm's queries: their dependencies in one Output (see PropertyDependencies)
        var utilization = new PropertyDependencies();
        alarm(name, args, "utilization-high", "the higher of CPU and memory above " + combined + "%",
                MetricAlarmArgs.builder().evaluationPeriods(periods)
                        .comparisonOperator("GreaterThanThreshold").threshold((double) combined)
                        .treatMissingData("notBreaching")
                        .metricQueries(utilization.holding(List.of(
                                query(utilization, "cpu", "AWS/ECS", "CPUUtilization", "Average", ecs),
                                query(utilization, "memory", "AWS/ECS", "MemoryUtilization", "Average", ecs),
                                MetricAlarmMetricQueryArgs.builder().id("utilization").expression("MAX([cpu, memory])")
                                        .label("Higher of CPU and memory (%)").returnData(true).build()))));
        args.loadBalancer().ifPresent(lb -> {
            var target = dimensions(lb.loadBalancerArnSuffix(), lb.targetGroupArnSuffix());
            var green = lb.greenTargetGroupArnSuffix().map(g -> dimensions(lb.loadBalancerArnSuffix(), g));
            var rate = new PropertyDependencies();
            var rateQueries = new ArrayList<MetricAlarmMetricQueryArgs>();
            if (green.isEmpty()) {
                rateQueries.add(query(rate, "errors", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", target));
                rateQueries.add(query(rate, "requests", "AWS/ApplicationELB", "RequestCount", "Sum", target));
            } else {
                // blue/green: whichever target group serves this release (an idle one reports nothing)
                rateQueries.addAll(bothTargetGroups(rate, "errors", "HTTPCode_Target_5XX_Count", "Sum", target, green.get(), false));
                rateQueries.addAll(bothTargetGroups(rate, "requests", "RequestCount", "Sum", target, green.get(), false));
            }
            // no requests, no error rate (and no division by zero)
            rateQueries.add(MetricAlarmMetricQueryArgs.builder().id("rate")
                    .expression("IF(requests > 0, 100 * errors / requests, 0)")
                    .label("5xx share of requests (%)").returnData(true).build());
            deploymentAlarms.add(alarm(name, args, "5xx-rate", "target 5xx responses above " + alarms.errorRatePercent() + "% of requests",
                    MetricAlarmArgs.builder().evaluationPeriods(periods)
                            .comparisonOperator("GreaterThanThreshold").threshold((double) alarms.errorRatePercent())
                            .treatMissingData("notBreaching")
                            .metricQueries(rate.holding(rateQueries))));
            alarm(name, args, "p99-latency", "99th-percentile response time above " + alarms.p99LatencyMillis() + " ms",
                    MetricAlarmArgs.builder().namespace("AWS/ApplicationELB").metricName("TargetResponseTime")
                            .dimensions(target).extendedStatistic("p99").period(60).evaluationPeriods(periods)
                            .comparisonOperator("GreaterThanThreshold").threshold(alarms.p99LatencyMillis() / 1000.0)
                            .treatMissingData("notBreaching"));
            var unhealthy = MetricAlarmArgs.builder().evaluationPeriods(periods)
                    .comparisonOperator("GreaterThanThreshold").threshold(0.0)
                    .treatMissingData("notBreaching");
            if (green.isEmpty()) {
                unhealthy.namespace("AWS/ApplicationELB").metricName("UnHealthyHostCount")
                        .dimensions(target).statistic("Maximum").period(60);
            } else {
                var both = new PropertyDependencies();
                unhealthy.metricQueries(both.holding(bothTargetGroups(both, "unhealthy", "UnHealthyHostCount", "Maximum", target, green.get(), true)));
            }
            deploymentAlarms.add(alarm(name, args, "unhealthy-targets", "a target failing its health check", unhealthy));
        });
        registerOutputs(Map.of());
    }

    private static Output<Map<String, String>> dimensions(Output<String> loadBalancer, Output<String> targetGroup) {
        return Output.tuple(loadBalancer, targetGroup).applyValue(t -> Map.of("LoadBalancer", t.t1, "TargetGroup", t.t2));
    }

    /** {@code <id>_blue}, {@code <id>_green} and {@code <id>}: their sum, a missing point counting 0. */
    private static List<MetricAlarmMetricQueryArgs> bothTargetGroups(PropertyDependencies queries, String id, String metric, String stat,
                                                                      Output<Map<String, String>> blue,
                                                                      Output<Map<String, String>> green, boolean alarmOnIt) {
        var sum = MetricAlarmMetricQueryArgs.builder().id(id).expression("FILL(" + id + "_blue, 0) + FILL(" + id + "_green, 0)")
                .returnData(alarmOnIt);
        if (alarmOnIt) {
            sum.label(metric + " of both target groups");
        }
        return List.of(query(queries, id + "_blue", "AWS/ApplicationELB", metric, stat, blue),
                query(queries, id + "_green", "AWS/ApplicationELB", metric, stat, green), sum.build());
    }

    private MetricAlarm alarm(String name, Args args, String kind, String what, MetricAlarmArgs.Builder builder) {
        var alarmName = alarmName(args.environment(), args.spec().name(), kind);
        alarmNames.add(alarmName);
        return new MetricAlarm(name + "-" + kind, builder
                .name(alarmName)
                .alarmDescription(args.spec().name() + " in " + args.environment() + ": " + what
                        + ". Thresholds: alarms in services/" + args.spec().name() + ".yaml")
                .alarmActions(Output.all(args.actions()))
                .okActions(Output.all(args.actions()))
                .tags(Tags.of(args.tags(), name + "-" + kind, Map.of("berth:service", args.spec().name(), "berth:alarm", kind,
                        "owner", args.spec().owner())))
                .build(), CustomResourceOptions.builder().parent(this).build());
    }

    /** A metric of one alarm's {@code queries}, its dimensions' dependencies carried by the alarm's property. */
    static MetricAlarmMetricQueryArgs query(PropertyDependencies queries, String id, String namespace, String metric, String stat,
                                            Output<Map<String, String>> dimensions) {
        return MetricAlarmMetricQueryArgs.builder().id(id).returnData(false)
                .metric(MetricAlarmMetricQueryMetricArgs.builder()
                        .namespace(namespace).metricName(metric).stat(stat).period(60).dimensions(queries.add(dimensions)).build())
                .build();
    }
}
