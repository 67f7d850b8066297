package io.berth.cli;

import io.berth.config.ConfigException;
import io.berth.plan.OfflinePlanner;
import io.berth.plan.PlanFailedException;
import io.berth.plan.PlanJson;
import io.berth.plan.PlanSummary;
import io.berth.config.RawConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** The {@code ./berth} command line: offline work on the same program {@code pulumi up} runs. */
@Command(name = "berth", mixinStandardHelpOptions = true, version = "berth 0.1.0",
        description = "Self-service ECS platform: plan stacks offline on the Pulumi SDK's mock engine.",
        subcommands = {BerthCli.PlanCommand.class})
public final class BerthCli {
    /** Exit code for a configuration mistake in a stack file or the service catalog. */
    public static final int EXIT_CONFIG = 1;
    /** Exit code for a program failure or time-out under the mock engine. */
    public static final int EXIT_ENGINE = 3;

    public static void main(String[] args) {
        quietSdkLogging();
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code (tests call this; {@link #main} exits with it). */
    public static int run(String... args) {
        return new CommandLine(new BerthCli()).execute(args);
    }

    @Command(name = "plan", description = "Plan stacks offline and write target/plan/<stack>.json.")
    static final class PlanCommand implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "STACK", description = "Stacks to plan (dev, beta, prod).")
        List<String> stacks;

        @Option(names = "--project-dir", defaultValue = ".", description = "Directory holding Pulumi.yaml (default: ${DEFAULT-VALUE}).")
        Path projectDir;

        @Option(names = "--out", defaultValue = "target/plan", description = "Where plan files go (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--timeout", defaultValue = "120", description = "Seconds one stack may take before the run is abandoned (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Option(names = {"-q", "--quiet"}, description = "Print one line per stack instead of the summary.")
        boolean quiet;

        @Override
        public Integer call() throws Exception {
            for (var stack : stacks) {
                var started = System.nanoTime();
                try {
                    var raw = RawConfig.fromStackFile(projectDir, stack);
                    var plan = OfflinePlanner.plan(raw, stack, Duration.ofSeconds(timeoutSeconds));
                    var file = PlanJson.write(plan, projectDir.resolve(out));
                    var seconds = (System.nanoTime() - started) / 1e9;
                    if (!quiet) {
                        System.out.print(PlanSummary.render(plan));
                    }
                    System.out.printf("plan for %s: %d resources written to %s in %.1f s%n",
                            stack, plan.resources().size(), shown(projectDir, file), seconds);
                } catch (ConfigException e) {
                    System.err.println(e.getMessage());
                    return EXIT_CONFIG;
                } catch (PlanFailedException e) {
                    System.err.println("berth: " + e.getMessage());
                    return EXIT_ENGINE;
                }
            }
            return 0;
        }
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
