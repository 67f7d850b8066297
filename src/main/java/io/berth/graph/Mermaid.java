package io.berth.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes a {@link Graph} as a Mermaid flowchart. Ids are made from the graph's keys (letters,
 * digits and underscores only, never a Mermaid keyword, unique); every label is quoted and its
 * text escaped with Mermaid's entity codes, so a service name, path or host can never break the
 * diagram. The same graph always gives byte-identical text.
 */
public final class Mermaid {
    /** Styles of a picture's change marks (the diff comment): class name -> Mermaid style. */
    static final Map<String, String> CHANGE_CLASSES = Map.of(
            "added", "fill:#dafbe1,stroke:#1a7f37,stroke-width:2px,color:#1f2328",
            "removed", "fill:#ffebe9,stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 3,color:#1f2328",
            "changed", "fill:#fff8c5,stroke:#9a6700,stroke-width:2px,color:#1f2328");
    static final Map<String, String> EDGE_CHANGE_STYLES = Map.of(
            "added", "stroke:#1a7f37,stroke-width:2px",
            "removed", "stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 3");

    private static final Set<String> KEYWORDS = Set.of("end", "graph", "flowchart", "subgraph", "direction", "style",
            "class", "classdef", "click", "call", "href", "linkstyle", "default", "interpolate", "accTitle", "accDescr");

    private Mermaid() {
    }

    /** The whole graph. */
    public static String render(Graph graph, String title) {
        return render(graph, title, null, null, Map.of(), Map.of());
    }

    /**
     * @param only        keys of the nodes and groups to draw (with the groups around them); null draws everything
     * @param onlyEdges   keys of the edges to draw (when both ends are drawn); null draws every edge between drawn ends
     * @param nodeClasses node key -> a class of {@link #CHANGE_CLASSES}
     * @param edgeClasses edge (from, to, label) key -> added or removed
     */
    static String render(Graph graph, String title, Set<String> only, Set<String> onlyEdges, Map<String, String> nodeClasses, Map<String, String> edgeClasses) {
        var ids = ids(graph);
        var shownNodes = new TreeSet<String>();
        var shownGroups = new TreeSet<String>();
        for (var n : graph.nodes()) {
            if (only == null || only.contains(n.key())) {
                shownNodes.add(n.key());
                shownGroups.addAll(graph.ancestors(n.key()));
            }
        }
        for (var g : graph.groups()) {
            if (only != null && only.contains(g.key())) {
                shownGroups.add(g.key());
                shownGroups.addAll(graph.ancestors(g.key()));
            }
        }
        if (only == null) {
            // an empty group is drawn only when an edge points at it
            graph.edges().forEach(e -> List.of(e.from(), e.to()).forEach(k -> {
                if (graph.groupOf(k) != null) {
                    shownGroups.add(k);
                    shownGroups.addAll(graph.ancestors(k));
                }
            }));
        }
        var out = new StringBuilder();
        out.append("%% ").append(comment(title)).append('\n');
        out.append("flowchart LR\n");
        var childGroups = new LinkedHashMap<String, List<String>>();
        var childNodes = new LinkedHashMap<String, List<String>>();
        for (var g : graph.groups()) {
            if (shownGroups.contains(g.key())) {
                childGroups.computeIfAbsent(String.valueOf(g.parent()), k -> new ArrayList<>()).add(g.key());
            }
        }
        for (var n : graph.nodes()) {
            if (shownNodes.contains(n.key())) {
                childNodes.computeIfAbsent(String.valueOf(n.group()), k -> new ArrayList<>()).add(n.key());
            }
        }
        writeGroup(out, graph, ids, "null", childGroups, childNodes, 1);

        var edgeStyles = new ArrayList<String>();
        int index = 0;
        for (var e : graph.edges()) {
            boolean fromShown = shownNodes.contains(e.from()) || shownGroups.contains(e.from());
            boolean toShown = shownNodes.contains(e.to()) || shownGroups.contains(e.to());
            if (!fromShown || !toShown || (onlyEdges != null && !onlyEdges.contains(e.key()))) {
                continue;
            }
            var arrow = switch (e.style()) {
                case SOLID -> "-->";
                case DOTTED -> "-.->";
                case THICK -> "==>";
            };
            out.append("  ").append(ids.get(e.from())).append(' ').append(arrow);
            if (e.label() != null && !e.label().isEmpty()) {
                out.append("|\"").append(escape(e.label())).append("\"|");
            }
            out.append(' ').append(ids.get(e.to())).append('\n');
            var mark = edgeClasses.get(e.key());
            if (mark != null && EDGE_CHANGE_STYLES.containsKey(mark)) {
                edgeStyles.add("  linkStyle " + index + " " + EDGE_CHANGE_STYLES.get(mark) + "\n");
            }
            index++;
        }
        edgeStyles.forEach(out::append);
        var byClass = new TreeMap<String, List<String>>();
        nodeClasses.forEach((key, cls) -> {
            if (shownNodes.contains(key) && CHANGE_CLASSES.containsKey(cls)) {
                byClass.computeIfAbsent(cls, c -> new ArrayList<>()).add(ids.get(key));
            }
        });
        for (var e : byClass.entrySet()) {
            out.append("  classDef ").append(e.getKey()).append(' ').append(CHANGE_CLASSES.get(e.getKey())).append('\n');
            out.append("  class ").append(String.join(",", e.getValue().stream().sorted().toList())).append(' ').append(e.getKey()).append('\n');
        }
        return out.toString();
    }

    private static void writeGroup(StringBuilder out, Graph graph, Map<String, String> ids, String parent,
                                   Map<String, List<String>> childGroups, Map<String, List<String>> childNodes, int depth) {
        var indent = "  ".repeat(depth);
        for (var g : childGroups.getOrDefault(parent, List.of())) {
            out.append(indent).append("subgraph ").append(ids.get(g)).append("[\"").append(escape(graph.groupOf(g).label())).append("\"]\n");
            writeGroup(out, graph, ids, g, childGroups, childNodes, depth + 1);
            out.append(indent).append("end\n");
        }
        for (var key : childNodes.getOrDefault(parent, List.of())) {
            var n = graph.nodeOf(key);
            var text = "\"" + String.join("<br/>", n.lines().stream().map(Mermaid::escape).toList()) + "\"";
            var shaped = switch (n.shape()) {
                case BOX -> "[" + text + "]";
                case ROUNDED -> "(" + text + ")";
                case STADIUM -> "([" + text + "])";
                case CYLINDER -> "[(" + text + ")]";
                case SUBROUTINE -> "[[" + text + "]]";
                case CIRCLE -> "((" + text + "))";
            };
            out.append(indent).append(ids.get(key)).append(shaped).append('\n');
        }
    }

    /** Mermaid ids for every key of the graph: deterministic (keys in order), unique, safe. */
    static Map<String, String> ids(Graph graph) {
        var keys = new TreeSet<String>();
        graph.groups().forEach(g -> keys.add(g.key()));
        graph.nodes().forEach(n -> keys.add(n.key()));
        graph.edges().forEach(e -> {
            keys.add(e.from());
            keys.add(e.to());
        });
        var out = new LinkedHashMap<String, String>();
        var taken = new HashSet<String>();
        for (var key : keys) {
            var base = id(key);
            var id = base;
            for (int i = 2; taken.contains(id); i++) {
                id = base + "_" + i;
            }
            taken.add(id);
            out.put(key, id);
        }
        return out;
    }

    /** Letters, digits and underscores; never empty, never starting with a digit, never a keyword. */
    static String id(String key) {
        var s = key.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (s.isEmpty() || Character.isDigit(s.charAt(0)) || KEYWORDS.contains(s.toLowerCase(java.util.Locale.ROOT))) {
            s = "n_" + s;
        }
        return s;
    }

    /** Text inside a quoted Mermaid label: quotes, markup and entity starts as Mermaid entity codes, one line. */
    static String escape(String text) {
        var out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '#' -> out.append("#35;");
                case '"' -> out.append("#quot;");
                case '&' -> out.append("#amp;");
                case '<' -> out.append("#lt;");
                case '>' -> out.append("#gt;");
                case '`' -> out.append("#96;");
                case '\n', '\r', '\t' -> out.append(' ');
                default -> {
                    if (!Character.isISOControl(c)) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String comment(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }

    /** A Markdown document holding the diagram in a fenced mermaid block (GitHub renders it). */
    public static String markdown(String heading, String diagram) {
        return "# " + heading + "\n\n```mermaid\n" + diagram + "```\n";
    }
}
