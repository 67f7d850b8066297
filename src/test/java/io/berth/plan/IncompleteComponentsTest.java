package io.berth.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import io.berth.model.Catalog;
import io.berth.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plan fails when a component never registers its outputs: the engine would take it as still being created. */
class IncompleteComponentsTest {
    private static final class Finished extends ComponentResource {
        Finished(String name, ComponentResourceOptions options) {
            super("test:index:Finished", name, options);
            registerOutputs(Map.of());
        }
    }

    private static final class Unfinished extends ComponentResource {
        Unfinished(String name, ComponentResourceOptions options) {
            super("test:index:Unfinished", name, options);
        }
    }

    private static Plan run(java.util.function.Consumer<com.pulumi.Context> program) {
        var env = Fixtures.environment();
        return OfflinePlanner.run(env.name(), env, new Catalog(List.of()), Map.of(), program, Fixtures.TIMEOUT);
    }

    @Test
    void componentsThatRegisterTheirOutputsPlan() {
        var plan = run(ctx -> {
            var outer = new Finished("outer", ComponentResourceOptions.builder().build());
            new Finished("inner", ComponentResourceOptions.builder().parent(outer).build());
        });
        assertThat(plan.resources()).extracting(PlannedResource::name).containsExactly("inner", "outer");
    }

    @Test
    void aComponentWithoutRegisterOutputsFailsThePlanByItsUrn() {
        assertThatThrownBy(() -> run(ctx -> {
            var outer = new Finished("outer", ComponentResourceOptions.builder().build());
            new Unfinished("inner", ComponentResourceOptions.builder().parent(outer).build());
        })).isInstanceOf(PlanFailedException.class).hasMessage("the program left 1 component(s) of stack dev without "
                + "registerOutputs (the engine would show them as still being created):\n"
                + "  urn:pulumi:dev::berth::test:index:Finished$test:index:Unfinished::inner");
    }
}
