package io.berth.cli;

import io.berth.cost.CostCommand;
import io.berth.diff.DiffCommand;
import io.berth.graph.GraphCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every planning command takes the same {@code --timeout}: unset (and no BERTH_PLAN_TIMEOUT), it stays
 * empty so the planner derives the bound from the catalog; given, it is the bound.
 */
class PlanTimeoutOptionTest {
    private static Object command(String name) {
        return switch (name) {
            case "cost" -> new CostCommand();
            case "graph" -> new GraphCommand();
            case "diff" -> new DiffCommand();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static Object timeout(Object command) throws Exception {
        var field = command.getClass().getDeclaredField("timeoutSeconds");
        field.setAccessible(true);
        return field.get(command);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cost", "graph", "diff"})
    void withoutTheOptionTheBoundFollowsTheCatalog(String name) throws Exception {
        assumeTrue(System.getenv("BERTH_PLAN_TIMEOUT") == null, "BERTH_PLAN_TIMEOUT is set in this environment");
        var command = command(name);
        new CommandLine(command).parseArgs("dev");
        assertThat(timeout(command)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cost", "graph", "diff"})
    void theOptionSetsTheBound(String name) throws Exception {
        var command = command(name);
        new CommandLine(command).parseArgs("dev", "--timeout", "300");
        assertThat(timeout(command)).isEqualTo(300);
    }
}
