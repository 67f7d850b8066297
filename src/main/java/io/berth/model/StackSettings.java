package io.berth.model;

import java.util.Optional;

/**
 * Everything one stack builds, validated and derived: the primary environment with its catalog and,
 * when the environment has a disaster-recovery replica, the replica's own settings and catalog.
 * The input of the program; nothing is read after this exists.
 */
public record StackSettings(EnvironmentConfig env, Catalog catalog, Optional<Region> replica) {

    /** The settings of one region's copy of the environment. */
    public record Region(EnvironmentConfig env, Catalog catalog) {
    }

    /** A stack without a replica. */
    public static StackSettings primaryOnly(EnvironmentConfig env, Catalog catalog) {
        return new StackSettings(env, catalog, Optional.empty());
    }
}
