package io.berth.cost;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * What a change does to a stack's monthly estimate: the base revision's estimate and the working
 * tree's, priced with the same prices. Lines whose price is missing are left out on both sides and
 * named, never guessed.
 */
public record CostDelta(Estimate base, Estimate head) {
    public static CostDelta of(Estimate base, Estimate head) {
        return new CostDelta(base, head);
    }

    public double minChange() {
        return head.total().min() - base.total().min();
    }

    public double maxChange() {
        return head.total().max() - base.total().max();
    }

    /** Prices missing on either side: the delta leaves their lines out. */
    public List<String> missing() {
        var out = new TreeSet<String>(base.missing());
        out.addAll(head.missing());
        return List.copyOf(out);
    }

    /** {@code monthly cost +12.34 .. +40.00 USD (min .. max), 3 prices missing} for the summary line. */
    public String summary() {
        var s = new StringBuilder("monthly cost ");
        if (Math.abs(minChange()) < 0.005 && Math.abs(maxChange()) < 0.005) {
            s.append("unchanged");
        } else {
            s.append(signed(minChange())).append(" .. ").append(signed(maxChange())).append(" USD (min .. max)");
        }
        if (!missing().isEmpty()) {
            s.append(", ").append(missing().size()).append(missing().size() == 1 ? " price" : " prices").append(" missing");
        }
        return s.toString();
    }

    /** One Markdown paragraph: both estimates, the change, the date of the prices, what is not counted. */
    public String markdown(String stack) {
        var b = base.total();
        var h = head.total();
        var s = new StringBuilder("**Monthly cost** (list price, offline estimate; `./berth cost ").append(stack).append("` for the lines): ")
                .append("minimum ").append(usd(b.min())).append(" → ").append(usd(h.min())).append(" (**").append(signed(minChange())).append("**), ")
                .append("maximum ").append(usd(b.max())).append(" → ").append(usd(h.max())).append(" (**").append(signed(maxChange())).append("**)")
                .append("; prices as of ").append(head.prices().asOf()).append('.');
        var missing = missing();
        if (!missing.isEmpty()) {
            s.append(" Not counted, price missing: ").append(String.join(", ", missing.stream().map(m -> "`" + m + "`").toList())).append('.');
        }
        return s.append('\n').toString();
    }

    static String signed(double usd) {
        var rounded = Math.round(usd * 100) / 100.0;
        return (rounded >= 0 ? "+" : "-") + String.format(Locale.ROOT, "%,.2f", Math.abs(rounded));
    }

    static String usd(double usd) {
        return "$" + String.format(Locale.ROOT, "%,.2f", usd);
    }
}
