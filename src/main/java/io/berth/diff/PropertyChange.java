package io.berth.diff;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One difference between the base and the head version of a resource.
 *
 * @param scope  what the path names: an input, a resource option, or the resource's parent or provider
 * @param path   {@code cpu}, {@code runtimePlatform.cpuArchitecture}, {@code containerDefinitions[orders].image}
 *               (lists of objects with a {@code name}, {@code Sid}... are keyed by it), {@code subnets[0]}
 * @param before the base value, null when absent
 * @param after  the head value, null when absent
 */
public record PropertyChange(Scope scope, String path, JsonNode before, JsonNode after) {
    public enum Scope {
        INPUT, OPTION, RESOURCE;

        /** How a path of this scope is shown: inputs bare, the others prefixed. */
        String label(String path) {
            return switch (this) {
                case INPUT -> path;
                case OPTION -> "options." + path;
                case RESOURCE -> "(" + path + ")";
            };
        }
    }

    public static PropertyChange input(String path, JsonNode before, JsonNode after) {
        return new PropertyChange(Scope.INPUT, path, before, after);
    }

    /** The path as shown in reports. */
    public String label() {
        return scope.label(path);
    }

    /** The top-level property this change is under ({@code containerDefinitions} for {@code containerDefinitions[web].image}). */
    public String property() {
        return PropertyPaths.segments(path).get(0);
    }
}
