package io.berth.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The list prices an estimate uses: berth's dated file ({@code io/berth/cost/prices.json}), optionally
 * with a user's file laid over it ({@code --prices}). A figure belongs to one region (or to
 * {@code global} for Route 53); {@link #find} never falls back to another region, so a figure that
 * is not in the files is reported as missing.
 *
 * @param asOf          the date of the figures (the user's file's date when it gives one)
 * @param currency      always USD
 * @param hoursPerMonth hours in a month (730, as the AWS Pricing Calculator counts)
 * @param regional      region -> price key -> figure
 * @param global        price key -> figure, for global services
 * @param instanceTypes EC2 instance sizes, to pack host-group tasks onto instances
 * @param assumptions   usage figures for usage-priced items, by key
 * @param files         where the figures were read, berth's file first
 */
public record Prices(String asOf, String currency, double hoursPerMonth, Map<String, Map<String, Price>> regional,
                     Map<String, Price> global, Map<String, InstanceType> instanceTypes, Map<String, Assumption> assumptions,
                     List<String> files) {
    public static final String FORMAT = "berth-prices/1";
    /** The shipped file, on the classpath. */
    public static final String RESOURCE = "io/berth/cost/prices.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One figure and where it was read. */
    public record Price(double usd, String source, String note, String file) {
    }

    /** An instance type's size: what host-group tasks are packed onto. */
    public record InstanceType(double vcpu, double memoryGiB) {
    }

    /** A usage figure for a usage-priced item (data processed, log ingestion, build minutes, LCUs). */
    public record Assumption(String key, double value, String unit, String description, String setBy) {
    }

    /** A prices file that cannot be used: the message names the file, the field and the fix. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message);
        }
    }

    public Prices {
        regional = Collections.unmodifiableMap(new TreeMap<>(regional));
        global = Map.copyOf(global);
        instanceTypes = Map.copyOf(instanceTypes);
        assumptions = Collections.unmodifiableMap(new LinkedHashMap<>(assumptions));
        files = List.copyOf(files);
    }

    /** berth's shipped prices. */
    public static Prices shipped() {
        try (InputStream in = Prices.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the shipped price file " + RESOURCE + " is not on the classpath");
            }
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "berth:" + RESOURCE, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    /** berth's shipped prices with the user's file laid over them (figures, instance types, assumptions, date). */
    public static Prices shippedWith(Path userFile) {
        var shipped = shipped();
        if (userFile == null) {
            return shipped;
        }
        String text;
        try {
            text = Files.readString(userFile);
        } catch (IOException e) {
            throw new Invalid(userFile + ": cannot be read (" + e.getMessage() + "); --prices takes a JSON file in the "
                    + FORMAT + " format (docs/cost.md)");
        }
        return parse(text, userFile.toString(), shipped);
    }

    /** Parses a prices document; with {@code base}, its figures are laid over the base's. */
    static Prices parse(String text, String file, Prices base) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Invalid(file + ": not valid JSON: " + e.getOriginalMessage() + "; --prices takes a JSON file in the "
                    + FORMAT + " format (docs/cost.md)");
        }
        if (root == null || !root.isObject()) {
            throw new Invalid(file + ": must be a JSON object in the " + FORMAT + " format (docs/cost.md)");
        }
        var format = root.path("format");
        if (!format.isMissingNode() && !FORMAT.equals(format.asText())) {
            throw new Invalid(file + ": format: must be " + FORMAT + ", got " + format + "; remove it or set it to " + FORMAT);
        }
        var currency = root.path("currency");
        if (!currency.isMissingNode() && !"USD".equals(currency.asText())) {
            throw new Invalid(file + ": currency: only USD is supported, got " + currency + "; give every figure in US dollars");
        }
        String asOf = base == null ? null : base.asOf();
        if (root.has("asOf")) {
            asOf = root.get("asOf").asText();
            if (!asOf.matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new Invalid(file + ": asOf: must be a date like 2026-11-27, got " + root.get("asOf"));
            }
        } else if (base == null) {
            throw new Invalid(file + ": asOf: missing; give the date of the figures, like 2026-11-27");
        }
        double hours = base == null ? 730 : base.hoursPerMonth();
        if (root.has("hoursPerMonth")) {
            hours = positive(root.get("hoursPerMonth").path("value"), file, "hoursPerMonth.value");
        }
        var regional = new TreeMap<String, Map<String, Price>>();
        if (base != null) {
            base.regional().forEach((region, prices) -> regional.put(region, new TreeMap<>(prices)));
        }
        var regions = root.path("regions");
        requireObjectOrMissing(regions, file, "regions");
        regions.fields().forEachRemaining(e -> {
            if (!e.getKey().matches("[a-z]{2}(-gov)?-[a-z]+-\\d")) {
                throw new Invalid(file + ": regions." + e.getKey() + ": not an AWS region name (like eu-west-1)");
            }
            requireObjectOrMissing(e.getValue(), file, "regions." + e.getKey());
            var map = regional.computeIfAbsent(e.getKey(), k -> new TreeMap<>());
            e.getValue().fields().forEachRemaining(p -> map.put(p.getKey(),
                    price(p.getValue(), file, "regions." + e.getKey() + "." + p.getKey())));
        });
        var global = new TreeMap<String, Price>(base == null ? Map.of() : base.global());
        requireObjectOrMissing(root.path("global"), file, "global");
        root.path("global").fields().forEachRemaining(p -> global.put(p.getKey(), price(p.getValue(), file, "global." + p.getKey())));
        var types = new TreeMap<String, InstanceType>(base == null ? Map.of() : base.instanceTypes());
        requireObjectOrMissing(root.path("instanceTypes"), file, "instanceTypes");
        root.path("instanceTypes").fields().forEachRemaining(t -> types.put(t.getKey(), new InstanceType(
                positive(t.getValue().path("vcpu"), file, "instanceTypes." + t.getKey() + ".vcpu"),
                positive(t.getValue().path("memoryGiB"), file, "instanceTypes." + t.getKey() + ".memoryGiB"))));
        var assumptions = new LinkedHashMap<String, Assumption>(base == null ? Map.of() : base.assumptions());
        requireObjectOrMissing(root.path("assumptions"), file, "assumptions");
        root.path("assumptions").fields().forEachRemaining(a -> {
            var path = "assumptions." + a.getKey();
            var known = assumptions.get(a.getKey());
            if (known == null && base != null) {
                throw new Invalid(file + ": " + path + ": unknown assumption; known: " + String.join(", ", assumptions.keySet()));
            }
            var value = a.getValue().path("value");
            if (!value.isNumber() || value.asDouble() < 0) {
                throw new Invalid(file + ": " + path + ".value: must be a number >= 0, got " + (value.isMissingNode() ? "nothing" : value));
            }
            assumptions.put(a.getKey(), new Assumption(a.getKey(), value.asDouble(),
                    a.getValue().path("unit").asText(known == null ? "" : known.unit()),
                    a.getValue().path("description").asText(known == null ? "" : known.description()),
                    base == null ? "berth" : file));
        });
        var files = new ArrayList<String>(base == null ? List.of() : base.files());
        files.add(file);
        return new Prices(asOf, "USD", hours, regional, global, types, assumptions, files);
    }

    private static Price price(JsonNode node, String file, String path) {
        if (!node.isObject()) {
            throw new Invalid(file + ": " + path + ": must be an object like {\"usd\": 0.048, \"source\": \"https://...\"}, got " + node);
        }
        var usd = node.path("usd");
        if (!usd.isNumber() || usd.asDouble() < 0) {
            throw new Invalid(file + ": " + path + ".usd: must be a number >= 0 (US dollars), got "
                    + (usd.isMissingNode() ? "nothing" : usd));
        }
        var source = node.path("source").asText("");
        if (source.isBlank()) {
            throw new Invalid(file + ": " + path + ".source: missing; say where the figure comes from (a URL, or \"our contract\")");
        }
        return new Price(usd.asDouble(), source, node.path("note").asText(""), file);
    }

    private static double positive(JsonNode node, String file, String path) {
        if (!node.isNumber() || node.asDouble() <= 0) {
            throw new Invalid(file + ": " + path + ": must be a number > 0, got " + (node.isMissingNode() ? "nothing" : node));
        }
        return node.asDouble();
    }

    private static void requireObjectOrMissing(JsonNode node, String file, String path) {
        if (!node.isMissingNode() && !node.isObject()) {
            throw new Invalid(file + ": " + path + ": must be an object, got " + node);
        }
    }

    /** The figure for this key in this region, else in {@code global}; never another region's. */
    public Optional<Price> find(String region, String key) {
        var inRegion = region == null ? null : regional.getOrDefault(region, Map.of()).get(key);
        return Optional.ofNullable(inRegion != null ? inRegion : global.get(key));
    }

    /** These prices with some assumptions set ({@code --assume key=value}); unknown keys are an error. */
    public Prices withAssumptions(Map<String, Double> values, String setBy) {
        var out = new LinkedHashMap<>(assumptions);
        values.forEach((key, value) -> {
            var known = out.get(key);
            if (known == null) {
                throw new Invalid(setBy + ": unknown assumption " + key + "; known: " + String.join(", ", out.keySet()));
            }
            if (value < 0 || !Double.isFinite(value)) {
                throw new Invalid(setBy + ": " + key + " must be a number >= 0, got " + value);
            }
            out.put(key, new Assumption(key, value, known.unit(), known.description(), setBy));
        });
        return new Prices(asOf, currency, hoursPerMonth, regional, global, instanceTypes, out, files);
    }

    public Assumption assumption(String key) {
        var a = assumptions.get(key);
        if (a == null) {
            throw new Invalid("no assumption " + key + " in " + String.join(", ", files) + "; known: " + String.join(", ", assumptions.keySet()));
        }
        return a;
    }
}
