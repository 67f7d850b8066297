package io.berth.model;

/**
 * Public DNS for the environment's load balancer. With a DR replica, Route 53 failover records:
 * the primary answers while its health check passes, the replica's load balancer otherwise.
 *
 * @param hostedZoneId    the Route 53 public hosted zone that holds {@code domain}
 * @param domain          the name users reach the environment at, e.g. shop.example.com
 * @param healthCheckPath path the health check requests on the primary load balancer; default /
 */
public record DnsConfig(String hostedZoneId, String domain, String healthCheckPath) {
    /** Default: Route 53 checks {@value} on the primary load balancer. */
    public static final String DEFAULT_HEALTH_CHECK_PATH = "/";

}
