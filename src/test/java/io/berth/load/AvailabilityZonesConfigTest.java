package io.berth.load;

import io.berth.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Availability zones come from config, never from an API call, for the primary and the replica:
 * planning the switch to the replica must not need the region that is down.
 */
class AvailabilityZonesConfigTest {
    @Test
    void byDefaultTheFirstZonesOfEachRegion() {
        var env = Fixtures.environment("prod", Map.of("berth:network", "{\"availabilityZones\":3}",
                "berth:dr", "{\"region\":\"eu-central-1\"}"));
        assertThat(env.network().zones()).containsExactly("eu-west-1a", "eu-west-1b", "eu-west-1c");
        assertThat(env.dr().orElseThrow().zones()).containsExactly("eu-central-1a", "eu-central-1b", "eu-central-1c");
    }

    @Test
    void namedZonesForRegionsWhoseLettersDoNotStartAtA() {
        var env = Fixtures.environment("prod", Map.of("aws:region", "us-west-1",
                "berth:network", "{\"zones\":[\"us-west-1b\",\"us-west-1c\"]}",
                "berth:dr", "{\"region\":\"ap-northeast-1\",\"zones\":[\"ap-northeast-1a\",\"ap-northeast-1c\",\"ap-northeast-1d\"]}"));
        assertThat(env.network().availabilityZones()).isEqualTo(2);
        assertThat(env.network().zones()).containsExactly("us-west-1b", "us-west-1c");
        var replica = io.berth.load.ReplicaDerivation.replicaEnvironment(env, env.dr().orElseThrow());
        assertThat(replica.network().zones()).containsExactly("ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d");
        assertThat(replica.network().availabilityZones()).isEqualTo(3);
    }

    @Test
    void zonesOfAnotherRegionOrAConflictingCountAreRejected() {
        assertThatThrownBy(() -> Fixtures.environment("prod", Map.of(
                "berth:network", "{\"availabilityZones\":3,\"zones\":[\"eu-west-1a\",\"eu-west-1b\"]}",
                "berth:dr", "{\"region\":\"eu-central-1\",\"zones\":[\"eu-west-1a\",\"eu-central-1a\",\"eu-central-1a\"]}")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "Pulumi.prod.yaml: berth:network.zones: lists 2 zones but availabilityZones (3) says otherwise; remove one of the two settings",
                        "Pulumi.prod.yaml: berth:dr.zones: 'eu-west-1a' is not an availability zone of eu-central-1 (eu-central-1a, eu-central-1b...)",
                        "Pulumi.prod.yaml: berth:dr.zones: lists a zone twice: [eu-west-1a, eu-central-1a, eu-central-1a]"));
    }
}
