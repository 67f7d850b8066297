package io.berth.graph;

import static io.berth.plan.ExitCodes.EXIT_CONFIG;
import static io.berth.plan.ExitCodes.EXIT_ENGINE;
import static io.berth.plan.ExitCodes.EXIT_USAGE;

import io.berth.plan.CommandLineValues;
import io.berth.plan.PlanJson;
import io.berth.plan.PlannedStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./berth graph <stack>...}: plans each stack offline (or reads its plan file with
 * {@code --from-plan}) and writes its picture as a Mermaid flowchart, {@code target/graph/<stack>.mmd},
 * and with {@code --markdown} also {@code <stack>.md} holding it in a fenced mermaid block.
 */
@Command(name = "graph", mixinStandardHelpOptions = true, description = {
        "Write a Mermaid diagram of each stack, computed from its plan: regions, VPC and zones, load-balancer",
        "routes to services, services to their capacity, declared calls, registry replication, where the",
        "pipelines take releases from (repositories, the previous environment) and the DR replica."})
public final class GraphCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "STACK", converter = CommandLineValues.StackName.class,
            description = "Stacks (dev, beta, prod, or any stack with a Pulumi.<stack>.yaml).")
    List<String> stacks;

    @Option(names = "--project-dir", defaultValue = ".", description = "Directory holding Pulumi.yaml (default: ${DEFAULT-VALUE}).")
    Path projectDir;

    @Option(names = "--out", defaultValue = "target/graph", description = "Where diagrams go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--markdown", description = "Also write <stack>.md with the diagram in a ```mermaid block (GitHub renders it).")
    boolean markdown;

    @Option(names = "--from-plan", description = "Read target/plan/<stack>.json (written by ./berth plan) instead of planning again.")
    boolean fromPlan;

    @Option(names = "--collapse-above", defaultValue = "" + PlanGraph.DEFAULT_COLLAPSE_ABOVE, paramLabel = "N",
            description = "Above this many services, draw routes, calls, capacity and pipelines per owner (default: ${DEFAULT-VALUE}).")
    int collapseAbove;

    @Option(names = "--timeout", defaultValue = CommandLineValues.TimeoutSeconds.DEFAULT,
            converter = CommandLineValues.TimeoutSeconds.class, description = CommandLineValues.TimeoutSeconds.DESCRIPTION)
    Integer timeoutSeconds;

    @Override
    public Integer call() throws IOException {
        if (collapseAbove < 0) {
            System.err.println("berth: --collapse-above must be 0 or more, got " + collapseAbove);
            return EXIT_USAGE;
        }
        var dir = projectDir.resolve(out);
        Files.createDirectories(dir);
        for (var stack : stacks) {
            String planJson;
            if (fromPlan) {
                var file = PlannedStack.defaultDirectory(projectDir).resolve(stack + ".json");
                if (!Files.isRegularFile(file)) {
                    System.err.println("berth: " + file + " does not exist: run ./berth plan " + stack + " first, or drop --from-plan");
                    return EXIT_USAGE;
                }
                planJson = Files.readString(file);
            } else {
                var planned = PlannedStack.planAndWrite(projectDir, stack, timeoutSeconds, PlannedStack.defaultDirectory(projectDir));
                if (planned.exitCode() != 0) {
                    return planned.exitCode();
                }
                planJson = PlanJson.render(planned.plan());
            }
            var graph = PlanGraph.fromPlanJson(planJson, collapseAbove);
            var diagram = Mermaid.render(graph, "berth graph of stack " + stack + " (from its plan, berth-plan/1)");
            var mmd = dir.resolve(stack + ".mmd");
            Files.writeString(mmd, diagram);
            System.out.printf("graph of %s: %d boxes, %d arrows, %d groups written to %s%n", stack, graph.nodes().size(),
                    graph.edges().size(), graph.groups().size(), shown(mmd));
            if (markdown) {
                var md = dir.resolve(stack + ".md");
                Files.writeString(md, Mermaid.markdown("Stack " + stack, diagram));
                System.out.println("  and " + shown(md));
            }
        }
        return 0;
    }

    private Path shown(Path file) {
        var base = projectDir.toAbsolutePath().normalize();
        var absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute) : absolute;
    }
}
