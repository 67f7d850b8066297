package io.berth.load;

import io.berth.model.ServiceSpec;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalog's {@code alarms:} section: defaults, and one mistake per case with its exact message. */
class AlarmSettingsErrorsTest {
    @Test
    void defaultsApplyWithoutASection() {
        assertThat(Fixtures.service("api").alarms()).isEqualTo(ServiceSpec.Alarms.DEFAULTS);
        assertThat(ServiceSpec.Alarms.DEFAULTS).isEqualTo(new ServiceSpec.Alarms(true, 90, 90, 5, 2000, 5));
    }

    @Test
    void loadBalancerThresholdsNeedAPublicService() {
        assertThatThrownBy(() -> Fixtures.service("api", Map.of("alarms", Map.of("p99LatencyMillis", 500))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("services/api.yaml: alarms.p99LatencyMillis: applies to services behind the load "
                        + "balancer (expose.type: public); remove it");
    }

    @Test
    void aPercentageAboveAHundredIsRefused() {
        assertThatThrownBy(() -> Fixtures.service("api", Map.of("alarms", Map.of("cpuPercent", 150))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("services/api.yaml: alarms.cpuPercent:");
    }

    @Test
    void anUnknownKeyIsRefused() {
        assertThatThrownBy(() -> Fixtures.service("api", Map.of("alarms", Map.of("cpu", 80))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("services/api.yaml: alarms.cpu: unknown key 'cpu'");
    }

    @Test
    void aPublicServiceTakesLatencyAndErrorRate() {
        var web = Fixtures.service("web", Map.of("expose", Map.of("type", "public", "paths", List.of("/*")),
                "alarms", Map.of("p99LatencyMillis", 500, "errorRatePercent", 2)));
        assertThat(web.alarms().p99LatencyMillis()).isEqualTo(500);
        assertThat(web.alarms().errorRatePercent()).isEqualTo(2);
    }
}
