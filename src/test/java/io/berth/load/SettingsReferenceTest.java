package io.berth.load;

import io.berth.model.ClusterConfig;
import io.berth.model.DnsConfig;
import io.berth.model.DrConfig;
import io.berth.model.EnvironmentConfig;
import io.berth.model.HostGroupConfig;
import io.berth.model.IngressConfig;
import io.berth.model.NetworkConfig;
import io.berth.model.RegistryConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings reference (docs/environment-settings.md) states each default as the code applies
 * it: the comment of each setting's line in the reference's YAML example must name the value of
 * the model's constant, as "(default X)", "default X" or "X (default)".
 */
class SettingsReferenceTest {
    private static final Path PAGE = Path.of("docs/environment-settings.md");
    private static Map<String, String> comments;

    @BeforeAll
    static void readReference() throws IOException {
        comments = yamlComments(Files.readString(PAGE));
    }

    static Stream<Arguments> defaults() {
        return Stream.of(
                Arguments.of("berth:environment.logRetentionDays", EnvironmentConfig.DEFAULT_LOG_RETENTION_DAYS),
                Arguments.of("berth:network.vpcCidr", NetworkConfig.DEFAULT_VPC_CIDR),
                Arguments.of("berth:network.availabilityZones", NetworkConfig.DEFAULT_AVAILABILITY_ZONES),
                Arguments.of("berth:network.natGateways", NetworkConfig.DEFAULT_NAT_GATEWAYS.configName),
                Arguments.of("berth:network.vpcEndpoints", NetworkConfig.DEFAULT_VPC_ENDPOINTS),
                Arguments.of("berth:network.flowLogs.enabled", NetworkConfig.DEFAULT_FLOW_LOGS_ENABLED),
                Arguments.of("berth:network.flowLogs.trafficType", NetworkConfig.DEFAULT_FLOW_LOGS_TRAFFIC_TYPE),
                Arguments.of("berth:network.allowWorldEgress", NetworkConfig.DEFAULT_ALLOW_WORLD_EGRESS),
                Arguments.of("berth:cluster.containerInsights", ClusterConfig.DEFAULT_CONTAINER_INSIGHTS),
                Arguments.of("berth:cluster.execLogging", ClusterConfig.DEFAULT_EXEC_LOGGING),
                Arguments.of("berth:ingress.accessLogRetentionDays", IngressConfig.DEFAULT_ACCESS_LOG_RETENTION_DAYS),
                Arguments.of("berth:ingress.idleTimeoutSeconds", IngressConfig.DEFAULT_IDLE_TIMEOUT_SECONDS),
                Arguments.of("berth:ingress.sslPolicy", IngressConfig.DEFAULT_SSL_POLICY),
                Arguments.of("berth:registry.immutableTags", RegistryConfig.DEFAULT_IMMUTABLE_TAGS),
                Arguments.of("berth:registry.keepReleases", RegistryConfig.DEFAULT_KEEP_RELEASES),
                Arguments.of("berth:registry.untaggedExpiryDays", RegistryConfig.DEFAULT_UNTAGGED_EXPIRY_DAYS),
                Arguments.of("berth:dr.mode", DrConfig.DEFAULT_MODE),
                Arguments.of("berth:dr.warmStandbyFraction", DrConfig.DEFAULT_WARM_STANDBY_FRACTION),
                Arguments.of("berth:dns.healthCheckPath", DnsConfig.DEFAULT_HEALTH_CHECK_PATH),
                Arguments.of("berth:hostGroups.batch.architecture", HostGroupConfig.DEFAULT_ARCHITECTURE),
                Arguments.of("berth:hostGroups.batch.minSize", HostGroupConfig.DEFAULT_MIN_SIZE),
                Arguments.of("berth:hostGroups.batch.maxSize", "max(minSize, " + HostGroupConfig.DEFAULT_MAX_SIZE + ")"),
                Arguments.of("berth:hostGroups.batch.onDemandBase", HostGroupConfig.DEFAULT_ON_DEMAND_BASE),
                Arguments.of("berth:hostGroups.batch.onDemandPercentage", HostGroupConfig.DEFAULT_ON_DEMAND_PERCENTAGE),
                Arguments.of("berth:hostGroups.batch.targetCapacityPercent", HostGroupConfig.DEFAULT_TARGET_CAPACITY_PERCENT),
                Arguments.of("berth:hostGroups.batch.managedDraining", HostGroupConfig.DEFAULT_MANAGED_DRAINING),
                Arguments.of("berth:hostGroups.batch.rootVolumeGiB", HostGroupConfig.DEFAULT_ROOT_VOLUME_GIB));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    void theReferenceStatesTheDefaultTheCodeApplies(String setting, Object value) {
        var text = value instanceof Boolean b ? (b ? "on" : "off") : String.valueOf(value);
        assertThat(comments).as("the reference documents %s", setting).containsKey(setting);
        assertThat(comments.get(setting)).as("comment of %s", setting)
                .containsAnyOf("(default " + text + ")", "(default " + text + ";", "default " + text + ",",
                        text + " (default)", "# default " + text);
    }

    /** Dotted key path of every line of the page's first YAML example, to the line's comment. */
    static Map<String, String> yamlComments(String page) {
        var out = new LinkedHashMap<String, String>();
        var start = page.indexOf("```yaml\n");
        var end = page.indexOf("```", start + 8);
        var path = new ArrayList<String>();
        var indents = new ArrayList<Integer>();
        for (var line : page.substring(start + 8, end).split("\n")) {
            var m = java.util.regex.Pattern.compile("^( *)([A-Za-z0-9:_-]+):(.*)$").matcher(line);
            if (!m.matches()) {
                continue;
            }
            int indent = m.group(1).length();
            while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {
                indents.remove(indents.size() - 1);
                path.remove(path.size() - 1);
            }
            path.add(m.group(2));
            indents.add(indent);
            var rest = m.group(3);
            var hash = rest.indexOf(" # ");
            var key = String.join(".", path.subList(Math.min(1, path.size() - 1), path.size()));
            out.put(key, hash < 0 ? "" : rest.substring(hash + 1).trim());
        }
        return out;
    }
}
