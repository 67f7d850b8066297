package io.berth.diff;

/**
 * One guardrail violation as {@code policies/bin/check.ts --json} prints it.
 *
 * @param policy   the guardrail's name ({@code ecs-read-only-root-filesystem})
 * @param level    {@code mandatory} or {@code advisory}
 * @param resource the URN of the resource it is about; empty for a violation of the whole stack
 * @param message  what is wrong and what must change
 */
public record Violation(String policy, String level, String resource, String message) {
    /** The logical name at the end of the URN, or {@code (stack)}. */
    public String resourceName() {
        if (resource == null || resource.isEmpty()) {
            return "(stack)";
        }
        int i = resource.lastIndexOf("::");
        return i < 0 ? resource : resource.substring(i + 2);
    }
}
