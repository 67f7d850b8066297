package io.berth.load;

import io.berth.model.TrafficShift;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code deployment.rollbackOnAlarm} and {@code deployment.trafficShift}: defaults, overrides, one mistake per case. */
class DeploymentSettingsErrorsTest {
    private static final Map<String, Object> PUBLIC = Map.of("type", "public", "paths", List.of("/web/*"));
    private static final Map<String, Object> GITHUB = Map.of("type", "github", "repository", "acme/web", "branch", "main");

    @Test
    void releasesRollBackOnAlarmAndShiftAllTrafficAtOnceByDefault() {
        var deployment = Fixtures.service("web").deployment();
        assertThat(deployment.rollbackOnAlarm()).isTrue();
        assertThat(deployment.trafficShift()).isEqualTo(TrafficShift.DEFAULT);
        assertThat(deployment.trafficShift().predefinedConfig()).contains("CodeDeployDefault.ECSAllAtOnce");
    }

    @Test
    void rollbackOnAlarmCanBeTurnedOffForOneEnvironment() {
        var web = Fixtures.service("web", Map.of("environments", Map.of("dev", Map.of("deployment", Map.of("rollbackOnAlarm", false)))));
        assertThat(web.deployment().rollbackOnAlarm()).isFalse();
    }

    @Test
    void aBlueGreenServiceTakesACanary() {
        var web = Fixtures.service("web", Map.of("expose", PUBLIC, "deployment", Map.of("trafficShift", "canary-10-15m"),
                "delivery", Map.of("source", GITHUB, "deploy", "blue-green")));
        assertThat(web.deployment().trafficShift()).isEqualTo(new TrafficShift(TrafficShift.Type.CANARY, 10, 15));
        assertThat(web.deployment().trafficShift().predefinedConfig()).contains("CodeDeployDefault.ECSCanary10Percent15Minutes");
    }

    @Test
    void aShiftAwsDoesNotPredefineIsACustomOne() {
        var web = Fixtures.service("web", Map.of("expose", PUBLIC, "deployment", Map.of("trafficShift", "linear-20-2m"),
                "delivery", Map.of("source", GITHUB, "deploy", "blue-green")));
        assertThat(web.deployment().trafficShift()).isEqualTo(new TrafficShift(TrafficShift.Type.LINEAR, 20, 2));
        assertThat(web.deployment().trafficShift().predefinedConfig()).isEmpty();
    }

    @Test
    void aRollingServiceAskingForACanaryIsToldToDeployBlueGreen() {
        assertThatThrownBy(() -> Fixtures.service("web", Map.of("expose", PUBLIC, "deployment", Map.of("trafficShift", "canary-10-5m"),
                "delivery", Map.of("source", GITHUB))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("services/web.yaml: deployment.trafficShift: canary-10-5m shifts traffic with CodeDeploy, which "
                        + "deploys only blue/green services; this service deploys rolling in dev: set delivery.deploy: blue-green "
                        + "(a public service with a pipeline), or remove deployment.trafficShift");
    }

    @Test
    void aServiceWithoutAPipelineAskingForLinearShiftingIsToldToDeployBlueGreen() {
        assertThatThrownBy(() -> Fixtures.service("web", Map.of("expose", PUBLIC, "deployment", Map.of("trafficShift", "linear-10-1m"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("services/web.yaml: deployment.trafficShift: linear-10-1m shifts traffic with CodeDeploy");
    }

    @Test
    void anUnknownShiftNamesTheFormsAndAwsPredefinedOnes() {
        assertThatThrownBy(() -> Fixtures.service("web", Map.of("deployment", Map.of("trafficShift", "canary"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("services/web.yaml: deployment.trafficShift: 'canary' is not a traffic shift; use all-at-once, "
                        + "canary-<percent>-<minutes>m or linear-<percent>-<minutes>m (percent 1-99, minutes 1-120), e.g. all-at-once, "
                        + "canary-10-15m, canary-10-5m, linear-10-1m, linear-10-3m (AWS's predefined ones)");
    }

    @Test
    void aCanaryOfAllTrafficIsRefused() {
        assertThatThrownBy(() -> Fixtures.service("web", Map.of("deployment", Map.of("trafficShift", "canary-100-5m"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("services/web.yaml: deployment.trafficShift: 'canary-100-5m' is not a traffic shift;");
    }

    @Test
    void rollbackOnAlarmIsABoolean() {
        assertThatThrownBy(() -> Fixtures.service("web", Map.of("deployment", Map.of("rollbackOnAlarm", "sometimes"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("services/web.yaml: deployment.rollbackOnAlarm: must be true or false, got 'sometimes'");
    }
}
