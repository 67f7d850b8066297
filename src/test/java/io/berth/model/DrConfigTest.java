package io.berth.model;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DrConfigTest {
    private static DrConfig dr(String mode, double fraction, boolean active) {
        return new DrConfig("eu-central-1", mode, fraction, active, "10.1.0.0/16", Optional.empty(), java.util.List.of("eu-central-1a", "eu-central-1b"), false);
    }

    @Test
    void aPilotLightReplicaRunsNoTasks() {
        assertThat(dr(DrConfig.PILOT_LIGHT, 0.5, false).replicaMinimum(4)).isEqualTo(0);
    }

    @Test
    void aWarmStandbyRunsItsFractionOfTheMinimum() {
        assertThat(dr(DrConfig.WARM_STANDBY, 0.5, false).replicaMinimum(4)).isEqualTo(2);
    }

    @Test
    void aWarmStandbyRoundsItsFractionUp() {
        assertThat(dr(DrConfig.WARM_STANDBY, 0.5, false).replicaMinimum(3)).isEqualTo(2);
    }

    @Test
    void anActiveReplicaRunsTheFullMinimumWhateverTheMode() {
        assertThat(dr(DrConfig.PILOT_LIGHT, 0.5, true).replicaMinimum(3)).isEqualTo(3);
    }
}
