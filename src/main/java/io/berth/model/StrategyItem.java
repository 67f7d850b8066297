package io.berth.model;

/** One entry of an ECS capacity provider strategy: a provider, its base and its weight. */
public record StrategyItem(String capacityProvider, int base, int weight) {
    public static final String FARGATE = "FARGATE";
    public static final String FARGATE_SPOT = "FARGATE_SPOT";

    public boolean isSpot() {
        return FARGATE_SPOT.equals(capacityProvider);
    }
}
