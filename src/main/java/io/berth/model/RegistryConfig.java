package io.berth.model;

import io.soabase.recordbuilder.core.RecordBuilder;

import java.util.List;

/**
 * The environment's container registry: one ECR repository per catalog repository, named
 * {@code <env>/<repository>}.
 *
 * @param immutableTags      a pushed tag can never point at another image; default on (dev may turn it off)
 * @param customerManagedKey encrypt with a berth-created KMS key with rotation instead of the
 *                           AWS-managed ECR key; default on in production
 * @param keepReleases       tagged images kept per repository; default 30
 * @param untaggedExpiryDays untagged images expire after this many days; default 7
 * @param pullAccounts       other AWS accounts allowed to pull (e.g. the next environment's account)
 * @param replicationOwner   this stack owns the account's registry replication configuration (a
 *                           per-registry singleton: one stack per account and region may own it);
 *                           default on when the environment has a DR region
 * @param replicateTo        further replication rules, e.g. to the next environment's account (promotion)
 * @param acceptReplicationFrom accounts allowed to replicate into this registry (the registry policy
 *                           a cross-account destination needs)
 */
@RecordBuilder
public record RegistryConfig(boolean immutableTags, boolean customerManagedKey, int keepReleases,
                             int untaggedExpiryDays, List<String> pullAccounts, boolean replicationOwner,
                             List<ReplicationTarget> replicateTo, List<String> acceptReplicationFrom) {
    /** Default: tags are immutable ({@value}); production cannot turn it off. */
    public static final boolean DEFAULT_IMMUTABLE_TAGS = true;
    /** Default: the newest {@value} release images kept per repository. */
    public static final int DEFAULT_KEEP_RELEASES = 30;
    /** Default: untagged images expire after {@value} days. */
    public static final int DEFAULT_UNTAGGED_EXPIRY_DAYS = 7;

    /** At most 10 rules per replication configuration and 25 destinations per rule (AWS rule 25). */
    public static final int MAX_RULES = 10;
    public static final int MAX_DESTINATIONS = 25;

    /** One extra replication rule: this registry's {@code <env>/} images to these regions of an account. */
    public record ReplicationTarget(String account, List<String> regions) {
        public ReplicationTarget {
            regions = List.copyOf(regions);
        }
    }

    public RegistryConfig {
        pullAccounts = List.copyOf(pullAccounts);
        replicateTo = List.copyOf(replicateTo);
        acceptReplicationFrom = List.copyOf(acceptReplicationFrom);
    }

    /** A builder holding these settings, to derive a changed copy. */
    public RegistryConfigBuilder toBuilder() {
        return RegistryConfigBuilder.builder(this);
    }
}
