package io.berth.model;

import io.soabase.recordbuilder.core.RecordBuilder;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environment's delivery settings ({@code berth:delivery}), validated.
 *
 * @param enabled               build pipelines for the services whose catalog entry asks for one;
 *                              default on. Off: no pipeline, and {@code pulumi up} deploys the
 *                              catalog's {@code image.tag} as it did before delivery existed
 * @param approval              a manual approval before every deploy stage of this environment, unless
 *                              a service's catalog entry says otherwise; default on in production
 * @param connections           per CodeStar provider (github, bitbucket, gitlab), an existing
 *                              connection to use instead of creating one; default: berth creates one
 *                              connection per provider the catalog uses
 * @param artifactRetentionDays pipeline artifacts (and noncurrent versions) expire after this many
 *                              days; default 30
 * @param testTrafficCidrs      who else may reach the test listeners of blue/green services, besides the
 *                              VPC's own callers (admitted by the NAT gateways' Elastic IPs, the address
 *                              the internet-facing load balancer sees them from); default nobody else;
 *                              never the whole internet
 */
@RecordBuilder
public record DeliveryConfig(boolean enabled, boolean approval, Map<String, Connection> connections,
                             int artifactRetentionDays, List<String> testTrafficCidrs) {
    public static final int DEFAULT_ARTIFACT_RETENTION_DAYS = 30;
    /** CodeStar connection providers, by the name the catalog uses, to the provider type AWS expects. */
    public static final Map<String, String> PROVIDERS = Map.of("github", "GitHub", "bitbucket", "Bitbucket", "gitlab", "GitLab");

    public DeliveryConfig {
        connections = Map.copyOf(connections);
        testTrafficCidrs = List.copyOf(testTrafficCidrs);
    }

    /** No delivery settings at all: pipelines on, approval in production. */
    public static DeliveryConfig defaults(boolean production) {
        return new DeliveryConfig(true, production, Map.of(), DEFAULT_ARTIFACT_RETENTION_DAYS, List.of());
    }

    /**
     * How to reach a CodeStar provider.
     *
     * @param arn     an existing connection (already confirmed, perhaps shared); berth creates none
     * @param hostArn a self-managed host (GitHub Enterprise Server, GitLab self-managed) for the
     *                connection berth creates
     */
    public record Connection(Optional<String> arn, Optional<String> hostArn) {
    }

    /** A builder holding these settings, to derive a changed copy. */
    public DeliveryConfigBuilder toBuilder() {
        return DeliveryConfigBuilder.builder(this);
    }
}
