package io.berth.model;

import io.soabase.recordbuilder.core.RecordBuilder;


/**
 * @param containerInsights {@code enabled}, {@code enhanced} or {@code disabled}; default enabled
 * @param defaultCapacity   the strategy services get when their catalog entry names none
 * @param execLogging       ECS Exec sessions logged to the cluster's exec log group; default on
 */
@RecordBuilder
public record ClusterConfig(String containerInsights, CapacityStrategy defaultCapacity, boolean execLogging) {
    /** Default: Container Insights {@value}. */
    public static final String DEFAULT_CONTAINER_INSIGHTS = "enabled";
    /** Default: ECS Exec sessions are logged ({@value}). */
    public static final boolean DEFAULT_EXEC_LOGGING = true;


    /** A builder holding these settings, to derive a changed copy. */
    public ClusterConfigBuilder toBuilder() {
        return ClusterConfigBuilder.builder(this);
    }
}
