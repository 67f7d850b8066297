package io.berth.diff;

import io.berth.cost.CostDelta;
import io.berth.cost.CostEstimator;
import io.berth.cost.Prices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.berth.diff.TestPlans.plan;
import static io.berth.diff.TestPlans.resource;
import static org.assertj.core.api.Assertions.assertThat;

/** The monthly cost change of a stack on the diff's summary line and in its Markdown comment. */
class DiffCostLineTest {
    private static final String NAT = "aws:ec2/natGateway:NatGateway";

    /** A change that adds one NAT gateway in eu-west-1, priced at $0.045 an hour and $0.045 a GB processed. */
    private static Map<String, CostDelta> costs(PlanSnapshot base, PlanSnapshot head, Path dir) throws Exception {
        var file = dir.resolve("prices.json");
        Files.writeString(file, """
                {"regions": {"eu-west-1": {"natGateway.hour": {"usd": 0.045, "source": "test"},
                                           "natGateway.gb": {"usd": 0.045, "source": "test"}}}}
                """);
        var prices = Prices.shippedWith(file);
        return Map.of("dev", CostDelta.of(CostEstimator.estimate("dev", null, base.resources().values(), prices),
                CostEstimator.estimate("dev", null, head.resources().values(), prices)));
    }

    private static TestPlans.Res provider() {
        return resource("pulumi:providers:aws", "primary", null).input("region", "eu-west-1");
    }

    @Test
    void aNatGatewayAddsItsHoursAndItsAssumedDataToTheSummaryLine(@TempDir Path dir) throws Exception {
        var base = plan(provider());
        var head = plan(provider(), resource(NAT, "dev-nat-2", null));
        var d = PlanDiff.compute(base, head, "base");
        // 730 h x $0.045 = $32.85, plus the assumed 100 GB x $0.045 = $4.50: +$37.35 at the minimum and at the maximum
        var text = DiffReport.text(List.of(d), List.of(), costs(base, head, dir));
        assertThat(text).startsWith("dev: +1 ~0 -0, 0 replacements, violations not checked, monthly cost +37.35 .. +37.35 USD (min .. max)\n");
    }

    @Test
    void theMarkdownCommentCarriesTheChangeAndBothEstimates(@TempDir Path dir) throws Exception {
        var base = plan(provider());
        var head = plan(provider(), resource(NAT, "dev-nat-2", null));
        var md = DiffReport.markdown(List.of(PlanDiff.compute(base, head, "base")), List.of(), costs(base, head, dir), java.util.Map.of());
        assertThat(md).contains("- `dev: +1 ~0 -0, 0 replacements, violations not checked, monthly cost +37.35 .. +37.35 USD (min .. max)`\n");
        assertThat(md).contains("**Monthly cost** (list price, offline estimate; `./berth cost dev` for the lines): "
                + "minimum $0.00 → $37.35 (**+37.35**), maximum $0.00 → $37.35 (**+37.35**); prices as of ");
    }

    @Test
    void noCostChangeSaysUnchangedAndAMissingPriceIsNamed(@TempDir Path dir) throws Exception {
        // a KMS key in me-central-1, a region berth's file has no figures for, on either side
        var region = resource("pulumi:providers:aws", "primary", null).input("region", "me-central-1");
        var key = resource("aws:kms/key:Key", "dev-key", null);
        var base = plan(region, key);
        var head = plan(region, key);
        var text = DiffReport.text(List.of(PlanDiff.compute(base, head, "base")), List.of(), costs(base, head, dir));
        assertThat(text).startsWith("dev: +0 ~0 -0, 0 replacements, violations not checked, monthly cost unchanged, 1 price missing\n");
    }

    @Test
    void withoutCostsTheSummaryLineIsUnchanged() {
        var base = plan(provider());
        var head = plan(provider(), resource(NAT, "dev-nat-2", null));
        assertThat(DiffReport.text(List.of(PlanDiff.compute(base, head, "base")), List.of()))
                .startsWith("dev: +1 ~0 -0, 0 replacements, violations not checked\n");
    }
}
