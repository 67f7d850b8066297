package io.berth.cost;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A stack's monthly estimate at list price: one line per priced item, at the minimum and at the
 * maximum task counts, and the same capacity all on-demand beside it.
 *
 * @param stack         the stack
 * @param primaryRegion the primary region
 * @param drRegion      the DR replica's region, or null when the stack has none
 * @param prices        the prices used (date, files, assumptions)
 * @param lines         primary lines first, then the DR replica's
 */
public record Estimate(String stack, String primaryRegion, String drRegion, Prices prices, List<Line> lines) {
    public static final String PRIMARY = "primary";
    public static final String DR = "dr";

    public Estimate {
        lines = List.copyOf(lines);
    }

    /** An amount of something a line prices, at the minimum and at the maximum. */
    public record Quantity(String name, double min, double max, String unit) {
    }

    /** A price a line used: where it was read. */
    public record PriceUse(String region, String key, double usd, String source, String file) {
    }

    /**
     * One priced item.
     *
     * @param part        {@link #PRIMARY} or {@link #DR}
     * @param region      the region it runs in
     * @param group       compute, network, dns, security, monitoring, secrets, or usage (assumed)
     * @param item        what it is ({@code Fargate Spot (x86_64)}, {@code NAT gateways})
     * @param detail      how it was counted, or empty
     * @param quantities  what was counted
     * @param minUsd      monthly cost at the minimum; null when a price it needs is missing
     * @param maxUsd      monthly cost at the maximum; null when a price it needs is missing
     * @param onDemandMinUsd the same capacity all on-demand, at the minimum; null when a price is missing
     * @param onDemandMaxUsd the same capacity all on-demand, at the maximum
     * @param missing     {@code <region>: <price key>} of every price it needs and the files lack
     * @param prices      the prices it used
     * @param assumption  the assumption key it rests on, or null
     */
    public record Line(String part, String region, String group, String item, String detail, List<Quantity> quantities,
                       Double minUsd, Double maxUsd, Double onDemandMinUsd, Double onDemandMaxUsd,
                       List<String> missing, List<PriceUse> prices, String assumption) {
        public Line {
            quantities = List.copyOf(quantities);
            missing = List.copyOf(missing);
            prices = List.copyOf(prices);
        }

        /** Whether Spot capacity makes this line cheaper than all on-demand. */
        public boolean hasSpot() {
            return !Objects.equals(minUsd, onDemandMinUsd) || !Objects.equals(maxUsd, onDemandMaxUsd);
        }
    }

    /** Known sums over some lines, and whether every line was priced. */
    public record Total(double min, double max, double onDemandMin, double onDemandMax, boolean complete, List<String> missing) {
        public double spotSavingMin() {
            return onDemandMin - min;
        }

        public double spotSavingMax() {
            return onDemandMax - max;
        }
    }

    public List<Line> part(String part) {
        return lines.stream().filter(l -> l.part().equals(part)).toList();
    }

    public Total total(String part) {
        return sum(part(part));
    }

    public Total total() {
        return sum(lines);
    }

    /** Every missing price, {@code <region>: <key>}, sorted. */
    public List<String> missing() {
        var out = new TreeSet<String>();
        lines.forEach(l -> out.addAll(l.missing()));
        return List.copyOf(out);
    }

    /** The assumptions the lines rest on, in the prices' order. */
    public List<Prices.Assumption> assumptionsUsed() {
        var keys = lines.stream().map(Line::assumption).filter(Objects::nonNull).distinct().toList();
        return prices.assumptions().values().stream().filter(a -> keys.contains(a.key())).toList();
    }

    static Total sum(List<Line> lines) {
        double min = 0;
        double max = 0;
        double odMin = 0;
        double odMax = 0;
        var missing = new TreeSet<String>();
        boolean complete = true;
        for (var l : lines) {
            min += l.minUsd() == null ? 0 : l.minUsd();
            max += l.maxUsd() == null ? 0 : l.maxUsd();
            odMin += l.onDemandMinUsd() == null ? 0 : l.onDemandMinUsd();
            odMax += l.onDemandMaxUsd() == null ? 0 : l.onDemandMaxUsd();
            if (l.minUsd() == null || l.maxUsd() == null || l.onDemandMinUsd() == null || l.onDemandMaxUsd() == null) {
                complete = false;
            }
            missing.addAll(l.missing());
        }
        return new Total(min, max, odMin, odMax, complete, List.copyOf(missing));
    }
}
