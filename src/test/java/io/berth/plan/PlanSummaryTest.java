package io.berth.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

/** The summary {@code ./berth plan} prints, read on the shipped prod stack (primary and DR replica). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PlanSummaryTest {
    @Test
    void primaryRowsComeBeforeTheReplicaRows() {
        var summary = PlanSummary.render(ShippedStacks.plan("prod"));
        assertThat(summary).contains("  services   8 (and 8 in the DR replica, marked (dr))\n");
        var rows = summary.lines().filter(l -> l.matches(" {4}(\\(dr\\) )?[a-z-]+ +(public|internal|none|job|queue) .*")).toList();
        assertThat(rows).hasSize(16);
        assertThat(rows.subList(0, 8)).noneMatch(r -> r.startsWith("    (dr)"));
        assertThat(rows.subList(8, 16)).allMatch(r -> r.startsWith("    (dr)"));
    }

    @Test
    void primaryJobsComeBeforeTheReplicasWithTheirOneOffRun() {
        var summary = PlanSummary.render(ShippedStacks.plan("prod"));
        assertThat(summary).containsPattern("\n  jobs       2\n {4}prod-batch-reports +cron\\(0 1 \\* \\* \\? \\*\\) Europe/Dublin, window off, ENABLED\n"
                + " {6}one-off run: aws stepfunctions start-execution --region eu-west-1 .*\n {4}\\(dr\\) prod-batch-reports .*DISABLED\n");
    }

    @Test
    void hostGroupsAreNamedInTheStrategyAndTheNotationIsExplained() {
        var summary = PlanSummary.render(ShippedStacks.plan("prod"));
        assertThat(summary).containsPattern("\n {4}scanner +none +- +isolated:1/1 ")
                .containsPattern("\n {4}orders +public +/api/orders,/api/orders/\\* #22214 +od:1/1 spot:0/1 ")
                .contains("#N is the listener rule's priority")
                .contains("od = Fargate on-demand");
    }

    @Test
    void countsPerComponentAndTypeOnlyWhenVerbose() {
        var plan = ShippedStacks.plan("prod");
        assertThat(PlanSummary.render(plan)).doesNotContain("resources by type").doesNotContain("resources by component");
        assertThat(PlanSummary.render(plan, true))
                .contains("\n  resources by component\n").containsPattern("\n {4}berth:cluster:Cluster prod +28\n")
                .containsPattern("\n  resources by type\n");
    }
}
