package io.berth.diff;

import io.berth.plan.OfflinePlanner;
import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alarm changes in {@code ./berth diff}, on the real program: a pull request lowers the orders service's
 * CPU threshold in its catalog entry (dev); the diff shows the alarm's row before and after.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AlarmDiffTest {
    @TempDir
    static Path temp;

    private static StackDiff diff;

    @BeforeAll
    static void lowerTheCpuThreshold() throws IOException {
        var base = ShippedStacks.copyProject(Files.createDirectories(temp.resolve("base")));
        var head = ShippedStacks.copyProject(Files.createDirectories(temp.resolve("head")));
        var orders = head.resolve("services/orders.yaml");
        Files.writeString(orders, Files.readString(orders) + "alarms:\n  cpuPercent: 75\n");
        diff = PlanDiff.compute(PlanSnapshot.of(OfflinePlanner.plan(base, "dev")), PlanSnapshot.of(OfflinePlanner.plan(head, "dev")),
                "unchanged copy");
    }

    @Test
    void theChangedAlarmShowsItsRowBeforeAndAfter() {
        var text = DiffReport.text(List.of(diff), List.of());
        assertThat(text).contains("""
                  ~ dev-orders-alarms-cpu-high (aws:cloudwatch/metricAlarm:MetricAlarm)
                """);
        assertThat(text).contains("""
                       alarm dev-orders-alarms-cpu-high
                           Alarm                Metric                  Statistic  Condition  Period x evaluations  Notifies
                         - dev-orders-cpu-high  AWS/ECS CPUUtilization  Average    > 90       60 s x 5              dev-notifications-owner-orders-team, dev-notifications-environment (also when it clears)
                         + dev-orders-cpu-high  AWS/ECS CPUUtilization  Average    > 75       60 s x 5              dev-notifications-owner-orders-team, dev-notifications-environment (also when it clears)
                """);
    }

    @Test
    void theCombinedThresholdReadsAsMetricMath() {
        var text = DiffReport.text(List.of(diff), List.of());
        assertThat(text).contains("+ dev-orders-utilization-high  MAX([cpu, memory]) where cpu = AWS/ECS CPUUtilization; "
                + "memory = AWS/ECS MemoryUtilization  Average    > 75       60 s x 5");
    }

    @Test
    void thePullRequestCommentHasOneAlarmTable() {
        var markdown = DiffReport.markdown(List.of(diff), List.of());
        assertThat(markdown).contains("<details open><summary>Alarms (2 added, changed or removed)</summary>\n\n"
                + "| | Alarm | Metric | Statistic | Condition | Period x evaluations | Notifies |\n|---|---|---|---|---|---|---|\n"
                + "| - | `dev-orders-cpu-high` | `AWS/ECS CPUUtilization` | `Average` | `> 90` | `60 s x 5` |");
        assertThat(markdown).doesNotContain("What added and changed resources may do");
    }

    @Test
    void onlyTheTwoAlarmsReadingCpuChange() {
        assertThat(diff.resources()).extracting(ResourceChange::name)
                .containsExactlyInAnyOrder("dev-orders-alarms-cpu-high", "dev-orders-alarms-utilization-high");
    }
}
