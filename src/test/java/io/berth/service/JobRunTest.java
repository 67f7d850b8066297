package io.berth.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.berth.model.EnvironmentConfig;
import io.berth.model.ServiceSpec;
import io.berth.plan.Plan;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.berth.testing.Inputs.assertJsonInput;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Work on a host group, the Service component alone, in one run: the job {@code report} (its JobRun)
 * runs on the {@code batch} host group with placement strategies, no flexible window and its own
 * description, and a pipeline deploys it; the service {@code indexer} runs there one task per instance.
 */
@Timeout(120)
class JobRunTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static EnvironmentConfig env;
    static ServiceSpec report;
    static ServiceSpec indexer;
    static Plan plan;

    @BeforeAll
    static void plan() {
        env = Fixtures.environment("dev", Map.of("berth:hostGroups", "{\"batch\": {\"instanceTypes\": [\"m6i.large\"]}}"));
        report = Fixtures.service("report", Map.of("kind", "job", "description", "Monthly report", "hostGroup", "batch",
                "placement", Map.of("strategies", List.of("spread-az", "random")),
                "job", Map.of("schedule", "rate(1 day)", "flexibleWindowMinutes", 0),
                "delivery", Map.of("source", Map.of("type", "github", "repository", "acme/report", "branch", "main"))), env);
        indexer = Fixtures.service("indexer", Map.of("hostGroup", "batch",
                "placement", Map.of("strategies", List.of("binpack-memory", "random"), "distinctInstance", true)), env);
        plan = Fixtures.component(env, ctx -> {
            var subnets = List.of(Output.of("subnet-a"), Output.of("subnet-b"));
            new Service("dev-indexer", new ServiceContext(env, Output.of("vpc-1"), subnets,
                    Output.of("arn:aws:ecs:eu-west-1:111111111111:cluster/dev-cluster"), Output.of("dev-cluster"), Output.of("ns-1"),
                    Optional.empty(), Optional.empty()), indexer, ComponentResourceOptions.builder().build());
            new Service("dev-report", new ServiceContext(env, Output.of("vpc-1"), subnets,
                    Output.of("arn:aws:ecs:eu-west-1:111111111111:cluster/dev-cluster"), Output.of("dev-cluster"), Output.of("ns-1"),
                    Optional.empty(), Optional.empty(), report.delivery()), report, ComponentResourceOptions.builder().build());
        });
    }

    @Test
    void onAHostGroupTheRunIsPinnedToItsInstancesAndPlacedByTheStrategies() throws Exception {
        var run = JSON.readTree(JobRun.definition(env, report, "dev-report", "cluster-arn", List.of("subnet-a"), "sg-1"))
                .at("/States/Run/Parameters");
        assertThat(run.get("PlacementConstraints").toString()).isEqualTo(
                "[{\"Expression\":\"attribute:berth.host-group == batch\",\"Type\":\"memberOf\"}]");
        assertThat(run.get("CapacityProviderStrategy").toString()).isEqualTo("[{\"Base\":1,\"CapacityProvider\":\"dev-batch\",\"Weight\":1}]");
        assertThat(run.get("PlacementStrategy").toString()).isEqualTo(
                "[{\"Field\":\"attribute:ecs.availability-zone\",\"Type\":\"spread\"},{\"Type\":\"random\"}]");
    }

    @Test
    void withoutAFlexibleWindowTheScheduleStartsOnTime() {
        assertThat(plan.named("dev-report-schedule").<Map<String, Object>>input("flexibleTimeWindow")).isEqualTo(Map.of("mode", "OFF"));
        assertThat(plan.named("dev-report-schedule").inputs()).containsEntry("description", "Monthly report");
    }

    @Test
    void thePipelineOwnsTheReleaseParameterOnceItExists() {
        var release = plan.named("dev-report-release");
        assertThat(release.inputs()).containsEntry("name", "/berth/dev/jobs/report/task-definition")
                .containsEntry("description", "The task definition the report job runs in dev (written by its pipeline's deploy step)");
        assertThat(release.options()).containsEntry("ignoreChanges", List.of("value"));
    }

    @Test
    void theRunnerRunsWatchesAndStopsOnlyItsOwnTasksInItsCluster() {
        assertJsonInput(plan, "dev-report-runner-policy", "policy", """
                {"Version": "2012-10-17", "Statement": [
                 {"Sid": "RunOwnTask", "Effect": "Allow", "Action": "ecs:RunTask",
                  "Resource": "arn:aws:ecs:eu-west-1:111111111111:task-definition/dev-report:*",
                  "Condition": {"ArnEquals": {"ecs:cluster": "arn:aws:ecs:eu-west-1:111111111111:cluster/dev-cluster"}}},
                 {"Sid": "WatchAndStopOwnTasks", "Effect": "Allow", "Action": ["ecs:DescribeTasks", "ecs:StopTask"],
                  "Resource": "arn:aws:ecs:eu-west-1:111111111111:task/dev-cluster/*"},
                 {"Sid": "ListClusterTasks", "Effect": "Allow", "Action": "ecs:ListTasks", "Resource": "*",
                  "Condition": {"ArnEquals": {"ecs:cluster": "arn:aws:ecs:eu-west-1:111111111111:cluster/dev-cluster"}}},
                 {"Sid": "PassOwnRoles", "Effect": "Allow", "Action": "iam:PassRole",
                  "Resource": ["arn:aws:iam::111111111111:role/dev-report-execution-role", "arn:aws:iam::111111111111:role/dev-report-task-role"],
                  "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}},
                 {"Sid": "ReadRelease", "Effect": "Allow", "Action": "ssm:GetParameter",
                  "Resource": "arn:aws:ssm:eu-west-1:111111111111:parameter/berth/dev/jobs/report/task-definition"},
                 {"Sid": "SyncRule", "Effect": "Allow", "Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                  "Resource": "arn:aws:events:eu-west-1:111111111111:rule/StepFunctionsGetEventsForECSTaskRule"}]}""");
    }

    @Test
    void theRolesAreTaggedWithWhatTheyAreFor() {
        assertThat(plan.named("dev-report-runner-role").<Map<String, Object>>input("tags")).containsEntry("berth:role", "job-runner");
        assertThat(plan.named("dev-report-schedule-role").<Map<String, Object>>input("tags")).containsEntry("berth:role", "job-schedule");
    }

    @Test
    void aHostGroupServiceIsPinnedToItsInstancesOneTaskEachAndPlacedByItsStrategies() {
        var service = plan.named("dev-indexer-service");
        assertThat(service.<List<Map<String, Object>>>input("placementConstraints")).containsExactly(
                Map.of("type", "memberOf", "expression", env.hostGroups().get("batch").memberOfExpression()),
                Map.of("type", "distinctInstance"));
        assertThat(service.<List<Map<String, Object>>>input("orderedPlacementStrategies")).containsExactly(
                Map.of("type", "binpack", "field", "memory"), Map.of("type", "random"));
    }
}
