package io.berth.cost;

import io.berth.cli.BerthCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./berth cost} on a plan file: output, exit codes, messages without stack traces. */
class CostCommandTest {
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
            return new Run(BerthCli.run(args), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    private static Path planFile(Path dir) throws Exception {
        var file = dir.resolve("t.json");
        Files.writeString(file, CostEstimatorTest.smallEnvironment().root().toString());
        return file;
    }

    @Test
    void jsonOfAPlanFileWithBerthsPrices(@TempDir Path dir) throws Exception {
        var run = berth("cost", "--plan-file", planFile(dir).toString(), "--json", "t");
        assertThat(run.exitCode()).isZero();
        var json = HandPlan.json(run.out());
        assertThat(json.path("format").asText()).isEqualTo("berth-cost/1");
        assertThat(json.path("pricesAsOf").asText()).isEqualTo(Prices.shipped().asOf());
        assertThat(json.path("priceFiles").toString()).isEqualTo("[\"berth:io/berth/cost/prices.json\"]");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void theTableWithAnAssumptionFromTheCommandLine(@TempDir Path dir) throws Exception {
        var run = berth("cost", "--plan-file", planFile(dir).toString(), "--assume", "natGateway.gbPerGatewayMonth=500", "t");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("berth cost: stack t, primary eu-west-1, DR replica in eu-central-1\n");
        assertThat(run.out()).contains("natGateway.gbPerGatewayMonth = 500 GB per NAT gateway per month (set by --assume)\n");
    }

    @Test
    void anUnreadablePriceFileExitsOneWithTheFileAndTheFix(@TempDir Path dir) throws Exception {
        var prices = dir.resolve("mine.json");
        Files.writeString(prices, "{\"regions\": {\"eu-west-1\": {\"alb.hour\": {\"usd\": -1, \"source\": \"x\"}}}}");
        var run = berth("cost", "--plan-file", planFile(dir).toString(), "--prices", prices.toString(), "t");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("berth: " + prices + ": regions.eu-west-1.alb.hour.usd: must be a number >= 0 (US dollars), got -1\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anAssumptionThatIsNotANumberIsAUsageError(@TempDir Path dir) throws Exception {
        var run = berth("cost", "--plan-file", planFile(dir).toString(), "--assume", "logs.gbPerLogGroupMonth=lots", "t");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("--assume logs.gbPerLogGroupMonth=lots: the value must be a number, e.g. --assume logs.gbPerLogGroupMonth=100\n");
    }
}
