package io.berth.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** Small hand-built plans in the berth-plan/1 shape, for diff tests that need no engine. */
final class TestPlans {
    static final String STACK = "dev";
    static final String ROOT = "urn:pulumi:dev::berth::pulumi:pulumi:Stack::berth-dev";
    static final String PROVIDER = "urn:pulumi:dev::berth::pulumi:providers:aws::primary::primary-provider-id";

    private TestPlans() {
    }

    static PlanSnapshot plan(Res... resources) {
        var root = JsonDiff.JSON.createObjectNode();
        root.put("format", "berth-plan/1");
        root.put("stack", STACK);
        root.set("outputs", JsonDiff.JSON.createObjectNode());
        var list = root.putArray("resources");
        var sorted = new ArrayList<>(List.of(resources));
        sorted.sort((a, b) -> a.urn().compareTo(b.urn()));
        sorted.forEach(r -> list.add(r.node.deepCopy()));
        return PlanSnapshot.parse(root.toString(), null);
    }

    static Res component(String type, String name) {
        return new Res(type, name, null, false);
    }

    static Res resource(String type, String name, Res parent) {
        return new Res(type, name, parent, true);
    }

    static JsonNode json(String text) {
        try {
            return JsonDiff.JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** One resource, changed fluently; {@link #copy} before changing a shared one. */
    static final class Res {
        final ObjectNode node;
        final String chain;

        private Res(String type, String name, Res parent, boolean custom) {
            this(JsonDiff.JSON.createObjectNode(), parent == null ? type : parent.chain + "$" + type);
            node.put("urn", "urn:pulumi:dev::berth::" + chain + "::" + name);
            node.put("type", type);
            node.put("name", name);
            node.put("custom", custom);
            node.put("id", name);
            node.put("parent", parent == null ? ROOT : parent.urn());
            node.put("provider", custom ? PROVIDER : "");
            node.putArray("dependencies");
            var options = node.putObject("options");
            options.put("protect", false);
            options.put("retainOnDelete", false);
            options.putArray("ignoreChanges");
            options.putArray("replaceOnChanges");
            node.putObject("inputs");
        }

        private Res(ObjectNode node, String chain) {
            this.node = node;
            this.chain = chain;
        }

        String urn() {
            return node.path("urn").asText();
        }

        Res copy() {
            return new Res(node.deepCopy(), chain);
        }

        Res id(String id) {
            node.put("id", id);
            return this;
        }

        Res input(String key, Object value) {
            ((ObjectNode) node.get("inputs")).set(key, value instanceof JsonNode j ? j : JsonDiff.JSON.valueToTree(value));
            return this;
        }

        Res option(String key, Object value) {
            ((ObjectNode) node.get("options")).set(key, JsonDiff.JSON.valueToTree(value));
            return this;
        }

        Res dependsOn(Res other) {
            ((ArrayNode) node.get("dependencies")).add(other.urn());
            return this;
        }
    }
}
