package io.berth.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** A plan file ({@code berth-plan/1}) written by hand: only what the estimator reads. */
final class HandPlan {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PRIMARY = "urn:pulumi:t::berth::pulumi:providers:aws::primary::primary-provider-id";
    static final String DR = "urn:pulumi:t::berth::pulumi:providers:aws::dr::dr-provider-id";

    private final ObjectNode root = JSON.createObjectNode();
    private final ArrayNode resources;

    HandPlan(String stack, String region) {
        root.put("format", "berth-plan/1");
        root.put("stack", stack);
        root.put("region", region);
        resources = root.putArray("resources");
        provider("primary", region);
    }

    HandPlan provider(String name, String region) {
        var r = add("pulumi:providers:aws", name, "", "", Map.of("region", region));
        r.put("custom", true);
        return this;
    }

    /** A resource through the primary provider (or the DR provider when {@code dr}), under {@code parent} ("" for the stack). */
    ObjectNode add(String type, String name, String parent, boolean dr, Map<String, ?> inputs) {
        return add(type, name, parent, dr ? DR : PRIMARY, inputs);
    }

    private ObjectNode add(String type, String name, String parent, String provider, Map<String, ?> inputs) {
        var r = resources.addObject();
        r.put("urn", "urn:pulumi:t::berth::" + type + "::" + name);
        r.put("type", type);
        r.put("name", name);
        r.put("custom", true);
        r.put("parent", parent);
        r.put("provider", provider);
        r.set("inputs", JSON.valueToTree(inputs));
        return r;
    }

    JsonNode root() {
        return root;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
