package io.berth.diff;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The difference between one stack's plan at the base revision and in the working tree.
 *
 * @param stack      the stack
 * @param baseLabel  which revision the base is ({@code 1a2b3c4 (merge base with main)})
 * @param resources  every resource that changes, replacements first
 * @param outputs    changes of the stack outputs
 * @param guardrails violations introduced and fixed
 * @param note       a remark about the base (a stack that did not exist there), or null
 */
public record StackDiff(String stack, String baseLabel, List<ResourceChange> resources, List<PropertyChange> outputs,
                        GuardrailDelta guardrails, String note) {
    public StackDiff {
        resources = List.copyOf(resources);
        outputs = List.copyOf(outputs);
    }

    public StackDiff withGuardrails(GuardrailDelta delta) {
        return new StackDiff(stack, baseLabel, resources, outputs, delta, note);
    }

    public StackDiff withNote(String note) {
        return new StackDiff(stack, baseLabel, resources, outputs, guardrails, note);
    }

    public List<ResourceChange> ofKind(ResourceChange.Kind kind) {
        return resources.stream().filter(r -> r.kind() == kind).toList();
    }

    public long added() {
        return ofKind(ResourceChange.Kind.ADDED).size();
    }

    public long removed() {
        return ofKind(ResourceChange.Kind.REMOVED).size();
    }

    public long changed() {
        return resources.stream().filter(ResourceChange::changed).count();
    }

    public List<ResourceChange> replacements() {
        return resources.stream().filter(ResourceChange::replacement).toList();
    }

    /** Protected resources that this change deletes, replaces or updates. */
    public List<ResourceChange> protectedChanges() {
        return resources.stream().filter(r -> r.protectedResource() && r.kind() != ResourceChange.Kind.ADDED
                && r.kind() != ResourceChange.Kind.IGNORED).toList();
    }

    /** Base URN -> head URN of every renamed resource. */
    public Map<String, String> renames() {
        var out = new LinkedHashMap<String, String>();
        resources.stream().filter(r -> r.baseUrn() != null && !r.baseUrn().equals(r.urn()))
                .forEach(r -> out.put(r.baseUrn(), r.urn()));
        return out;
    }

    /** Nothing Pulumi would do, no guardrail moved, no output changed. */
    public boolean isEmpty() {
        return resources.stream().noneMatch(r -> r.kind() != ResourceChange.Kind.IGNORED) && outputs.isEmpty()
                && guardrails.introduced().isEmpty() && guardrails.fixed().isEmpty();
    }

    /**
     * {@code prod: +3 ~2 -1, 1 replacement, 0 new mandatory violations, 3 new advisory violations} (then fixed
     * violations and protected resources, when any), plus {@code N changes not applied by pulumi up} when
     * ignoreChanges holds some back.
     */
    public String summaryLine() {
        var s = new StringBuilder();
        s.append(stack).append(": +").append(added()).append(" ~").append(changed()).append(" -").append(removed());
        s.append(", ").append(plural(replacements().size(), "replacement"));
        if (guardrails.checked()) {
            long mandatory = GuardrailDelta.mandatory(guardrails.introduced());
            s.append(", ").append(plural(mandatory, "new mandatory violation"))
                    .append(", ").append(plural(guardrails.introduced().size() - mandatory, "new advisory violation"));
            if (!guardrails.fixed().isEmpty()) {
                long fixedMandatory = GuardrailDelta.mandatory(guardrails.fixed());
                s.append(", ").append(guardrails.fixed().size()).append(" fixed (").append(fixedMandatory).append(" mandatory, ")
                        .append(guardrails.fixed().size() - fixedMandatory).append(" advisory)");
            }
        } else {
            s.append(", violations not checked");
        }
        long held = resources.stream().mapToLong(r -> r.ignored().size()).sum();
        if (held > 0) {
            s.append(", ").append(plural(held, "change")).append(" not applied by pulumi up");
        }
        if (!protectedChanges().isEmpty()) {
            s.append(", ").append(plural(protectedChanges().size(), "protected resource")).append(" touched");
        }
        return s.toString();
    }

    static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
