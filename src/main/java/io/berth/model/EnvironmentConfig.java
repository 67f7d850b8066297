package io.berth.model;

import io.soabase.recordbuilder.core.RecordBuilder;

import java.util.Map;

/**
 * Everything one environment (one Pulumi stack) decides, validated.
 *
 * @param name             the stack name (dev, beta, prod); prefixes every logical resource name
 * @param region           the primary AWS region ({@code aws:region})
 * @param account          the AWS account the stack must deploy into (12 digits); the provider
 *                         refuses any other account, so dev settings can never be applied to prod
 * @param production       prod-grade guarantees: stateful resources protected and retained,
 *                         load balancer deletion protection, no ECS Exec
 * @param tags             tags put on every taggable resource (environment, owner, cost-centre,
 *                         managed-by and any extra tags)
 * @param logRetentionDays retention of every log group the environment creates
 * @param delivery         the environment's delivery pipelines ({@code berth:delivery})
 * @param notifications    who hears about alarms and events ({@code berth:notifications})
 */
@RecordBuilder
public record EnvironmentConfig(
        String name,
        String region,
        String account,
        boolean production,
        Map<String, String> tags,
        int logRetentionDays,
        NetworkConfig network,
        ClusterConfig cluster,
        IngressConfig ingress,
        RegistryConfig registry,
        java.util.Optional<DrConfig> dr,
        java.util.Map<String, HostGroupConfig> hostGroups,
        java.util.Optional<DnsConfig> dns,
        io.berth.model.DeliveryConfig delivery,
        NotificationsConfig notifications) {
    /** Default: log groups keep {@value} days. */
    public static final int DEFAULT_LOG_RETENTION_DAYS = 30;


    public EnvironmentConfig {
        tags = Map.copyOf(tags);
        hostGroups = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(hostGroups));
    }

    /** A builder holding these settings, to derive a changed copy (the DR replica, tests). */
    public EnvironmentConfigBuilder toBuilder() {
        return EnvironmentConfigBuilder.builder(this);
    }

    /** Stateful resources (log groups, buckets, keys, repositories) are protected and retained. */
    public boolean protectStatefulResources() {
        return production;
    }
}
