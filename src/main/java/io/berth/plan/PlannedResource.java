package io.berth.plan;

import java.util.List;
import java.util.Map;

/**
 * One resource as the engine would receive it: what the offline plan records and what policy
 * checks, diffs and summaries read.
 *
 * @param urn          the resource's URN, in the form the real engine gives it
 * @param type         type token ({@code aws:ec2/vpc:Vpc}, {@code berth:network:Network})
 * @param name         logical name, part of the URN: renaming it replaces the resource
 * @param custom       false for components
 * @param id           the id the mock gave it
 * @param parent       URN of the parent, empty for top-level resources
 * @param provider     {@code <provider urn>::<provider id>}, empty for the default provider
 * @param dependencies URNs this resource depends on (explicit dependsOn and through its inputs)
 * @param options      protect, retainOnDelete, ignoreChanges, deleteBeforeReplace, aliases
 * @param inputs       the inputs, camelCase Pulumi names; whole numbers as integers
 */
public record PlannedResource(
        String urn,
        String type,
        String name,
        boolean custom,
        String id,
        String parent,
        String provider,
        List<String> dependencies,
        Map<String, Object> options,
        Map<String, Object> inputs) {

    @SuppressWarnings("unchecked")
    public <T> T input(String key) {
        return (T) inputs.get(key);
    }

    public boolean protect() {
        return Boolean.TRUE.equals(options.get("protect"));
    }
}
