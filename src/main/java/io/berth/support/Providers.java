package io.berth.support;

import com.pulumi.aws.Provider;
import com.pulumi.aws.ProviderArgs;
import com.pulumi.resources.CustomResourceOptions;

import java.util.List;

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
        return new Provider(name, ProviderArgs.builder()
                .region(region)
                .allowedAccountIds(List.of(account))
                .build(), CustomResourceOptions.builder().build());
    }
}
