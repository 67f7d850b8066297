package io.berth.diff;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.diff.ResourceChange.Kind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * Compares two plans of one stack resource by resource, keyed by URN, the way the Pulumi engine
 * would: inputs (JSON documents field by field), options, parent and provider. What it adds to a
 * plain comparison:
 * <ul>
 *   <li>replacements: inputs that force one ({@link ReplacementRules}), the resource's own
 *       {@code replaceOnChanges}, a new provider, and renames: a logical name is part of the URN, so a
 *       resource removed and one of the same type added under the same (or the correspondingly
 *       renamed) parent is one resource renamed, which Pulumi deletes and creates again;</li>
 *   <li>consequences of a replacement: the new resource gets a new id and ARN, known only at
 *       {@code pulumi up}; every resource whose inputs carry the old one is updated (or replaced, when
 *       that input forces it), e.g. the ECS service takes the new task definition revision;</li>
 *   <li>{@code ignoreChanges}: differences Pulumi ignores are listed apart and not counted;</li>
 *   <li>{@code protect}, {@code retainOnDelete} and {@code deleteBeforeReplace} consequences.</li>
 * </ul>
 * The offline plan's ids and ARNs derive from logical names, so identical input gives an empty diff.
 */
public final class PlanDiff {
    /** Resource options compared between the two plans. */
    private static final List<String> OPTIONS = List.of("protect", "retainOnDelete", "deleteBeforeReplace",
            "ignoreChanges", "replaceOnChanges", "aliases");

    /** Below this input similarity two same-typed resources are not taken for one renamed, when there is a choice. */
    private static final double RENAME_SIMILARITY = 0.5;

    private static final String TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";

    private PlanDiff() {
    }

    public static StackDiff compute(PlanSnapshot base, PlanSnapshot head, String baseLabel) {
        var changes = new LinkedHashMap<String, Draft>();

        for (var urn : head.resources().keySet()) {
            var before = base.get(urn);
            if (before != null) {
                var draft = compare(before, head.get(urn));
                if (draft.kind != null) {
                    changes.put(urn, draft);
                }
            }
        }

        var removed = base.resources().keySet().stream().filter(u -> head.get(u) == null).toList();
        var added = head.resources().keySet().stream().filter(u -> base.get(u) == null).toList();
        // a resource that carries an alias to a removed one is that resource, moved or renamed
        var renames = pairAliases(base, head, removed, added);
        var unpairedRemoved = removed.stream().filter(u -> !renames.containsKey(u)).toList();
        var unpairedAdded = added.stream().filter(u -> !renames.containsValue(u)).toList();
        renames.putAll(pairRenames(base, head, unpairedRemoved, unpairedAdded));

        for (var entry : renames.entrySet()) {
            changes.put(entry.getValue(), renamed(base.get(entry.getKey()), head.get(entry.getValue())));
        }
        for (var urn : added) {
            if (!renames.containsValue(urn)) {
                changes.put(urn, Draft.of(Kind.ADDED, head.get(urn), null));
            }
        }
        for (var urn : removed) {
            if (!renames.containsKey(urn)) {
                changes.put(urn, Draft.of(Kind.REMOVED, null, base.get(urn)));
            }
        }

        cascadeReplacements(base, head, changes);
        changes.values().forEach(PlanDiff::addOptionNotes);
        var ownership = Ownership.of(head);
        for (var d : changes.values()) {
            if (d.after != null) {
                d.ignored.replaceAll(i -> i.withOwner(ownership.ownerOf(d.after, i.change().property(), i.after())));
            }
        }
        explainRollouts(head, changes, ownership);

        var order = List.of(Kind.REPLACED, Kind.RENAMED, Kind.UPDATED, Kind.ADDED, Kind.REMOVED, Kind.IGNORED);
        var names = SecurityView.Names.of(head, base);
        var result = changes.values().stream()
                .map(d -> d.build(names))
                .sorted(Comparator.comparing((ResourceChange r) -> order.indexOf(r.kind())).thenComparing(ResourceChange::urn))
                .toList();
        var outputs = JsonDiff.diff(base.outputs(), head.outputs());
        return new StackDiff(head.stack().isEmpty() ? base.stack() : head.stack(), baseLabel, result, outputs,
                GuardrailDelta.notChecked("not run"), null);
    }

    // ---------------------------------------------------------------------------------------------
    // One resource present in both plans

    private static Draft compare(JsonNode before, JsonNode after) {
        var draft = Draft.of(null, after, before);
        var type = after.path("type").asText();
        var ignore = strings(after.path("options").path("ignoreChanges"));
        for (var change : JsonDiff.diff(before.path("inputs"), after.path("inputs"))) {
            if (ignore.stream().anyMatch(p -> PropertyPaths.touches(change.path(), p))) {
                draft.ignored.add(new IgnoredChange(change, null, null));
            } else {
                draft.changes.add(change);
            }
        }
        for (var option : OPTIONS) {
            var a = before.path("options").get(option);
            var b = after.path("options").get(option);
            if (!JsonDiff.same(emptyAsNull(a), emptyAsNull(b))) {
                draft.changes.add(new PropertyChange(PropertyChange.Scope.OPTION, option, a, b));
            }
        }
        for (var field : List.of("parent", "provider")) {
            var a = before.path(field);
            var b = after.path(field);
            if (!JsonDiff.same(a, b)) {
                draft.changes.add(new PropertyChange(PropertyChange.Scope.RESOURCE, field, a, b));
                if (field.equals("provider")) {
                    draft.reasons.add("its provider changes (" + providerName(a) + " -> " + providerName(b) + ")");
                }
            }
        }
        draft.reasons.addAll(forcedReasons(type, after, draft.changes));
        if (!draft.reasons.isEmpty()) {
            draft.kind = Kind.REPLACED;
        } else if (!draft.changes.isEmpty()) {
            draft.kind = Kind.UPDATED;
        } else if (!draft.ignored.isEmpty()) {
            draft.kind = Kind.IGNORED;
        }
        return draft;
    }

    /** One line per top-level input whose change forces a replacement. */
    private static List<String> forcedReasons(String type, JsonNode resource, List<PropertyChange> changes) {
        var replaceOnChanges = strings(resource.path("options").path("replaceOnChanges"));
        var forcing = new LinkedHashSet<String>();
        var requested = new LinkedHashSet<String>();
        for (var change : changes) {
            if (change.scope() != PropertyChange.Scope.INPUT) {
                continue;
            }
            if (ReplacementRules.forcesReplacement(type, change.path())) {
                forcing.add("`" + change.property() + "`");
            } else if (replaceOnChanges.stream().anyMatch(p -> PropertyPaths.touches(change.path(), p))) {
                requested.add("`" + change.property() + "`");
            }
        }
        var reasons = new ArrayList<String>();
        if (!forcing.isEmpty()) {
            var why = ReplacementRules.immutableWhy(type);
            reasons.add(String.join(", ", forcing) + (forcing.size() == 1 ? " changes" : " change")
                    + (why == null ? ", which forces a replacement" : ": " + why));
        }
        if (!requested.isEmpty()) {
            reasons.add(String.join(", ", requested) + (requested.size() == 1 ? " changes" : " change")
                    + ", in the resource's replaceOnChanges");
        }
        return reasons;
    }

    // ---------------------------------------------------------------------------------------------
    // Renames

    private static Draft renamed(JsonNode before, JsonNode after) {
        var draft = Draft.of(Kind.RENAMED, after, before);
        draft.changes.addAll(JsonDiff.diff(before.path("inputs"), after.path("inputs")));
        var oldName = before.path("name").asText();
        var newName = after.path("name").asText();
        if (aliased(after, before)) {
            draft.kind = Kind.UPDATED;
            draft.notes.add(oldName.equals(newName)
                    ? "moved from `" + before.path("urn").asText() + "` with an alias: Pulumi keeps the resource"
                    : "renamed from `" + oldName + "` with an alias: Pulumi keeps the resource");
            return draft;
        }
        draft.reasons.add(after.path("custom").asBoolean()
                ? "renamed `" + oldName + "` -> `" + newName + "`: will be REPLACED"
                : "component renamed `" + oldName + "` -> `" + newName + "`: its children move to new URNs");
        return draft;
    }

    private static boolean aliased(JsonNode after, JsonNode before) {
        var oldUrn = before.path("urn").asText();
        if (AliasUrns.of(after).contains(oldUrn)) {
            return true;
        }
        var oldName = "\"" + before.path("name").asText() + "\"";
        return StreamSupport.stream(after.path("options").path("aliases").spliterator(), false)
                .map(JsonNode::asText)
                .anyMatch(a -> a.contains(oldUrn) || a.contains(oldName));
    }

    /** Pairs each added resource with the removed one an alias of it names. */
    static Map<String, String> pairAliases(PlanSnapshot base, PlanSnapshot head, List<String> removed, List<String> added) {
        var pairs = new LinkedHashMap<String, String>();
        var gone = new HashSet<>(removed);
        for (var urn : added) {
            AliasUrns.of(head.get(urn)).stream().filter(gone::contains).findFirst().ifPresent(old -> {
                pairs.put(old, urn);
                gone.remove(old);
            });
        }
        return pairs;
    }

    /**
     * Pairs removed and added resources that are one resource renamed: same type, under the same parent
     * (or under the parent's own new name), parents first. One candidate on each side pairs; with a
     * choice, the most similar inputs (names substituted) pair, down to {@link #RENAME_SIMILARITY}.
     * A component pairs only if some child of it pairs too.
     */
    static Map<String, String> pairRenames(PlanSnapshot base, PlanSnapshot head, List<String> removed, List<String> added) {
        var pairs = new LinkedHashMap<String, String>();
        var freeAdded = new LinkedHashSet<>(added);
        var byDepth = new TreeMap<Integer, List<String>>();
        removed.forEach(u -> byDepth.computeIfAbsent(base.depth(u), d -> new ArrayList<>()).add(u));

        for (var level : byDepth.values()) {
            var groups = new LinkedHashMap<String, List<String>>();
            for (var u : level) {
                var r = base.get(u);
                var parent = PlanSnapshot.parentOf(r);
                var key = r.path("type").asText() + "\u0000" + pairs.getOrDefault(parent, parent);
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(u);
            }
            for (var group : groups.entrySet()) {
                var olds = group.getValue();
                var candidates = freeAdded.stream().filter(u -> {
                    var r = head.get(u);
                    return (r.path("type").asText() + "\u0000" + PlanSnapshot.parentOf(r)).equals(group.getKey());
                }).toList();
                if (candidates.isEmpty()) {
                    continue;
                }
                if (olds.size() == 1 && candidates.size() == 1) {
                    pairs.put(olds.get(0), candidates.get(0));
                    freeAdded.remove(candidates.get(0));
                    continue;
                }
                record Score(String from, String to, double score) {
                }
                var scores = new ArrayList<Score>();
                for (var o : olds) {
                    for (var c : candidates) {
                        scores.add(new Score(o, c, similarity(base.get(o), head.get(c))));
                    }
                }
                scores.sort(Comparator.comparingDouble(Score::score).reversed().thenComparing(Score::from).thenComparing(Score::to));
                var used = new HashSet<String>();
                for (var s : scores) {
                    if (s.score() >= RENAME_SIMILARITY && !pairs.containsKey(s.from()) && !used.contains(s.to())) {
                        pairs.put(s.from(), s.to());
                        used.add(s.to());
                        freeAdded.remove(s.to());
                    }
                }
            }
        }
        // A component with children none of which pairs is not renamed: something else took its place.
        for (var entry : List.copyOf(pairs.entrySet())) {
            var component = base.get(entry.getKey());
            if (component.path("custom").asBoolean()) {
                continue;
            }
            var children = removed.stream().filter(u -> PlanSnapshot.parentOf(base.get(u)).equals(entry.getKey())).toList();
            if (!children.isEmpty() && children.stream().noneMatch(pairs::containsKey)) {
                pairs.remove(entry.getKey());
            }
        }
        return pairs;
    }

    /**
     * How alike two resources are, 0..1: the share of equal leaves of their inputs once the part of
     * the name that differs is substituted (orders -> purchases), plus the names' common ends for
     * components, which have no inputs.
     */
    static double similarity(JsonNode before, JsonNode after) {
        var oldName = before.path("name").asText();
        var newName = after.path("name").asText();
        int prefix = 0;
        while (prefix < Math.min(oldName.length(), newName.length()) && oldName.charAt(prefix) == newName.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < Math.min(oldName.length(), newName.length()) - prefix
                && oldName.charAt(oldName.length() - 1 - suffix) == newName.charAt(newName.length() - 1 - suffix)) {
            suffix++;
        }
        double nameScore = (prefix + suffix) / (double) Math.max(1, Math.max(oldName.length(), newName.length()));
        var oldCore = oldName.substring(prefix, oldName.length() - suffix);
        var newCore = newName.substring(prefix, newName.length() - suffix);
        var a = JsonDiff.leaves(JsonDiff.mapStrings(JsonDiff.expand(before.path("inputs")),
                s -> oldCore.isEmpty() ? s : s.replace(oldCore, newCore)));
        var b = JsonDiff.leaves(JsonDiff.expand(after.path("inputs")));
        if (a.isEmpty() && b.isEmpty()) {
            return nameScore;
        }
        var keys = new HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        long equal = keys.stream().filter(k -> a.containsKey(k) && b.containsKey(k) && JsonDiff.same(a.get(k), b.get(k))).count();
        return equal / (double) keys.size();
    }

    // ---------------------------------------------------------------------------------------------
    // Consequences of replacements

    /**
     * A replaced resource gets a new id and ARN. Each resource that depends on it and carries its id
     * in an input takes the new value: an update, or a replacement when that input forces one (which
     * may cascade further).
     */
    private static void cascadeReplacements(PlanSnapshot base, PlanSnapshot head, Map<String, Draft> changes) {
        var replacedIds = new LinkedHashMap<String, String>();
        changes.forEach((urn, d) -> {
            if (d.kind == Kind.REPLACED && d.after != null && d.after.path("custom").asBoolean()) {
                replacedIds.put(urn, d.after.path("id").asText(""));
            }
        });
        var seen = new HashSet<String>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (var urn : head.resources().keySet()) {
                var draft = changes.get(urn);
                if (base.get(urn) == null || (draft != null && (draft.kind == Kind.REPLACED || draft.kind == Kind.RENAMED))) {
                    continue;
                }
                var resource = head.get(urn);
                var type = resource.path("type").asText();
                var ignore = strings(resource.path("options").path("ignoreChanges"));
                var replaceOnChanges = strings(resource.path("options").path("replaceOnChanges"));
                Map<String, JsonNode> leaves = null;
                for (var dep : strings(resource.path("dependencies"))) {
                    var id = replacedIds.get(dep);
                    if (id == null || id.length() < 4 || !seen.add(urn + "\u0000" + dep)) {
                        continue;
                    }
                    if (leaves == null) {
                        leaves = JsonDiff.leaves(JsonDiff.expand(resource.path("inputs")));
                    }
                    var token = Pattern.compile("(?<![A-Za-z0-9_-])" + Pattern.quote(id) + "(?![A-Za-z0-9_-])");
                    var depName = "`" + head.get(dep).path("name").asText() + "`";
                    var properties = new LinkedHashSet<String>();
                    var held = new LinkedHashMap<String, JsonNode>();
                    leaves.forEach((path, value) -> {
                        if (value.isTextual() && token.matcher(value.textValue()).find()) {
                            if (ignore.stream().noneMatch(p -> PropertyPaths.touches(path, p))) {
                                properties.add(path);
                            } else {
                                held.put(path, value);
                            }
                        }
                    });
                    if (draft != null) {
                        var shown = draft.changes.stream().map(PropertyChange::path).toList();
                        properties.removeIf(shown::contains); // the plan already shows the new value
                        var heldShown = draft.ignored.stream().map(IgnoredChange::path).toList();
                        held.keySet().removeIf(heldShown::contains);
                    }
                    if (properties.isEmpty() && held.isEmpty()) {
                        continue; // depends on it for ordering only, or the change is already listed
                    }
                    if (draft == null) {
                        draft = compare(base.get(urn), resource);
                        changes.put(urn, draft);
                    }
                    for (var h : held.entrySet()) {
                        draft.ignored.add(new IgnoredChange(PropertyChange.input(h.getKey(), h.getValue(),
                                JsonDiff.JSON.getNodeFactory().textNode("(the new id/ARN of " + depName.replace("`", "") + ")")),
                                "takes the new id/ARN of " + depName + ", which is replaced", null));
                    }
                    if (properties.isEmpty()) {
                        if (draft.kind == null) {
                            draft.kind = Kind.IGNORED;
                        }
                        continue;
                    }
                    for (var path : properties) {
                        if (ReplacementRules.forcesReplacement(type, path)
                                || replaceOnChanges.stream().anyMatch(p -> PropertyPaths.touches(path, p))) {
                            draft.reasons.add("`" + path + "` takes the new id of " + depName + ", which is replaced");
                        } else {
                            draft.notes.add("`" + path + "` takes the new id/ARN of " + depName
                                    + ", which is replaced (known only at `pulumi up`)");
                        }
                    }
                    if (!draft.reasons.isEmpty() && draft.kind != Kind.REPLACED) {
                        draft.kind = Kind.REPLACED;
                        replacedIds.put(urn, resource.path("id").asText(""));
                        grew = true;
                    } else if (draft.kind == null || draft.kind == Kind.IGNORED) {
                        draft.kind = Kind.UPDATED;
                    }
                }
            }
        }
    }

    /**
     * A replaced ECS task definition says whether its services roll out to the new revision at
     * {@code pulumi up}: a service whose {@code taskDefinition} is ignored (a pipeline owns releases)
     * does not.
     */
    private static void explainRollouts(PlanSnapshot head, Map<String, Draft> changes, Ownership ownership) {
        for (var d : changes.values()) {
            if (d.after == null || d.kind != Kind.REPLACED || !d.after.path("type").asText().equals(TASK_DEFINITION)) {
                continue;
            }
            var urn = d.after.path("urn").asText();
            var id = d.after.path("id").asText("");
            var rollouts = new ArrayList<String>();
            var held = new ArrayList<String>();
            for (var r : head.resources().values()) {
                if (!r.path("type").asText().equals(Ownership.ECS_SERVICE) || !strings(r.path("dependencies")).contains(urn)
                        || id.isEmpty() || !r.path("inputs").path("taskDefinition").asText().contains(id)) {
                    continue;
                }
                var name = "`" + r.path("name").asText() + "`";
                if (strings(r.path("options").path("ignoreChanges")).contains("taskDefinition")) {
                    var pipeline = ownership.pipelineOf(r);
                    held.add("`pulumi up` does NOT deploy it to " + name + (pipeline == null ? " (its taskDefinition is in ignoreChanges)"
                            : ": pipeline `" + pipeline + "` owns its releases, it ships with the next pipeline run"));
                } else {
                    rollouts.add(name);
                }
            }
            var why = ReplacementRules.immutableWhy(TASK_DEFINITION);
            var extra = new ArrayList<String>();
            if (!rollouts.isEmpty()) {
                extra.add("`pulumi up` rolls " + String.join(", ", rollouts) + " out to it");
            }
            extra.addAll(held);
            if (extra.isEmpty()) {
                continue;
            }
            var updated = new LinkedHashSet<String>();
            for (var reason : d.reasons) {
                updated.add(why != null && reason.endsWith(why) ? reason + "; " + String.join("; ", extra) : reason);
            }
            d.reasons.clear();
            d.reasons.addAll(updated);
        }
    }

    private static void addOptionNotes(Draft d) {
        var before = d.before == null ? null : d.before.path("options");
        var after = d.after == null ? null : d.after.path("options");
        boolean protectedBefore = before != null && before.path("protect").asBoolean();
        boolean protectedAfter = after != null && after.path("protect").asBoolean();
        d.protectedResource = protectedBefore || protectedAfter;
        boolean replaced = d.kind == Kind.REPLACED || (d.kind == Kind.RENAMED && d.custom());
        if (d.kind == Kind.REMOVED && protectedBefore) {
            d.notes.add("PROTECTED: `pulumi up` refuses to delete it until `protect` is lifted in a change of its own");
        } else if (replaced && d.protectedResource) {
            d.notes.add("PROTECTED: `pulumi up` refuses to replace it; the change cannot be applied as it is");
        } else if (d.kind == Kind.UPDATED && d.protectedResource) {
            d.notes.add("protected resource, updated in place");
        }
        if (before != null && before.path("retainOnDelete").asBoolean() && (d.kind == Kind.REMOVED || replaced)) {
            d.notes.add("retainOnDelete: Pulumi lets go of the " + (d.kind == Kind.REMOVED ? "" : "old ")
                    + "resource but it stays in AWS (delete or import it by hand)");
        }
        if (replaced && after != null && after.path("deleteBeforeReplace").asBoolean()) {
            d.notes.add("deleteBeforeReplace: the old one is deleted before the new one exists");
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static List<String> strings(JsonNode list) {
        var out = new ArrayList<String>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode emptyAsNull(JsonNode n) {
        if (n == null || n.isNull() || (n.isContainerNode() && n.isEmpty()) || (n.isBoolean() && !n.booleanValue())) {
            return null;
        }
        return n;
    }

    private static String providerName(JsonNode ref) {
        var s = ref.asText("");
        if (s.isEmpty()) {
            return "default";
        }
        var urn = s.contains("::") ? s.substring(0, s.lastIndexOf("::")) : s;
        return urn.substring(urn.lastIndexOf("::") + 2);
    }

    /** A change being worked out. */
    private static final class Draft {
        Kind kind;
        final JsonNode after;
        final JsonNode before;
        final List<PropertyChange> changes = new ArrayList<>();
        final List<IgnoredChange> ignored = new ArrayList<>();
        final Set<String> reasons = new LinkedHashSet<>();
        final Set<String> notes = new LinkedHashSet<>();
        boolean protectedResource;

        private Draft(Kind kind, JsonNode after, JsonNode before) {
            this.kind = kind;
            this.after = after;
            this.before = before;
        }

        static Draft of(Kind kind, JsonNode after, JsonNode before) {
            return new Draft(kind, after, before);
        }

        boolean custom() {
            return (after != null ? after : before).path("custom").asBoolean();
        }

        ResourceChange build(SecurityView.Names names) {
            var r = after != null ? after : before;
            var security = new ArrayList<SecurityView.Table>(after == null || kind == Kind.IGNORED ? List.<SecurityView.Table>of()
                    : SecurityView.of(r.path("type").asText(), r.path("name").asText(), kind == Kind.ADDED ? null : before, after, names));
            if (kind != Kind.IGNORED) {
                security.addAll(AlarmView.of(r.path("type").asText(), r.path("name").asText(), kind == Kind.ADDED ? null : before, after, names));
            }
            return new ResourceChange(kind, r.path("urn").asText(), before == null ? null : before.path("urn").asText(),
                    r.path("type").asText(), r.path("name").asText(), before == null ? null : before.path("name").asText(),
                    custom(), changes, ignored, List.copyOf(reasons), List.copyOf(notes), protectedResource, security);
        }
    }
}
