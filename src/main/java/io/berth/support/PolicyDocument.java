package io.berth.support;

import com.pulumi.core.Output;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An IAM policy document built with Jackson. Resources may be outputs (ARNs known only after
 * creation); the document resolves them all before rendering. Statements keep their order, so the
 * JSON is byte-stable across runs.
 */
public final class PolicyDocument {
    private record Statement(String sid, String effect, List<String> actions, List<Output<String>> resources,
                             Output<Map<String, Object>> condition) {
    }

    private final List<Statement> statements = new ArrayList<>();

    public static PolicyDocument create() {
        return new PolicyDocument();
    }

    public PolicyDocument allow(String sid, List<String> actions, List<Output<String>> resources) {
        return allow(sid, actions, resources, Map.of());
    }

    public PolicyDocument allow(String sid, List<String> actions, List<Output<String>> resources, Map<String, Object> condition) {
        return allow(sid, actions, resources, Output.of(Json.immutable(condition)));
    }

    /** A statement whose condition holds outputs (an ARN known only after creation). */
    public PolicyDocument allow(String sid, List<String> actions, List<Output<String>> resources, Output<Map<String, Object>> condition) {
        if (actions.isEmpty() || resources.isEmpty()) {
            throw new IllegalArgumentException("statement " + sid + " needs actions and resources");
        }
        statements.add(new Statement(sid, "Allow", List.copyOf(actions), List.copyOf(resources), condition));
        return this;
    }

    /** A trust policy letting an AWS service principal assume the role. */
    public static String trust(String servicePrincipal) {
        return trust(servicePrincipal, Map.of());
    }

    /**
     * A trust policy letting an AWS service principal assume the role only on behalf of this account
     * ({@code aws:SourceAccount}): the service cannot be used as a confused deputy by another account.
     */
    public static String trustFromAccount(String servicePrincipal, String account) {
        return trust(servicePrincipal, Map.of("StringEquals", Map.of("aws:SourceAccount", account)));
    }

    /**
     * A topic policy letting AWS service principals ({@code service}: one name or a list) publish to
     * {@code topicArn} on behalf of this account only ({@code aws:SourceAccount}).
     */
    public static String topicPublishFromAccount(String sid, Object service, String topicArn, String account) {
        return Json.write(Map.of(
                "Version", "2012-10-17",
                "Statement", List.of(Map.of(
                        "Sid", sid,
                        "Effect", "Allow",
                        "Principal", Map.of("Service", service),
                        "Action", "sns:Publish",
                        "Resource", topicArn,
                        "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", account))))));
    }

    private static String trust(String servicePrincipal, Map<String, Object> condition) {
        var statement = new LinkedHashMap<String, Object>();
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("Service", servicePrincipal));
        statement.put("Action", "sts:AssumeRole");
        if (!condition.isEmpty()) {
            statement.put("Condition", condition);
        }
        return render(List.of(statement));
    }

    /**
     * The document as JSON once every resource is known. It renders the statements added so far: a
     * copy taken now, so the rendering (on one of the engine's threads, later) never reads a list
     * this builder may still change on another.
     */
    public Output<String> toJson() {
        var statements = List.copyOf(this.statements);
        var all = new ArrayList<Output<String>>();
        statements.forEach(s -> all.addAll(s.resources()));
        var conditions = Output.all(statements.stream().map(Statement::condition).toList());
        return Output.tuple(Output.all(List.copyOf(all)), conditions).applyValue(t -> {
            var values = t.t1;
            var rendered = new ArrayList<Map<String, Object>>();
            int i = 0;
            int c = 0;
            for (var s : statements) {
                var resolved = values.subList(i, i + s.resources().size()).stream().distinct().sorted().toList();
                var condition = t.t2.get(c++);
                i += s.resources().size();
                var statement = new LinkedHashMap<String, Object>();
                statement.put("Sid", s.sid());
                statement.put("Effect", s.effect());
                statement.put("Action", s.actions().size() == 1 ? s.actions().get(0) : s.actions());
                statement.put("Resource", resolved.size() == 1 ? resolved.get(0) : resolved);
                if (!condition.isEmpty()) {
                    statement.put("Condition", condition);
                }
                rendered.add(statement);
            }
            return render(rendered);
        });
    }

    private static String render(List<? extends Map<String, Object>> statements) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("Version", "2012-10-17");
        doc.put("Statement", statements);
        return Json.write(doc);
    }
}
