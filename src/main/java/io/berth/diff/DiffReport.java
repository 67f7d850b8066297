package io.berth.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cost.CostDelta;
import io.berth.diff.ResourceChange.Kind;

import java.util.List;
import java.util.Map;

/**
 * Renders stack diffs for a terminal or as Markdown for a pull-request comment. Both start with one
 * summary line per stack; replacements, protected resources and new guardrail violations come
 * before the ordinary changes.
 */
public final class DiffReport {
    /** Characters of detail in a Markdown report (a GitHub comment holds 65,536), shared by its stacks. */
    static final int MARKDOWN_MAX_CHARS = 55_000;

    static final String NOT_APPLIED_EXPLAINED = "the resource's ignoreChanges hands these to another owner";

    static final String RENAME_EXPLAINED = "A logical name is part of the URN: Pulumi deletes a renamed resource and creates"
            + " it again, unless the program gives it an alias to its old name.";

    private DiffReport() {
    }

    // ---------------------------------------------------------------------------------------------
    // Text

    public static String text(List<StackDiff> diffs, List<String> failures) {
        return text(diffs, failures, Map.of());
    }

    /** With each stack's monthly cost change (by stack name) at the end of its summary line. */
    public static String text(List<StackDiff> diffs, List<String> failures, Map<String, CostDelta> costs) {
        var out = new StringBuilder();
        diffs.forEach(d -> out.append(summary(d, costs)).append('\n'));
        failures.forEach(f -> out.append(f).append('\n'));
        for (var d : diffs) {
            out.append('\n').append("== ").append(d.stack()).append(": base ").append(d.baseLabel()).append(" -> working tree\n");
            if (d.note() != null) {
                out.append("   ").append(d.note()).append('\n');
            }
            if (d.isEmpty() && d.ofKind(Kind.IGNORED).isEmpty()) {
                out.append("   no changes\n");
            }
            var replaced = d.resources().stream().filter(r -> r.kind() == Kind.REPLACED || r.kind() == Kind.RENAMED).toList();
            section(out, "REPLACED", replaced);
            if (replaced.stream().anyMatch(r -> r.kind() == Kind.RENAMED)) {
                out.append("       (").append(RENAME_EXPLAINED).append(")\n");
            }
            section(out, "UPDATED", d.ofKind(Kind.UPDATED));
            section(out, "ADDED", d.ofKind(Kind.ADDED));
            section(out, "REMOVED", d.ofKind(Kind.REMOVED));
            var held = d.resources().stream().filter(r -> !r.ignored().isEmpty()).toList();
            if (!held.isEmpty()) {
                out.append("NOT APPLIED BY pulumi up (").append(NOT_APPLIED_EXPLAINED).append(")\n");
                for (var r : held) {
                    out.append("  ~ ").append(r.name()).append(" (").append(r.type()).append(")\n");
                    for (var c : r.ignored()) {
                        if (c.cause() != null) {
                            out.append("       ").append(c.label()).append(": ").append(plain(c.cause())).append('\n');
                        } else {
                            changeLines(c.change()).forEach(l -> out.append("       ").append(l).append('\n'));
                        }
                        if (c.owner() != null) {
                            out.append("         owner: ").append(plain(c.owner().owner())).append(": ").append(plain(c.owner().effect())).append('\n');
                            out.append("         to ship it now: ").append(plain(c.owner().shipNow())).append('\n');
                        }
                    }
                }
            }
            var g = d.guardrails();
            if (!g.checked()) {
                out.append("GUARDRAILS not checked: ").append(g.note()).append('\n');
            } else if (!g.introduced().isEmpty() || !g.fixed().isEmpty()) {
                out.append("GUARDRAILS (").append(violationCounts(g)).append(")\n");
                g.introduced().forEach(v -> out.append("  new   ").append(violation(v)).append('\n'));
                g.fixed().forEach(v -> out.append("  fixed ").append(violation(v)).append('\n'));
            }
            if (!d.outputs().isEmpty()) {
                out.append("OUTPUTS\n");
                d.outputs().forEach(c -> changeLines(c).forEach(l -> out.append("     ").append(l).append('\n')));
            }
        }
        return out.toString();
    }

    private static void section(StringBuilder out, String title, List<ResourceChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        out.append(title).append('\n');
        for (var r : changes) {
            out.append("  ").append(symbol(r)).append(' ').append(r.name()).append(" (").append(r.type()).append(")\n");
            r.replaceReasons().forEach(x -> out.append("       ! ").append(plain(x)).append('\n'));
            r.notes().forEach(x -> out.append("       ").append(x.startsWith("PROTECTED") ? "! " : "- ").append(plain(x)).append('\n'));
            if (r.kind() != Kind.ADDED && r.kind() != Kind.REMOVED) {
                for (var c : r.changes()) {
                    changeLines(c).forEach(l -> out.append("       ").append(l).append('\n'));
                }
                if (!r.ignored().isEmpty()) {
                    out.append("       (").append(StackDiff.plural(r.ignored().size(), "change"))
                            .append(" not applied by pulumi up: see NOT APPLIED)\n");
                }
            }
            for (var t : r.security()) {
                out.append("       ").append(plain(t.title())).append('\n');
                textTable(out, "         ", t);
            }
        }
    }

    /** Columns padded to their widest cell; cells are never cut. */
    private static void textTable(StringBuilder out, String indent, SecurityView.Table t) {
        var widths = new int[t.columns().size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = t.columns().get(i).length();
            for (var row : t.rows()) {
                widths[i] = Math.max(widths[i], row.cells().get(i).length());
            }
        }
        var header = new StringBuilder(indent).append("  ");
        for (int i = 0; i < widths.length; i++) {
            header.append(pad(t.columns().get(i), i == widths.length - 1 ? 0 : widths[i])).append(i == widths.length - 1 ? "" : "  ");
        }
        out.append(header.toString().stripTrailing()).append('\n');
        for (var row : t.rows()) {
            var line = new StringBuilder(indent).append(row.mark()).append(' ');
            for (int i = 0; i < widths.length; i++) {
                line.append(pad(row.cells().get(i), i == widths.length - 1 ? 0 : widths[i])).append(i == widths.length - 1 ? "" : "  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    // ---------------------------------------------------------------------------------------------
    // One property change, element by element

    /**
     * The lines of one change, whole values and never cut: {@code + path: value} when it appears,
     * {@code - path: value} when it goes, {@code ~ path: before -> after} otherwise. A list of plain
     * values (names, CIDRs, ARNs) shows the elements that come and go, one per line.
     */
    static List<String> changeLines(PropertyChange c) {
        var before = c.before();
        var after = c.after();
        if (absent(before)) {
            return List.of("+ " + c.label() + ": " + json(after));
        }
        if (absent(after)) {
            return List.of("- " + c.label() + ": " + json(before));
        }
        if (before.isArray() && after.isArray()) {
            var elements = elementLines(before, after);
            if (elements == null) {
                return List.of("~ " + c.label() + ": same elements, new order: " + json(after));
            }
            var out = new java.util.ArrayList<String>();
            out.add("~ " + c.label() + ": " + before.size() + " -> " + after.size() + " elements");
            elements.forEach(e -> out.add("    " + e));
            return out;
        }
        return List.of("~ " + c.label() + ": " + json(before) + " -> " + json(after));
    }

    /** {@code + element} / {@code - element} lines of two lists (as multisets, in list order); null when only the order differs. */
    static List<String> elementLines(JsonNode before, JsonNode after) {
        var remaining = new java.util.ArrayList<JsonNode>();
        before.forEach(remaining::add);
        var added = new java.util.ArrayList<String>();
        for (var e : after) {
            int i = indexOf(remaining, e);
            if (i >= 0) {
                remaining.remove(i);
            } else {
                added.add("+ " + json(e));
            }
        }
        if (added.isEmpty() && remaining.isEmpty()) {
            return null;
        }
        var out = new java.util.ArrayList<String>(added);
        remaining.forEach(e -> out.add("- " + json(e)));
        return out;
    }

    private static int indexOf(List<JsonNode> list, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            if (JsonDiff.same(list.get(i), value)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean absent(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    /** Compact JSON, whole. */
    static String json(JsonNode node) {
        return absent(node) ? "(absent)" : node.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Markdown

    public static String markdown(List<StackDiff> diffs, List<String> failures) {
        return markdown(diffs, failures, Map.of(), Map.of());
    }

    /**
     * With each stack's monthly cost change (on its summary line and as a paragraph of its section) and
     * its picture change (a Mermaid diagram, {@code io.berth.graph.GraphDiff}) when it has one.
     */
    public static String markdown(List<StackDiff> diffs, List<String> failures, Map<String, CostDelta> costs,
                                  Map<String, String> pictures) {
        var out = new StringBuilder();
        out.append("#### berth plan diff\n\n");
        if (!diffs.isEmpty()) {
            out.append("Offline plans (the SDK's mock engine) of the base revision and of this change; base ")
                    .append(code(diffs.get(0).baseLabel())).append(".\n\n");
        }
        diffs.forEach(d -> out.append("- ").append(d.replacements().isEmpty() && d.guardrails().introduced().isEmpty() ? "" : "⚠️ ")
                .append(code(summary(d, costs))).append('\n'));
        failures.forEach(f -> out.append("- ❌ ").append(code(f)).append('\n'));
        int perStack = diffs.isEmpty() ? MARKDOWN_MAX_CHARS : MARKDOWN_MAX_CHARS / diffs.size();
        for (var d : diffs) {
            stackMarkdown(out, d, out.length() + perStack);
            if (costs.containsKey(d.stack())) {
                out.append('\n').append(costs.get(d.stack()).markdown(d.stack()));
            }
            var picture = pictures.get(d.stack());
            if (picture != null) {
                out.append("\n<details open><summary>What changes in the picture (<code>./berth graph ").append(d.stack())
                        .append("</code> draws all of it)</summary>\n\n```mermaid\n").append(picture).append("```\n\n</details>\n");
            }
        }
        return out.toString();
    }

    /** The stack's summary line, with its monthly cost change when there is one. */
    static String summary(StackDiff d, Map<String, CostDelta> costs) {
        var cost = costs.get(d.stack());
        return cost == null ? d.summaryLine() : d.summaryLine() + ", " + cost.summary();
    }

    private static void stackMarkdown(StringBuilder out, StackDiff d, int limit) {
        out.append("\n##### ").append(d.stack()).append("\n\n");
        if (d.note() != null) {
            out.append("_").append(d.note()).append("_\n\n");
        }
        if (d.isEmpty() && d.ofKind(Kind.IGNORED).isEmpty()) {
            out.append("No changes.\n");
            return;
        }
        var replaced = d.replacements();
        if (!replaced.isEmpty()) {
            out.append("> [!CAUTION]\n> **").append(StackDiff.plural(replaced.size(), "resource"))
                    .append(replaced.size() == 1 ? " is" : " are").append(" REPLACED** (deleted and created again):\n");
            for (var r : replaced) {
                out.append("> - ").append(code(r.name())).append(" (").append(code(r.type())).append("): ")
                        .append(String.join("; ", r.replaceReasons())).append('\n');
            }
            if (replaced.stream().anyMatch(r -> r.kind() == Kind.RENAMED)) {
                out.append(">\n> ").append(RENAME_EXPLAINED).append('\n');
            }
            out.append('\n');
        }
        var protectedDeleted = d.resources().stream().filter(ResourceChange::protectedAndDeleted).toList();
        if (!protectedDeleted.isEmpty()) {
            out.append("> [!CAUTION]\n> **Protected resources deleted or replaced**: `pulumi up` will refuse this change.\n");
            protectedDeleted.forEach(r -> out.append("> - ").append(code(r.name())).append(" (").append(code(r.type())).append(")\n"));
            out.append('\n');
        }
        var held = d.resources().stream().filter(r -> !r.ignored().isEmpty()).toList();
        if (!held.isEmpty()) {
            out.append("> [!IMPORTANT]\n> **Not applied by `pulumi up`** (").append(NOT_APPLIED_EXPLAINED).append("):\n");
            for (var r : held) {
                for (var c : r.ignored()) {
                    out.append("> - ").append(code(r.name())).append(' ');
                    if (c.cause() != null) {
                        out.append(code(c.label())).append(": ").append(c.cause());
                    } else {
                        out.append(String.join(" ", changeLines(c.change()).stream().map(DiffReport::code).toList()));
                    }
                    out.append('\n');
                    if (c.owner() != null) {
                        out.append(">   - owner: ").append(c.owner().owner()).append(": ").append(c.owner().effect()).append('\n');
                        out.append(">   - to ship it now: ").append(c.owner().shipNow()).append('\n');
                    }
                }
            }
            out.append('\n');
        }
        var g = d.guardrails();
        if (!g.checked()) {
            out.append("Guardrails not checked: ").append(g.note()).append("\n\n");
        } else {
            if (!g.introduced().isEmpty()) {
                out.append("> [!WARNING]\n> **New guardrail violations** (").append(violationCounts(g)).append("):\n");
                g.introduced().forEach(v -> out.append("> - ").append(violationMarkdown(v)).append('\n'));
                out.append('\n');
            }
            if (!g.fixed().isEmpty()) {
                out.append("Guardrail violations fixed:\n");
                g.fixed().forEach(v -> out.append("- ").append(violationMarkdown(v)).append('\n'));
                out.append('\n');
            }
        }
        var security = d.resources().stream().filter(r -> !r.security().isEmpty() && !r.type().equals(AlarmView.TYPE)).toList();
        if (!security.isEmpty()) {
            out.append("<details open><summary>What added and changed resources may do (")
                    .append(security.stream().mapToInt(r -> r.security().size()).sum()).append(" tables)</summary>\n\n");
            outer:
            for (var r : security) {
                for (var t : r.security()) {
                    if (out.length() > limit) {
                        out.append("… more: run `./berth diff ").append(d.stack()).append("` locally\n\n");
                        break outer;
                    }
                    out.append("**").append(symbol(r)).append("** ").append(t.title()).append("\n\n");
                    markdownTable(out, t);
                }
            }
            out.append("</details>\n\n");
        }
        alarmsMarkdown(out, d, limit);
        var changed = d.resources().stream().filter(ResourceChange::changed).toList();
        if (!changed.isEmpty()) {
            out.append("<details open><summary>Changed (").append(changed.size()).append(")</summary>\n\n");
            for (var r : changed) {
                if (out.length() > limit) {
                    out.append("- … more: run `./berth diff ").append(d.stack()).append("` locally\n");
                    break;
                }
                out.append("- ").append(symbol(r)).append(' ').append(code(r.name())).append(" (").append(code(r.type())).append(")");
                if (r.kind() == Kind.RENAMED && r.baseName() != null) {
                    out.append(" renamed from ").append(code(r.baseName()));
                }
                out.append('\n');
                r.notes().forEach(n -> out.append("  - ").append(n.startsWith("PROTECTED") ? "**" + n + "**" : n).append('\n'));
                for (var c : r.changes()) {
                    var lines = changeLines(c);
                    out.append("  - ").append(code(lines.get(0))).append('\n');
                    lines.stream().skip(1).forEach(l -> out.append("    - ").append(code(l.strip())).append('\n'));
                }
            }
            out.append("\n</details>\n\n");
        }
        resourceList(out, "Added", d.ofKind(Kind.ADDED), limit);
        resourceList(out, "Removed", d.ofKind(Kind.REMOVED), limit);
        if (!d.outputs().isEmpty()) {
            out.append("<details><summary>Stack outputs (").append(d.outputs().size()).append(")</summary>\n\n");
            for (var c : d.outputs()) {
                var lines = changeLines(c);
                out.append("- ").append(code(lines.get(0))).append('\n');
                lines.stream().skip(1).forEach(l -> out.append("  - ").append(code(l.strip())).append('\n'));
            }
            out.append("\n</details>\n");
        }
    }

    /** Every alarm added, changed or removed in the stack, in one table (each alarm's rows from {@link AlarmView}). */
    private static void alarmsMarkdown(StringBuilder out, StackDiff d, int limit) {
        var alarms = d.resources().stream().filter(r -> r.type().equals(AlarmView.TYPE) && !r.security().isEmpty()).toList();
        if (alarms.isEmpty()) {
            return;
        }
        out.append("<details open><summary>Alarms (").append(alarms.size()).append(" added, changed or removed)</summary>\n\n");
        if (out.length() > limit) {
            out.append("… run `./berth diff ").append(d.stack()).append("` locally\n\n");
        } else {
            markdownTable(out, new SecurityView.Table("alarms", AlarmView.COLUMNS,
                    alarms.stream().flatMap(r -> r.security().stream()).flatMap(t -> t.rows().stream()).toList()));
        }
        out.append("</details>\n\n");
    }

    private static void markdownTable(StringBuilder out, SecurityView.Table t) {
        out.append("| |");
        t.columns().forEach(c -> out.append(' ').append(c).append(" |"));
        out.append("\n|---|");
        t.columns().forEach(c -> out.append("---|"));
        out.append('\n');
        for (var row : t.rows()) {
            out.append("| ").append(row.mark() == ' ' ? "" : String.valueOf(row.mark())).append(" |");
            row.cells().forEach(c -> out.append(' ').append(c.isEmpty() ? "" : code(c).replace("|", "\\|")).append(" |"));
            out.append('\n');
        }
        out.append('\n');
    }

    private static void resourceList(StringBuilder out, String title, List<ResourceChange> list, int limit) {
        if (list.isEmpty()) {
            return;
        }
        out.append("<details><summary>").append(title).append(" (").append(list.size()).append(")</summary>\n\n");
        for (var r : list) {
            if (out.length() > limit) {
                out.append("- … more\n");
                break;
            }
            out.append("- ").append(symbol(r)).append(' ').append(code(r.name())).append(" (").append(code(r.type())).append(")");
            r.notes().forEach(n -> out.append(" — ").append(n.startsWith("PROTECTED") ? "**" + n + "**" : n));
            out.append('\n');
        }
        out.append("\n</details>\n\n");
    }

    private static String violationCounts(GuardrailDelta g) {
        long mandatory = GuardrailDelta.mandatory(g.introduced());
        return mandatory + " new mandatory, " + (g.introduced().size() - mandatory) + " new advisory";
    }

    // ---------------------------------------------------------------------------------------------

    static String symbol(ResourceChange r) {
        return switch (r.kind()) {
            case ADDED -> "+";
            case REMOVED -> "-";
            case UPDATED, IGNORED -> "~";
            case REPLACED, RENAMED -> "+-";
        };
    }

    private static String violation(Violation v) {
        return v.level().toUpperCase() + " " + v.policy() + ": " + v.resourceName() + ": " + v.message();
    }

    private static String violationMarkdown(Violation v) {
        return "**" + v.level() + "** " + code(v.policy()) + " on " + code(v.resourceName()) + ": " + v.message();
    }

    /** Markdown code span; backticks inside would end it early. */
    static String code(String s) {
        return "`" + s.replace('`', '\'') + "`";
    }

    /** Markdown backticks removed for the terminal. */
    private static String plain(String s) {
        return s.replace("`", "");
    }
}
