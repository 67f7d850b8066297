package io.berth.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan file, {@code target/plan/<stack>.json} (format {@code berth-plan/1}): what policy checks,
 * diffs, cost estimates and pictures read. Keys are sorted and resources ordered by URN, so two
 * plans of the same input are byte-identical.
 */
public final class PlanJson {
    public static final String FORMAT = "berth-plan/1";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.INDENT_OUTPUT, true);

    private PlanJson() {
    }

    public static String render(Plan plan) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("format", FORMAT);
        doc.put("project", "berth");
        doc.put("stack", plan.stack());
        doc.put("region", plan.env().region());
        doc.put("account", plan.env().account());
        doc.put("production", plan.env().production());
        doc.put("outputs", plan.outputs());
        doc.put("resources", plan.resources().stream().map(PlanJson::resource).toList());
        try {
            var printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
            return JSON.writer(printer).writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path write(Plan plan, Path dir) throws IOException {
        Files.createDirectories(dir);
        var file = dir.resolve(plan.stack() + ".json");
        Files.writeString(file, render(plan));
        return file;
    }

    /**
     * A plan file written by {@link #write} read back, with the stack's validated settings: what a
     * command that checks plans written earlier (the test suite's, in {@code mvn verify}) works on.
     */
    @SuppressWarnings("unchecked")
    public static Plan read(Path file, io.berth.model.StackSettings settings) throws IOException {
        var doc = JSON.readValue(file.toFile(), Map.class);
        if (!FORMAT.equals(doc.get("format"))) {
            throw new IOException(file + " is not a berth plan (format " + doc.get("format") + ")");
        }
        var resources = new java.util.ArrayList<PlannedResource>();
        for (var r : (List<Map<String, Object>>) doc.get("resources")) {
            resources.add(new PlannedResource((String) r.get("urn"), (String) r.get("type"), (String) r.get("name"),
                    Boolean.TRUE.equals(r.get("custom")), (String) r.get("id"), (String) r.get("parent"), (String) r.get("provider"),
                    (List<String>) r.get("dependencies"), (Map<String, Object>) r.get("options"), (Map<String, Object>) r.get("inputs")));
        }
        return new Plan((String) doc.get("stack"), settings.env(), settings.catalog(), resources, (Map<String, Object>) doc.get("outputs"));
    }

    private static Map<String, Object> resource(PlannedResource r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("urn", r.urn());
        m.put("type", r.type());
        m.put("name", r.name());
        m.put("custom", r.custom());
        m.put("id", r.id());
        m.put("parent", r.parent());
        m.put("provider", r.provider());
        m.put("dependencies", r.dependencies());
        m.put("options", r.options());
        m.put("inputs", r.inputs());
        return m;
    }
}
