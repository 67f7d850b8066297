package io.berth.cost;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.berth.cost.CostEstimatorTest.line;
import static io.berth.cost.CostEstimatorTest.smallEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Missing prices, overrides, the table and the JSON, on the small hand-written plan of {@link CostEstimatorTest}. */
class CostReportTest {
    private static Estimate estimate(Prices prices) {
        return CostEstimator.estimate(smallEnvironment().root(), prices);
    }

    /** The test prices without eu-west-1's KMS figure (us-east-1 still has one). */
    private static Prices withoutWestKms() {
        return Prices.parse(CostEstimatorTest.testPrices(Map.of("kms.keyMonth", -1.0)), "test-prices.json", null);
    }

    @Test
    void aMissingPriceIsReportedAndNeverTakenFromAnotherRegion() {
        var e = estimate(withoutWestKms());
        var kms = line(e, Estimate.PRIMARY, "KMS keys");
        assertThat(kms.minUsd()).isNull();
        assertThat(kms.maxUsd()).isNull();
        assertThat(kms.missing()).containsExactly("eu-west-1: kms.keyMonth");
        assertThat(e.missing()).containsExactly("eu-west-1: kms.keyMonth");
        assertThat(e.total().complete()).isFalse();
        // the known lines still add up: 257.707 - KMS 1.00
        assertThat(e.total().min()).isCloseTo(256.707, within(0.005));
    }

    @Test
    void theTableSaysMissingAndListsWhatIsMissingAndWhoNeedsIt() {
        var text = CostReport.text(estimate(withoutWestKms()));
        assertThat(text).containsPattern("security  KMS keys +missing +missing");
        assertThat(text).contains("  total (incomplete)");
        assertThat(text).contains("missing prices (add them with --prices <file>, docs/cost.md):\n  eu-west-1: kms.keyMonth   (KMS keys)\n");
        assertThat(text).contains("INCOMPLETE: the totals leave out lines whose price is missing");
    }

    @Test
    void theJsonGivesNullForAMissingPriceAndListsIt() throws Exception {
        var json = HandPlan.JSON.readTree(CostReport.json(estimate(withoutWestKms())));
        assertThat(json.path("format").asText()).isEqualTo("berth-cost/1");
        var kms = json.path("lines").findParents("item").stream().filter(l -> l.path("item").asText().equals("KMS keys")).findFirst().orElseThrow();
        assertThat(kms.path("monthlyUsd").path("min").isNull()).isTrue();
        assertThat(kms.path("missingPrices").get(0).asText()).isEqualTo("eu-west-1: kms.keyMonth");
        assertThat(json.path("missingPrices").toString()).isEqualTo("[\"eu-west-1: kms.keyMonth\"]");
        assertThat(json.path("totals").path("all").path("complete").asBoolean()).isFalse();
    }

    @Test
    void theJsonShape() throws Exception {
        var json = HandPlan.JSON.readTree(CostReport.json(estimate(CostEstimatorTest.prices())));
        assertThat(json.path("stack").asText()).isEqualTo("t");
        assertThat(json.path("pricesAsOf").asText()).isEqualTo("2026-01-01");
        assertThat(json.path("regions").toString()).isEqualTo("{\"primary\":\"eu-west-1\",\"dr\":\"eu-central-1\"}");
        var all = json.path("totals").path("all");
        assertThat(all.path("monthlyUsd").toString()).isEqualTo("{\"min\":257.71,\"max\":451.5}");
        assertThat(all.path("spotSavingUsd").toString()).isEqualTo("{\"min\":9.2,\"max\":111.69}");
        assertThat(json.path("totals").path("dr").path("monthlyUsd").toString()).isEqualTo("{\"min\":63.4,\"max\":63.4}");
        var spot = json.path("lines").get(1);
        assertThat(spot.path("item").asText()).isEqualTo("Fargate Spot (x86_64)");
        assertThat(spot.path("part").asText()).isEqualTo("primary");
        assertThat(spot.path("allOnDemandUsd").toString()).isEqualTo("{\"min\":13.14,\"max\":65.7}");
        assertThat(spot.path("prices").get(0).toString())
                .isEqualTo("{\"region\":\"eu-west-1\",\"key\":\"fargateSpot.x86_64.vcpuHour\",\"usd\":0.012,\"source\":\"test\",\"file\":\"test-prices.json\"}");
        assertThat(json.path("assumptions").get(0).path("key").asText()).isEqualTo("natGateway.gbPerGatewayMonth");
    }

    @Test
    void aUsersPriceFileOverridesFiguresAndAssumptionsAndSaysSo(@TempDir Path dir) throws Exception {
        var file = dir.resolve("mine.json");
        Files.writeString(file, """
                {"asOf": "2026-12-01",
                 "regions": {"eu-west-1": {"natGateway.hour": {"usd": 0.05, "source": "our contract"}}},
                 "assumptions": {"natGateway.gbPerGatewayMonth": {"value": 1000}}}
                """);
        var prices = Prices.parse(Files.readString(file), file.toString(), CostEstimatorTest.prices());
        var e = estimate(prices);
        var nat = line(e, Estimate.PRIMARY, "NAT gateways");
        CostEstimatorTest.costs(nat, 36.50, 36.50);                                  // 0.05 x 730
        assertThat(nat.prices().get(0).source()).isEqualTo("our contract");
        assertThat(nat.prices().get(0).file()).isEqualTo(file.toString());
        var data = line(e, Estimate.PRIMARY, "NAT gateway data processed");
        CostEstimatorTest.costs(data, 45.00, 45.00);                                 // 1000 GB x 0.045 (data price not overridden)
        assertThat(data.detail()).contains("(natGateway.gbPerGatewayMonth, set by " + file + ")");
        assertThat(e.prices().asOf()).isEqualTo("2026-12-01");
        assertThat(e.prices().files()).containsExactly("test-prices.json", file.toString());
        // the DR region keeps its own figure
        CostEstimatorTest.costs(line(e, Estimate.DR, "NAT gateways"), 36.50, 36.50); // 0.05 x 730 in eu-central-1 already
    }

    @Test
    void assumeOnTheCommandLineWins() {
        var e = estimate(CostEstimatorTest.prices().withAssumptions(Map.of("logs.gbPerLogGroupMonth", 20.0), "--assume"));
        var logs = line(e, Estimate.PRIMARY, "CloudWatch Logs ingestion");
        CostEstimatorTest.costs(logs, 10.00, 10.00);                                 // 20 GB x 0.50
        assertThat(logs.detail()).isEqualTo("assumed 20 GB per log group per month (logs.gbPerLogGroupMonth, set by --assume) x 1 log groups");
    }

    @Test
    void anUnknownAssumptionIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> CostEstimatorTest.prices().withAssumptions(Map.of("nat.gb", 5.0), "--assume"))
                .hasMessage("--assume: unknown assumption nat.gb; known: natGateway.gbPerGatewayMonth, alb.lcuPerLoadBalancer, "
                        + "vpcEndpoint.gbPerEndpointMonth, logs.gbPerLogGroupMonth, codebuild.minutesPerProjectMonth");
    }

    @Test
    void aPriceWithoutASourceIsRefused() {
        assertThatThrownBy(() -> Prices.parse("{\"regions\": {\"eu-west-1\": {\"alb.hour\": {\"usd\": 0.03}}}}", "mine.json",
                CostEstimatorTest.prices()))
                .hasMessage("mine.json: regions.eu-west-1.alb.hour.source: missing; say where the figure comes from (a URL, or \"our contract\")");
    }

    @Test
    void aNegativeOrTextPriceIsRefused() {
        assertThatThrownBy(() -> Prices.parse("{\"regions\": {\"eu-west-1\": {\"alb.hour\": {\"usd\": \"cheap\", \"source\": \"x\"}}}}",
                "mine.json", CostEstimatorTest.prices()))
                .hasMessage("mine.json: regions.eu-west-1.alb.hour.usd: must be a number >= 0 (US dollars), got \"cheap\"");
    }

    @Test
    void aRegionNameThatIsNotARegionIsRefused() {
        assertThatThrownBy(() -> Prices.parse("{\"regions\": {\"ireland\": {}}}", "mine.json", CostEstimatorTest.prices()))
                .hasMessage("mine.json: regions.ireland: not an AWS region name (like eu-west-1)");
    }

    @Test
    void aPlanWithoutARegionPricesOnlyGlobalFiguresAndCallsTheRestMissing() {
        var plan = HandPlan.json("""
                {"format": "berth-plan/1", "stack": "x", "resources": [
                  {"urn": "u1", "type": "aws:kms/key:Key", "name": "k", "custom": true, "parent": "", "provider": "", "inputs": {}},
                  {"urn": "u2", "type": "aws:route53/healthCheck:HealthCheck", "name": "h", "custom": true, "parent": "", "provider": "",
                   "inputs": {"type": "HTTP", "fqdn": "example.com"}}]}
                """);
        var e = CostEstimator.estimate(plan, Prices.shipped());
        assertThat(e.missing()).containsExactly("(no region): kms.keyMonth");
        assertThat(line(e, Estimate.PRIMARY, "Route 53 health checks").minUsd()).isEqualTo(0.75); // a non-AWS endpoint, basic
    }

    @Test
    void theShippedFileIsDatedAndEveryFigureNamesItsSource() {
        var shipped = Prices.shipped();
        assertThat(shipped.asOf()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(shipped.regional().keySet()).contains("eu-west-1", "eu-central-1", "us-east-1", "us-west-2");
        shipped.regional().values().forEach(m -> m.values().forEach(p -> assertThat(p.source()).isNotBlank()));
        assertThat(shipped.hoursPerMonth()).isEqualTo(730);
    }

    /** A misspelt key would never be looked up and its line would stay "missing" in silence. */
    @Test
    void everyShippedKeyIsOneTheEstimatorAsksForAndEveryPricedInstanceTypeHasASize() {
        var shipped = Prices.shipped();
        var keyGrammar = "(fargate|fargateSpot)\\.(x86_64|arm64)\\.(vcpuHour|gbHour)"
                + "|(ec2|ec2Spot)\\.[a-z0-9-]+\\.[a-z0-9]+\\.hour|ebs\\.[a-z0-9]+\\.gbMonth"
                + "|natGateway\\.(hour|gb)|publicIpv4\\.hour|alb\\.(hour|lcuHour)|nlb\\.hour|vpcEndpoint\\.(azHour|gb)"
                + "|route53\\.(hostedZoneMonth|healthCheck(Feature)?(Aws|NonAws)Month)|kms\\.keyMonth"
                + "|cloudwatch\\.(alarmMetricMonth|alarmMetricHighResMonth|compositeAlarmMonth|dashboardMonth|logsIngestGb)"
                + "|secretsManager\\.secretMonth|codebuild\\.BUILD_[A-Z0-9_]+\\.minute";
        shipped.regional().forEach((region, prices) -> assertThat(prices.keySet()).as(region).allMatch(k -> k.matches(keyGrammar)));
        assertThat(shipped.global().keySet()).allMatch(k -> k.matches(keyGrammar));
        shipped.regional().values().forEach(prices -> prices.keySet().stream().filter(k -> k.startsWith("ec2"))
                .map(k -> k.substring(k.indexOf('.') + 1, k.lastIndexOf('.')))
                .forEach(type -> assertThat(shipped.instanceTypes()).as("size of " + type).containsKey(type)));
    }
}
