package io.berth.config;

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
 */
public record RegistryConfig(boolean immutableTags, boolean customerManagedKey, int keepReleases,
                             int untaggedExpiryDays, List<String> pullAccounts, boolean replicationOwner) {
    public RegistryConfig {
        pullAccounts = List.copyOf(pullAccounts);
    }
}
