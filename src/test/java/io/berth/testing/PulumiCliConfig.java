package io.berth.testing;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code PULUMI_CONFIG} JSON the real Pulumi CLI hands the Java language host for a stack file,
 * written independently of berth's own reader so that comparing the two proves something.
 *
 * <p>What the CLI does (pulumi/pulumi {@code sdk/go/common/resource/config/value.go}, yaml.v3):
 * each {@code config:} entry is first decoded into a Go string, which succeeds for any scalar and
 * keeps its text as written ({@code 7}, {@code yes}, {@code 0x1E} stay as typed); otherwise it is
 * decoded into {@code interface{}} with yaml.v3's resolver and re-encoded with {@code json.Marshal}
 * (keys sorted, compact, {@code < > &} escaped). yaml.v3 resolves only {@code true/false} (in three
 * spellings) as booleans; {@code yes/no/on/off} and timestamps stay strings; integers go through Go's
 * {@code strconv.ParseInt(s, 0, 64)} after removing underscores; {@code ~}, {@code null} and empty are
 * null. The outer object maps each key to its string and is itself {@code json.Marshal}ed.
 */
public final class PulumiCliConfig {
    private static final Pattern YAML_STYLE_FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");

    private PulumiCliConfig() {
    }

    /** PULUMI_CONFIG for the stack file at {@code stackFile}. */
    public static String forStackFile(Path stackFile) {
        try {
            return forYaml(Files.readString(stackFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String forYaml(String yaml) {
        var root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        var out = new TreeMap<String, Object>();
        if (root instanceof MappingNode doc) {
            for (var entry : doc.getValue()) {
                if (!"config".equals(((ScalarNode) entry.getKeyNode()).getValue())) {
                    continue;
                }
                for (var setting : ((MappingNode) entry.getValueNode()).getValue()) {
                    var key = ((ScalarNode) setting.getKeyNode()).getValue();
                    var value = setting.getValueNode();
                    if (value instanceof ScalarNode scalar) {
                        // decoded into a Go string: the text as written; a plain null (~, null, nothing) leaves
                        // the string empty (yaml.v3's decoder.null sets only interfaces, pointers, maps and slices)
                        out.put(key, scalar.isPlain() && resolvePlain(scalar.getValue()) == null ? "" : scalar.getValue());
                    } else {
                        var tree = decode(value);
                        if (tree instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("secure")) {
                            throw new IllegalArgumentException(key + " is a secret: the CLI would decrypt it, this emulation cannot");
                        }
                        out.put(key, goJson(tree));
                    }
                }
            }
        }
        return goJson(out);
    }

    /** yaml.v3 decoding into {@code interface{}}, with Pulumi's map-key fix-up ({@code fmt.Sprintf("%v", key)}). */
    static Object decode(Node node) {
        if (node instanceof MappingNode m) {
            var out = new TreeMap<String, Object>();
            for (var t : m.getValue()) {
                out.put(String.valueOf(decode(t.getKeyNode())), decode(t.getValueNode()));
            }
            return out;
        }
        if (node instanceof SequenceNode s) {
            var out = new ArrayList<Object>();
            s.getValue().forEach(n -> out.add(decode(n)));
            return out;
        }
        var scalar = (ScalarNode) node;
        // an explicit !!str (the tag differs from what the scalar resolves to untagged) keeps the text
        var explicitStr = scalar.getTag().equals(org.yaml.snakeyaml.nodes.Tag.STR) && !new org.yaml.snakeyaml.resolver.Resolver()
                .resolve(org.yaml.snakeyaml.nodes.NodeId.scalar, scalar.getValue(), true).equals(org.yaml.snakeyaml.nodes.Tag.STR);
        return scalar.isPlain() && !explicitStr ? resolvePlain(scalar.getValue()) : scalar.getValue();
    }

    /** yaml.v3 {@code resolve()} for an untagged plain scalar. */
    static Object resolvePlain(String in) {
        switch (in) {
            case "", "~", "null", "Null", "NULL":
                return null;
            case "true", "True", "TRUE":
                return Boolean.TRUE;
            case "false", "False", "FALSE":
                return Boolean.FALSE;
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
                return Double.POSITIVE_INFINITY;
            case "-.inf", "-.Inf", "-.INF":
                return Double.NEGATIVE_INFINITY;
            case ".nan", ".NaN", ".NAN":
                return Double.NaN;
            default:
                break;
        }
        char first = in.charAt(0);
        if (first == '.') {
            return parseFloat(in, in);
        }
        if (Character.isDigit(first) || first == '+' || first == '-') {
            // Timestamps look like 2024-01-01: yaml.v3 keeps them as strings when decoding into interface{}.
            var plain = in.replace("_", "");
            var integer = goParseIntBase0(plain);
            if (integer != null) {
                return integer;
            }
            if (YAML_STYLE_FLOAT.matcher(plain).matches()) {
                return parseFloat(plain, in);
            }
        }
        return in;
    }

    private static Object parseFloat(String s, String fallback) {
        try {
            var d = Double.parseDouble(s);
            // Go's ParseFloat reports a range error for 1e999; yaml.v3 then keeps the text
            return Double.isInfinite(d) ? fallback : d;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)}: sign, then 0x / 0o / 0b / leading-0 octal / decimal. */
    static Object goParseIntBase0(String s) {
        var body = s;
        var negative = false;
        if (body.startsWith("+") || body.startsWith("-")) {
            negative = body.startsWith("-");
            body = body.substring(1);
        }
        int radix = 10;
        var lower = body.toLowerCase();
        if (lower.startsWith("0x")) {
            radix = 16;
            body = body.substring(2);
        } else if (lower.startsWith("0o")) {
            radix = 8;
            body = body.substring(2);
        } else if (lower.startsWith("0b")) {
            radix = 2;
            body = body.substring(2);
        } else if (body.length() > 1 && body.startsWith("0")) {
            radix = 8;
            body = body.substring(1);
        }
        final int base = radix;
        if (body.isEmpty() || !body.chars().allMatch(c -> Character.digit(c, base) >= 0)) {
            return null;
        }
        var value = new java.math.BigInteger(body, radix);
        value = negative ? value.negate() : value;
        if (value.bitLength() < 64) {
            return value.longValue();
        }
        // yaml.v3 tries strconv.ParseUint next: a uint64 stays an integer
        return !negative && value.bitLength() == 64 ? value : null;
    }

    /** Go's {@code json.Marshal} for decoded YAML: maps with sorted keys, compact, HTML-safe strings. */
    static String goJson(Object value) {
        var out = new StringBuilder();
        writeJson(value, out);
        return out.toString();
    }

    private static void writeJson(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            var first = true;
            for (var e : new TreeMap<>(map).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                writeString(String.valueOf(e.getKey()), out);
                out.append(':');
                writeJson(e.getValue(), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeJson(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new IllegalArgumentException("json: unsupported value: " + d); // as Go's encoder
            }
            var abs = Math.abs(d);
            out.append(abs != 0 && (abs < 1e-6 || abs >= 1e21)
                    ? String.format("%e", d) // rare; not byte-exact with Go, never produced by berth's configs
                    : new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString());
        } else {
            out.append(value); // Long, Boolean
        }
    }

    private static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
