package io.berth.service;

import com.pulumi.aws.appautoscaling.Policy;
import com.pulumi.aws.appautoscaling.PolicyArgs;
import com.pulumi.aws.appautoscaling.Target;
import com.pulumi.aws.appautoscaling.inputs.PolicyStepScalingPolicyConfigurationArgs;
import com.pulumi.aws.appautoscaling.inputs.PolicyStepScalingPolicyConfigurationStepAdjustmentArgs;
import com.pulumi.aws.appautoscaling.inputs.PolicyTargetTrackingScalingPolicyConfigurationArgs;
import com.pulumi.aws.appautoscaling.inputs.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationArgs;
import com.pulumi.aws.appautoscaling.inputs.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricArgs;
import com.pulumi.aws.appautoscaling.inputs.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricMetricStatArgs;
import com.pulumi.aws.appautoscaling.inputs.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricMetricStatMetricArgs;
import com.pulumi.aws.appautoscaling.inputs.PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricMetricStatMetricDimensionArgs;
import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.aws.cloudwatch.inputs.MetricAlarmMetricQueryArgs;
import com.pulumi.aws.cloudwatch.inputs.MetricAlarmMetricQueryMetricArgs;
import com.pulumi.aws.sqs.Queue;
import com.pulumi.aws.sqs.QueueArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.berth.model.EnvironmentConfig;
import io.berth.model.Names;
import io.berth.model.ServiceSpec;
import io.berth.support.Json;
import io.berth.support.PropertyDependencies;
import io.berth.support.Stateful;
import io.berth.support.Tags;

import java.util.List;
import java.util.Map;

/**
 * A worker's queue {@code <env>-<service>} and its dead-letter queue {@code <env>-<service>-dlq}
 * (SSE-SQS, long polling, redrive after {@code maxReceiveCount} receives; the dead-letter queue accepts
 * redrives from this queue only), and the worker's scaling on its backlog:
 * <ul>
 * <li>target tracking on backlog per task: metric math {@code visible / running tasks} (SQS
 * ApproximateNumberOfMessagesVisible over Container Insights' RunningTaskCount) held at
 * {@code backlogPerTask};</li>
 * <li>start from zero: target tracking has nothing to divide by at 0 tasks, so an alarm on "messages
 * visible and no task running" drives a step-scaling policy that adds one task; target tracking
 * takes over from there.</li>
 * </ul>
 * The same pair, without the scaling, is each queue a service declares ({@code queues:}:
 * {@code <env>-<service>-<name>} and {@code <env>-<service>-<name>-dlq}).
 * The queue names are plain values (the catalog's {@code {queue:<worker>}} placeholder and the
 * producers' grants compute the same names), so nothing waits on another service's component.
 */
final class WorkerQueue {
    /** Marks a queue that is itself a dead-letter queue (the policy pack lets it go without a redrive policy). */
    static final String DEAD_LETTER_TAG = "berth:dead-letter";
    static final int LONG_POLL_SECONDS = 20;

    final String queueName;
    final String queueArn;
    final Queue queue;
    final Queue deadLetter;

    WorkerQueue(String name, EnvironmentConfig env, ServiceSpec spec, ServiceSpec.WorkQueue settings,
                Map<String, String> tags, Resource parent) {
        this(name + "-queue", name + "-dlq", env, Names.queue(env.name(), spec.name()), settings.retentionDays(),
                settings.visibilityTimeoutSeconds(), settings.maxReceiveCount(), tags, parent);
    }

    /** A queue the service declares ({@code queues:}): the same pair, named {@code <env>-<service>-<name>}. */
    WorkerQueue(String name, EnvironmentConfig env, ServiceSpec.DeclaredQueue declared, Map<String, String> tags, Resource parent) {
        this(name + "-queue-" + declared.name(), name + "-queue-" + declared.name() + "-dlq", env, declared.queueName(),
                declared.retentionDays(), declared.visibilityTimeoutSeconds(), declared.maxReceiveCount(), tags, parent);
    }

    private WorkerQueue(String queueResource, String dlqResource, EnvironmentConfig env, String queueName, int retentionDays,
                        int visibilityTimeoutSeconds, int maxReceiveCount, Map<String, String> tags, Resource parent) {
        this.queueName = queueName;
        this.queueArn = Names.queueArn(env.region(), env.account(), queueName);
        var dlqName = Names.deadLetterQueue(queueName);
        var dlqTags = new java.util.LinkedHashMap<>(tags);
        dlqTags.put(DEAD_LETTER_TAG, "true");
        // queues hold messages nobody has processed yet: protected in production, like other stateful resources
        var stateful = Stateful.options(env.protectStatefulResources(), parent);
        this.deadLetter = new Queue(dlqResource, QueueArgs.builder()
                .name(dlqName)
                .sqsManagedSseEnabled(true)
                .messageRetentionSeconds(ServiceSpec.WorkQueue.DEAD_LETTER_RETENTION_DAYS * 86_400)
                // only its own queue may move messages here
                .redriveAllowPolicy(Json.write(Map.of("redrivePermission", "byQueue", "sourceQueueArns", List.of(queueArn))))
                .tags(Tags.of(env.tags(), dlqResource, dlqTags))
                .build(), stateful);
        this.queue = new Queue(queueResource, QueueArgs.builder()
                .name(queueName)
                .sqsManagedSseEnabled(true)
                .messageRetentionSeconds(retentionDays * 86_400)
                .visibilityTimeoutSeconds(visibilityTimeoutSeconds)
                .receiveWaitTimeSeconds(LONG_POLL_SECONDS)
                .redrivePolicy(deadLetter.arn().applyValue(arn -> Json.write(Map.of(
                        "deadLetterTargetArn", arn, "maxReceiveCount", maxReceiveCount))))
                .tags(Tags.of(env.tags(), queueResource, tags))
                .build(), stateful);
    }

    /** Backlog-per-task target tracking and the start-from-zero step policy with its alarm, on {@code target}. */
    void scaling(String name, EnvironmentConfig env, ServiceSpec spec, Output<String> clusterName, Output<String> serviceName,
                 Target target, CustomResourceOptions child) {
        var settings = spec.queue().orElseThrow();
        var configuration = new PropertyDependencies(); // the property's dependencies in one Output: see there
        var metrics = List.of(
                PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricArgs.builder()
                        .id("visible").label("Messages visible in " + queueName).returnData(false)
                        .metricStat(stat("AWS/SQS", "ApproximateNumberOfMessagesVisible", "Sum",
                                List.of(dimension("QueueName", Output.of(queueName)))))
                        .build(),
                PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricArgs.builder()
                        .id("tasks").label("Running tasks of " + spec.name()).returnData(false)
                        .metricStat(stat("ECS/ContainerInsights", "RunningTaskCount", "Average",
                                List.of(dimension("ClusterName", configuration.add(clusterName)),
                                        dimension("ServiceName", configuration.add(serviceName)))))
                        .build(),
                PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricArgs.builder()
                        .id("backlogPerTask").label("Backlog per task").expression("visible / tasks").returnData(true)
                        .build());
        new Policy(name + "-scale-backlog", PolicyArgs.builder()
                .name(env.name() + "-" + spec.name() + "-backlog")
                .policyType("TargetTrackingScaling")
                .serviceNamespace(target.serviceNamespace())
                .scalableDimension(target.scalableDimension())
                .resourceId(target.resourceId())
                .targetTrackingScalingPolicyConfiguration(configuration.holding(PolicyTargetTrackingScalingPolicyConfigurationArgs.builder()
                        .targetValue((double) settings.backlogPerTask())
                        .customizedMetricSpecification(PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationArgs.builder()
                                .metrics(metrics).build())
                        .scaleInCooldown(300)
                        .scaleOutCooldown(60)
                        .build()))
                .build(), child);

        var start = new Policy(name + "-scale-from-zero", PolicyArgs.builder()
                .name(env.name() + "-" + spec.name() + "-from-zero")
                .policyType("StepScaling")
                .serviceNamespace(target.serviceNamespace())
                .scalableDimension(target.scalableDimension())
                .resourceId(target.resourceId())
                .stepScalingPolicyConfiguration(PolicyStepScalingPolicyConfigurationArgs.builder()
                        .adjustmentType("ChangeInCapacity")
                        .cooldown(60)
                        .metricAggregationType("Maximum")
                        .stepAdjustments(PolicyStepScalingPolicyConfigurationStepAdjustmentArgs.builder()
                                .metricIntervalLowerBound("0").scalingAdjustment(1).build())
                        .build())
                .build(), child);
        // 1 while messages wait and no task runs (no RunningTaskCount data point at 0 tasks: FILL makes it 0)
        new MetricAlarm(name + "-start-from-zero", MetricAlarmArgs.builder()
                .name(env.name() + "-" + spec.name() + "-start-from-zero")
                .alarmDescription("Messages wait in " + queueName + " and no task of " + spec.name()
                        + " runs: start one (target tracking on backlog per task takes over)")
                .comparisonOperator("GreaterThanThreshold")
                .threshold(0.0)
                .evaluationPeriods(1)
                .treatMissingData("notBreaching")
                .metricQueries(List.of(
                        MetricAlarmMetricQueryArgs.builder().id("visible").returnData(false)
                                .metric(MetricAlarmMetricQueryMetricArgs.builder().namespace("AWS/SQS")
                                        .metricName("ApproximateNumberOfMessagesVisible").stat("Sum").period(60)
                                        .dimensions(Map.of("QueueName", queueName)).build())
                                .build(),
                        MetricAlarmMetricQueryArgs.builder().id("tasks").returnData(false)
                                .metric(MetricAlarmMetricQueryMetricArgs.builder().namespace("ECS/ContainerInsights")
                                        .metricName("RunningTaskCount").stat("Average").period(60)
                                        .dimensions(Output.tuple(clusterName, serviceName).applyValue(t -> Map.of(
                                                "ClusterName", t.t1, "ServiceName", t.t2))).build())
                                .build(),
                        MetricAlarmMetricQueryArgs.builder().id("waiting").returnData(true)
                                .label("Messages waiting with no task running")
                                .expression("IF(visible > 0 AND FILL(tasks, 0) == 0, 1, 0)")
                                .build()))
                .alarmActions(start.arn().applyValue(List::of))
                .tags(Tags.of(env.tags(), name + "-start-from-zero", Map.of("berth:service", spec.name(), "owner", spec.owner())))
                .build(), child);
    }

    private static PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricMetricStatArgs stat(
            String namespace, String metric, String statistic,
            List<PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricMetricStatMetricDimensionArgs> dimensions) {
        return PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricMetricStatArgs.builder()
                .stat(statistic)
                .metric(PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricMetricStatMetricArgs.builder()
                        .namespace(namespace).metricName(metric).dimensions(dimensions).build())
                .build();
    }

    private static PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricMetricStatMetricDimensionArgs dimension(
            String key, Output<String> value) {
        return PolicyTargetTrackingScalingPolicyConfigurationCustomizedMetricSpecificationMetricMetricStatMetricDimensionArgs.builder()
                .name(key).value(value).build();
    }
}
