package io.berth.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pulumi.aws.ssm.Parameter;
import com.pulumi.aws.ssm.ParameterArgs;
import com.pulumi.core.Output;
import io.berth.load.ConfigException;
import io.berth.model.Catalog;
import io.berth.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * berth's task runner (PlanRunner) keeps the SDK runner's contract: a plan ends only when every
 * registered task has finished (resources created late, inside callbacks, are in it), and a failing
 * task fails the plan with its message.
 */
class PlanRunnerTest {
    private static Plan run(java.util.function.Consumer<com.pulumi.Context> program) {
        var env = Fixtures.environment();
        return OfflinePlanner.run(env.name(), env, new Catalog(List.of()), Map.of(), program, Fixtures.TIMEOUT);
    }

    private static Parameter parameter(String name) {
        return new Parameter(name, ParameterArgs.builder().name("/t/" + name).type("String").value(name).build());
    }

    @Test
    void resourcesCreatedInsideLateCallbacksAreInThePlan() {
        var plan = run(ctx -> {
            // the value arrives after the program body has returned; two resources are created from it, one a step later
            var late = Output.of(CompletableFuture.supplyAsync(() -> "late",
                    CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS)));
            late.applyValue(v -> parameter(v + "-1").name()).applyValue(n -> parameter("late-2"));
        });
        assertThat(plan.resources()).extracting(PlannedResource::name).contains("late-1", "late-2");
    }

    @Test
    void aFailingCallbackFailsThePlanWithItsMessage() {
        assertThatThrownBy(() -> run(ctx -> {
            parameter("first");
            Output.of("x").applyValue(v -> {
                throw new IllegalStateException("callback broke on " + v);
            });
        })).isInstanceOf(PlanFailedException.class).hasMessageContaining("callback broke on x");
    }

    @Test
    void aFailureDoesNotWaitForUnrelatedWorkThatNeverFinishes() {
        assertThatThrownBy(() -> run(ctx -> {
            Output.of(new CompletableFuture<String>()); // never completes
            Output.of("x").applyValue(v -> {
                throw new IllegalStateException("broke");
            });
        })).isInstanceOf(PlanFailedException.class).hasMessageContaining("broke");
    }

    @Test
    void aConfigurationMistakeInTheProgramReachesTheCallerAsItself() {
        assertThatThrownBy(() -> run(ctx -> {
            throw new ConfigException(List.of("Pulumi.dev.yaml: berth:x: bad"));
        })).isInstanceOf(ConfigException.class).hasMessageContaining("berth:x: bad");
    }
}
