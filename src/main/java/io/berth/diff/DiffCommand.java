package io.berth.diff;

import static io.berth.plan.ExitCodes.EXIT_CONFIG;
import static io.berth.plan.ExitCodes.EXIT_ENGINE;

import io.berth.cost.CostDelta;
import io.berth.cost.CostEstimator;
import io.berth.cost.Prices;
import io.berth.graph.GraphDiff;
import io.berth.graph.PlanGraph;
import io.berth.load.ConfigException;
import io.berth.load.RawConfig;
import io.berth.plan.OfflinePlanner;
import io.berth.plan.PlanFailedException;
import io.berth.plan.CommandLineValues;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ./berth diff <stack>... [--base <git-ref>] [--format text|markdown]}: plans each stack at the
 * base revision (with that revision's own code and config) and in the working tree, and reports
 * what would be added, removed, changed and replaced, and which guardrail violations the change
 * introduces or fixes.
 */
@Command(name = "diff", mixinStandardHelpOptions = true, description = {
        "Plan stacks at a base git revision and in the working tree, and show what would change:",
        "resources added, removed and changed (property by property), replacements, protected resources,",
        "and guardrail violations introduced or fixed. Base plans are cached under target/diff-cache/<commit>/."})
public final class DiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "STACK", converter = CommandLineValues.StackName.class,
            description = "Stacks to compare (dev, beta, prod).")
    List<String> stacks;

    @Option(names = "--base", paramLabel = "GIT-REF",
            description = "Revision to compare with (default: the merge base of HEAD with main, else with origin/main, else HEAD).")
    String base;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text (terminal) or markdown (a pull-request comment) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--project-dir", defaultValue = ".", description = "Directory holding Pulumi.yaml (default: ${DEFAULT-VALUE}).")
    Path projectDir;

    @Option(names = "--timeout", defaultValue = CommandLineValues.TimeoutSeconds.DEFAULT,
            converter = CommandLineValues.TimeoutSeconds.class, description = CommandLineValues.TimeoutSeconds.DESCRIPTION)
    Integer timeoutSeconds;

    @Option(names = "--build-timeout", defaultValue = "600",
            description = "Seconds building the base revision's planner may take (default: ${DEFAULT-VALUE}).")
    int buildTimeoutSeconds;

    @Option(names = "--no-guardrails", description = "Do not run the policy pack over the two plans.")
    boolean noGuardrails;

    @Option(names = "--prices", paramLabel = "FILE",
            description = "A price file laid over berth's for the monthly cost change (docs/cost.md).")
    Path pricesFile;

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("markdown")) {
            throw new ParameterException(spec.commandLine(), "--format must be text or markdown, got " + format);
        }
        var started = System.nanoTime();
        // the base revision's planner gets the bound of the working tree's catalog size when none is set
        var planTimeout = Optional.ofNullable(timeoutSeconds).map(Duration::ofSeconds);
        var revision = new BaseRevision(projectDir, planTimeout.orElseGet(() -> OfflinePlanner.timeoutFor(serviceFiles(projectDir))),
                Duration.ofSeconds(buildTimeoutSeconds),
                m -> System.err.println("berth: " + m));
        BaseRevision.Ref ref;
        java.util.Map<String, BaseRevision.BasePlan> basePlans;
        try {
            ref = revision.resolve(base);
            basePlans = revision.plans(ref, stacks);
        } catch (BaseRevision.Failure e) {
            System.err.println("berth: " + e.getMessage());
            return e.exitCode();
        }

        var guardrails = noGuardrails ? null : new Guardrails(projectDir);
        Prices prices;
        try {
            prices = Prices.shippedWith(pricesFile);
        } catch (Prices.Invalid e) {
            System.err.println("berth: " + e.getMessage());
            return EXIT_CONFIG;
        }
        var costs = new java.util.LinkedHashMap<String, CostDelta>();
        var diffs = new ArrayList<StackDiff>();
        var pictures = new java.util.TreeMap<String, String>();
        var failures = new ArrayList<String>();
        int exit = 0;
        for (var stack : stacks) {
            PlanSnapshot head;
            try {
                var raw = RawConfig.fromStackFile(projectDir, stack);
                var plan = OfflinePlanner.plan(projectDir, raw, stack, planTimeout);
                head = PlanSnapshot.write(plan, projectDir.resolve("target").resolve("plan"));
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                failures.add(stack + ": the working tree's config does not load (see above)");
                exit = Math.max(exit, EXIT_CONFIG);
                continue;
            } catch (PlanFailedException e) {
                System.err.println("berth: " + e.getMessage());
                failures.add(stack + ": planning the working tree failed: " + firstLine(e.getMessage()));
                exit = Math.max(exit, EXIT_ENGINE);
                continue;
            }
            var basePlan = basePlans.get(stack);
            var diff = PlanDiff.compute(basePlan.plan(), head, ref.describe()).withNote(basePlan.note());
            picture(basePlan.plan(), head).ifPresent(p -> pictures.put(stack, p));
            diffs.add(diff.withGuardrails(guardrails == null
                    ? GuardrailDelta.notChecked("--no-guardrails")
                    : guardrailDelta(guardrails, basePlan.plan(), head, stack, diff)));
            costs.put(stack, CostDelta.of(CostEstimator.estimate(stack, null, basePlan.plan().resources().values(), prices),
                    CostEstimator.estimate(stack, null, head.resources().values(), prices)));
        }
        System.out.print(format.equals("markdown") ? DiffReport.markdown(diffs, failures, costs, pictures) : DiffReport.text(diffs, failures, costs));
        System.err.printf("berth: diff of %s against %s in %.1f s%n", String.join(", ", stacks), ref.describe(),
                (System.nanoTime() - started) / 1e9);
        return exit;
    }

    private static GuardrailDelta guardrailDelta(Guardrails guardrails, PlanSnapshot base, PlanSnapshot head, String stack, StackDiff diff) {
        try {
            var after = guardrails.check(head.file(), stack);
            var before = base.file() == null ? List.<Violation>of() : guardrails.checkCached(base.file(), stack);
            return GuardrailDelta.between(before, after, diff.renames());
        } catch (Guardrails.Unavailable e) {
            return GuardrailDelta.notChecked(e.getMessage());
        }
    }

    /** What changes in the stack's picture ({@code ./berth graph}), drawn from the two plan files. */
    static java.util.Optional<String> picture(PlanSnapshot base, PlanSnapshot head) {
        var stack = head.stack().isEmpty() ? base.stack() : head.stack();
        // only the affected part is drawn, so every service keeps its own arrows (no grouping per owner)
        return GraphDiff.mermaid(stack,
                PlanGraph.of(stack, base.resources().values(), base.outputs(), Integer.MAX_VALUE),
                PlanGraph.of(stack, head.resources().values(), head.outputs(), Integer.MAX_VALUE));
    }

    /** How many service files the working tree's catalog holds (services/*.yaml), for the base plan's time bound. */
    private static int serviceFiles(Path projectDir) {
        try (var files = java.nio.file.Files.list(projectDir.resolve("services"))) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".yaml")).count();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static String firstLine(String s) {
        var i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
