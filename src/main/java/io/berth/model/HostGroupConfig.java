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
