package io.berth.plan;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The readable summary {@code ./berth plan} prints: the decisions that matter, read back from the
 * planned resources themselves (not from the config), then counts per component and type.
 */
public final class PlanSummary {
    private PlanSummary() {
    }

    public static String render(Plan plan) {
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
        for (var ccp : plan.ofType("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders")) {
            @SuppressWarnings("unchecked")
            var strategy = ((java.util.List<Map<String, Object>>) ccp.inputs().getOrDefault("defaultCapacityProviderStrategies", java.util.List.of()))
                    .stream().map(i -> i.get("capacityProvider") + " base " + i.getOrDefault("base", 0) + " weight " + i.getOrDefault("weight", 0))
                    .collect(Collectors.joining(", "));
            out.append(String.format("  cluster    providers %s; default strategy %s (profile %s)%n",
                    ccp.inputs().get("capacityProviders"), strategy, env.cluster().defaultCapacity().profile()));
        }
        plan.ofType("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace")
                .forEach(ns -> out.append("  discovery  private DNS namespace ").append(ns.inputs().get("name")).append('\n'));

        out.append(String.format("  resources  %d (%d components)%n", plan.customResourceCount(),
                plan.resources().size() - plan.customResourceCount()));
        byComponent(plan).forEach((component, count) -> out.append(String.format("    %-34s %4d%n", component, count)));
        out.append("  by type\n");
        plan.resources().stream().filter(PlannedResource::custom)
                .collect(Collectors.groupingBy(PlannedResource::type, TreeMap::new, Collectors.counting()))
                .forEach((type, count) -> out.append(String.format("    %-60s %4d%n", type, count)));
        return out.toString();
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
