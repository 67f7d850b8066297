package io.berth.cost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.berth.cost.Estimate.Line;
import io.berth.cost.Estimate.Total;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Renders an estimate as a table for the terminal or as JSON ({@code berth-cost/1}). */
public final class CostReport {
    public static final String FORMAT = "berth-cost/1";
    static final String MISSING = "missing";

    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.INDENT_OUTPUT, true);

    private CostReport() {
    }

    // ---------------------------------------------------------------------------------------------
    // Table

    public static String text(Estimate e) {
        var out = new StringBuilder();
        out.append("berth cost: stack ").append(e.stack()).append(", primary ").append(e.primaryRegion())
                .append(e.drRegion() == null ? ", no DR replica" : ", DR replica in " + e.drRegion()).append('\n');
        out.append("  USD per month at list price (").append(CostEstimator.count(e.prices().hoursPerMonth()))
                .append(" h a month), prices as of ").append(e.prices().asOf()).append(" from ")
                .append(String.join(" + ", e.prices().files())).append("; free tiers and discounts not applied\n");
        out.append("  minimum: every service at its minimum tasks (autoscaling minCapacity); maximum: at maxCapacity\n\n");
        var header = String.format(Locale.ROOT, "  %-58s %11s %11s   %s%n", "", "minimum", "maximum", "all on-demand (min .. max, Spot lines)");
        out.append(header);
        part(out, e, Estimate.PRIMARY, "primary (" + e.primaryRegion() + ")");
        if (!e.part(Estimate.DR).isEmpty()) {
            out.append('\n');
            part(out, e, Estimate.DR, "DR replica (" + (e.drRegion() == null ? e.primaryRegion() : e.drRegion()) + ")");
        }
        out.append('\n');
        var primary = e.total(Estimate.PRIMARY);
        out.append(totalRow("primary", primary));
        if (!e.part(Estimate.DR).isEmpty()) {
            out.append(totalRow("DR replica", e.total(Estimate.DR)));
        }
        var total = e.total();
        out.append(totalRow("total", total));
        out.append(String.format(Locale.ROOT, "  %-58s %11s %11s%n", "all on-demand (the same capacity, no Spot)",
                money(total.onDemandMin()), money(total.onDemandMax())));
        out.append(String.format(Locale.ROOT, "  %-58s %11s %11s%n", "Spot saving (all on-demand minus the estimate)",
                money(total.spotSavingMin()), money(total.spotSavingMax())));
        if (!total.complete()) {
            out.append("\n  INCOMPLETE: the totals leave out lines whose price is missing (never guessed, never taken from another region).\n");
        }
        var missing = e.missing();
        if (!missing.isEmpty()) {
            out.append("\nmissing prices (add them with --prices <file>, docs/cost.md):\n");
            for (var m : missing) {
                var users = e.lines().stream().filter(l -> l.missing().contains(m)).map(Line::item).distinct().toList();
                out.append("  ").append(m).append("   (").append(String.join(", ", users)).append(")\n");
            }
        }
        var assumptions = e.assumptionsUsed();
        if (!assumptions.isEmpty()) {
            out.append("\nassumptions for usage-priced items (change with --assume KEY=VALUE or a --prices file):\n");
            for (var a : assumptions) {
                out.append("  ").append(a.key()).append(" = ").append(CostEstimator.count(a.value())).append(" ").append(a.unit())
                        .append(a.setBy().equals("berth") ? "" : " (set by " + a.setBy() + ")").append('\n');
            }
        }
        return out.toString();
    }

    private static void part(StringBuilder out, Estimate e, String part, String title) {
        out.append(title).append('\n');
        for (var l : e.part(part)) {
            out.append(String.format(Locale.ROOT, "  %-58s %11s %11s   %s", truncate(l.group() + "  " + l.item(), 58),
                    money(l.minUsd()), money(l.maxUsd()),
                    l.hasSpot() ? money(l.onDemandMinUsd()).strip() + " .. " + money(l.onDemandMaxUsd()).strip() : "").stripTrailing()).append('\n');
            if (!l.detail().isEmpty()) {
                out.append("      ").append(l.detail()).append('\n');
            }
        }
    }

    private static String totalRow(String label, Total t) {
        return String.format(Locale.ROOT, "  %-58s %11s %11s   %s%n", label + (t.complete() ? "" : " (incomplete)"),
                money(t.min()), money(t.max()), money(t.onDemandMin()).strip() + " .. " + money(t.onDemandMax()).strip());
    }

    private static String truncate(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

    /** {@code 1,234.56}, or {@code missing}. */
    static String money(Double usd) {
        return usd == null ? MISSING : String.format(Locale.ROOT, "%,.2f", usd);
    }

    // ---------------------------------------------------------------------------------------------
    // JSON

    public static String json(Estimate e) {
        try {
            return JSON.writeValueAsString(document(e)) + "\n";
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    static Map<String, Object> document(Estimate e) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("format", FORMAT);
        doc.put("stack", e.stack());
        doc.put("currency", "USD");
        doc.put("hoursPerMonth", e.prices().hoursPerMonth());
        doc.put("pricesAsOf", e.prices().asOf());
        doc.put("priceFiles", e.prices().files());
        var regions = new LinkedHashMap<String, Object>();
        regions.put(Estimate.PRIMARY, e.primaryRegion());
        regions.put(Estimate.DR, e.drRegion());
        doc.put("regions", regions);
        var lines = new ArrayList<Map<String, Object>>();
        for (var l : e.lines()) {
            var m = new LinkedHashMap<String, Object>();
            m.put("part", l.part());
            m.put("region", l.region());
            m.put("group", l.group());
            m.put("item", l.item());
            m.put("detail", l.detail());
            m.put("quantities", l.quantities().stream().map(q -> {
                var qm = new LinkedHashMap<String, Object>();
                qm.put("name", q.name());
                qm.put("min", round(q.min(), 3));
                qm.put("max", round(q.max(), 3));
                qm.put("unit", q.unit());
                return qm;
            }).toList());
            m.put("monthlyUsd", range(l.minUsd(), l.maxUsd()));
            m.put("allOnDemandUsd", range(l.onDemandMinUsd(), l.onDemandMaxUsd()));
            m.put("assumption", l.assumption());
            m.put("missingPrices", l.missing());
            m.put("prices", l.prices().stream().map(p -> {
                var pm = new LinkedHashMap<String, Object>();
                pm.put("region", p.region());
                pm.put("key", p.key());
                pm.put("usd", p.usd());
                pm.put("source", p.source());
                pm.put("file", p.file());
                return pm;
            }).toList());
            lines.add(m);
        }
        doc.put("lines", lines);
        var totals = new LinkedHashMap<String, Object>();
        totals.put(Estimate.PRIMARY, total(e.total(Estimate.PRIMARY)));
        totals.put(Estimate.DR, e.part(Estimate.DR).isEmpty() ? null : total(e.total(Estimate.DR)));
        totals.put("all", total(e.total()));
        doc.put("totals", totals);
        doc.put("missingPrices", e.missing());
        doc.put("assumptions", e.assumptionsUsed().stream().map(a -> {
            var am = new LinkedHashMap<String, Object>();
            am.put("key", a.key());
            am.put("value", a.value());
            am.put("unit", a.unit());
            am.put("description", a.description());
            am.put("setBy", a.setBy());
            return am;
        }).toList());
        return doc;
    }

    private static Map<String, Object> total(Total t) {
        var m = new LinkedHashMap<String, Object>();
        m.put("monthlyUsd", range(t.min(), t.max()));
        m.put("allOnDemandUsd", range(t.onDemandMin(), t.onDemandMax()));
        m.put("spotSavingUsd", range(t.spotSavingMin(), t.spotSavingMax()));
        m.put("complete", t.complete());
        m.put("missingPrices", t.missing());
        return m;
    }

    private static Map<String, Object> range(Double min, Double max) {
        var m = new LinkedHashMap<String, Object>();
        m.put("min", min == null ? null : round(min, 2));
        m.put("max", max == null ? null : round(max, 2));
        return m;
    }

    static BigDecimal round(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP);
    }
}
