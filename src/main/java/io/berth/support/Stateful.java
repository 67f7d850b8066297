package io.berth.support;

import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;

/**
 * Options for stateful resources (log groups, buckets, keys, repositories). In production they are
 * protected, so a routine {@code pulumi up} that would delete or replace them fails instead, and
 * retained, so even a deliberate {@code pulumi destroy} leaves the data in the account.
 */
public final class Stateful {
    private Stateful() {
    }

    /** @param protect the environment protects its stateful resources (production) */
    public static CustomResourceOptions options(boolean protect, Resource parent) {
        return CustomResourceOptions.builder()
                .parent(parent)
                .protect(protect)
                .retainOnDelete(protect)
                .build();
    }
}
