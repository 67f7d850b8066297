package io.berth.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Structural differences between two JSON values. Inputs that are JSON documents held in a string
 * (a task definition's {@code containerDefinitions}, IAM {@code policy} and {@code assumeRolePolicy},
 * lifecycle policies, provider settings) are parsed and compared field by field, not as one string.
 * Lists of objects that all carry a distinct identifying field ({@code name}, {@code Sid}...) are
 * matched by it, so reordering or inserting one container, variable or statement shows only that one.
 */
public final class JsonDiff {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Fields that identify an element of a list of objects, tried in this order. */
    static final List<String> LIST_KEYS = List.of("name", "Sid", "sid", "capacityProvider", "sourceVolume", "containerName");

    /** Numbers compare by value ({@code 1}, {@code 1.0} and {@code 1L} are equal); absent equals null. */
    private static final Comparator<JsonNode> VALUE_ORDER = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private JsonDiff() {
    }

    /** The differences between two objects of inputs, top-level JSON strings expanded. */
    public static List<PropertyChange> diff(JsonNode before, JsonNode after) {
        var out = new ArrayList<PropertyChange>();
        walk("", expand(before), expand(after), out);
        return out;
    }

    /** Value equality as the diff sees it: numbers by value, absent and null alike. */
    public static boolean same(JsonNode a, JsonNode b) {
        if (absent(a) || absent(b)) {
            return absent(a) && absent(b);
        }
        return a.equals(VALUE_ORDER, b);
    }

    /** The value with every string that holds a JSON object or list replaced by the parsed document. */
    public static JsonNode expand(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            var text = node.textValue().trim();
            if ((text.startsWith("{") && text.endsWith("}")) || (text.startsWith("[") && text.endsWith("]"))) {
                try {
                    return expand(JSON.readTree(text));
                } catch (JsonProcessingException e) {
                    return node;
                }
            }
            return node;
        }
        if (node.isObject()) {
            var out = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), expand(e.getValue())));
            return out;
        }
        if (node.isArray()) {
            var out = JSON.createArrayNode();
            node.forEach(e -> out.add(expand(e)));
            return out;
        }
        return node;
    }

    /** Every scalar (and every empty container) of an expanded value, by path. */
    public static Map<String, JsonNode> leaves(JsonNode node) {
        var out = new TreeMap<String, JsonNode>();
        leaves("", node, (path, value) -> out.put(path, value));
        return out;
    }

    interface LeafSink {
        void accept(String path, JsonNode value);
    }

    static void leaves(String path, JsonNode node, LeafSink sink) {
        if (absent(node)) {
            return;
        }
        if (node.isObject() && node.size() > 0) {
            node.fields().forEachRemaining(e -> leaves(PropertyPaths.child(path, e.getKey()), e.getValue(), sink));
        } else if (node.isArray() && node.size() > 0) {
            var key = listKey((ArrayNode) node, null);
            for (int i = 0; i < node.size(); i++) {
                var element = node.get(i);
                leaves(PropertyPaths.element(path, key == null ? String.valueOf(i) : element.get(key).asText()), element, sink);
            }
        } else {
            sink.accept(path, node);
        }
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static void walk(String path, JsonNode a, JsonNode b, List<PropertyChange> out) {
        if (same(a, b)) {
            return;
        }
        if (!absent(a) && !absent(b) && a.isObject() && b.isObject()) {
            var keys = new TreeSet<String>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (var k : keys) {
                walk(PropertyPaths.child(path, k), a.get(k), b.get(k), out);
            }
            return;
        }
        if (!absent(a) && !absent(b) && a.isArray() && b.isArray() && !(scalars(a) && scalars(b))) {
            var key = listKey((ArrayNode) a, (ArrayNode) b);
            if (key != null) {
                var original = byKey((ArrayNode) a, key);
                var after = byKey((ArrayNode) b, key);
                var gone = original.keySet().stream().filter(k -> !after.containsKey(k)).toList();
                var come = after.keySet().stream().filter(k -> !original.containsKey(k)).toList();
                var before = original;
                if (gone.size() == 1 && come.size() == 1) {
                    // one element renamed (a container named after its service): compare it field by field
                    var renamed = new LinkedHashMap<String, JsonNode>();
                    original.forEach((k, v) -> renamed.put(k.equals(gone.get(0)) ? come.get(0) : k, v));
                    before = renamed;
                }
                var order = new ArrayList<String>(after.keySet());
                before.keySet().stream().filter(k -> !after.containsKey(k)).forEach(order::add);
                for (var k : order) {
                    walk(PropertyPaths.element(path, k), before.get(k), after.get(k), out);
                }
                if (!before.keySet().equals(after.keySet()) || new ArrayList<>(before.keySet()).equals(new ArrayList<>(after.keySet()))) {
                    return;
                }
                // same elements, new order: order matters in a list (the first container, the first statement...)
                out.add(PropertyChange.input(PropertyPaths.child(path, "(order)"), keysNode(before.keySet()), keysNode(after.keySet())));
                return;
            }
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                walk(PropertyPaths.element(path, String.valueOf(i)), a.get(i), b.get(i), out);
            }
            return;
        }
        out.add(PropertyChange.input(path, absent(a) ? null : a, absent(b) ? null : b));
    }

    private static boolean scalars(JsonNode list) {
        for (var e : list) {
            if (e.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    /** The identifying field every element of both lists has, with distinct scalar values; null if none. */
    static String listKey(ArrayNode a, ArrayNode b) {
        for (var key : LIST_KEYS) {
            if (keyedBy(a, key) && (b == null || keyedBy(b, key))) {
                return key;
            }
        }
        return null;
    }

    private static boolean keyedBy(ArrayNode list, String key) {
        if (list.isEmpty()) {
            return true;
        }
        var seen = new HashSet<String>();
        for (var e : list) {
            var id = e.isObject() ? e.get(key) : null;
            if (id == null || !id.isValueNode() || id.isNull() || !seen.add(id.asText())) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, JsonNode> byKey(ArrayNode list, String key) {
        var out = new LinkedHashMap<String, JsonNode>();
        list.forEach(e -> out.put(e.get(key).asText(), e));
        return out;
    }

    private static JsonNode keysNode(Iterable<String> keys) {
        var out = JSON.createArrayNode();
        keys.forEach(out::add);
        return out;
    }

    /** Every string in a value, with a function applied (used to compare renamed resources). */
    static JsonNode mapStrings(JsonNode node, java.util.function.UnaryOperator<String> f) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return JSON.getNodeFactory().textNode(f.apply(node.textValue()));
        }
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> out.set(f.apply(e.getKey()), mapStrings(e.getValue(), f)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(e -> out.add(mapStrings(e, f)));
            return out;
        }
        return node;
    }
}
