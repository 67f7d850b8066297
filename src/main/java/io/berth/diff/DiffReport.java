package io.berth.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.diff.ResourceChange.Kind;

import java.util.List;

/**
 * Renders stack diffs for a terminal or as Markdown for a pull-request comment. Both start with one
 * summary line per stack; replacements, protected resources and new guardrail violations come
 * before the ordinary changes.
 */
public final class DiffReport {
    /** Property lines shown per resource, and per stack in Markdown (GitHub comments hold 65,536 characters). */
    static final int LINES_PER_RESOURCE = 20;
    static final int MARKDOWN_LINES_PER_STACK = 250;

    static final String RENAME_EXPLAINED = "A logical name is part of the URN: Pulumi deletes a renamed resource and creates"
            + " it again, unless the program gives it an alias to its old name.";

    private DiffReport() {
    }

    // ---------------------------------------------------------------------------------------------
    // Text

    public static String text(List<StackDiff> diffs, List<String> failures) {
        var out = new StringBuilder();
        diffs.forEach(d -> out.append(d.summaryLine()).append('\n'));
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
            var ignored = d.ofKind(Kind.IGNORED);
            if (!ignored.isEmpty()) {
                out.append("IGNORED (the resource's ignoreChanges: Pulumi leaves these alone)\n");
                for (var r : ignored) {
                    for (var c : r.ignored()) {
                        out.append("     ").append(r.name()).append(' ').append(c.label()).append(": ")
                                .append(value(c.before(), 100)).append(" -> ").append(value(c.after(), 100)).append('\n');
                    }
                }
            }
            var g = d.guardrails();
            if (!g.checked()) {
                out.append("GUARDRAILS not checked: ").append(g.note()).append('\n');
            } else if (!g.introduced().isEmpty() || !g.fixed().isEmpty()) {
                out.append("GUARDRAILS\n");
                g.introduced().forEach(v -> out.append("  new   ").append(violation(v)).append('\n'));
                g.fixed().forEach(v -> out.append("  fixed ").append(violation(v)).append('\n'));
            }
            if (!d.outputs().isEmpty()) {
                out.append("OUTPUTS\n");
                d.outputs().forEach(c -> out.append("     ").append(c.label()).append(": ").append(value(c.before(), 100))
                        .append(" -> ").append(value(c.after(), 100)).append('\n'));
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
            if (r.kind() == Kind.ADDED || r.kind() == Kind.REMOVED) {
                continue;
            }
            int shown = 0;
            for (var c : r.changes()) {
                if (shown++ == LINES_PER_RESOURCE) {
                    out.append("       ... ").append(r.changes().size() - LINES_PER_RESOURCE).append(" more\n");
                    break;
                }
                out.append("       ").append(c.label()).append(": ").append(value(c.before(), 120)).append(" -> ")
                        .append(value(c.after(), 120)).append('\n');
            }
            r.ignored().forEach(c -> out.append("       (ignored) ").append(c.label()).append(": ").append(value(c.before(), 60))
                    .append(" -> ").append(value(c.after(), 60)).append('\n'));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Markdown

    public static String markdown(List<StackDiff> diffs, List<String> failures) {
        var out = new StringBuilder();
        out.append("#### berth plan diff\n\n");
        if (!diffs.isEmpty()) {
            out.append("Offline plans (the SDK's mock engine) of the base revision and of this change; base ")
                    .append(code(diffs.get(0).baseLabel())).append(".\n\n");
        }
        diffs.forEach(d -> out.append("- ").append(d.replacements().isEmpty() && d.guardrails().introduced().isEmpty() ? "" : "⚠️ ")
                .append(code(d.summaryLine())).append('\n'));
        failures.forEach(f -> out.append("- ❌ ").append(code(f)).append('\n'));
        for (var d : diffs) {
            stackMarkdown(out, d);
        }
        return out.toString();
    }

    private static void stackMarkdown(StringBuilder out, StackDiff d) {
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
        var g = d.guardrails();
        if (!g.checked()) {
            out.append("Guardrails not checked: ").append(g.note()).append("\n\n");
        } else {
            if (!g.introduced().isEmpty()) {
                out.append("> [!WARNING]\n> **New guardrail violations**:\n");
                g.introduced().forEach(v -> out.append("> - ").append(violationMarkdown(v)).append('\n'));
                out.append('\n');
            }
            if (!g.fixed().isEmpty()) {
                out.append("Guardrail violations fixed:\n");
                g.fixed().forEach(v -> out.append("- ").append(violationMarkdown(v)).append('\n'));
                out.append('\n');
            }
        }
        int[] budget = {MARKDOWN_LINES_PER_STACK};
        var changed = d.resources().stream().filter(ResourceChange::changed).toList();
        if (!changed.isEmpty()) {
            out.append("<details open><summary>Changed (").append(changed.size()).append(")</summary>\n\n");
            for (var r : changed) {
                if (budget[0] <= 0) {
                    out.append("- … more: run `./berth diff ").append(d.stack()).append("` locally\n");
                    break;
                }
                budget[0]--;
                out.append("- ").append(symbol(r)).append(' ').append(code(r.name())).append(" (").append(code(r.type())).append(")");
                if (r.kind() == Kind.RENAMED && r.baseName() != null) {
                    out.append(" renamed from ").append(code(r.baseName()));
                }
                out.append('\n');
                r.notes().forEach(n -> out.append("  - ").append(n.startsWith("PROTECTED") ? "**" + n + "**" : n).append('\n'));
                int shown = 0;
                for (var c : r.changes()) {
                    if (shown++ == LINES_PER_RESOURCE || budget[0] <= 0) {
                        out.append("  - … ").append(r.changes().size() - shown + 1).append(" more\n");
                        break;
                    }
                    budget[0]--;
                    out.append("  - ").append(code(c.label())).append(": ").append(code(value(c.before(), 100)))
                            .append(" → ").append(code(value(c.after(), 100))).append('\n');
                }
                r.ignored().forEach(c -> out.append("  - ignored (ignoreChanges): ").append(code(c.label())).append(": ")
                        .append(code(value(c.before(), 60))).append(" → ").append(code(value(c.after(), 60))).append('\n'));
            }
            out.append("\n</details>\n\n");
        }
        resourceList(out, "Added", d.ofKind(Kind.ADDED), budget);
        resourceList(out, "Removed", d.ofKind(Kind.REMOVED), budget);
        var ignored = d.ofKind(Kind.IGNORED);
        if (!ignored.isEmpty()) {
            out.append("<details><summary>Ignored by <code>ignoreChanges</code> (").append(ignored.size()).append(")</summary>\n\n");
            for (var r : ignored) {
                r.ignored().forEach(c -> out.append("- ").append(code(r.name())).append(' ').append(code(c.label())).append(": ")
                        .append(code(value(c.before(), 60))).append(" → ").append(code(value(c.after(), 60))).append('\n'));
            }
            out.append("\n</details>\n\n");
        }
        if (!d.outputs().isEmpty()) {
            out.append("<details><summary>Stack outputs (").append(d.outputs().size()).append(")</summary>\n\n");
            d.outputs().forEach(c -> out.append("- ").append(code(c.label())).append(": ").append(code(value(c.before(), 100)))
                    .append(" → ").append(code(value(c.after(), 100))).append('\n'));
            out.append("\n</details>\n");
        }
    }

    private static void resourceList(StringBuilder out, String title, List<ResourceChange> list, int[] budget) {
        if (list.isEmpty()) {
            return;
        }
        out.append("<details><summary>").append(title).append(" (").append(list.size()).append(")</summary>\n\n");
        for (var r : list) {
            if (budget[0]-- <= 0) {
                out.append("- … more\n");
                break;
            }
            out.append("- ").append(symbol(r)).append(' ').append(code(r.name())).append(" (").append(code(r.type())).append(")");
            r.notes().forEach(n -> out.append(" — ").append(n.startsWith("PROTECTED") ? "**" + n + "**" : n));
            out.append('\n');
        }
        out.append("\n</details>\n\n");
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

    /** A value as compact JSON, long ones cut in the middle (image tags and ARNs differ at the end). */
    static String value(JsonNode node, int max) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "(absent)";
        }
        var s = node.toString();
        if (s.length() <= max) {
            return s;
        }
        int head = max * 2 / 5;
        int tail = max - head - 1;
        return s.substring(0, head) + "…" + s.substring(s.length() - tail);
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
