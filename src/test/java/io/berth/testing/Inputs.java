package io.berth.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exact assertions on a planned resource's inputs, written as JSON. Whole numbers read as longs
 * (as the plan records them). {@code ${id:<logical name>}} stands for the id the mock gave that
 * resource, so a reference is checked to point where it should without copying mock ids.
 *
 * <pre>{@code
 * Inputs.assertInputs(plan, "dev-nat-1", """
 *         {"allocationId": "${id:dev-nat-eip-1}", "connectivityType": "public", "subnetId": "${id:dev-public-1}"}""");
 * }</pre>
 */
public final class Inputs {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
    private static final Pattern ID = Pattern.compile("\\$\\{id:([^}]+)}");

    private Inputs() {
    }

    /** The inputs without {@code tags}, which tests assert on their own where they matter. */
    public static Map<String, Object> untagged(PlannedResource r) {
        var out = new TreeMap<>(r.inputs());
        out.remove("tags");
        return out;
    }

    /** The inputs of the resource named {@code name}, tags aside, are exactly {@code json}. */
    public static PlannedResource assertInputs(Plan plan, String name, String json) {
        var r = plan.named(name);
        assertThat(untagged(r)).as("inputs of %s", name).isEqualTo(parse(plan, json));
        return r;
    }

    /** The resource's inputs, tags included, are exactly {@code json}. */
    public static PlannedResource assertAllInputs(Plan plan, String name, String json) {
        var r = plan.named(name);
        assertThat(r.inputs()).as("inputs of %s", name).isEqualTo(parse(plan, json));
        return r;
    }

    /** {@code json} with {@code ${id:name}} resolved against {@code plan}, as maps, lists, strings, longs, booleans. */
    public static Map<String, Object> parse(Plan plan, String json) {
        var resolved = ID.matcher(json).replaceAll(m -> Matcher.quoteReplacement(plan.named(m.group(1)).id()));
        return json(resolved);
    }

    /** A JSON document (a policy, a lifecycle rule) as maps and lists. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(String text) {
        try {
            return JSON.readValue(text, Map.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** The string input {@code key} holds exactly this JSON document (a policy, a lifecycle rule), compared as a tree. */
    public static void assertJsonInput(Plan plan, String name, String key, String json) {
        var r = plan.named(name);
        assertThat(r.inputs()).as("%s of %s", key, name).containsKey(key);
        assertThat(jsonInput(r, key)).as("%s of %s", key, name).isEqualTo(parse(plan, json));
    }

    /** A string input holding a JSON document, parsed. */
    public static Map<String, Object> jsonInput(PlannedResource r, String key) {
        return json((String) r.inputs().get(key));
    }

    /** The value at a dotted path of nested maps ({@code autoScalingGroupProvider.managedScaling.status}). */
    @SuppressWarnings("unchecked")
    public static <T> T at(PlannedResource r, String path) {
        Object at = r.inputs();
        for (var key : path.split("\\.")) {
            assertThat(at).as("%s of %s", path, r.name()).isInstanceOf(Map.class);
            at = ((Map<String, Object>) at).get(key);
        }
        return (T) at;
    }

    /** Names of the resources of {@code type}, sorted. */
    public static List<String> names(Plan plan, String type) {
        return plan.ofType(type).stream().map(PlannedResource::name).sorted().toList();
    }
}
