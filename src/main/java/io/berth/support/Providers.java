package io.berth.support;

import com.pulumi.aws.Provider;
import com.pulumi.aws.ProviderArgs;
import com.pulumi.resources.CustomResourceOptions;

import java.util.List;
import java.util.Optional;

/**
 * Explicit AWS providers. Every berth resource goes through one, never through the ambient
 * default provider: the region is passed explicitly (the DR replica needs a second one) and
 * {@code allowedAccountIds} makes the provider refuse credentials of any other account, so the
 * dev stack can never be applied to the prod account by mistake.
 */
public final class Providers {
    private Providers() {
    }

    public static Provider forRegion(String name, String account, String region) {
        return forRegion(name, account, region, Optional.empty());
    }

    /**
     * A provider whose start-up identity check ({@code sts:GetCallerIdentity}, needed for
     * {@code allowedAccountIds}) goes to {@code stsRegion}'s STS endpoint instead of its own region's:
     * the primary region's provider must still start while that region is down and the DR replica is
     * switched on.
     */
    public static Provider forRegion(String name, String account, String region, Optional<String> stsRegion) {
        var args = ProviderArgs.builder()
                .region(region)
                .allowedAccountIds(List.of(account));
        stsRegion.ifPresent(args::stsRegion);
        return new Provider(name, args.build(), CustomResourceOptions.builder().build());
    }
}
