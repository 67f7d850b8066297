package io.berth.diff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Guardrail violations the change introduces and fixes: the policy pack's findings on the head plan
 * minus those on the base plan, both checked with the working tree's pack and config. A violation of
 * a renamed resource is matched under its new URN and name, so a rename alone moves nothing.
 *
 * @param checked    whether both plans were checked
 * @param note       why they were not, or null
 * @param introduced in the head, not in the base
 * @param fixed      in the base, not in the head
 */
public record GuardrailDelta(boolean checked, String note, List<Violation> introduced, List<Violation> fixed) {
    public GuardrailDelta {
        introduced = List.copyOf(introduced);
        fixed = List.copyOf(fixed);
    }

    /** How many of these violations are mandatory (the rest are advisory). */
    public static long mandatory(List<Violation> violations) {
        return violations.stream().filter(v -> "mandatory".equals(v.level())).count();
    }

    public static GuardrailDelta notChecked(String why) {
        return new GuardrailDelta(false, why, List.of(), List.of());
    }

    /** Compares two lists of violations as multisets, base URNs and names mapped through {@code renames}. */
    public static GuardrailDelta between(List<Violation> base, List<Violation> head, Map<String, String> renames) {
        var remaining = new HashMap<Violation, Integer>();
        var mappedBase = new ArrayList<Violation>();
        for (var v : base) {
            var mapped = rename(v, renames);
            mappedBase.add(mapped);
            remaining.merge(mapped, 1, Integer::sum);
        }
        var introduced = new ArrayList<Violation>();
        for (var v : head) {
            if (remaining.getOrDefault(v, 0) > 0) {
                remaining.merge(v, -1, Integer::sum);
            } else {
                introduced.add(v);
            }
        }
        var fixed = new ArrayList<Violation>();
        for (int i = 0; i < base.size(); i++) {
            var mapped = mappedBase.get(i);
            if (remaining.getOrDefault(mapped, 0) > 0) {
                remaining.merge(mapped, -1, Integer::sum);
                fixed.add(base.get(i));
            }
        }
        return new GuardrailDelta(true, null, introduced, fixed);
    }

    private static Violation rename(Violation v, Map<String, String> renames) {
        var to = renames.get(v.resource());
        if (to == null) {
            return v;
        }
        var renamed = new Violation(v.policy(), v.level(), to, "");
        return new Violation(v.policy(), v.level(), to, v.message().replace(v.resourceName(), renamed.resourceName()));
    }
}
