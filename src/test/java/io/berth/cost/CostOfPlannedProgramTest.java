package io.berth.cost;

import io.berth.plan.PlanJson;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.berth.cost.CostEstimatorTest.costs;
import static io.berth.cost.CostEstimatorTest.line;
import static org.assertj.core.api.Assertions.assertThat;

/** The estimator on what the real program plans (one small environment, one service), not on a hand-written plan. */
class CostOfPlannedProgramTest {
    static Estimate estimate;

    @BeforeAll
    static void planOneService() throws Exception {
        var env = Fixtures.environment();
        var api = Fixtures.service("api", Map.of("cpu", 512, "memoryMiB", 1024,
                "scaling", Map.of("min", 2, "max", 6),
                "capacity", Map.of("strategy", List.of(Map.of("provider", "FARGATE", "base", 1, "weight", 1),
                        Map.of("provider", "FARGATE_SPOT", "weight", 3)))));
        var plan = Fixtures.plan(env, api);
        estimate = CostEstimator.estimate(HandPlan.JSON.readTree(PlanJson.render(plan)), CostEstimatorTest.prices());
    }

    @Test
    void theServicesTasksComeFromItsScalingTargetStrategyAndTaskDefinition() {
        // the same arithmetic as the hand-written plan: 2 .. 6 tasks of 0.5 vCPU / 1 GB, FARGATE base 1 weight 1,
        // FARGATE_SPOT weight 3: on-demand 1.25 .. 2.25 tasks x $17.52; Spot 0.75 .. 3.75 tasks x $5.256
        costs(line(estimate, Estimate.PRIMARY, "Fargate (x86_64)"), 21.90, 39.42);
        costs(line(estimate, Estimate.PRIMARY, "Fargate Spot (x86_64)"), 3.942, 19.71);
        assertThat(estimate.primaryRegion()).isEqualTo("eu-west-1");
        assertThat(estimate.drRegion()).isNull();
        assertThat(estimate.part(Estimate.DR)).isEmpty();
    }

    @Test
    void theDefaultEnvironmentsFixedItemsArePriced() {
        // one NAT gateway (single, the default outside production) and one internet-facing load balancer
        costs(line(estimate, Estimate.PRIMARY, "NAT gateways"), 32.85, 32.85);
        costs(line(estimate, Estimate.PRIMARY, "Application Load Balancers"), 16.425, 16.425);
        assertThat(line(estimate, Estimate.PRIMARY, "CloudWatch alarms").quantities().get(0).min()).isPositive();
    }
}
