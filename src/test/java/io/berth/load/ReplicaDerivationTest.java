package io.berth.load;

import io.berth.model.Catalog;
import io.berth.model.DrConfig;
import io.berth.model.EnvironmentConfig;
import io.berth.model.HostGroupConfig;
import io.berth.model.ServiceSpec;
import io.berth.model.ServiceSpec.Schedule;
import io.berth.model.StackSettings;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaDerivationTest {
    private static final String DR_CERTIFICATE = "arn:aws:acm:eu-central-1:111111111111:certificate/dr";
    private static final Schedule NIGHTS = new Schedule("nights", "cron(0 20 * * ? *)", "UTC", 1, 1);

    private static DrConfig dr(boolean active) {
        return new DrConfig("eu-central-1", DrConfig.WARM_STANDBY, 0.5, active, "10.9.0.0/16", Optional.of(DR_CERTIFICATE), List.of("eu-central-1a", "eu-central-1b"), false);
    }

    private static HostGroupConfig batch() {
        return new HostGroupConfig("batch", List.of("m7g.large"), "arm64", 4, 8, 3, 0, false, 30, 100, true);
    }

    private static EnvironmentConfig primary(boolean active) {
        return Fixtures.production().toBuilder().dr(Optional.of(dr(active))).hostGroups(Map.of("batch", batch())).build();
    }

    private static ServiceSpec api() {
        var service = Fixtures.service("api");
        return service.toBuilder().scaling(service.scaling().toBuilder().min(3).max(6).schedules(List.of(NIGHTS)).build()).build();
    }

    private static StackSettings.Region replica(boolean active) {
        return ReplicaDerivation.derive(primary(active), new Catalog(List.of(api())), replicaEnv -> new Catalog(List.of(api()))).replica().orElseThrow();
    }

    @Test
    void anEnvironmentWithoutDrHasNoReplica() {
        var env = Fixtures.production();
        var catalog = new Catalog(List.of(api()));

        assertThat(ReplicaDerivation.derive(env, catalog, replicaEnv -> catalog)).isEqualTo(StackSettings.primaryOnly(env, catalog));
    }

    @Test
    void theReplicaRunsInTheDrRegion() {
        assertThat(replica(false).env().region()).isEqualTo("eu-central-1");
    }

    @Test
    void theReplicaKeepsTheEnvironmentsName() {
        assertThat(replica(false).env().name()).isEqualTo("prod");
    }

    @Test
    void theReplicaVpcUsesTheDrBlock() {
        assertThat(replica(false).env().network().vpcCidr()).isEqualTo("10.9.0.0/16");
    }

    @Test
    void theReplicaLoadBalancerUsesTheDrCertificate() {
        assertThat(replica(false).env().ingress().certificateArn()).contains(DR_CERTIFICATE);
    }

    @Test
    void theReplicaHasNoReplicaAndNoDnsOfItsOwn() {
        var env = replica(false).env();

        assertThat(env.dr()).isEmpty();
        assertThat(env.dns()).isEmpty();
    }

    @Test
    void aPassiveReplicaScalesHostGroupsToTheWarmStandbyMinimum() {
        var group = replica(false).env().hostGroups().get("batch");

        assertThat(group.minSize()).isEqualTo(2);   // ceil(4 * 0.5)
        assertThat(group.onDemandBase()).isEqualTo(2); // min(3, ceil(3 * 0.5))
        assertThat(group.maxSize()).isEqualTo(8);
    }

    @Test
    void anActiveReplicaKeepsTheHostGroupsSizes() {
        var group = replica(true).env().hostGroups().get("batch");

        assertThat(group.minSize()).isEqualTo(4);
        assertThat(group.onDemandBase()).isEqualTo(3);
    }

    @Test
    void aPassiveReplicaRunsTheWarmStandbyShareOfEachServicesMinimum() {
        var scaling = replica(false).catalog().services().get(0).scaling();

        assertThat(scaling.min()).isEqualTo(2); // ceil(3 * 0.5)
        assertThat(scaling.max()).isEqualTo(6);
    }

    @Test
    void aPassiveReplicaDropsScheduledScaling() {
        assertThat(replica(false).catalog().services().get(0).scaling().schedules()).isEmpty();
    }

    @Test
    void anActiveReplicaRunsTheFullMinimumAndItsSchedules() {
        var scaling = replica(true).catalog().services().get(0).scaling();

        assertThat(scaling.min()).isEqualTo(3);
        assertThat(scaling.schedules()).containsExactly(NIGHTS);
    }
}
