package io.berth.plan;

import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real program's plan through the real policy pack, as {@code ./berth check} runs it: the
 * shipped prod stack passes, and the same stack with one guardrail broken in the catalog fails
 * with the guardrail's message. Needs Node; installs the pack's dependencies if they are missing.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GuardrailCheckEndToEndTest {
    private static final Path POLICIES = Path.of("policies").toAbsolutePath();

    private record Result(int exitCode, String output) {
    }

    @BeforeAll
    static void installPack() throws Exception {
        if (!Files.isDirectory(POLICIES.resolve("node_modules/@pulumi/policy"))) {
            assertThat(run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")).exitCode()).isZero();
        }
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        var log = Files.createTempFile("berth-check-", ".log");
        var process = new ProcessBuilder(command).directory(POLICIES.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 3 minutes");
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static Result check(Plan plan) throws Exception {
        var dir = Files.createTempDirectory("berth-check-");
        var file = PlanJson.write(plan, dir);
        return run(List.of("node", "--import", "tsx", "bin/check.ts", file.toString(),
                "--config", POLICIES.resolve("config/" + plan.stack() + ".json").toString()));
    }

    @Test
    void theShippedProdStackPasses() throws Exception {
        var result = check(ShippedStacks.plan("prod"));
        assertThat(result.output()).contains(", 0 mandatory, 0 advisory violations");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void aBrokenGuardrailFailsTheCheckWithItsMessage() throws Exception {
        var dir = ShippedStacks.copyProject();
        Files.writeString(dir.resolve("services/orders.yaml"), "security:\n  readOnlyRootFilesystem: false\n",
                java.nio.file.StandardOpenOption.APPEND);
        var result = check(OfflinePlanner.plan(dir, "prod"));
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("MANDATORY ecs-read-only-root-filesystem [Security Hub ECS.5]")
                .contains("  - prod-orders-task (aws:ecs/taskDefinition:TaskDefinition): container \"orders\" has "
                        + "readonlyRootFilesystem false; set it to true and mount a volume for paths the application writes"
                        + " [berth fix: catalog key security.readOnlyRootFilesystem: true in services/<name>.yaml]")
                .contains(", 2 mandatory, 0 advisory violations");
    }

    /** {@code ./berth check} over two stacks: the checks run side by side, each report prints under its own stack. */
    @Test
    void theCheckCommandReportsEachStackInOrderAndFailsOnTheViolatingOne() throws Exception {
        var project = ShippedStacks.copyProject();
        Files.writeString(project.resolve("services/orders.yaml"), "security:\n  readOnlyRootFilesystem: false\n",
                java.nio.file.StandardOpenOption.APPEND);
        var plans = Files.createTempDirectory("berth-plans-");
        PlanJson.write(OfflinePlanner.plan(project, "prod"), plans);
        PlanJson.write(OfflinePlanner.plan(project, "dev"), plans);
        var out = new java.io.ByteArrayOutputStream();
        var oldOut = System.out;
        int code;
        try {
            System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
            code = io.berth.cli.BerthCli.run("check", "--project-dir", project.toString(), "--policies", POLICIES.toString(),
                    "--plans", plans.toString(), "dev", "prod");
        } finally {
            System.setOut(oldOut);
        }
        var text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(ExitCodes.EXIT_POLICY);
        var dev = text.indexOf("== policy check: dev\n");
        var prod = text.indexOf("== policy check: prod\n");
        assertThat(dev).isNotNegative().isLessThan(prod);
        assertThat(text.substring(dev, prod)).contains("berth-guardrails: stack dev").contains(", 1 mandatory, ").doesNotContain("stack prod");
        assertThat(text.substring(prod)).contains("berth-guardrails: stack prod").contains(", 2 mandatory, 0 advisory violations");
    }
}
