package io.berth.plan;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The readable summary {@code ./berth plan} prints: the decisions that matter, read back from the
 * planned resources themselves (not from the config): network, cluster, services (primary rows, then
 * the DR replica's) with a legend of their notation, where the minimum tasks run, pipelines, the
 * replica. With {@code -v} also resource counts per component and per type; the command's last line
 * is the one total.
 */
public final class PlanSummary {
    private PlanSummary() {
    }

    /** How to read the services table: printed under it. */
    static final String LEGEND = """
                capacity strategy: where tasks run, provider:base/weight per provider: od = Fargate on-demand,
                  spot = Fargate Spot, any other name = that EC2 host group; base tasks go first to the provider
                  holding the base, the rest are split by weight (od:1/1 spot:0/3 = 1 task on-demand, then 1 in 4 on-demand).
                route: the load balancer's host and path patterns; #N is the listener rule's priority (lower is
                  matched first): a band by kind (host+path 1-9999, host 10001-19999, path 20001-29999, catch-all
                  40001-49999), the slot in it from a hash of the service's name (or its expose.priority).
                  Internal services show their service-discovery name instead.
                task size: CPU units/memory MiB; tasks: autoscaling minimum..maximum (or the desired count);
                  resources: the service's AWS resources.
            """;

    /** The summary without the per-component and per-type tables ({@code ./berth plan} without {@code -v}). */
    public static String render(Plan plan) {
        return render(plan, false);
    }

    /** The summary; {@code verbose} adds resource counts per component and per type. */
    public static String render(Plan plan, boolean verbose) {
        var env = plan.env();
        var out = new StringBuilder();
        out.append("berth plan: stack ").append(plan.stack()).append(" in ").append(env.region())
                .append(", account ").append(env.account())
                .append(env.production() ? ", production (stateful resources protected)" : "").append('\n');

        var vpc = plan.ofType("aws:ec2/vpc:Vpc").stream().filter(r -> r.provider().contains("::primary::")).findFirst();
        var subnets = plan.ofType("aws:ec2/subnet:Subnet").stream().filter(r -> r.provider().contains("::primary::")).toList();
        var zones = subnets.stream().map(r -> String.valueOf(r.inputs().get("availabilityZone"))).distinct().sorted().toList();
        var nats = plan.ofType("aws:ec2/natGateway:NatGateway").stream().filter(r -> r.provider().contains("::primary::")).count();
        var endpoints = plan.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").stream().filter(r -> r.provider().contains("::primary::")).count();
        out.append(String.format("  network    VPC %s, %d AZs (%s), %d NAT gateway%s (%s), %d VPC endpoints, flow logs %s%n",
                vpc.map(v -> String.valueOf(v.inputs().get("cidrBlock"))).orElse("-"),
                zones.size(), String.join(", ", zones), nats, nats == 1 ? "" : "s", env.network().natGateways().configName,
                endpoints, plan.ofType("aws:ec2/flowLog:FlowLog").isEmpty() ? "off" : env.network().flowLogs().trafficType()));
        for (var s : subnets.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
            out.append(String.format("    %-22s %-18s %s%n", s.name(), s.inputs().get("cidrBlock"), s.inputs().get("availabilityZone")));
        }
        for (var ccp : plan.ofType("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").stream()
                .sorted(java.util.Comparator.comparing(r -> r.provider().contains("::dr::"))).toList()) {
            @SuppressWarnings("unchecked")
            var strategy = ((java.util.List<Map<String, Object>>) ccp.inputs().getOrDefault("defaultCapacityProviderStrategies", java.util.List.of()))
                    .stream().map(i -> i.get("capacityProvider") + " base " + i.getOrDefault("base", 0) + " weight " + i.getOrDefault("weight", 0))
                    .collect(Collectors.joining(", "));
            out.append(String.format("  cluster    %sproviders %s; default strategy %s (profile %s)%n",
                    ccp.provider().contains("::dr::") ? "(dr) " : "", ccp.inputs().get("capacityProviders"), strategy, env.cluster().defaultCapacity().profile()));
        }
        plan.ofType("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace").stream()
                .sorted(java.util.Comparator.comparing(r -> r.provider().contains("::dr::")))
                .forEach(ns -> out.append("  discovery  " + (ns.provider().contains("::dr::") ? "(dr) " : "") + "private DNS namespace ").append(ns.inputs().get("name")).append('\n'));

        var services = plan.resources().stream().filter(r -> r.type().equals("berth:service:Service")).toList();
        if (!services.isEmpty()) {
            // the primary region's services first, then the DR replica's copies
            var replica = services.stream().filter(c -> c.name().startsWith(plan.stack() + "-dr-")).toList();
            var primary = services.stream().filter(c -> !replica.contains(c)).toList();
            out.append(String.format("  services   %d%s%n", primary.size(), replica.isEmpty() ? "" : " (and " + replica.size() + " in the DR replica, marked (dr))"));
            out.append(String.format("    %-19s %-9s %-40s %-26s %-12s %-9s %s%n", "name", "exposure", "route", "capacity strategy",
                    "task size", "tasks", "resources"));
            for (var component : primary) {
                out.append(serviceLine(plan, component));
            }
            for (var component : replica) {
                out.append(serviceLine(plan, component));
            }
            out.append(LEGEND);
        }
        out.append(jobs(plan));
        out.append(capacitySplit(plan));
        out.append(delivery(plan));
        plan.env().dr().ifPresent(dr -> {
            long primaryTasks = 0;
            long drTasks = 0;
            for (var target : plan.ofType("aws:appautoscaling/target:Target")) {
                long min = ((Number) target.inputs().getOrDefault("minCapacity", 0L)).longValue();
                if (target.provider().contains("::dr::")) {
                    drTasks += min;
                } else {
                    primaryTasks += min;
                }
            }
            var drResources = plan.resources().stream().filter(r -> r.custom() && r.provider().contains("::dr::")).count();
            out.append(String.format("  dr         %s in %s%s: %d resources, %d minimum tasks planned (primary %d)%n",
                    dr.mode(), dr.region(), dr.active() ? " (ACTIVE: scaled to full capacity)" : "", drResources, drTasks, primaryTasks));
        });
        if (verbose) {
            // the total is the command's own last line; these are its breakdowns
            out.append("  resources by component\n");
            byComponent(plan).forEach((component, count) -> out.append(String.format("    %-60s %4d%n", component, count)));
            out.append("  resources by type\n");
            plan.resources().stream().filter(PlannedResource::custom)
                    .collect(Collectors.groupingBy(PlannedResource::type, TreeMap::new, Collectors.counting()))
                    .forEach((type, count) -> out.append(String.format("    %-60s %4d%n", type, count)));
        }
        return out.toString();
    }

    /** Each job's schedule and the exact command that starts a one-off run (the stack output jobRuns too). */
    @SuppressWarnings("unchecked")
    private static String jobs(Plan plan) {
        var schedules = plan.ofType("aws:scheduler/schedule:Schedule");
        if (schedules.isEmpty()) {
            return "";
        }
        var out = new StringBuilder(String.format("  jobs       %d%n", schedules.size()));
        // the primary region's jobs first, then the DR replica's, as in the services table
        var ordered = schedules.stream().sorted(java.util.Comparator.comparing((PlannedResource s) -> s.provider().contains("::dr::"))).toList();
        for (var s : ordered) {
            var in = s.inputs();
            var target = (Map<String, Object>) in.getOrDefault("target", Map.of());
            var arn = String.valueOf(target.get("arn"));
            var region = arn.split(":").length > 3 ? arn.split(":")[3] : "";
            var window = (Map<String, Object>) in.getOrDefault("flexibleTimeWindow", Map.of());
            out.append(String.format("    %-19s %s%s, window %s, %s%n", (s.provider().contains("::dr::") ? "(dr) " : "") + in.get("name"),
                    in.get("scheduleExpression"), in.containsKey("scheduleExpressionTimezone") ? " " + in.get("scheduleExpressionTimezone") : "",
                    "OFF".equals(window.get("mode")) ? "off" : window.get("maximumWindowInMinutes") + " min", in.get("state")));
            out.append("      one-off run: aws stepfunctions start-execution --region ").append(region)
                    .append(" --state-machine-arn ").append(arn).append('\n');
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static String serviceLine(Plan plan, PlannedResource component) {
        var children = plan.childrenOf(component);
        var dr = component.name().startsWith(plan.stack() + "-dr-");
        var name = component.name().substring(plan.stack().length() + (dr ? 4 : 1));
        var ecs = children.stream().filter(r -> r.type().equals("aws:ecs/service:Service")).findFirst();
        var task = children.stream().filter(r -> r.type().equals("aws:ecs/taskDefinition:TaskDefinition")).findFirst();
        var scaling = children.stream().filter(r -> r.type().equals("aws:appautoscaling/target:Target")).findFirst();
        var rule = children.stream().filter(r -> r.type().equals("aws:lb/listenerRule:ListenerRule")).findFirst();
        var discovery = children.stream().anyMatch(r -> r.type().equals("aws:servicediscovery/service:Service"));
        var exposure = rule.isPresent() ? "public" : discovery ? "internal"
                : children.stream().anyMatch(r -> r.type().equals("aws:scheduler/schedule:Schedule")) ? "job"
                : children.stream().anyMatch(r -> r.type().equals("aws:sqs/queue:Queue")) ? "queue" : "none";
        var route = rule.map(r -> {
            var conditions = (java.util.List<Map<String, Object>>) r.inputs().getOrDefault("conditions", java.util.List.of());
            var parts = new java.util.ArrayList<String>();
            for (var c : conditions) {
                for (var key : java.util.List.of("hostHeader", "pathPattern")) {
                    if (c.get(key) instanceof Map<?, ?> m) {
                        parts.add(String.valueOf(m.get("values")).replace("[", "").replace("]", "").replace(" ", ""));
                    }
                }
            }
            return String.join(" ", parts) + " #" + r.inputs().get("priority");
        }).orElse(discovery ? name + "." + plan.env().name() + ".berth.internal" : "-");
        var strategy = ecs.map(e -> ((java.util.List<Map<String, Object>>) e.inputs().getOrDefault("capacityProviderStrategies", java.util.List.of()))
                .stream().map(i -> providerLabel(plan, String.valueOf(i.get("capacityProvider")))
                        + ":" + i.getOrDefault("base", 0) + "/" + i.getOrDefault("weight", 0))
                .collect(Collectors.joining(" "))).orElse("-");
        var size = task.map(t -> t.inputs().get("cpu") + "/" + t.inputs().get("memory")).orElse("-");
        var tasks = scaling.map(t -> t.inputs().get("minCapacity") + ".." + t.inputs().get("maxCapacity"))
                .orElse(ecs.map(e -> String.valueOf(e.inputs().get("desiredCount"))).orElse("-"));
        var count = plan.resources().stream().filter(r -> r.custom() && r.urn().contains("berth:service:Service$")
                && r.parent().equals(component.urn())).count();
        return String.format("    %-19s %-9s %-40s %-26s %-12s %-9s %d%n", (dr ? "(dr) " : "") + name, exposure, route, strategy, size, tasks, count);
    }

    /** od (Fargate), spot (Fargate Spot) or the host group's name ({@code batch} for provider {@code prod-batch}). */
    static String providerLabel(Plan plan, String provider) {
        return switch (provider) {
            case "FARGATE" -> "od";
            case "FARGATE_SPOT" -> "spot";
            default -> provider.startsWith(plan.stack() + "-") ? provider.substring(plan.stack().length() + 1) : provider;
        };
    }

    /**
     * Where the planned minimum tasks run: Fargate base first to the provider holding it, the rest
     * by weight; host-group tasks by their group's on-demand percentage.
     */
    @SuppressWarnings("unchecked")
    public static String capacitySplit(Plan plan) {
        double onDemand = 0;
        double spot = 0;
        double hostOnDemand = 0;
        double hostSpot = 0;
        var groupsByProvider = new java.util.HashMap<String, io.berth.model.HostGroupConfig>();
        plan.env().hostGroups().values().forEach(g -> groupsByProvider.put(g.capacityProviderName(plan.env().name()), g));
        var primary = plan.primary();
        for (var component : primary.ofType("berth:service:Service")) {
            var children = primary.childrenOf(component);
            var ecs = children.stream().filter(r -> r.type().equals("aws:ecs/service:Service")).findFirst();
            if (ecs.isEmpty()) {
                continue;
            }
            int tasks = ((Number) children.stream().filter(r -> r.type().equals("aws:appautoscaling/target:Target")).findFirst()
                    .map(t -> t.inputs().get("minCapacity")).orElse(ecs.get().inputs().getOrDefault("desiredCount", 0L))).intValue();
            var items = (java.util.List<Map<String, Object>>) ecs.get().inputs().getOrDefault("capacityProviderStrategies", java.util.List.of());
            int remaining = tasks;
            var perProvider = new java.util.LinkedHashMap<String, Double>();
            for (var i : items) {
                int base = ((Number) i.getOrDefault("base", 0L)).intValue();
                int used = Math.min(base, remaining);
                perProvider.merge(String.valueOf(i.get("capacityProvider")), (double) used, Double::sum);
                remaining -= used;
            }
            double totalWeight = items.stream().mapToDouble(i -> ((Number) i.getOrDefault("weight", 0L)).doubleValue()).sum();
            for (var i : items) {
                double w = ((Number) i.getOrDefault("weight", 0L)).doubleValue();
                perProvider.merge(String.valueOf(i.get("capacityProvider")), totalWeight == 0 ? 0 : remaining * w / totalWeight, Double::sum);
            }
            for (var e : perProvider.entrySet()) {
                switch (e.getKey()) {
                    case "FARGATE" -> onDemand += e.getValue();
                    case "FARGATE_SPOT" -> spot += e.getValue();
                    default -> {
                        var group = groupsByProvider.get(e.getKey());
                        double share = group == null ? 1 : group.onDemandPercentage() / 100.0;
                        hostOnDemand += e.getValue() * share;
                        hostSpot += e.getValue() * (1 - share);
                    }
                }
            }
        }
        double total = onDemand + spot + hostOnDemand + hostSpot;
        return String.format("  capacity   minimum tasks %.0f: Fargate on-demand %.1f, Fargate Spot %.1f, EC2 host groups %.1f "
                        + "(on-demand %.1f, Spot %.1f) -> %.0f%% on Spot%n", total, onDemand, spot, hostOnDemand + hostSpot,
                hostOnDemand, hostSpot, total == 0 ? 0 : 100 * (spot + hostSpot) / total);
    }

    /**
     * Each pipeline with its stages, read back from the planned pipelines: where releases come from,
     * the test stage, the approval and how the deploy stage ships (ECS rolling or CodeDeploy blue/green).
     */
    @SuppressWarnings("unchecked")
    public static String delivery(Plan plan) {
        var pipelines = plan.primary().ofType("aws:codepipeline/pipeline:Pipeline");
        if (pipelines.isEmpty()) {
            return "";
        }
        var out = new StringBuilder();
        var bucket = plan.ofType("aws:s3/bucketV2:BucketV2").stream().map(b -> String.valueOf(b.inputs().get("bucket")))
                .filter(b -> b.contains("-artifacts-")).findFirst().orElse("-");
        var connections = plan.ofType("aws:codestarconnections/connection:Connection").stream()
                .map(c -> String.valueOf(c.inputs().get("name"))).sorted().toList();
        out.append(String.format("  delivery   %d pipelines (CodePipeline V2), artifacts in %s%s%n", pipelines.size(), bucket,
                connections.isEmpty() ? "" : "; connections " + String.join(", ", connections)
                        + " created PENDING: confirm each once in the console (Developer Tools > Settings > Connections)"));
        for (var p : pipelines.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
            var stages = new java.util.ArrayList<String>();
            for (var stage : (java.util.List<Map<String, Object>>) p.inputs().getOrDefault("stages", java.util.List.of())) {
                var actions = (java.util.List<Map<String, Object>>) stage.getOrDefault("actions", java.util.List.of());
                stages.add(stage.get("name") + describeStage(actions));
            }
            out.append(String.format("    %-14s %s%n", String.valueOf(p.inputs().get("name")).substring(plan.stack().length() + 1),
                    String.join(" > ", stages)));
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static String describeStage(java.util.List<Map<String, Object>> actions) {
        var parts = new java.util.ArrayList<String>();
        for (var a : actions) {
            var config = (Map<String, Object>) a.getOrDefault("configuration", Map.of());
            var part = switch (String.valueOf(a.get("provider"))) {
                case "CodeStarSourceConnection" -> config.get("FullRepositoryId") + "@" + config.get("BranchName");
                case "CodeCommit" -> "codecommit " + config.get("RepositoryName") + "@" + config.get("BranchName");
                case "ECR" -> "promote " + config.get("RepositoryName") + ":" + config.get("ImageTag");
                case "ECS" -> "ECS rolling";
                case "CodeDeployToECS" -> "CodeDeploy blue/green";
                case "Manual" -> "manual, notifies SNS";
                case "CodeBuild" -> berthStep(String.valueOf(config.getOrDefault("EnvironmentVariables", "[]")));
                default -> null;
            };
            if (part != null) {
                parts.add(part);
            }
        }
        return parts.isEmpty() ? "" : "(" + String.join(", ", parts) + ")";
    }

    /** berth's own CodeBuild steps, named by the BERTH_STEP (and BERTH_PROMOTION_TAGS) the action passes. */
    private static String berthStep(String environmentVariables) {
        try {
            var vars = new java.util.TreeMap<String, String>();
            for (var v : new com.fasterxml.jackson.databind.ObjectMapper().readTree(environmentVariables)) {
                vars.put(v.path("name").asText(), v.path("value").asText());
            }
            var step = vars.get("BERTH_STEP");
            if (step == null) {
                return null;
            }
            return switch (step) {
                case "release" -> "tag " + vars.getOrDefault("BERTH_PROMOTION_TAGS", "?") + " for promotion";
                case "dr" -> vars.getOrDefault("BERTH_DR_REGION", "?"); // DeployDR(eu-central-1)
                default -> step;
            };
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Custom resources counted under their top-level component ({@code berth:network:Network dev}). */
    static Map<String, Long> byComponent(Plan plan) {
        var byUrn = plan.resources().stream().collect(Collectors.toMap(PlannedResource::urn, r -> r));
        var counts = new TreeMap<String, Long>();
        for (var r : plan.resources()) {
            if (!r.custom()) {
                continue;
            }
            var top = r;
            while (!top.parent().isEmpty() && byUrn.containsKey(top.parent())) {
                top = byUrn.get(top.parent());
            }
            var key = top == r ? "(top level) " + r.type() : top.type() + " " + top.name();
            counts.merge(key, 1L, Long::sum);
        }
        return counts;
    }
}
