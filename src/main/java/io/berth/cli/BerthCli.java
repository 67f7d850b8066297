package io.berth.cli;

import static io.berth.plan.ExitCodes.EXIT_CONFIG;
import static io.berth.plan.ExitCodes.EXIT_ENGINE;
import static io.berth.plan.ExitCodes.EXIT_INTERNAL;
import static io.berth.plan.ExitCodes.EXIT_POLICY;
import static io.berth.plan.ExitCodes.EXIT_USAGE;

import io.berth.load.ConfigException;
import io.berth.cost.CostCommand;
import io.berth.diff.DiffCommand;
import io.berth.diff.Guardrails;
import io.berth.diff.Processes;
import io.berth.graph.GraphCommand;
import io.berth.plan.CommandLineValues;
import io.berth.plan.Plan;
import io.berth.plan.PlanJson;
import io.berth.plan.PlannedStack;
import io.berth.plan.PlanSummary;
import io.berth.load.RawConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** The {@code ./berth} command line: offline work on the same program {@code pulumi up} runs. */
@Command(name = "berth", mixinStandardHelpOptions = true, version = "berth 0.1.0",
        description = "Self-service ECS platform: plan stacks offline on the Pulumi SDK's mock engine.",
        subcommands = {BerthCli.PlanCommand.class, BerthCli.CheckCommand.class, DiffCommand.class, CostCommand.class,
                GraphCommand.class})
public final class BerthCli {
    public static void main(String[] args) {
        quietSdkLogging();
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code (tests call this; {@link #main} exits with it). */
    public static int run(String... args) {
        return new CommandLine(new BerthCli())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // a bug in berth, not a user's mistake: keep the exit code apart from EXIT_CONFIG
                    cmd.getErr().println("berth: internal error: " + e);
                    return EXIT_INTERNAL;
                })
                .execute(args);
    }

    /** What every planning command takes: the stacks, where the project is, and the time bound. */
    static final class StackOptions {
        @Parameters(arity = "1..*", paramLabel = "STACK", converter = CommandLineValues.StackName.class,
                description = "Stacks (dev, beta, prod, or any stack with a Pulumi.<stack>.yaml).")
        List<String> stacks;

        @Option(names = "--project-dir", defaultValue = ".", description = "Directory holding Pulumi.yaml (default: ${DEFAULT-VALUE}).")
        Path projectDir;

        @Option(names = "--timeout", defaultValue = CommandLineValues.TimeoutSeconds.DEFAULT,
                converter = CommandLineValues.TimeoutSeconds.class, description = CommandLineValues.TimeoutSeconds.DESCRIPTION)
        Integer timeoutSeconds;
    }

    @Command(name = "plan", mixinStandardHelpOptions = true, description = "Plan stacks offline and write target/plan/<stack>.json.")
    static final class PlanCommand implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        StackOptions options;

        @Option(names = "--out", defaultValue = "target/plan", description = "Where plan files go (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = {"-q", "--quiet"}, description = "Print one line per stack instead of the summary.")
        boolean quiet;

        @Option(names = {"-v", "--verbose"}, description = "Add resource counts per component and per type to the summary.")
        boolean verbose;

        @Override
        public Integer call() throws Exception {
            var projectDir = options.projectDir;
            var plans = new java.util.ArrayList<Plan>();
            for (var stack : options.stacks) {
                var started = System.nanoTime();
                var planned = PlannedStack.planAndWrite(projectDir, stack, options.timeoutSeconds, projectDir.resolve(out));
                if (planned.exitCode() != 0) {
                    return planned.exitCode();
                }
                plans.add(planned.plan());
                var seconds = (System.nanoTime() - started) / 1e9;
                if (!quiet) {
                    System.out.print(PlanSummary.render(planned.plan(), verbose));
                }
                System.out.printf("plan for %s: %d resources (%d AWS resources and providers, %d components) written to %s in %.1f s%n",
                        stack, planned.plan().resources().size(), planned.plan().customResourceCount(),
                        planned.plan().resources().size() - planned.plan().customResourceCount(), shown(projectDir, planned.file()), seconds);
            }
            return quotas(projectDir, plans);
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = "Plan stacks offline and run the CrossGuard policy pack (policies/) over each plan.")
    static final class CheckCommand implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        StackOptions options;

        @Option(names = "--policies", defaultValue = "policies", description = "The policy pack (default: ${DEFAULT-VALUE}).")
        Path policies;

        @Option(names = "--plans", description = "Check DIR/<stack>.json when it is newer than the program and the project's "
                + "stack files and catalog (mvn verify: the plans its tests wrote); plan the stack when it is not.")
        Path plans;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(policies.resolve("node_modules").resolve("@pulumi").resolve("policy"))) {
                System.err.println("berth: installing the policy pack's dependencies (npm ci in policies/)...");
                var code = run(policies, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
                if (code != 0) {
                    System.err.println("berth: npm ci in policies/ failed with exit code " + code);
                    return EXIT_ENGINE;
                }
            }
            var plans = new java.util.ArrayList<Plan>();
            var checks = new java.util.ArrayList<List<String>>();
            for (var stack : options.stacks) {
                var planned = plans(options.projectDir, stack);
                if (planned == null) {
                    planned = PlannedStack.planAndWrite(options.projectDir, stack, options.timeoutSeconds, PlannedStack.defaultDirectory(options.projectDir));
                }
                if (planned.exitCode() != 0) {
                    return planned.exitCode();
                }
                plans.add(planned.plan());
                checks.add(Guardrails.checkCommand(policies, planned.file(), stack));
            }
            // each check loads the pack (about 2 s of CPU): they run side by side, their reports print in stack order
            var pool = java.util.concurrent.Executors.newFixedThreadPool(
                    Math.max(1, Math.min(checks.size(), Runtime.getRuntime().availableProcessors())));
            var results = checks.stream()
                    .map(command -> java.util.concurrent.CompletableFuture.supplyAsync(() -> Processes.run(policies, Guardrails.CHECK_TIMEOUT, command), pool))
                    .toList();
            pool.shutdown();
            int worst = 0;
            var checkFailed = false; // the check could not run (no node, timed out): not a verdict on the plan
            for (int i = 0; i < checks.size(); i++) {
                System.out.println("== policy check: " + options.stacks.get(i));
                try {
                    var result = results.get(i).join();
                    System.out.print(result.stdout());
                    System.err.print(result.stderr());
                    worst = Math.max(worst, result.exitCode());
                } catch (java.util.concurrent.CompletionException e) {
                    System.err.println("berth: the policy check of " + options.stacks.get(i) + " did not run: " + e.getCause());
                    checkFailed = true;
                }
            }
            if (checkFailed) {
                return EXIT_ENGINE;
            }
            var quotas = quotas(options.projectDir, plans);
            return quotas != 0 ? quotas : worst == 0 ? 0 : EXIT_POLICY;
        }

        /** The stack's plan from {@link #plans} when it is there and fresh, else null (plan it). */
        private PlannedStack plans(Path projectDir, String stack) throws java.io.IOException {
            if (plans == null) {
                return null;
            }
            var file = plans.resolve(stack + ".json");
            if (!Files.isRegularFile(file) || !newerThanItsSources(file, projectDir, stack)) {
                return null;
            }
            try {
                var settings = io.berth.load.StackLoader.load(projectDir, stack, RawConfig.fromStackFile(projectDir, stack));
                System.out.println("berth: " + stack + ": checking " + shown(projectDir, file) + " (planned earlier in this build)");
                return new PlannedStack(0, PlanJson.read(file, settings), file);
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return new PlannedStack(EXIT_CONFIG, null, null);
            }
        }

        /** True when {@code file} was written after the program was compiled and the stack's config last changed. */
        static boolean newerThanItsSources(Path file, Path projectDir, String stack) throws java.io.IOException {
            var written = Files.getLastModifiedTime(file).toMillis();
            var sources = new java.util.ArrayList<Path>(List.of(projectDir.resolve("Pulumi.yaml"), projectDir.resolve("Pulumi." + stack + ".yaml")));
            for (var dir : List.of(projectDir.resolve("services"), projectDir.resolve("target/classes"))) {
                if (Files.isDirectory(dir)) {
                    try (var walk = Files.walk(dir)) {
                        walk.filter(Files::isRegularFile).forEach(sources::add);
                    }
                }
            }
            for (var source : sources) {
                if (Files.exists(source) && Files.getLastModifiedTime(source).toMillis() > written) {
                    return false;
                }
            }
            return true;
        }

        private static int run(Path dir, String... command) {
            try {
                return Processes.runInheritingOutput(dir, Guardrails.INSTALL_TIMEOUT, List.of(command));
            } catch (Processes.TimedOut e) {
                System.err.println("berth: " + e.getMessage());
                return EXIT_ENGINE;
            }
        }
    }

    /**
     * Account and Region quotas over the plans of one command (io.berth.plan.Quotas): warnings and
     * errors on standard error; a quota AWS does not raise fails the command as a config mistake.
     */
    static int quotas(Path projectDir, List<Plan> plans) {
        var findings = io.berth.plan.Quotas.check(plans);
        findings.forEach(f -> System.err.println("berth: " + f.render()));
        io.berth.plan.Quotas.unplannedSharers(projectDir, plans).forEach(n -> System.err.println("berth: note: " + n));
        return findings.stream().anyMatch(f -> f.level() == io.berth.plan.Quotas.Level.ERROR) ? EXIT_CONFIG : 0;
    }

    /** The plan file relative to the project when it is inside it, else its absolute path. */
    static Path shown(Path projectDir, Path file) {
        var base = projectDir.toAbsolutePath().normalize();
        var absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(base) ? base.relativize(absolute) : absolute;
    }

    /** The SDK logs engine chatter through java.util.logging; users only need berth's own output. */
    private static void quietSdkLogging() {
        LogManager.getLogManager().reset();
        Logger.getLogger("").setLevel(Level.OFF);
    }
}
