package io.berth.diff;

import java.util.List;

/**
 * What happens to one resource between the base and the head plan.
 *
 * @param kind            added, removed, updated in place, replaced in place, renamed (and so replaced), or
 *                        unchanged apart from changes Pulumi ignores ({@code ignoreChanges})
 * @param urn             the head URN (the base URN for a removal)
 * @param baseUrn         the base URN (differs from {@code urn} only for a rename; null for an addition)
 * @param type            type token
 * @param name            logical name in the head (in the base for a removal)
 * @param baseName        logical name in the base (null for an addition)
 * @param custom          false for components, which are not cloud resources
 * @param changes         property changes Pulumi acts on
 * @param ignored         property changes Pulumi ignores because of the resource's {@code ignoreChanges}, each with
 *                        the owner that applies it instead
 * @param replaceReasons  why the resource is replaced, one line each; empty when it is not
 * @param notes           further consequences (takes a replaced dependency's new ARN, protected, retained...)
 * @param protectedResource whether {@code protect} is set in the base or the head
 * @param security        what an added or changed resource may do (IAM statements, network rules, containers,
 *                        listener rules), rows marked added, removed or changed; for a CloudWatch alarm added,
 *                        changed or removed, its row before and after ({@link AlarmView}); empty for other types
 */
public record ResourceChange(
        Kind kind,
        String urn,
        String baseUrn,
        String type,
        String name,
        String baseName,
        boolean custom,
        List<PropertyChange> changes,
        List<IgnoredChange> ignored,
        List<String> replaceReasons,
        List<String> notes,
        boolean protectedResource,
        List<SecurityView.Table> security) {

    public enum Kind { ADDED, REMOVED, UPDATED, REPLACED, RENAMED, IGNORED }

    public ResourceChange {
        changes = List.copyOf(changes);
        ignored = List.copyOf(ignored);
        replaceReasons = List.copyOf(replaceReasons);
        notes = List.copyOf(notes);
        security = List.copyOf(security);
    }

    /** Counted as {@code ~} in the summary: updated, replaced or renamed. */
    public boolean changed() {
        return kind == Kind.UPDATED || kind == Kind.REPLACED || kind == Kind.RENAMED;
    }

    /** A cloud resource that is deleted and created again (components are not cloud resources). */
    public boolean replacement() {
        return custom && (kind == Kind.REPLACED || kind == Kind.RENAMED);
    }

    /** A protected resource that this change would delete or replace: {@code pulumi up} refuses it. */
    public boolean protectedAndDeleted() {
        return protectedResource && (kind == Kind.REMOVED || replacement());
    }
}
