package io.berth.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The plan's time bound follows the catalog, and a time-out says what it measured (no engine run here). */
class PlanTimeoutTest {
    @Test
    void theBoundGrowsWithTheCatalog() {
        assertThat(OfflinePlanner.timeoutFor(0)).isEqualTo(Duration.ofSeconds(120));
        assertThat(OfflinePlanner.timeoutFor(8)).isEqualTo(Duration.ofSeconds(136));
        assertThat(OfflinePlanner.timeoutFor(200)).isEqualTo(Duration.ofSeconds(520));
    }

    @Test
    void aPlanStillRegisteringIsSlowNotStuck() {
        assertThat(OfflinePlanner.timeoutMessage("prod", Duration.ofSeconds(520), 200, 520.4, 8123, 0.2, 180.0))
                .isEqualTo("planning stack prod did not finish within its time bound of 520 s (520.4 s elapsed, 8123 resources "
                        + "registered so far, the last 0.2 s ago; garbage collection 180.0 s (35% of it)); it was still registering "
                        + "resources: the machine is slow or busy, the engine was not stuck. Without --timeout or BERTH_PLAN_TIMEOUT "
                        + "the bound is 120 s + 2 s per service (200 in this catalog: 520 s); set either to give it more time");
    }

    @Test
    void onlyAPlanThatStoppedRegisteringMayBeStuck() {
        assertThat(OfflinePlanner.timeoutMessage("dev", Duration.ofSeconds(136), 8, 136.0, 370, 100.0, 0.5))
                .contains("370 resources registered so far, the last 100.0 s ago")
                .contains("nothing was registered for 100 s: the SDK's engine may be stuck (pulumi-java#2270), run the command again");
        // idle for less than a quarter of the run: still working
        assertThat(OfflinePlanner.timeoutMessage("dev", Duration.ofSeconds(400), 8, 400.0, 370, 60.0, 0.5))
                .contains("it was still registering resources");
        // nothing registered at all in the whole run
        assertThat(OfflinePlanner.timeoutMessage("dev", Duration.ofSeconds(136), 8, 136.0, 0, 136.0, 0.1))
                .contains("0 resources registered so far").contains("nothing was registered for 136 s");
        // a bound shorter than the engine's start: not stuck either
        assertThat(OfflinePlanner.timeoutMessage("dev", Duration.ofSeconds(1), 8, 1.1, 0, 1.1, 0.0))
                .contains("nothing was registered yet: the bound is shorter than the engine's start (a few seconds), the engine was not stuck");
    }
}
