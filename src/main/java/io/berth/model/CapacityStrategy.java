package io.berth.model;

import java.util.List;
import java.util.stream.Collectors;

/** A resolved capacity provider strategy and the profile it came from. */
public record CapacityStrategy(String profile, List<StrategyItem> items) {
    public CapacityStrategy {
        items = List.copyOf(items);
    }

    /** True when no task can ever land on on-demand capacity. */
    public boolean spotOnly() {
        return items.stream().filter(i -> i.weight() > 0 || i.base() > 0).allMatch(StrategyItem::isSpot);
    }

    /** Tasks that always run on on-demand capacity, whatever Spot does. */
    public int onDemandBase() {
        return items.stream().filter(i -> !i.isSpot()).mapToInt(StrategyItem::base).sum();
    }

    /** Human-readable form for plan summaries: {@code FARGATE base 1 weight 1, FARGATE_SPOT weight 3}. */
    public String describe() {
        return items.stream()
                .map(i -> i.capacityProvider() + (i.base() > 0 ? " base " + i.base() : "") + " weight " + i.weight())
                .collect(Collectors.joining(", "));
    }
}
