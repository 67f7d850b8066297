package io.berth.cli;

import io.berth.plan.PlanJson;
import io.berth.testing.ShippedStacks;
import io.berth.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./berth}: exit codes, and messages on stderr without stack traces. */
@Timeout(300) // one test runs the engine; the SDK's mock engine can hang (pulumi-java#2270)
class BerthCliTest {
    record Run(int exitCode, String out, String err) {
    }

    private static synchronized Run berth(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var originalOut = System.out;
        var originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            var code = BerthCli.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void planOfAMissingStackExitsOneWithTheMessageOnStderrAndNoStackTrace(@TempDir Path dir) {
        var run = berth("plan", "--project-dir", dir.toString(), "qa");

        assertThat(run.exitCode()).isEqualTo(io.berth.plan.ExitCodes.EXIT_CONFIG).isEqualTo(1);
        assertThat(run.err()).isEqualTo("berth: 1 configuration problem, nothing was created:\n"
                + "  Pulumi.qa.yaml: no such stack file in " + dir.toAbsolutePath().normalize()
                + "; create it with `pulumi stack init qa` or copy Pulumi.dev.yaml\n");
        assertThat(run.err()).doesNotContain("\tat ", "Exception");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void planOfABrokenStackFileExitsOneListingEveryProblem() {
        var file = TestConfigs.writeStackFile("dev", TestConfigs.baseline()
                .set("eu-west", "aws:region").set(7, "berth:network", "availabilityZones").yaml());

        var run = berth("plan", "--project-dir", file.getParent().toString(), "dev");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("berth: 2 configuration problems, nothing was created:\n"
                + "  Pulumi.dev.yaml: aws:region: 'eu-west' is not an AWS region name such as eu-west-1 or us-east-1\n"
                + "  Pulumi.dev.yaml: berth:network.availabilityZones: must be between 2 and 6, got 7: "
                + "a load balancer needs at least two zones and no region offers more than six\n");
        assertThat(run.out()).isEmpty();
        assertThat(file.getParent().resolve("target")).doesNotExist();
    }

    @Test
    void planWithoutAStackIsAUsageError() {
        var run = berth("plan");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Missing required parameter: 'STACK'\nUsage: berth plan ");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "-1", "3601"})
    void aTimeoutOutsideItsRangeIsAUsageErrorNotAnEngineHang(String timeout) {
        var run = berth("plan", "--timeout", timeout, "dev");

        assertThat(run.exitCode()).isEqualTo(io.berth.plan.ExitCodes.EXIT_USAGE).isEqualTo(2);
        assertThat(run.err()).startsWith("Invalid value for option '--timeout': --timeout takes 1 to 3600 seconds "
                + "(a shipped stack plans in about 10 s), got " + timeout + "\nUsage: berth plan ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aTimeoutThatIsNotANumberIsAUsageError() {
        var run = berth("check", "--timeout", "2m", "dev");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Invalid value for option '--timeout': '2m' is not a whole number of seconds; "
                + "--timeout takes 1 to 3600 seconds (a shipped stack plans in about 10 s)\nUsage: berth check ");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"../../etc/passwd", "dev/../prod", "/etc/passwd", ".."})
    void aStackNameThatIsAPathIsAUsageErrorNotAMissingStack(String stack) {
        var run = berth("plan", stack);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Invalid value for positional parameter at index 0..* (STACK): '" + stack
                + "' is not a stack name: a stack name is letters, digits, hyphens, underscores and periods, and berth reads it "
                + "from Pulumi.<stack>.yaml in the project directory (e.g. dev, beta, prod)\nUsage: berth plan ");
        assertThat(run.err()).doesNotContain("pulumi stack init");
    }

    @Test
    void planWritesThePlanFileWhereverOutPointsAndExitsZero(@TempDir Path out) throws Exception {
        var run = berth("plan", "-q", "--out", out.toString(), "dev");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        var file = out.resolve("dev.json");
        assertThat(run.out()).matches("plan for dev: \\d+ resources \\(\\d+ AWS resources and providers, \\d+ components\\) written to " + java.util.regex.Pattern.quote(file.toString())
                + " in \\d+\\.\\d s\n");
        assertThat(Files.readString(file)).isEqualTo(PlanJson.render(ShippedStacks.plan("dev")));
    }

    @Test
    void planFilesInsideTheProjectAreShownRelativeToItOthersInFull() {
        assertThat(BerthCli.shown(Path.of("."), Path.of("./target/plan/dev.json"))).isEqualTo(Path.of("target/plan/dev.json"));
        assertThat(BerthCli.shown(Path.of("/work/x"), Path.of("/work/x/target/plan/dev.json"))).isEqualTo(Path.of("target/plan/dev.json"));
        assertThat(BerthCli.shown(Path.of("."), Path.of("/tmp/plans/dev.json"))).isEqualTo(Path.of("/tmp/plans/dev.json"));
    }
}
