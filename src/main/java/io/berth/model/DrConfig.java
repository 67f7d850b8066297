package io.berth.model;

import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * The disaster-recovery replica of an environment in a second region.
 *
 * @param region              the DR region; must differ from the primary region
 * @param mode                {@code pilot-light}: every service at zero tasks (it starts nothing by itself:
 *                            activation scales it);
 *                            {@code warm-standby}: a fraction of production's minimum task counts
 * @param warmStandbyFraction share of each service's minimum kept running in warm standby; default 0.5
 * @param active              the failover switch: true scales the replica to full production capacity
 *                            (a drill or a real failover), whatever the mode
 * @param vpcCidr             the replica VPC's block; default the primary's (the VPCs are not peered)
 * @param certificateArn      ACM certificate in the DR region (certificates are regional); without
 *                            one the replica's load balancer serves plain HTTP
 * @param zones               the replica's availability zones ({@code berth:dr.zones}; default the DR
 *                            region's name with a, b, c... as many as the primary has)
 * @param drill               a failover drill: Route 53's health check of the primary is inverted, so it
 *                            reports the healthy primary unhealthy and DNS answers with the replica;
 *                            needs {@code berth:dns} and {@code active} (the replica at full capacity)
 */
@RecordBuilder
public record DrConfig(String region, String mode, double warmStandbyFraction, boolean active, String vpcCidr,
                       java.util.Optional<String> certificateArn, java.util.List<String> zones, boolean drill) {
    /** Default: {@value} of each service's minimum kept running in warm standby. */
    public static final double DEFAULT_WARM_STANDBY_FRACTION = 0.5;

    public static final String PILOT_LIGHT = "pilot-light";
    public static final String WARM_STANDBY = "warm-standby";
    /** Default: {@value}. */
    public static final String DEFAULT_MODE = PILOT_LIGHT;

    /** The task count a service with {@code minimum} tasks in the primary runs in the replica. */
    public int replicaMinimum(int minimum) {
        if (active) {
            return minimum;
        }
        if (mode.equals(PILOT_LIGHT)) {
            return 0;
        }
        return (int) Math.ceil(minimum * warmStandbyFraction);
    }

    /** A builder holding these settings, to derive a changed copy. */
    public DrConfigBuilder toBuilder() {
        return DrConfigBuilder.builder(this);
    }
}
