package io.berth.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What changed in the picture between two plans of a stack: the boxes and arrows added, removed
 * and changed, with their direct neighbours for context, drawn with change classes (green added,
 * red dashed removed, yellow changed). The rest of the environment is left out.
 */
public final class GraphDiff {
    private GraphDiff() {
    }

    /** The Mermaid picture of the change, or empty when the picture is the same. */
    public static Optional<String> mermaid(String stack, Graph base, Graph head) {
        var nodeClasses = new LinkedHashMap<String, String>();
        var baseNodes = base.nodeMap();
        var headNodes = head.nodeMap();
        headNodes.forEach((key, n) -> {
            var before = baseNodes.get(key);
            if (before == null) {
                nodeClasses.put(key, "added");
            } else if (!before.equals(n)) {
                nodeClasses.put(key, "changed");
            }
        });
        baseNodes.keySet().stream().filter(k -> !headNodes.containsKey(k)).forEach(k -> nodeClasses.put(k, "removed"));
        var edgeClasses = new LinkedHashMap<String, String>();
        var baseEdges = base.edgeMap();
        var headEdges = head.edgeMap();
        headEdges.keySet().stream().filter(k -> !baseEdges.containsKey(k)).forEach(k -> edgeClasses.put(k, "added"));
        baseEdges.keySet().stream().filter(k -> !headEdges.containsKey(k)).forEach(k -> edgeClasses.put(k, "removed"));
        if (nodeClasses.isEmpty() && edgeClasses.isEmpty()) {
            return Optional.empty();
        }

        // the head's picture plus what the base had and the head lost
        var merged = new Graph();
        head.groups().forEach(g -> merged.group(g.key(), g.label(), g.parent()));
        base.groups().forEach(g -> {
            if (merged.groupOf(g.key()) == null) {
                merged.group(g.key(), g.label(), g.parent());
            }
        });
        head.nodes().forEach(merged::node);
        base.nodes().forEach(n -> {
            if (!headNodes.containsKey(n.key())) {
                merged.node(n);
            }
        });
        head.edges().forEach(e -> merged.edge(e.from(), e.to(), e.label(), e.style()));
        base.edges().forEach(e -> {
            if (edgeClasses.containsKey(e.key())) {
                merged.edge(e.from(), e.to(), e.label(), e.style());
            }
        });

        // the changed boxes and arrows, and whatever those arrows connect (their direct neighbours)
        var shown = new TreeSet<String>(nodeClasses.keySet());
        var shownEdges = new TreeSet<String>();
        for (var e : merged.edges()) {
            if (edgeClasses.containsKey(e.key()) || nodeClasses.containsKey(e.from()) || nodeClasses.containsKey(e.to())) {
                shown.add(e.from());
                shown.add(e.to());
                shownEdges.add(e.key());
            }
        }
        var changes = new ArrayList<String>();
        count(changes, nodeClasses, "added");
        count(changes, nodeClasses, "changed");
        count(changes, nodeClasses, "removed");
        long arrows = edgeClasses.size();
        if (arrows > 0) {
            changes.add(PlanGraph.plural(arrows, "arrow") + " added or removed");
        }
        return Optional.of(Mermaid.render(merged, "berth: what changes in the picture of " + stack + ": " + String.join(", ", changes),
                shown, shownEdges, nodeClasses, edgeClasses));
    }

    private static void count(ArrayList<String> out, Map<String, String> classes, String kind) {
        long n = classes.values().stream().filter(kind::equals).count();
        if (n > 0) {
            out.add(n + " " + (n == 1 ? "box " : "boxes ") + kind);
        }
    }
}
