package io.berth.diff;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A difference that {@code pulumi up} does not apply because the resource's {@code ignoreChanges}
 * hands the property to another owner.
 *
 * @param change the difference (for a replaced dependency, {@code after} says which new id it takes)
 * @param cause  why it changes when that is not a plain input difference ({@code takes the new revision of
 *               `dev-orders-task`}), or null
 * @param owner  who applies it instead, and how to ship it now; null until the diff is complete
 */
public record IgnoredChange(PropertyChange change, String cause, Ownership.Owner owner) {
    public String label() {
        return change.label();
    }

    public String path() {
        return change.path();
    }

    public JsonNode before() {
        return change.before();
    }

    public JsonNode after() {
        return change.after();
    }

    IgnoredChange withOwner(Ownership.Owner owner) {
        return new IgnoredChange(change, cause, owner);
    }
}
