package io.berth.service;

import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.scheduler.Schedule;
import com.pulumi.aws.scheduler.ScheduleArgs;
import com.pulumi.aws.scheduler.inputs.ScheduleFlexibleTimeWindowArgs;
import com.pulumi.aws.scheduler.inputs.ScheduleTargetArgs;
import com.pulumi.aws.scheduler.inputs.ScheduleTargetDeadLetterConfigArgs;
import com.pulumi.aws.scheduler.inputs.ScheduleTargetRetryPolicyArgs;
import com.pulumi.aws.sfn.StateMachine;
import com.pulumi.aws.sfn.StateMachineArgs;
import com.pulumi.aws.sqs.Queue;
import com.pulumi.aws.sqs.QueueArgs;
import com.pulumi.aws.ssm.Parameter;
import com.pulumi.aws.ssm.ParameterArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.berth.model.EnvironmentConfig;
import io.berth.model.Names;
import io.berth.model.ServiceSpec;
import io.berth.support.Json;
import io.berth.support.PolicyDocument;
import io.berth.support.PropertyDependencies;
import io.berth.support.Tags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scheduled job: EventBridge Scheduler -> a Step Functions standard state machine -> one ECS task.
 *
 * <p>Why Step Functions: Scheduler alone can start a task (its ECS target) but can neither see a
 * running one nor stop one. The state machine (1) for {@code overlap: skip} lists the family's running
 * tasks ({@code aws-sdk:ecs:listTasks}) and ends at once while one runs; (2) reads which task definition
 * to run from the SSM parameter {@code /berth/<env>/jobs/<job>/task-definition}; (3) runs the task with
 * {@code arn:aws:states:::ecs:runTask.sync} and {@code TimeoutSeconds} = the job's maximum run time
 * (on a time-out or a stopped execution Step Functions stops the task, which is why its role holds
 * {@code ecs:StopTask}; a timed-out run is not retried), and retries a failed run (the task stopped with
 * a non-zero exit code, or ECS could not place it) {@code retries} times. Scheduler retries a failed
 * invocation of the state machine itself and sends what it could not deliver to the job's dead-letter
 * queue {@code <env>-<job>-schedule-dlq}.
 *
 * <p>Releases: the parameter is the job's "what runs" handle, as {@code ignoreChanges: taskDefinition}
 * is a service's. Without a pipeline berth writes its own revision there on every {@code pulumi up}. With
 * a pipeline the parameter belongs to the pipeline ({@code ignoreChanges: value}): its deploy step
 * registers berth's latest revision with the release's image and writes that ARN, so a {@code pulumi up}
 * never rolls a job back to an older image, and a configuration change ships with the next release.
 */
final class JobRun {
    final Output<String> stateMachineArn;
    final String parameterName;
    final String parameterArn;

    JobRun(String name, EnvironmentConfig env, ServiceSpec spec, ServiceContext ctx, Output<String> taskDefinitionArn,
           Output<String> taskRoleArn, Output<String> executionRoleArn, Output<String> securityGroupId,
           Map<String, String> tags, List<Resource> rolePolicies, Resource parent) {
        var job = spec.job().orElseThrow();
        var child = CustomResourceOptions.builder().parent(parent).build();
        var scoped = Names.scoped(env.name(), spec.name());
        var family = scoped;

        this.parameterName = "/berth/" + env.name() + "/jobs/" + spec.name() + "/task-definition";
        this.parameterArn = "arn:aws:ssm:" + env.region() + ":" + env.account() + ":parameter" + parameterName;
        new Parameter(name + "-release", ParameterArgs.builder()
                .name(parameterName)
                .type("String")
                .description("The task definition the " + spec.name() + " job runs in " + env.name()
                        + (ctx.pipelineOwned() ? " (written by its pipeline's deploy step)" : " (berth's latest revision)"))
                .value(taskDefinitionArn)
                .tags(Tags.of(env.tags(), name + "-release", tags))
                .build(), ctx.pipelineOwned()
                ? CustomResourceOptions.builder().parent(parent).ignoreChanges("value").build() : child);

        var dlqTags = new LinkedHashMap<>(tags);
        dlqTags.put(WorkerQueue.DEAD_LETTER_TAG, "true");
        var dlqName = scoped + "-schedule-dlq";
        var dlq = new Queue(name + "-schedule-dlq", QueueArgs.builder()
                .name(dlqName)
                .sqsManagedSseEnabled(true)
                .messageRetentionSeconds(ServiceSpec.WorkQueue.DEAD_LETTER_RETENTION_DAYS * 86_400)
                .tags(Tags.of(env.tags(), name + "-schedule-dlq", dlqTags))
                // the runs it could not start, for someone to look at: protected in production like every queue
                .build(), io.berth.support.Stateful.options(env.protectStatefulResources(), parent));

        // --- the state machine's role: run, watch and stop this family's tasks in this cluster, pass its roles
        var clusterArn = ctx.clusterArn();
        var runner = new Role(name + "-runner-role", RoleArgs.builder()
                .description("Step Functions for the " + spec.name() + " job in " + env.name() + ": its own task only")
                .assumeRolePolicy(PolicyDocument.trustFromAccount("states.amazonaws.com", env.account()))
                .tags(Tags.of(env.tags(), name + "-runner-role", withRole(tags, "job-runner")))
                .build(), child);
        var taskDefinitions = "arn:aws:ecs:" + env.region() + ":" + env.account() + ":task-definition/" + family + ":*";
        var clusterCondition = clusterArn.applyValue(arn -> Map.<String, Object>of("ArnEquals", Map.of("ecs:cluster", arn)));
        var runnerDoc = PolicyDocument.create()
                .allow("RunOwnTask", List.of("ecs:RunTask"), List.of(Output.of(taskDefinitions)), clusterCondition)
                .allow("WatchAndStopOwnTasks", List.of("ecs:DescribeTasks", "ecs:StopTask"),
                        List.of(ctx.clusterName().applyValue(c -> "arn:aws:ecs:" + env.region() + ":" + env.account() + ":task/" + c + "/*")))
                // ListTasks has no resource-level permission: AWS documents "*", narrowed to the cluster by condition
                .allow("ListClusterTasks", List.of("ecs:ListTasks"), List.of(Output.of("*")), clusterCondition)
                .allow("PassOwnRoles", List.of("iam:PassRole"), List.of(taskRoleArn, executionRoleArn),
                        Map.of("StringEquals", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")))
                .allow("ReadRelease", List.of("ssm:GetParameter"), List.of(Output.of(parameterArn)))
                // runTask.sync learns that the task stopped through this managed EventBridge rule
                .allow("SyncRule", List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"), List.of(Output.of(
                        "arn:aws:events:" + env.region() + ":" + env.account() + ":rule/StepFunctionsGetEventsForECSTaskRule")));
        var runnerPolicy = new RolePolicy(name + "-runner-policy", RolePolicyArgs.builder()
                .role(runner.id()).policy(runnerDoc.toJson()).build(), child);

        var stateMachine = new StateMachine(name + "-runs", StateMachineArgs.builder()
                .name(scoped)
                .type("STANDARD")
                .roleArn(runner.arn())
                .definition(Output.tuple(clusterArn, Output.all(ctx.privateSubnetIds()), securityGroupId)
                        .applyValue(t -> definition(env, spec, family, t.t1, t.t2, t.t3)))
                .tags(Tags.of(env.tags(), name + "-runs", tags))
                .build(), CustomResourceOptions.builder().parent(parent).dependsOn(runnerPolicy).build());
        this.stateMachineArn = stateMachine.arn();

        // --- the schedule's role: start this state machine, and dead-letter what it could not start
        var scheduler = new Role(name + "-schedule-role", RoleArgs.builder()
                .description("EventBridge Scheduler for the " + spec.name() + " job in " + env.name() + ": start its runs only")
                .assumeRolePolicy(PolicyDocument.trustFromAccount("scheduler.amazonaws.com", env.account()))
                .tags(Tags.of(env.tags(), name + "-schedule-role", withRole(tags, "job-schedule")))
                .build(), child);
        var schedulerPolicy = new RolePolicy(name + "-schedule-policy", RolePolicyArgs.builder()
                .role(scheduler.id())
                .policy(PolicyDocument.create()
                        .allow("StartOwnRuns", List.of("states:StartExecution"), List.of(stateMachine.arn()))
                        .allow("DeadLetterOwnRuns", List.of("sqs:SendMessage"), List.of(dlq.arn()))
                        .toJson())
                .build(), child);

        var window = job.flexibleWindowMinutes() == 0
                ? ScheduleFlexibleTimeWindowArgs.builder().mode("OFF").build()
                : ScheduleFlexibleTimeWindowArgs.builder().mode("FLEXIBLE").maximumWindowInMinutes(job.flexibleWindowMinutes()).build();
        var target = new PropertyDependencies(); // the property's dependencies in one Output: see there
        var schedule = ScheduleArgs.builder()
                .name(scoped)
                .groupName("default")
                .description(spec.description().isEmpty() ? "The " + spec.name() + " job in " + env.name() : spec.description())
                .scheduleExpression(job.schedule())
                // waiting for its first release, or a passive DR replica's copy: created, not running
                .state(job.enabled() && !ctx.awaitingFirstRelease() ? "ENABLED" : "DISABLED")
                .flexibleTimeWindow(window)
                .target(target.holding(ScheduleTargetArgs.builder()
                        .arn(target.add(stateMachine.arn()))
                        .roleArn(target.add(scheduler.arn()))
                        .input("{}")
                        // Scheduler's own retries: of starting the execution, not of the run (the state machine retries those)
                        .retryPolicy(ScheduleTargetRetryPolicyArgs.builder()
                                .maximumRetryAttempts(SCHEDULER_RETRIES).maximumEventAgeInSeconds(SCHEDULER_EVENT_AGE_SECONDS).build())
                        .deadLetterConfig(ScheduleTargetDeadLetterConfigArgs.builder().arn(target.add(dlq.arn())).build())
                        .build()));
        if (job.schedule().startsWith("cron(")) {
            schedule.scheduleExpressionTimezone(job.timezone());
        }
        new Schedule(name + "-schedule", schedule.build(),
                CustomResourceOptions.builder().parent(parent).dependsOn(schedulerPolicy).build());
        rolePolicies.add(runnerPolicy);
    }

    /** Scheduler tries to start a run this many more times, for at most an hour, then dead-letters it. */
    static final int SCHEDULER_RETRIES = 3;
    static final int SCHEDULER_EVENT_AGE_SECONDS = 3600;

    /** The one-off run: the same state machine (overlap rule, time-out and retries apply). */
    static String oneOffCommand(EnvironmentConfig env, ServiceSpec spec) {
        return "aws stepfunctions start-execution --region " + env.region() + " --state-machine-arn arn:aws:states:"
                + env.region() + ":" + env.account() + ":stateMachine:" + Names.scoped(env.name(), spec.name());
    }

    /** The state machine's definition (Amazon States Language). */
    static String definition(EnvironmentConfig env, ServiceSpec spec, String family, String clusterArn,
                             List<String> subnets, String securityGroupId) {
        var job = spec.job().orElseThrow();
        var states = new LinkedHashMap<String, Object>();
        var parameterName = "/berth/" + env.name() + "/jobs/" + spec.name() + "/task-definition";
        if (job.overlap() == ServiceSpec.Overlap.SKIP) {
            states.put("CheckRunning", ordered(
                    "Type", "Task",
                    "Comment", "overlap: skip - is a task of " + family + " still running?",
                    "Resource", "arn:aws:states:::aws-sdk:ecs:listTasks",
                    "Parameters", ordered("Cluster", clusterArn, "Family", family, "DesiredStatus", "RUNNING"),
                    "ResultSelector", ordered("taskArns.$", "$.TaskArns"),
                    "ResultPath", "$.running",
                    "Next", "AlreadyRunning"));
            states.put("AlreadyRunning", ordered(
                    "Type", "Choice",
                    "Choices", List.of(ordered("Variable", "$.running.taskArns[0]", "IsPresent", true, "Next", "SkipRun")),
                    "Default", "Release"));
            states.put("SkipRun", ordered("Type", "Succeed", "Comment", "the earlier run is still going: this one does nothing"));
        }
        states.put("Release", ordered(
                "Type", "Task",
                "Comment", "which task definition runs: berth's, or the pipeline's latest release",
                "Resource", "arn:aws:states:::aws-sdk:ssm:getParameter",
                "Parameters", ordered("Name", parameterName),
                "ResultSelector", ordered("taskDefinition.$", "$.Parameter.Value"),
                "ResultPath", "$.release",
                "Next", "Run"));
        var run = new LinkedHashMap<String, Object>();
        run.put("Cluster", clusterArn);
        run.put("TaskDefinition.$", "$.release.taskDefinition");
        run.put("CapacityProviderStrategy", spec.capacity().items().stream()
                .map(i -> ordered("CapacityProvider", i.capacityProvider(), "Base", i.base(), "Weight", i.weight())).toList());
        run.put("NetworkConfiguration", Map.of("AwsvpcConfiguration", ordered(
                "Subnets", subnets, "SecurityGroups", List.of(securityGroupId), "AssignPublicIp", "DISABLED")));
        spec.hostGroup().ifPresent(g -> {
            // pinned to the group's instances like a host-group service (AWS rule 16)
            run.put("PlacementConstraints", List.of(ordered("Type", "memberOf",
                    "Expression", env.hostGroups().get(g).memberOfExpression())));
            if (!spec.placement().strategies().isEmpty()) {
                run.put("PlacementStrategy", spec.placement().strategies().stream().map(strategyName -> {
                    var typeAndField = ServiceSpec.Placement.STRATEGIES.get(strategyName);
                    return typeAndField.get(1).isEmpty() ? ordered("Type", typeAndField.get(0))
                            : ordered("Type", typeAndField.get(0), "Field", typeAndField.get(1));
                }).toList());
            }
        });
        run.put("EnableECSManagedTags", true);
        run.put("PropagateTags", "TASK_DEFINITION");
        run.put("StartedBy", "berth-job");
        states.put("Run", ordered(
                "Type", "Task",
                "Comment", "one task; stopped after maxRunMinutes (" + job.maxRunMinutes() + ")",
                "Resource", "arn:aws:states:::ecs:runTask.sync",
                "Parameters", run,
                "TimeoutSeconds", job.maxRunMinutes() * 60,
                "Retry", List.of(ordered(
                        "ErrorEquals", List.of("States.TaskFailed", "ECS.AmazonECSException"),
                        "IntervalSeconds", 60, "BackoffRate", 2.0, "MaxAttempts", job.retries())),
                "End", true));
        var root = new LinkedHashMap<String, Object>();
        root.put("Comment", "The " + spec.name() + " job in " + env.name() + " (berth)");
        root.put("StartAt", job.overlap() == ServiceSpec.Overlap.SKIP ? "CheckRunning" : "Release");
        root.put("States", states);
        return Json.write(root);
    }

    private static Map<String, String> withRole(Map<String, String> tags, String role) {
        var out = new LinkedHashMap<>(tags);
        out.put("berth:role", role);
        return out;
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        var out = new LinkedHashMap<String, Object>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            out.put((String) keyValues[i], keyValues[i + 1]);
        }
        return out;
    }
}
