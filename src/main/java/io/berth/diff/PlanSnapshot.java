package io.berth.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.plan.Plan;
import io.berth.plan.PlanJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plan file ({@code berth-plan/1}) as the diff reads it, whichever code wrote it: the base revision's
 * own planner writes a file, the working tree's plan is rendered in process with the same
 * {@link PlanJson}, so both sides go through one JSON representation.
 *
 * @param stack     the stack
 * @param resources each resource's JSON object, by URN, in URN order
 * @param outputs   the stack outputs
 * @param file      where the plan was read from or written to; null when it only lives in memory
 */
public record PlanSnapshot(String stack, Map<String, JsonNode> resources, JsonNode outputs, Path file) {
    public PlanSnapshot {
        resources = Collections.unmodifiableMap(new LinkedHashMap<>(resources));
    }

    public static PlanSnapshot of(Plan plan) {
        return parse(PlanJson.render(plan), null);
    }

    /** A stack that does not exist at this revision: nothing planned. */
    public static PlanSnapshot empty(String stack) {
        return new PlanSnapshot(stack, Map.of(), JsonDiff.JSON.createObjectNode(), null);
    }

    public static PlanSnapshot read(Path file) {
        try {
            return parse(Files.readString(file), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plan " + file, e);
        }
    }

    public static PlanSnapshot parse(String json, Path file) {
        JsonNode root;
        try {
            root = JsonDiff.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("plan " + (file == null ? "" : file + " ") + "is not valid JSON: " + e.getMessage(), e);
        }
        if (!PlanJson.FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException("plan " + (file == null ? "" : file + " ") + "has format "
                    + root.path("format") + "; expected " + PlanJson.FORMAT);
        }
        var resources = new LinkedHashMap<String, JsonNode>();
        root.path("resources").forEach(r -> resources.put(r.path("urn").asText(), r));
        return new PlanSnapshot(root.path("stack").asText(), resources, root.path("outputs"), file);
    }

    public PlanSnapshot withFile(Path file) {
        return new PlanSnapshot(stack, resources, outputs, file);
    }

    /** Writes the plan as a berth-plan/1 file (for the policy check), returning the snapshot that points to it. */
    public static PlanSnapshot write(Plan plan, Path dir) {
        try {
            return of(plan).withFile(PlanJson.write(plan, dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode get(String urn) {
        return resources.get(urn);
    }

    /** How deep a resource sits under the stack (the stack's direct children are 0). */
    public int depth(String urn) {
        int depth = 0;
        var parent = parentOf(resources.get(urn));
        while (resources.containsKey(parent) && depth < 100) {
            depth++;
            parent = parentOf(resources.get(parent));
        }
        return depth;
    }

    static String parentOf(JsonNode r) {
        return r == null ? "" : r.path("parent").asText("");
    }
}
