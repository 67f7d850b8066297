package io.berth.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A picture of one environment before it becomes Mermaid text: groups (subgraphs), nodes and
 * edges, each keyed by a stable logical key (not yet a Mermaid id). Everything is kept in the
 * order it was added, and the picture is built from the plan in the plan's own (URN) order, so the
 * same plan always gives the same picture.
 */
public final class Graph {
    /** How a node is drawn. */
    public enum Shape { BOX, ROUNDED, STADIUM, CYLINDER, SUBROUTINE, CIRCLE }

    /** A subgraph: its key, its title and the group it sits in (null at the top). */
    public record Group(String key, String label, String parent) {
    }

    /** A box: its key, its text lines, its shape and the group it sits in (null at the top). */
    public record Node(String key, List<String> lines, Shape shape, String group) {
        public Node {
            lines = List.copyOf(lines);
        }
    }

    /** An arrow between two nodes or groups; dotted for control flow (delivery, failover), thick for data replication. */
    public record Edge(String from, String to, String label, Style style) {
        public enum Style { SOLID, DOTTED, THICK }

        String key() {
            return from + "\u0000" + to + "\u0000" + Objects.toString(label, "");
        }
    }

    // in the order the picture was built (itself deterministic): regions and groups keep a reading order
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Edge> edges = new LinkedHashMap<>();

    public Graph group(String key, String label, String parent) {
        groups.put(key, new Group(key, label, parent));
        return this;
    }

    public Graph node(String key, Shape shape, String group, String... lines) {
        nodes.put(key, new Node(key, List.of(lines), shape, group));
        return this;
    }

    public Graph node(Node node) {
        nodes.put(node.key(), node);
        return this;
    }

    public Graph edge(String from, String to, String label, Edge.Style style) {
        var e = new Edge(from, to, label, style);
        edges.put(e.key(), e);
        return this;
    }

    public Collection<Group> groups() {
        return groups.values();
    }

    public Collection<Node> nodes() {
        return nodes.values();
    }

    public Collection<Edge> edges() {
        return edges.values();
    }

    public Node nodeOf(String key) {
        return nodes.get(key);
    }

    public Group groupOf(String key) {
        return groups.get(key);
    }

    public boolean has(String key) {
        return nodes.containsKey(key) || groups.containsKey(key);
    }

    /** The groups a node or group sits in, outermost first. */
    public List<String> ancestors(String key) {
        var out = new ArrayList<String>();
        var node = nodes.get(key);
        var parent = node != null ? node.group() : groups.containsKey(key) ? groups.get(key).parent() : null;
        while (parent != null && groups.containsKey(parent) && !out.contains(parent)) {
            out.add(0, parent);
            parent = groups.get(parent).parent();
        }
        return out;
    }

    /** Nodes by key, in key order (a copy). */
    public Map<String, Node> nodeMap() {
        return new LinkedHashMap<>(nodes);
    }

    public Map<String, Edge> edgeMap() {
        var out = new LinkedHashMap<String, Edge>();
        edges.values().forEach(e -> out.put(e.key(), e));
        return out;
    }
}
