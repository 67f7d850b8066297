package io.berth.model;

import io.berth.load.CatalogLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each default's literal value, so a changed default is a deliberate, reviewed change (it changes
 * every environment that relies on it), and the docs test then asks for the reference to follow.
 */
class DefaultsTest {
    @Test
    void environmentDefaults() {
        assertThat(EnvironmentConfig.DEFAULT_LOG_RETENTION_DAYS).isEqualTo(30);
        assertThat(NetworkConfig.DEFAULT_VPC_CIDR).isEqualTo("10.0.0.0/16");
        assertThat(NetworkConfig.DEFAULT_AVAILABILITY_ZONES).isEqualTo(2);
        assertThat(NetworkConfig.DEFAULT_NAT_GATEWAYS).isEqualTo(NetworkConfig.NatStrategy.SINGLE);
        assertThat(NetworkConfig.DEFAULT_VPC_ENDPOINTS).isFalse();
        assertThat(NetworkConfig.DEFAULT_FLOW_LOGS_ENABLED).isTrue();
        assertThat(NetworkConfig.DEFAULT_FLOW_LOGS_TRAFFIC_TYPE).isEqualTo("ALL");
        assertThat(ClusterConfig.DEFAULT_CONTAINER_INSIGHTS).isEqualTo("enabled");
        assertThat(ClusterConfig.DEFAULT_EXEC_LOGGING).isTrue();
        assertThat(IngressConfig.DEFAULT_ACCESS_LOG_RETENTION_DAYS).isEqualTo(90);
        assertThat(IngressConfig.DEFAULT_IDLE_TIMEOUT_SECONDS).isEqualTo(60);
        assertThat(IngressConfig.DEFAULT_SSL_POLICY).isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
        assertThat(RegistryConfig.DEFAULT_IMMUTABLE_TAGS).isTrue();
        assertThat(RegistryConfig.DEFAULT_KEEP_RELEASES).isEqualTo(30);
        assertThat(RegistryConfig.DEFAULT_UNTAGGED_EXPIRY_DAYS).isEqualTo(7);
        assertThat(DrConfig.DEFAULT_MODE).isEqualTo("pilot-light");
        assertThat(DrConfig.DEFAULT_WARM_STANDBY_FRACTION).isEqualTo(0.5);
        assertThat(DnsConfig.DEFAULT_HEALTH_CHECK_PATH).isEqualTo("/");
    }

    @Test
    void hostGroupDefaults() {
        assertThat(HostGroupConfig.DEFAULT_ARCHITECTURE).isEqualTo("x86_64");
        assertThat(HostGroupConfig.DEFAULT_MIN_SIZE).isZero();
        assertThat(HostGroupConfig.DEFAULT_MAX_SIZE).isEqualTo(4);
        assertThat(HostGroupConfig.DEFAULT_ON_DEMAND_BASE).isZero();
        assertThat(HostGroupConfig.DEFAULT_ON_DEMAND_PERCENTAGE).isEqualTo(100);
        assertThat(HostGroupConfig.DEFAULT_ROOT_VOLUME_GIB).isEqualTo(30);
        assertThat(HostGroupConfig.DEFAULT_TARGET_CAPACITY_PERCENT).isEqualTo(90);
        assertThat(HostGroupConfig.DEFAULT_MANAGED_DRAINING).isTrue();
    }

    @Test
    void catalogDefaults() {
        assertThat(CatalogLoader.DEFAULT_IMAGE_TAG).isEqualTo("latest");
        assertThat(CatalogLoader.DEFAULT_PORT).isEqualTo(8080);
        assertThat(CatalogLoader.DEFAULT_CPU).isEqualTo(256);
        assertThat(CatalogLoader.DEFAULT_MEMORY_MIB).isEqualTo(512);
        assertThat(CatalogLoader.DEFAULT_HEALTH_PATH).isEqualTo("/");
        assertThat(CatalogLoader.DEFAULT_HEALTH_MATCHER).isEqualTo("200-399");
        assertThat(CatalogLoader.DEFAULT_HEALTH_INTERVAL_SECONDS).isEqualTo(15);
        assertThat(CatalogLoader.DEFAULT_HEALTH_TIMEOUT_SECONDS).isEqualTo(5);
        assertThat(CatalogLoader.DEFAULT_HEALTHY_THRESHOLD).isEqualTo(2);
        assertThat(CatalogLoader.DEFAULT_UNHEALTHY_THRESHOLD).isEqualTo(3);
        assertThat(CatalogLoader.DEFAULT_GRACE_PERIOD_SECONDS).isEqualTo(30);
        assertThat(CatalogLoader.DEFAULT_MIN_TASKS).isEqualTo(1);
        assertThat(CatalogLoader.DEFAULT_MAX_TASKS).isEqualTo(4);
        assertThat(CatalogLoader.DEFAULT_CPU_TARGET_PERCENT).isEqualTo(70);
        assertThat(CatalogLoader.DEFAULT_MIN_HEALTHY_PERCENT).isEqualTo(100);
        assertThat(CatalogLoader.DEFAULT_MAX_PERCENT).isEqualTo(200);
        assertThat(CatalogLoader.DEFAULT_STOP_TIMEOUT_SECONDS).isEqualTo(30);
        assertThat(CatalogLoader.DEFAULT_DEREGISTRATION_DELAY_SECONDS).isEqualTo(30);
        assertThat(CatalogLoader.DEFAULT_USER).isEqualTo("1000:1000");
    }
}
