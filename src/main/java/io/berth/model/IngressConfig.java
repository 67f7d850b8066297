package io.berth.model;

import io.soabase.recordbuilder.core.RecordBuilder;

import java.util.List;
import java.util.Optional;

/**
 * The environment's internet-facing load balancer.
 *
 * @param certificateArn         ACM certificate for HTTPS; with one, HTTP redirects to HTTPS;
 *                               without, the load balancer serves plain HTTP only (dev)
 * @param allowedCidrs           who may reach ports 80/443; default 0.0.0.0/0
 * @param sslPolicy              TLS policy of the HTTPS listener; default TLS 1.3 with 1.2
 * @param accessLogRetentionDays days access logs are kept in their bucket; default 90
 * @param idleTimeoutSeconds     connection idle timeout; default 60
 */
@RecordBuilder
public record IngressConfig(Optional<String> certificateArn, List<String> allowedCidrs, String sslPolicy,
                            int accessLogRetentionDays, int idleTimeoutSeconds) {
    /** Default: access logs kept {@value} days. */
    public static final int DEFAULT_ACCESS_LOG_RETENTION_DAYS = 90;
    /** Default: {@value} s, the load balancer's own default idle timeout. */
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;

    public static final String DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    public IngressConfig {
        allowedCidrs = List.copyOf(allowedCidrs);
    }

    public boolean https() {
        return certificateArn.isPresent();
    }

    /** A builder holding these settings, to derive a changed copy. */
    public IngressConfigBuilder toBuilder() {
        return IngressConfigBuilder.builder(this);
    }
}
