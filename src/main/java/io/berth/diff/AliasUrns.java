package io.berth.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.plan.PlannedResource;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The URNs a planned resource's Pulumi aliases point to, computed as the engine computes them from
 * an alias spec: the alias's name, type and parent, each defaulting to the resource's own. A resource
 * whose alias URN is a resource of the base plan is that resource moved or renamed: Pulumi keeps it.
 */
public final class AliasUrns {
    private static final Pattern FIELD = Pattern.compile("(\\w+): \"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final String STACK_TYPE = "pulumi:pulumi:Stack";

    private AliasUrns() {
    }

    /** Every URN the resource's aliases name, in the plan's URN form. */
    static List<String> of(JsonNode resource) {
        var urns = new ArrayList<String>();
        for (var alias : resource.path("options").path("aliases")) {
            urns.add(urn(resource.path("urn").asText(), resource.path("name").asText(), resource.path("type").asText(),
                    resource.path("parent").asText(""), alias.asText()));
        }
        return urns;
    }

    /** Every URN the planned resource's aliases name. */
    @SuppressWarnings("unchecked")
    public static List<String> of(PlannedResource resource) {
        var aliases = (List<String>) resource.options().getOrDefault("aliases", List.of());
        return aliases.stream().map(a -> urn(resource.urn(), resource.name(), resource.type(), resource.parent(), a)).toList();
    }

    /** One alias, as the plan records it: the text form of the engine's alias ({@code urn: "..."} or {@code spec {...}}). */
    static String urn(String ownUrn, String name, String type, String parent, String alias) {
        boolean noParent = alias.contains("noParent: true");
        var m = FIELD.matcher(alias);
        while (m.find()) {
            var value = m.group(2).replace("\\\"", "\"").replace("\\\\", "\\");
            switch (m.group(1)) {
                case "urn" -> {
                    return value;
                }
                case "name" -> name = value;
                case "type" -> type = value;
                case "parentUrn" -> parent = value.isEmpty() ? parent : value;
                default -> { }
            }
        }
        var own = ownUrn.split("::", 4);
        var prefix = own[0] + "::" + own[1] + "::";
        var chain = noParent || parent.isEmpty() || typeChain(parent).equals(STACK_TYPE) ? type : typeChain(parent) + "$" + type;
        return prefix + chain + "::" + name;
    }

    private static String typeChain(String urn) {
        var parts = urn.split("::", 4);
        return parts.length < 3 ? "" : parts[2];
    }
}
