package io.berth.model;

import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * @param vpcCidr           IPv4 block of the VPC, /16 to /22; subnets are computed from it
 * @param availabilityZones how many zones the environment spans (2..6); default 2
 * @param zones             the zones' names, one per zone in order: {@code berth:network.zones}, or by
 *                          default the region's name with a, b, c... ({@link #defaultZones}); known
 *                          from config so that no API call is needed to plan (or to fail over)
 * @param natGateways       {@code single} (one NAT, cheapest), {@code per-az} (one per zone, a
 *                          zone failure cannot cut the others off) or {@code none} (private
 *                          subnets reach AWS only through VPC endpoints); default single
 * @param vpcEndpoints      interface endpoints for ECR, Logs, Secrets Manager and SSM plus an S3
 *                          gateway endpoint, so tasks pull images without the NAT; default off
 * @param flowLogs          VPC flow logs to CloudWatch Logs
 * @param allowWorldEgress  catalog egress to 0.0.0.0/0 or ::/0 on anything but TCP 443 is allowed; default off
 */
@RecordBuilder
public record NetworkConfig(
        String vpcCidr,
        int availabilityZones,
        java.util.List<String> zones,
        NatStrategy natGateways,
        boolean vpcEndpoints,
        FlowLogConfig flowLogs,
        boolean allowWorldEgress) {
    /** Default: {@value}, the VPC's address block. */
    public static final String DEFAULT_VPC_CIDR = "10.0.0.0/16";
    /** Default: {@value} zones (a load balancer needs two). */
    public static final int DEFAULT_AVAILABILITY_ZONES = 2;
    /** Default: one NAT gateway for the whole VPC. */
    public static final NatStrategy DEFAULT_NAT_GATEWAYS = NatStrategy.SINGLE;
    /** Default: {@value}; no interface endpoints (traffic to AWS APIs goes through NAT). */
    public static final boolean DEFAULT_VPC_ENDPOINTS = false;
    /** Default: flow logs {@value}. */
    public static final boolean DEFAULT_FLOW_LOGS_ENABLED = true;
    /** Default: flow logs record {@value} traffic. */
    public static final String DEFAULT_FLOW_LOGS_TRAFFIC_TYPE = "ALL";
    /** Default: {@value}; services send to the whole internet only on TCP 443. */
    public static final boolean DEFAULT_ALLOW_WORLD_EGRESS = false;


    public enum NatStrategy {
        SINGLE("single"), PER_AZ("per-az"), NONE("none");

        public final String configName;

        NatStrategy(String configName) {
            this.configName = configName;
        }

        public static NatStrategy of(String configName) {
            for (var s : values()) {
                if (s.configName.equals(configName)) {
                    return s;
                }
            }
            throw new IllegalArgumentException(configName);
        }

        /** How many NAT gateways this strategy plans for {@code zones} availability zones. */
        public int gatewayCount(int zones) {
            return switch (this) {
                case SINGLE -> 1;
                case PER_AZ -> zones;
                case NONE -> 0;
            };
        }
    }

    /**
     * @param enabled     default on: a VPC without flow logs fails Security Hub EC2.6
     * @param trafficType ALL, ACCEPT or REJECT; default ALL
     */
    public record FlowLogConfig(boolean enabled, String trafficType) {
    }

    /** {@code <region>a}, {@code <region>b}...: the first {@code count} zone names of a region. */
    public static java.util.List<String> defaultZones(String region, int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> region + (char) ('a' + i)).toList();
    }

    /** A builder holding these settings, to derive a changed copy. */
    public NetworkConfigBuilder toBuilder() {
        return NetworkConfigBuilder.builder(this);
    }
}
