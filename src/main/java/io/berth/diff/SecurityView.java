package io.berth.diff;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What an added or changed resource may do, as tables a reviewer reads like {@code terraform plan}'s:
 * IAM statements (effect, principal, actions, resources, conditions) of every policy document,
 * security-group rules (direction, protocol, ports, peer), containers (image, CPU, memory, ports,
 * environment and secret <em>names</em>, never values) and listener rules (priority, conditions,
 * action). Rows of a changed resource are marked {@code +} added, {@code -} removed, {@code ~} changed,
 * blank unchanged.
 */
public final class SecurityView {
    /** One row: its mark and its cells. */
    public record Row(char mark, List<String> cells) {
    }

    /** A titled table. */
    public record Table(String title, List<String> columns, List<Row> rows) {
        public boolean changed() {
            return rows.stream().anyMatch(r -> r.mark() != ' ');
        }
    }

    /** Logical names of resources by id, so ids and ARNs in inputs read as names. */
    static final class Names {
        private final Map<String, String> byId = new HashMap<>();

        static Names of(PlanSnapshot... plans) {
            var n = new Names();
            for (var plan : plans) {
                for (var r : plan.resources().values()) {
                    var id = r.path("id").asText("");
                    if (id.length() >= 4) {
                        n.byId.putIfAbsent(id, r.path("name").asText());
                    }
                }
            }
            return n;
        }

        /** {@code sg-0abc} -> {@code dev-web-sg}; an ARN ending in a known id likewise; otherwise the value. */
        String name(String value) {
            if (value == null || value.isEmpty()) {
                return "";
            }
            var direct = byId.get(value);
            if (direct != null) {
                return direct;
            }
            var tail = value.substring(Math.max(value.lastIndexOf('/'), value.lastIndexOf(':')) + 1);
            var byTail = byId.get(tail);
            return byTail != null ? byTail : value;
        }
    }

    private SecurityView() {
    }

    /** The tables of a resource of this type; {@code before} is null for an addition. Only tables with a marked row. */
    static List<Table> of(String type, String name, JsonNode before, JsonNode after, Names names) {
        var out = new ArrayList<Table>();
        var b = before == null ? null : before.path("inputs");
        var a = after.path("inputs");
        for (var field : List.of("policy", "assumeRolePolicy")) {
            if (a.has(field) && isPolicyDocument(a.get(field))) {
                var title = (field.equals("assumeRolePolicy") ? "trust policy of " : "IAM statements of ") + "`" + name + "`"
                        + (a.path("role").isTextual() ? " (role `" + names.name(a.path("role").asText()) + "`)" : "");
                out.add(compare(title, List.of("Sid", "Effect", "Principal", "Actions", "Resources", "Conditions"),
                        b == null ? List.of() : statements(b.get(field)), statements(a.get(field))));
            }
        }
        if (type.equals("aws:iam/rolePolicyAttachment:RolePolicyAttachment")) {
            out.add(compare("managed policy attached by `" + name + "`", List.of("Role", "Policy"),
                    b == null ? List.of() : List.of(List.of(names.name(b.path("role").asText()), b.path("policyArn").asText())),
                    List.of(List.of(names.name(a.path("role").asText()), a.path("policyArn").asText()))));
        }
        switch (type) {
            case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
                 "aws:ec2/securityGroupRule:SecurityGroupRule" -> out.add(compare("network rule `" + name + "`",
                    List.of("Direction", "Protocol", "Ports", "Peer", "Security group", "Description"),
                    b == null ? List.of() : List.of(rule(type, b, names)), List.of(rule(type, a, names))));
            case "aws:ec2/securityGroup:SecurityGroup" -> {
                if (a.has("ingress") || a.has("egress")) {
                    out.add(compare("inline rules of `" + name + "`",
                            List.of("Direction", "Protocol", "Ports", "Peer", "Security group", "Description"),
                            b == null ? List.of() : inlineRules(b, name, names), inlineRules(a, name, names)));
                }
            }
            case "aws:ecs/taskDefinition:TaskDefinition" -> out.add(compare(taskTitle(name, a, names),
                    List.of("Container", "Image", "CPU", "Memory", "Ports", "Environment (names)", "Secrets (names)", "Runs as"),
                    b == null ? List.of() : containers(b), containers(a)));
            case "aws:lb/listenerRule:ListenerRule" -> out.add(compare("listener rule `" + name + "` on `"
                            + names.name(a.path("listenerArn").asText()) + "`", List.of("Priority", "Conditions", "Action"),
                    b == null ? List.of() : List.of(listenerRule(b, names)), List.of(listenerRule(a, names))));
            case "aws:lb/listener:Listener" -> out.add(compare("listener `" + name + "`", List.of("Port", "Protocol", "TLS policy", "Default action"),
                    b == null ? List.of() : List.of(listener(b, names)), List.of(listener(a, names))));
            default -> {
            }
        }
        return out.stream().filter(Table::changed).toList();
    }

    // ---------------------------------------------------------------------------------------------
    // Rows

    private static boolean isPolicyDocument(JsonNode value) {
        var doc = JsonDiff.expand(value);
        return doc != null && doc.isObject() && doc.has("Statement");
    }

    private static List<List<String>> statements(JsonNode value) {
        var out = new ArrayList<List<String>>();
        if (value == null) {
            return out;
        }
        var doc = JsonDiff.expand(value);
        var list = doc.path("Statement");
        for (var s : list.isArray() ? list : List.of(list)) {
            var actions = s.has("NotAction") ? "NOT " + join(s.get("NotAction")) : join(s.path("Action"));
            var resources = s.has("NotResource") ? "NOT " + join(s.get("NotResource")) : join(s.path("Resource"));
            out.add(List.of(s.path("Sid").asText(""), s.path("Effect").asText(""), principal(s), actions, resources, conditions(s.path("Condition"))));
        }
        return out;
    }

    private static String principal(JsonNode s) {
        var p = s.has("NotPrincipal") ? s.get("NotPrincipal") : s.path("Principal");
        if (p.isMissingNode()) {
            return "";
        }
        if (p.isTextual()) {
            return p.asText();
        }
        var parts = new ArrayList<String>();
        p.fields().forEachRemaining(e -> parts.add(e.getKey() + ": " + join(e.getValue())));
        return (s.has("NotPrincipal") ? "NOT " : "") + String.join("; ", parts);
    }

    private static String conditions(JsonNode c) {
        var parts = new ArrayList<String>();
        c.fields().forEachRemaining(op -> op.getValue().fields().forEachRemaining(k ->
                parts.add(op.getKey() + " " + k.getKey() + " = " + join(k.getValue()))));
        return String.join("; ", parts);
    }

    private static List<String> rule(String type, JsonNode in, Names names) {
        String direction;
        if (type.endsWith("SecurityGroupIngressRule")) {
            direction = "ingress";
        } else if (type.endsWith("SecurityGroupEgressRule")) {
            direction = "egress";
        } else {
            direction = in.path("type").asText();
        }
        return ruleRow(direction, in, names.name(in.path("securityGroupId").asText()), names);
    }

    private static List<List<String>> inlineRules(JsonNode in, String group, Names names) {
        var out = new ArrayList<List<String>>();
        for (var direction : List.of("ingress", "egress")) {
            for (var r : in.path(direction)) {
                out.add(ruleRow(direction, r, group, names));
            }
        }
        return out;
    }

    private static List<String> ruleRow(String direction, JsonNode r, String group, Names names) {
        var protocol = r.has("ipProtocol") ? r.path("ipProtocol").asText() : r.path("protocol").asText();
        boolean all = protocol.equals("-1") || protocol.equalsIgnoreCase("all");
        String ports;
        if (all) {
            ports = "all";
        } else {
            var from = r.path("fromPort").asText("");
            var to = r.path("toPort").asText("");
            ports = from.equals(to) || to.isEmpty() ? number(from) : number(from) + "-" + number(to);
        }
        var peers = new ArrayList<String>();
        for (var f : List.of("cidrIpv4", "cidrIpv6", "prefixListId")) {
            if (r.path(f).isTextual()) {
                peers.add(r.path(f).asText());
            }
        }
        for (var f : List.of("cidrBlocks", "ipv6CidrBlocks", "prefixListIds")) {
            r.path(f).forEach(v -> peers.add(v.asText()));
        }
        if (r.path("referencedSecurityGroupId").isTextual()) {
            peers.add("sg " + names.name(r.path("referencedSecurityGroupId").asText()));
        }
        if (r.path("sourceSecurityGroupId").isTextual()) {
            peers.add("sg " + names.name(r.path("sourceSecurityGroupId").asText()));
        }
        r.path("securityGroups").forEach(v -> peers.add("sg " + names.name(v.asText())));
        if (r.path("self").asBoolean(false)) {
            peers.add("itself");
        }
        var peer = (direction.equals("ingress") ? "from " : "to ") + (peers.isEmpty() ? "(none)" : String.join(", ", peers));
        return List.of(direction, all ? "all" : protocol, ports, peer, group, r.path("description").asText(""));
    }

    private static String taskTitle(String name, JsonNode in, Names names) {
        var parts = new ArrayList<String>();
        if (in.has("cpu") || in.has("memory")) {
            parts.add("task cpu " + in.path("cpu").asText("-") + ", memory " + in.path("memory").asText("-"));
        }
        if (in.path("taskRoleArn").isTextual()) {
            parts.add("task role `" + names.name(in.path("taskRoleArn").asText()) + "`");
        }
        if (in.path("executionRoleArn").isTextual()) {
            parts.add("execution role `" + names.name(in.path("executionRoleArn").asText()) + "`");
        }
        return "containers of `" + name + "`" + (parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")");
    }

    private static List<List<String>> containers(JsonNode in) {
        var out = new ArrayList<List<String>>();
        var list = JsonDiff.expand(in.path("containerDefinitions"));
        if (list == null || !list.isArray()) {
            return out;
        }
        for (var c : list) {
            var ports = new ArrayList<String>();
            c.path("portMappings").forEach(p -> ports.add(number(p.path("containerPort").asText()) + "/" + p.path("protocol").asText("tcp")));
            var runsAs = new ArrayList<String>();
            runsAs.add(c.path("user").isTextual() ? "user " + c.path("user").asText() : "image default user");
            if (c.path("privileged").asBoolean(false)) {
                runsAs.add("PRIVILEGED");
            }
            if (!c.path("readonlyRootFilesystem").asBoolean(false)) {
                runsAs.add("writable root");
            }
            out.add(List.of(c.path("name").asText(), c.path("image").asText(), number(c.path("cpu").asText("-")),
                    number(c.path("memory").asText(c.path("memoryReservation").asText("-"))), String.join(", ", ports),
                    names(c.path("environment"), v -> ""), names(c.path("secrets"), SecurityView::secretSource),
                    String.join(", ", runsAs)));
        }
        return out;
    }

    /** Where a secret comes from, never its value. */
    private static String secretSource(JsonNode secret) {
        var from = secret.path("valueFrom").asText();
        if (from.contains(":secretsmanager:")) {
            return " (Secrets Manager)";
        }
        if (from.contains(":ssm:") || from.startsWith("/")) {
            return " (SSM)";
        }
        return "";
    }

    private static String names(JsonNode list, Function<JsonNode, String> suffix) {
        var out = new ArrayList<String>();
        list.forEach(v -> out.add(v.path("name").asText() + suffix.apply(v)));
        return String.join(", ", out);
    }

    private static List<String> listenerRule(JsonNode in, Names names) {
        var conditions = new ArrayList<String>();
        for (var c : in.path("conditions")) {
            c.fields().forEachRemaining(e -> {
                var values = e.getValue().path("values");
                conditions.add(switch (e.getKey()) {
                    case "pathPattern" -> "path " + join(values);
                    case "hostHeader" -> "host " + join(values);
                    case "httpHeader" -> "header " + e.getValue().path("httpHeaderName").asText() + " " + join(values);
                    case "sourceIp" -> "source " + join(values);
                    default -> e.getKey() + " " + e.getValue();
                });
            });
        }
        return List.of(number(in.path("priority").asText("-")), String.join("; ", conditions), actions(in.path("actions"), names));
    }

    private static List<String> listener(JsonNode in, Names names) {
        return List.of(number(in.path("port").asText("-")), in.path("protocol").asText("-"), in.path("sslPolicy").asText("-"),
                actions(in.path("defaultActions"), names));
    }

    private static String actions(JsonNode list, Names names) {
        var out = new ArrayList<String>();
        for (var a : list) {
            var type = a.path("type").asText();
            out.add(switch (type) {
                case "forward" -> a.path("targetGroupArn").isTextual() ? "forward to " + names.name(a.path("targetGroupArn").asText())
                        : "forward " + a.path("forward");
                case "redirect" -> "redirect to " + a.path("redirect").path("protocol").asText("") + ":" + a.path("redirect").path("port").asText("")
                        + " (" + a.path("redirect").path("statusCode").asText("") + ")";
                case "fixed-response" -> "fixed response " + a.path("fixedResponse").path("statusCode").asText("");
                default -> type;
            });
        }
        return String.join("; ", out);
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Marks rows: matched by their first cell when every row has a distinct non-empty one (a Sid, a
     * container name), else by their whole content.
     */
    private static Table compare(String title, List<String> columns, List<List<String>> before, List<List<String>> after) {
        boolean keyed = distinctFirst(before) && distinctFirst(after) && (before.size() + after.size() > 1 || !before.isEmpty());
        var rows = new ArrayList<Row>();
        if (keyed) {
            var old = new LinkedHashMap<String, List<String>>();
            before.forEach(r -> old.put(r.get(0), r));
            var seen = new java.util.HashSet<String>();
            for (var r : after) {
                seen.add(r.get(0));
                var o = old.get(r.get(0));
                rows.add(new Row(o == null ? '+' : o.equals(r) ? ' ' : '~', r));
            }
            old.forEach((k, r) -> {
                if (!seen.contains(k)) {
                    rows.add(new Row('-', r));
                }
            });
        } else {
            var remaining = new ArrayList<>(before);
            for (var r : after) {
                rows.add(new Row(remaining.remove(r) ? ' ' : '+', r));
            }
            remaining.forEach(r -> rows.add(new Row('-', r)));
        }
        // leave out columns empty in every row (a policy without principals, statements without Sid)
        var keep = new ArrayList<Integer>();
        for (int i = 0; i < columns.size(); i++) {
            final int col = i;
            if (rows.stream().anyMatch(r -> !r.cells().get(col).isEmpty())) {
                keep.add(i);
            }
        }
        return new Table(title, keep.stream().map(columns::get).toList(),
                rows.stream().map(r -> new Row(r.mark(), keep.stream().map(r.cells()::get).toList())).toList());
    }

    private static boolean distinctFirst(List<List<String>> rows) {
        var seen = new java.util.HashSet<String>();
        return rows.stream().allMatch(r -> !r.get(0).isEmpty() && seen.add(r.get(0)));
    }

    private static String join(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (value.isArray()) {
            var out = new ArrayList<String>();
            value.forEach(v -> out.add(v.isTextual() ? v.asText() : v.toString()));
            return String.join(", ", out);
        }
        return value.isTextual() ? value.asText() : value.toString();
    }

    /** {@code 8080.0} (numbers in plans are doubles) -> {@code 8080}. */
    private static String number(String s) {
        return s.endsWith(".0") && s.length() > 2 && s.substring(0, s.length() - 2).chars().allMatch(Character::isDigit)
                ? s.substring(0, s.length() - 2) : s;
    }
}
