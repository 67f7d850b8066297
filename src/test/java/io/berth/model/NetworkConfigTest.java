package io.berth.model;

import io.berth.model.NetworkConfig.NatStrategy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkConfigTest {
    @Test
    void readsEachNatStrategyByItsConfigName() {
        assertThat(NatStrategy.of("single")).isEqualTo(NatStrategy.SINGLE);
        assertThat(NatStrategy.of("per-az")).isEqualTo(NatStrategy.PER_AZ);
        assertThat(NatStrategy.of("none")).isEqualTo(NatStrategy.NONE);
    }

    @Test
    void rejectsANatStrategyByItsEnumName() {
        assertThatThrownBy(() -> NatStrategy.of("PER_AZ"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PER_AZ");
    }

    @Test
    void aSingleNatGatewayServesEveryZone() {
        assertThat(NatStrategy.SINGLE.gatewayCount(3)).isEqualTo(1);
    }

    @Test
    void perAzPlansOneNatGatewayPerZone() {
        assertThat(NatStrategy.PER_AZ.gatewayCount(3)).isEqualTo(3);
    }

    @Test
    void noneplansNoNatGateway() {
        assertThat(NatStrategy.NONE.gatewayCount(3)).isEqualTo(0);
    }
}
