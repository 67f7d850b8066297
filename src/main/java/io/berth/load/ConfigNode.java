package io.berth.load;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A cursor over a parsed YAML/JSON tree that knows its file and field path. Every typed read
 * either returns a value or records a problem naming the file, the path, the bad value, what is
 * allowed and how to fix it, and returns the default so that loading goes on and reports all
 * problems at once.
 */
public final class ConfigNode {
    private final String file;
    private final String path;
    private final Object value;
    private final Problems problems;
    private final boolean strictText;

    private ConfigNode(String file, String path, Object value, Problems problems, boolean strictText) {
        this.file = file;
        this.path = path;
        this.value = value;
        this.problems = problems;
        this.strictText = strictText;
    }

    /**
     * A tree berth read with the text of each value at hand (a service file, an in-memory document):
     * a text setting takes a number or boolean that prints back as written ({@code PORT: 8080}) and
     * refuses one that does not ({@code tag: 1.10}, a {@link YamlReader.Unquoted}).
     */
    public static ConfigNode root(String file, String path, Object value, Problems problems) {
        return new ConfigNode(file, path, value, problems, false);
    }

    /**
     * A tree as the Pulumi engine passes it (stack config): the text as written is gone, and
     * {@code 012}, {@code 0x0A} and {@code 10} all arrive as 10, so a text setting refuses every
     * number and boolean and asks for quotes.
     */
    public static ConfigNode strictRoot(String file, String path, Object value, Problems problems) {
        return new ConfigNode(file, path, value, problems, true);
    }

    private ConfigNode child(String childPath, Object childValue) {
        return new ConfigNode(file, childPath, childValue, problems, strictText);
    }

    public String file() {
        return file;
    }

    public String path() {
        return path;
    }

    public Problems problems() {
        return problems;
    }

    public boolean isPresent() {
        return value != null;
    }

    /** Records a problem about this field. */
    public void problem(String message) {
        problems.add(file, path.isEmpty() ? "(document)" : path, message);
    }

    /**
     * Records that this field's value cannot be read as what it must be: berth goes on with the
     * default, and anything else said about this field or inside it would be a follow-on of this
     * one mistake, so it is not reported.
     */
    private void unreadable(String message) {
        problems.addUnreadable(file, path.isEmpty() ? "(document)" : path, message);
    }

    /** The child {@code key} of a mapping; absent when this node is absent or not a mapping. */
    public ConfigNode get(String key) {
        var child = path.isEmpty() ? key : path + "." + key;
        if (value instanceof Map<?, ?> map) {
            return child(child, map.get(key));
        }
        return child(child, null);
    }

    /** What a key written without a value is told: YAML reads {@code key:}, {@code key: ~} and {@code key: null} alike. */
    static final String NO_VALUE = "has no value; give it one, or remove the key";

    /**
     * Records every key and list item under this node written without a value ({@code port:},
     * {@code port: ~}, {@code port: null}). Read as absent, it would quietly mean the default (even
     * {@code production:} in a production stack), so it is a mistake wherever it is written.
     */
    public void rejectNoValues() {
        rejectNoValues(path, value);
    }

    private void rejectNoValues(String at, Object v) {
        if (v instanceof Map<?, ?> map) {
            map.forEach((k, x) -> {
                var child = at.isEmpty() ? String.valueOf(k) : at + "." + k;
                if (x == null) {
                    problems.addUnreadable(file, child, NO_VALUE);
                } else {
                    rejectNoValues(child, x);
                }
            });
        } else if (v instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == null) {
                    problems.addUnreadable(file, at + "[" + i + "]", NO_VALUE);
                } else {
                    rejectNoValues(at + "[" + i + "]", list.get(i));
                }
            }
        }
    }

    /** True when this node is absent or a mapping; records a problem otherwise. */
    public boolean expectMapping() {
        if (value == null || value instanceof Map<?, ?>) {
            return true;
        }
        unreadable("must be a mapping of keys to values, got " + describe(value));
        return false;
    }

    /**
     * Rejects keys this mapping does not define, suggesting the closest known key, so that a
     * misspelt setting is an error rather than silently ignored.
     */
    public ConfigNode allowOnly(Collection<String> allowed) {
        if (!expectMapping() || value == null) {
            return this;
        }
        for (var key : ((Map<?, ?>) value).keySet()) {
            var name = String.valueOf(key);
            if (!allowed.contains(name)) {
                var at = path.isEmpty() ? name : path + "." + name;
                problems.add(file, at, "unknown key '" + name + "'" + suggestion(name, allowed)
                        + "; allowed keys here: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return this;
    }

    public ConfigNode allowOnly(String... allowed) {
        return allowOnly(Arrays.asList(allowed));
    }

    /** Entries of a mapping keyed by a stable name (host groups, overrides), in name order. */
    public Map<String, ConfigNode> entries() {
        var out = new LinkedHashMap<String, ConfigNode>();
        if (!expectMapping() || value == null) {
            return out;
        }
        var sorted = new TreeMap<String, Object>();
        ((Map<?, ?>) value).forEach((k, v) -> sorted.put(String.valueOf(k), v));
        sorted.forEach((k, v) -> out.put(k, child(path + "." + k, v)));
        return out;
    }

    /** Items of a list; a missing list is empty. */
    public List<ConfigNode> items() {
        var out = new ArrayList<ConfigNode>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof List<?> list)) {
            unreadable("must be a list, got " + describe(value));
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            out.add(child(path + "[" + i + "]", list.get(i)));
        }
        return out;
    }

    public Optional<String> optionalString() {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String s) {
            if (s.isBlank()) {
                unreadable("must not be empty");
                return Optional.empty();
            }
            return Optional.of(s);
        }
        if (value instanceof YamlReader.Unquoted u) {
            unreadable("must be text: YAML reads the unquoted " + u.text() + " as the " + kind(u.value()) + " " + u.value()
                    + "; write \"" + u.text() + "\" in quotes");
            return Optional.empty();
        }
        if (value instanceof Number || value instanceof Boolean) {
            if (!strictText) {
                return Optional.of(String.valueOf(value));
            }
            unreadable("must be text in quotes, got the " + kind(value) + " " + value + ": unquoted, YAML and the Pulumi CLI read "
                    + (value instanceof Boolean ? "true and false as booleans" : "digits as a number (dropping leading zeros, "
                    + "reading 1.10 as 1.1 and 0x1E as 30)") + "; write the value in quotes as it is meant");
            return Optional.empty();
        }
        unreadable("must be a text value, got " + describe(value));
        return Optional.empty();
    }

    private static String kind(Object v) {
        return v instanceof Boolean ? "boolean" : "number";
    }

    public String string(String defaultValue) {
        return optionalString().orElse(defaultValue);
    }

    /** A required text value; records "is required" with the given hint when missing. */
    public String requireString(String hint) {
        if (value == null) {
            unreadable("is required: " + hint);
            return "";
        }
        return optionalString().orElse("");
    }

    public Optional<Integer> optionalInteger(int min, int max) {
        return optionalInteger(min, max, "");
    }

    /** As {@link #optionalInteger(int, int)}, with {@code why} (e.g. ": the reason") appended to any problem. */
    public Optional<Integer> optionalInteger(int min, int max, String why) {
        if (value == null) {
            return Optional.empty();
        }
        Object value = plainValue();
        Long parsed = null;
        if (value instanceof java.math.BigInteger big) {
            unreadable("must be between " + min + " and " + max + ", got " + big + why);
            return Optional.empty();
        }
        if (value instanceof Integer || value instanceof Long) {
            parsed = ((Number) value).longValue();
        } else if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e18) {
            parsed = d.longValue();
        } else if (value instanceof String s && s.trim().matches("-?\\d{1,18}")) {
            parsed = Long.parseLong(s.trim());
        }
        if (parsed == null) {
            unreadable("must be a whole number between " + min + " and " + max + ", got " + describe(this.value) + why);
            return Optional.empty();
        }
        if (parsed < min || parsed > max) {
            unreadable("must be between " + min + " and " + max + ", got " + parsed + why);
            return Optional.empty();
        }
        return Optional.of(parsed.intValue());
    }

    public int integer(int defaultValue, int min, int max) {
        return optionalInteger(min, max).orElse(defaultValue);
    }

    public Optional<Boolean> optionalBool() {
        if (value == null) {
            return Optional.empty();
        }
        if (plainValue() instanceof Boolean b) {
            return Optional.of(b);
        }
        if (value instanceof String s && (s.equals("true") || s.equals("false"))) {
            return Optional.of(Boolean.parseBoolean(s));
        }
        unreadable("must be true or false, got " + describe(value));
        return Optional.empty();
    }

    public boolean bool(boolean defaultValue) {
        return optionalBool().orElse(defaultValue);
    }

    /** A value from a closed set, e.g. {@code single | per-az | none}. */
    public String oneOf(String defaultValue, Collection<String> allowed) {
        if (strictText && (plainValue() instanceof Number || plainValue() instanceof Boolean)) {
            // quoting would not help: no allowed value is a number or a boolean
            unreadable("must be one of " + String.join(", ", allowed) + ", got the " + kind(plainValue()) + " " + plainValue());
            return defaultValue;
        }
        var s = optionalString();
        if (s.isEmpty()) {
            return defaultValue;
        }
        if (!allowed.contains(s.get())) {
            unreadable("must be one of " + String.join(", ", allowed) + ", got '" + s.get() + "'"
                    + suggestion(s.get(), allowed));
            return defaultValue;
        }
        return s.get();
    }

    public List<String> stringList() {
        var out = new ArrayList<String>();
        for (var item : items()) {
            item.optionalString().ifPresent(out::add);
        }
        return out;
    }

    /**
     * A list of names where order carries no meaning and a repeat is a mistake (instance types,
     * CIDR blocks, accounts, services called): each repeat is reported at its item, and left out.
     */
    public List<String> distinctStringList() {
        var out = new ArrayList<String>();
        for (var item : items()) {
            item.optionalString().ifPresent(v -> {
                if (out.contains(v)) {
                    item.problem("'" + v + "' is listed twice; remove one");
                } else {
                    out.add(v);
                }
            });
        }
        return out;
    }

    /** A mapping of text to text (tags, environment variables), in key order. */
    public Map<String, String> stringMap() {
        var out = new TreeMap<String, String>();
        entries().forEach((k, v) -> {
            if (!v.isPresent()) {
                v.unreadable(NO_VALUE);
            }
            v.optionalString().ifPresent(s -> out.put(k, s));
        });
        return out;
    }

    /**
     * The raw value, for callers that need to know whether a key was set at all: a number or a
     * boolean as YAML read it, even where it was written differently ({@link YamlReader.Unquoted}).
     */
    public Object raw() {
        return plainValue();
    }

    private Object plainValue() {
        return value instanceof YamlReader.Unquoted u ? u.value() : value;
    }

    static String suggestion(String given, Collection<String> allowed) {
        var distance = LevenshteinDistance.getDefaultInstance();
        return allowed.stream()
                .min(Comparator.comparingInt((String a) -> distance.apply(a.toLowerCase(), given.toLowerCase())))
                .filter(best -> distance.apply(best.toLowerCase(), given.toLowerCase()) <= Math.max(2, given.length() / 3))
                .map(best -> " (did you mean '" + best + "'?)")
                .orElse("");
    }

    static String describe(Object v) {
        if (v instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        return String.valueOf(v);
    }
}
