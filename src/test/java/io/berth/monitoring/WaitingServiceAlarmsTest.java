package io.berth.monitoring;

import io.berth.plan.PlannedResource;
import io.berth.plan.RegistryContents;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A service waiting for its first release runs no task by design: it gets no running-tasks alarm yet. */
class WaitingServiceAlarmsTest {
    @Test
    void aServiceWaitingForItsFirstReleaseHasNoRunningTasksAlarmButItsOthers() {
        var plan = Fixtures.plan(Fixtures.environment(), RegistryContents.empty(), Fixtures.service("api"));

        assertThat(plan.resources()).extracting(PlannedResource::name)
                .doesNotContain("dev-api-alarms-running-tasks")
                .contains("dev-api-alarms-cpu-high", "dev-api-alarms-memory-high", "dev-api-alarms-utilization-high");
    }
}
