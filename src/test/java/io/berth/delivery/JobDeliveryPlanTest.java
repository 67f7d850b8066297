package io.berth.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.testing.ShippedStacks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.berth.delivery.DeliveryPlanTest.actions;
import static io.berth.delivery.DeliveryPlanTest.config;
import static io.berth.delivery.DeliveryPlanTest.pipeline;
import static io.berth.delivery.DeliveryPlanTest.primary;
import static io.berth.delivery.DeliveryPlanTest.statements;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped job (batch-reports) delivered by its pipeline: GIVEN a job, which has no ECS service, WHEN its
 * pipeline deploys a release, THEN one CodeBuild step registers the release and points the job's release
 * parameter at it; the pipeline's own role touches no ECS service.
 */
class JobDeliveryPlanTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @SuppressWarnings("unchecked")
    private static Map<String, String> variables(Map<String, Object> action) throws Exception {
        var vars = new HashMap<String, String>();
        for (var v : (List<Map<String, String>>) JSON.readValue((String) config(action).get("EnvironmentVariables"), List.class)) {
            vars.put(v.get("name"), v.get("value"));
        }
        return vars;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void theDeployOfAJobIsOneCodeBuildStepThatPublishesTheRelease(String stack) throws Exception {
        var plan = primary(stack);
        var deploy = actions(pipeline(plan, "batch-reports"), "Deploy");
        assertThat(deploy).extracting(a -> a.get("name") + ":" + a.get("provider") + ":" + a.get("runOrder"))
                .containsExactly("Deploy:CodeBuild:1");
        assertThat(variables(deploy.get(0))).containsEntry("BERTH_STEP", "job");
        var project = plan.named(stack + "-batch-reports-delivery-deploy").inputs();
        assertThat(project.toString()).contains("BERTH_JOB_PARAMETER").contains("/berth/" + stack + "/jobs/batch-reports/task-definition");
        assertThat(String.valueOf(project.get("source"))).contains("aws ssm put-parameter --name \"$BERTH_JOB_PARAMETER\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void theJobsDeployRoleMayWriteOnlyItsOwnReleaseParameter(String stack) throws Exception {
        var plan = primary(stack);
        var account = plan.env().account();
        var deploy = statements(plan, stack + "-batch-reports-delivery-deploy-policy");
        assertThat(deploy.get("PublishOwnJobRelease")).containsEntry("Action", "ssm:PutParameter").containsEntry("Resource",
                "arn:aws:ssm:eu-west-1:" + account + ":parameter/berth/" + stack + "/jobs/batch-reports/task-definition");
        assertThat(deploy).doesNotContainKey("RebaseOwnService");
        var pipelineRole = statements(plan, stack + "-batch-reports-delivery-pipeline-policy");
        assertThat(pipelineRole.keySet()).noneMatch(sid -> sid.startsWith("EcsDeploy"));
    }

    @Test
    void aPipelineOwnedJobsReleaseParameterIsNotResetByPulumiUp() {
        var plan = primary("prod");
        assertThat(plan.named("prod-batch-reports-release").options().get("ignoreChanges")).isEqualTo(List.of("value"));
        // the replica's copy too: the pipeline's DeployDR step writes it
        assertThat(ShippedStacks.plan("prod").named("prod-dr-batch-reports-release").options().get("ignoreChanges"))
                .isEqualTo(List.of("value"));
    }

    @Test
    void prodRollsEachJobReleaseOutToTheReplicasParameter() throws Exception {
        var plan = primary("prod");
        var action = actions(pipeline(plan, "batch-reports"), "DeployDR");
        assertThat(variables(action.get(0))).containsEntry("BERTH_STEP", "dr-job").containsEntry("BERTH_DR_REGION", "eu-central-1")
                .containsEntry("BERTH_DR_JOB_PARAMETER", "/berth/prod/jobs/batch-reports/task-definition");
        var dr = statements(plan, "prod-batch-reports-delivery-deploy-dr-policy");
        assertThat(dr.get("DrPublishOwnJobRelease")).containsEntry("Resource",
                "arn:aws:ssm:eu-central-1:333333333333:parameter/berth/prod/jobs/batch-reports/task-definition");
        assertThat(dr).doesNotContainKey("DrOwnService");
    }
}
