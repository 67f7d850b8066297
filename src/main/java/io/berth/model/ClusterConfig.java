package io.berth.model;


/**
 * @param containerInsights {@code enabled}, {@code enhanced} or {@code disabled}; default enabled
 * @param defaultCapacity   the strategy services get when their catalog entry names none
 * @param execLogging       ECS Exec sessions logged to the cluster's exec log group; default on
 */
public record ClusterConfig(String containerInsights, CapacityStrategy defaultCapacity, boolean execLogging) {
}
