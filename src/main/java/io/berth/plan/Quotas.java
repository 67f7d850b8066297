package io.berth.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The account and Region quotas a large catalog meets first, counted on the plans: what berth would
 * create, summed over every planned stack that shares an account (and Region). AWS refuses the
 * resource past the quota, during {@code pulumi up}, after part of the environment exists; this
 * says so before. Adjustable quotas give a warning with the Service Quotas request that raises them
 * (an account may have raised them already; berth cannot see that offline); quotas AWS does not
 * raise give an error. The listener-rule quota is checked on the catalog instead (CatalogLoader,
 * AWS rule 20). Values from the AWS quota pages (docs/limits.md, "Account quotas").
 */
public final class Quotas {
    public enum Level { ERROR, WARNING }

    /** One quota a plan would pass. */
    public record Finding(Level level, String message) {
        public String render() {
            return level.name().toLowerCase(Locale.ROOT) + ": " + message;
        }
    }

    /** A default quota: its name in Service Quotas, its default value and where it is raised. */
    record Quota(String service, String name, int defaultValue, String serviceCode, String quotaCode, boolean adjustable) {
        String describe() {
            return "the default quota of " + number(defaultValue) + " (" + service + " \"" + name + "\", Service Quotas code " + quotaCode + ")";
        }

        String raise(long count, String region) {
            var desired = ((count * 5 / 4 + 99) / 100) * 100; // a quarter of headroom, whole hundreds
            return "raise it before pulumi up: aws service-quotas request-service-quota-increase --service-code " + serviceCode
                    + " --quota-code " + quotaCode + " --desired-value " + desired + " --region " + region;
        }
    }

    static final Quota IAM_ROLES = new Quota("IAM", "Roles per account", 1000, "iam", "L-FE177D64", true);
    static final Quota SECURITY_GROUPS = new Quota("Amazon VPC", "VPC security groups per Region", 2500, "vpc", "L-E79EC296", true);
    static final Quota RULES_PER_GROUP = new Quota("Amazon VPC", "Inbound or outbound rules per security group", 60, "vpc", "L-0EA8095F", true);
    static final Quota TARGET_GROUPS_PER_ALB = new Quota("Elastic Load Balancing", "Target Groups per Application Load Balancer", 100,
            "elasticloadbalancing", "L-822D1B1B", false);
    static final Quota NETWORK_INTERFACES = new Quota("Amazon VPC", "Network interfaces per Region", 5000, "vpc", "L-DF5E4CA3", true);

    static final String ROLE = "aws:iam/role:Role";
    static final String SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
    static final String VPC = "aws:ec2/vpc:Vpc";
    static final String INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    static final String EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
    static final String TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";
    static final String LOAD_BALANCER = "aws:lb/loadBalancer:LoadBalancer";
    static final String ECS_SERVICE = "aws:ecs/service:Service";
    static final String SCALING_TARGET = "aws:appautoscaling/target:Target";
    static final String VPC_ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
    static final String NAT_GATEWAY = "aws:ec2/natGateway:NatGateway";

    private Quotas() {
    }

    /** The quotas {@code plans} would pass, errors first; stacks sharing an account are summed. */
    public static List<Finding> check(List<Plan> plans) {
        var findings = new ArrayList<Finding>();
        iamRoles(plans, findings);
        var regional = regionalParts(plans);
        securityGroups(regional, findings);
        networkInterfaces(regional, findings);
        for (var part : regional) {
            rulesPerGroup(part, findings);
            targetGroupsPerLoadBalancer(part, findings);
        }
        findings.sort(Comparator.comparing(Finding::level));
        return List.copyOf(findings);
    }

    /** The part of one stack's plan in one Region: the primary, or the DR replica. */
    record RegionalPart(Plan stack, Plan part, String account, String region) {
        String where() {
            return "stack " + stack.stack() + ", " + region;
        }
    }

    static List<RegionalPart> regionalParts(List<Plan> plans) {
        var parts = new ArrayList<RegionalPart>();
        for (var plan : plans) {
            parts.add(new RegionalPart(plan, plan.primary(), plan.env().account(), plan.env().region()));
            plan.env().dr().ifPresent(dr -> parts.add(new RegionalPart(plan, plan.drReplica(), plan.env().account(), dr.region())));
        }
        return parts;
    }

    private static void iamRoles(List<Plan> plans, List<Finding> findings) {
        var byAccount = new TreeMap<String, Map<String, Long>>();
        for (var plan : plans) {
            byAccount.computeIfAbsent(plan.env().account(), a -> new LinkedHashMap<>())
                    .merge(plan.stack(), (long) plan.ofType(ROLE).size(), Long::sum);
        }
        byAccount.forEach((account, stacks) -> {
            long total = stacks.values().stream().mapToLong(Long::longValue).sum();
            if (total > IAM_ROLES.defaultValue()) {
                findings.add(new Finding(Level.WARNING, "account " + account + " would hold " + number(total) + " IAM roles of berth"
                        + perStack(stacks) + ", above " + IAM_ROLES.describe() + "; roles the account already has count too; "
                        + IAM_ROLES.raise(total, "us-east-1") + " (IAM quotas are global, requested in us-east-1)"));
            }
        });
    }

    private static void securityGroups(List<RegionalPart> parts, List<Finding> findings) {
        var byRegion = new TreeMap<String, Map<String, Long>>();
        for (var p : parts) {
            // every VPC comes with its default security group, which counts too
            long groups = p.part().ofType(SECURITY_GROUP).size() + p.part().ofType(VPC).size();
            byRegion.computeIfAbsent(p.account() + " " + p.region(), k -> new LinkedHashMap<>()).merge(p.stack().stack(), groups, Long::sum);
        }
        byRegion.forEach((key, stacks) -> {
            long total = stacks.values().stream().mapToLong(Long::longValue).sum();
            if (total > SECURITY_GROUPS.defaultValue()) {
                var region = key.substring(key.indexOf(' ') + 1);
                findings.add(new Finding(Level.WARNING, "account " + key.substring(0, key.indexOf(' ')) + " would hold "
                        + number(total) + " security groups in " + region + perStack(stacks) + " (each VPC's default group included), above "
                        + SECURITY_GROUPS.describe() + "; " + SECURITY_GROUPS.raise(total, region)));
            }
        });
    }

    private static void rulesPerGroup(RegionalPart p, List<Finding> findings) {
        var groups = p.part().ofType(SECURITY_GROUP);
        var byId = new HashMap<String, PlannedResource>();
        groups.forEach(g -> byId.put(g.id(), g));
        for (var direction : List.of("inbound", "outbound")) {
            var type = direction.equals("inbound") ? INGRESS_RULE : EGRESS_RULE;
            var inline = direction.equals("inbound") ? "ingress" : "egress";
            var counts = new TreeMap<String, Long>();
            for (var g : groups) {
                if (g.inputs().get(inline) instanceof List<?> rules && !rules.isEmpty()) {
                    counts.merge(g.name(), (long) rules.size(), Long::sum);
                }
            }
            for (var rule : p.part().ofType(type)) {
                var group = byId.get(String.valueOf(rule.inputs().get("securityGroupId")));
                if (group != null) {
                    counts.merge(group.name(), 1L, Long::sum);
                }
            }
            counts.forEach((group, count) -> {
                if (count > RULES_PER_GROUP.defaultValue()) {
                    findings.add(new Finding(Level.WARNING, "security group " + group + " (" + p.where() + ") would have " + number(count)
                            + " " + direction + " rules, above " + RULES_PER_GROUP.describe() + "; " + RULES_PER_GROUP.raise(count, p.region())
                            + " (rules per group times groups per network interface may not pass 1,000)"));
                }
            });
        }
    }

    private static void targetGroupsPerLoadBalancer(RegionalPart p, List<Finding> findings) {
        var balancers = p.part().ofType(LOAD_BALANCER);
        if (balancers.size() != 1) {
            return; // berth builds one load balancer per Region of an environment; none: nothing to count
        }
        long count = p.part().ofType(TARGET_GROUP).size();
        if (count > TARGET_GROUPS_PER_ALB.defaultValue()) {
            findings.add(new Finding(Level.ERROR, "load balancer " + balancers.get(0).name() + " (" + p.where() + ") would have "
                    + number(count) + " target groups (one per public service, two with blue/green delivery), above the quota of "
                    + number(TARGET_GROUPS_PER_ALB.defaultValue()) + " (" + TARGET_GROUPS_PER_ALB.service() + " \""
                    + TARGET_GROUPS_PER_ALB.name() + "\", Service Quotas code " + TARGET_GROUPS_PER_ALB.quotaCode()
                    + "), which AWS does not raise; make services internal (expose.type: internal), deliver some without blue/green, "
                    + "or split the catalog over more environments"));
        }
    }

    /**
     * Network interfaces at full scale: one per awsvpc task at its maximum (the scaling target's
     * maximum, else the desired count), one per interface endpoint per subnet, one per NAT gateway,
     * one per load balancer subnet. Load balancers may add more as they scale: a lower bound.
     */
    private static void networkInterfaces(List<RegionalPart> parts, List<Finding> findings) {
        var byRegion = new TreeMap<String, Map<String, Long>>();
        var tasksByRegion = new HashMap<String, Long>();
        for (var p : parts) {
            long tasks = maxTasks(p.part());
            long others = p.part().ofType(NAT_GATEWAY).size();
            for (var e : p.part().ofType(VPC_ENDPOINT)) {
                if ("Interface".equals(e.inputs().get("vpcEndpointType")) && e.inputs().get("subnetIds") instanceof List<?> subnets) {
                    others += subnets.size();
                }
            }
            for (var lb : p.part().ofType(LOAD_BALANCER)) {
                if (lb.inputs().get("subnets") instanceof List<?> subnets) {
                    others += subnets.size();
                }
            }
            var key = p.account() + " " + p.region();
            byRegion.computeIfAbsent(key, k -> new LinkedHashMap<>()).merge(p.stack().stack(), tasks + others, Long::sum);
            tasksByRegion.merge(key, tasks, Long::sum);
        }
        byRegion.forEach((key, stacks) -> {
            long total = stacks.values().stream().mapToLong(Long::longValue).sum();
            if (total > NETWORK_INTERFACES.defaultValue()) {
                var region = key.substring(key.indexOf(' ') + 1);
                findings.add(new Finding(Level.WARNING, "account " + key.substring(0, key.indexOf(' ')) + " would use at least "
                        + number(total) + " network interfaces in " + region + " at full scale" + perStack(stacks) + ", "
                        + number(tasksByRegion.get(key)) + " of them for awsvpc tasks at their scaling maximum, above "
                        + NETWORK_INTERFACES.describe() + "; " + NETWORK_INTERFACES.raise(total, region)));
            }
        });
    }

    /** Tasks of every awsvpc service at its maximum: the scaling target's maximum, else the desired count. */
    static long maxTasks(Plan part) {
        var maxByService = new HashMap<String, Long>();
        for (var target : part.ofType(SCALING_TARGET)) {
            var resourceId = String.valueOf(target.inputs().get("resourceId"));
            if (target.inputs().get("maxCapacity") instanceof Number max) {
                maxByService.put(resourceId.substring(resourceId.lastIndexOf('/') + 1), max.longValue());
            }
        }
        long tasks = 0;
        for (var service : part.ofType(ECS_SERVICE)) {
            if (service.inputs().get("networkConfiguration") == null) {
                continue; // bridge or host networking: tasks share the instance's interface
            }
            var name = service.inputs().get("name") instanceof String n ? n : service.name();
            long desired = service.inputs().get("desiredCount") instanceof Number d ? d.longValue() : 0;
            tasks += Math.max(desired, maxByService.getOrDefault(name, 0L));
        }
        return tasks;
    }

    /**
     * Stacks of the project (their stack files) that share an account with a planned stack but were
     * not planned with it: their resources are missing from the sums, so the command says so.
     */
    public static List<String> unplannedSharers(java.nio.file.Path projectDir, List<Plan> plans) {
        var planned = new java.util.HashSet<String>();
        var accounts = new java.util.HashSet<String>();
        plans.forEach(p -> {
            planned.add(p.stack());
            accounts.add(p.env().account());
        });
        var notes = new ArrayList<String>();
        try (var files = java.nio.file.Files.list(projectDir)) {
            for (var f : files.map(x -> x.getFileName().toString()).filter(n -> n.matches("Pulumi\\.[^.]+\\.yaml")).sorted().toList()) {
                var stack = f.substring("Pulumi.".length(), f.length() - ".yaml".length());
                if (planned.contains(stack)) {
                    continue;
                }
                try {
                    var env = io.berth.load.StackLoader.load(projectDir, stack, io.berth.load.RawConfig.fromStackFile(projectDir, stack)).env();
                    if (accounts.contains(env.account())) {
                        notes.add("stack " + stack + " shares account " + env.account() + " but was not planned in this command: "
                                + "the account quota sums (IAM roles, security groups, network interfaces) leave its resources out; "
                                + "plan the stacks together to count them");
                    }
                } catch (RuntimeException e) {
                    // a stack file that does not load is that stack's own error, reported when it is planned
                }
            }
        } catch (java.io.IOException e) {
            return List.of();
        }
        return notes;
    }

    private static String perStack(Map<String, Long> stacks) {
        if (stacks.size() < 2) {
            return "";
        }
        var parts = new ArrayList<String>();
        stacks.forEach((stack, n) -> parts.add(stack + " " + number(n)));
        return " (" + String.join(", ", parts) + ")";
    }

    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
