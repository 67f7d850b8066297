package io.berth.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.berth.model.StrategyItem.FARGATE;
import static io.berth.model.StrategyItem.FARGATE_SPOT;

/**
 * The named Fargate capacity profiles services and environments choose from. The on-demand base
 * of 1 in every mixed profile means a Spot reclaim can never take a service to zero tasks.
 */
public final class CapacityProfiles {
    /** Every task on on-demand Fargate. */
    public static final String ON_DEMAND = "on-demand";
    /** One on-demand task always, the rest split evenly between on-demand and Spot. */
    public static final String BALANCED = "balanced";
    /** One on-demand task always, the rest three parts Spot to one part on-demand. */
    public static final String SPOT_FIRST = "spot-first";
    /** Every task on Fargate Spot: cheapest, and a Spot reclaim can stop every task at once. */
    public static final String SPOT_ONLY = "spot-only";

    private static final Map<String, CapacityStrategy> PROFILES = new LinkedHashMap<>();

    static {
        PROFILES.put(ON_DEMAND, new CapacityStrategy(ON_DEMAND, List.of(new StrategyItem(FARGATE, 1, 1))));
        PROFILES.put(BALANCED, new CapacityStrategy(BALANCED, List.of(
                new StrategyItem(FARGATE, 1, 1), new StrategyItem(FARGATE_SPOT, 0, 1))));
        PROFILES.put(SPOT_FIRST, new CapacityStrategy(SPOT_FIRST, List.of(
                new StrategyItem(FARGATE, 1, 1), new StrategyItem(FARGATE_SPOT, 0, 3))));
        PROFILES.put(SPOT_ONLY, new CapacityStrategy(SPOT_ONLY, List.of(new StrategyItem(FARGATE_SPOT, 0, 1))));
    }

    private CapacityProfiles() {
    }

    public static Set<String> names() {
        return PROFILES.keySet();
    }

    public static Optional<CapacityStrategy> resolve(String name) {
        return Optional.ofNullable(PROFILES.get(name));
    }
}
