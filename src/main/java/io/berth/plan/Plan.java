package io.berth.plan;

import io.berth.model.Catalog;
import io.berth.model.EnvironmentConfig;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** What one stack would create: its validated settings, its resources and its stack outputs. */
public record Plan(String stack, EnvironmentConfig env, Catalog catalog, List<PlannedResource> resources, Map<String, Object> outputs) {
    public Plan {
        resources = List.copyOf(resources);
        outputs = Map.copyOf(outputs);
    }

    /** Only the primary region: everything outside the DR replica and its provider. */
    public Plan primary() {
        return new Plan(stack, env, catalog, resources.stream()
                .filter(r -> !r.urn().contains("berth:dr:Replica") && !r.provider().contains("::dr::")
                        && !(r.type().startsWith("pulumi:providers:") && r.name().equals("dr")))
                .toList(), outputs);
    }

    /** Only the DR replica: resources created through the DR provider and the replica's components. */
    public Plan drReplica() {
        return new Plan(stack, env, catalog, resources.stream()
                .filter(r -> r.urn().contains("berth:dr:Replica") || r.provider().contains("::dr::"))
                .toList(), outputs);
    }

    public List<PlannedResource> ofType(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }

    /** The one resource with this logical name; fails when there is none or more than one. */
    public PlannedResource named(String name) {
        var found = resources.stream().filter(r -> r.name().equals(name)).toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException("expected one resource named " + name + ", found " + found.size());
        }
        return found.get(0);
    }

    /** The resource with this URN (parents, dependencies and providers are referenced by URN). */
    public PlannedResource byUrn(String urn) {
        return resources.stream().filter(r -> r.urn().equals(urn)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no resource with urn " + urn));
    }

    /** The resource a dependency or provider reference points to ({@code urn::id} or a plain URN). */
    public PlannedResource resolveRef(String ref) {
        var urn = ref.contains("::") && resources.stream().noneMatch(r -> r.urn().equals(ref))
                ? ref.substring(0, ref.lastIndexOf("::")) : ref;
        return byUrn(urn);
    }

    /** The direct children of a component. */
    public List<PlannedResource> childrenOf(PlannedResource parent) {
        return resources.stream().filter(r -> r.parent().equals(parent.urn())).toList();
    }

    public Map<String, Long> countByType() {
        return resources.stream().collect(Collectors.groupingBy(PlannedResource::type, java.util.TreeMap::new, Collectors.counting()));
    }

    public long customResourceCount() {
        return resources.stream().filter(PlannedResource::custom).count();
    }

    /** Looks up a resource by a value-equal id: the mock hands each resource a stable id. */
    public PlannedResource byId(String id) {
        return resources.stream().filter(r -> Objects.equals(r.id(), id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no resource with id " + id));
    }
}
