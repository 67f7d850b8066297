package io.berth.model;

import io.soabase.recordbuilder.core.RecordBuilder;

import java.util.List;

/**
 * A named group of EC2 container instances (e.g. {@code batch} for offline work, {@code isolated}
 * for privileged or sensitive workloads) with its own Auto Scaling group, capacity provider,
 * instance role and security group. Services opt in with {@code hostGroup: <name>}.
 *
 * @param name                 stable key; the instance attribute {@code berth.host-group} carries it
 * @param instanceTypes        several types, for Spot diversity; all of {@code architecture}
 * @param architecture         {@code x86_64} or {@code arm64}; picks the ECS-optimised AMI
 * @param minSize / maxSize    Auto Scaling group bounds (managed scaling moves within them)
 * @param onDemandBase         instances always on-demand
 * @param onDemandPercentage   share of on-demand instances above the base, 0..100
 * @param privileged           whether containers may run privileged here (nowhere else)
 * @param rootVolumeGiB        encrypted gp3 root volume size
 * @param targetCapacityPercent managed scaling target utilisation, 1..100 (AWS rule 7)
 * @param managedDraining      drain tasks before instances are terminated (default on)
 */
@RecordBuilder
public record HostGroupConfig(String name, List<String> instanceTypes, String architecture, int minSize, int maxSize,
                              int onDemandBase, int onDemandPercentage, boolean privileged, int rootVolumeGiB,
                              int targetCapacityPercent, boolean managedDraining) {
    /** Default: {@value} (x86_64 ECS-optimised AMI). */
    public static final String DEFAULT_ARCHITECTURE = "x86_64";
    /** Default: {@value} instances at least. */
    public static final int DEFAULT_MIN_SIZE = 0;
    /** Default: the larger of minSize and {@value}. */
    public static final int DEFAULT_MAX_SIZE = 4;
    /** Default: {@value} instances always on-demand. */
    public static final int DEFAULT_ON_DEMAND_BASE = 0;
    /** Default: {@value}% on-demand above the base (no Spot unless asked). */
    public static final int DEFAULT_ON_DEMAND_PERCENTAGE = 100;
    /** Default: {@value} GiB, the ECS-optimised AMI's own minimum. */
    public static final int DEFAULT_ROOT_VOLUME_GIB = 30;
    /** Default: managed scaling keeps {@value}% of the group's capacity in use. */
    public static final int DEFAULT_TARGET_CAPACITY_PERCENT = 90;
    /** Default: {@value}; ECS drains tasks off instances before the group removes them. */
    public static final boolean DEFAULT_MANAGED_DRAINING = true;

    /** The container-instance attribute a service's {@code memberOf} constraint matches. */
    public static final String ATTRIBUTE = "berth.host-group";

    public HostGroupConfig {
        instanceTypes = List.copyOf(instanceTypes);
    }

    /** The constraint expression that pins a task to this group (AWS rule 16). */
    public String memberOfExpression() {
        return "attribute:" + ATTRIBUTE + " == " + name;
    }

    /** The capacity provider's name in environment {@code env}. */
    public String capacityProviderName(String env) {
        return env + "-" + name;
    }

    /** A builder holding these settings, to derive a changed copy. */
    public HostGroupConfigBuilder toBuilder() {
        return HostGroupConfigBuilder.builder(this);
    }
}
