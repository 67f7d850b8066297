package io.berth.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.graph.Graph.Edge.Style;
import io.berth.graph.Graph.Shape;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The picture of one stack, read back from its plan file ({@code berth-plan/1}) alone: regions, the
 * VPC and its zones, the load balancer's routes to services, services (grouped by owner) to the
 * capacity they run on, declared calls between services, registry replication, where each pipeline
 * takes its releases from (a repository, or the previous environment's registry) and the DR replica.
 *
 * <p>Up to {@link #DEFAULT_COLLAPSE_ABOVE} services every route, call, capacity and delivery arrow is
 * drawn per service; above it the arrows are drawn per owner (one arrow per owner with a count), so
 * 50 services stay readable.
 */
public final class PlanGraph {
    /** Services drawn with their own arrows up to this many; above it arrows go per owner. */
    public static final int DEFAULT_COLLAPSE_ABOVE = 12;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PRIMARY = "primary";
    private static final String DR = "dr";

    private final String stack;
    private final List<JsonNode> resources;
    private final JsonNode outputs;
    private final boolean collapsed;
    private final Graph graph = new Graph();
    private final Map<String, Service> services = new TreeMap<>();

    /** What the picture needs of one primary service. */
    private record Service(String name, String owner, JsonNode component, List<JsonNode> children) {
    }

    private PlanGraph(String stack, Collection<JsonNode> resources, JsonNode outputs, int collapseAbove) {
        this.stack = stack;
        this.resources = List.copyOf(resources);
        this.outputs = outputs == null ? JSON.createObjectNode() : outputs;
        for (var c : ofType("berth:service:Service")) {
            if (!isDr(c)) {
                var children = childrenOf(c);
                var name = c.path("name").asText().substring(stack.length() + 1);
                services.put(name, new Service(name, owner(children), c, children));
            }
        }
        this.collapsed = services.size() > collapseAbove;
    }

    /** The picture of a plan file's text. */
    public static Graph fromPlanJson(String planJson, int collapseAbove) {
        try {
            var root = JSON.readTree(planJson);
            var list = new ArrayList<JsonNode>();
            root.path("resources").forEach(list::add);
            return of(root.path("stack").asText(), list, root.path("outputs"), collapseAbove);
        } catch (IOException e) {
            throw new IllegalArgumentException("plan is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The picture of a plan's resources (each a resource object of the plan file) and stack outputs. */
    public static Graph of(String stack, Collection<JsonNode> resources, JsonNode outputs, int collapseAbove) {
        return new PlanGraph(stack, resources, outputs, collapseAbove).build();
    }

    /** Whether a plan of this many services is drawn with arrows per owner. */
    public static boolean collapses(int services, int collapseAbove) {
        return services > collapseAbove;
    }

    private Graph build() {
        region(PRIMARY);
        if (resources.stream().anyMatch(this::isDr)) {
            region(DR);
        }
        services();
        registry();
        delivery();
        failover();
        return graph;
    }

    // ---------------------------------------------------------------------------------------------
    // regions, network, load balancer, cluster

    private void region(String side) {
        var regionName = side.equals(PRIMARY) ? outputs.path("region").asText(regionFromZones(side))
                : outputs.path("drRegion").asText(regionFromZones(side));
        var regionKey = "region:" + side;
        graph.group(regionKey, side.equals(PRIMARY) ? regionName + " · stack " + stack : regionName + " · DR replica", null);
        var vpc = ofType("aws:ec2/vpc:Vpc").stream().filter(r -> side(r).equals(side)).findFirst();
        var parent = regionKey;
        if (vpc.isPresent()) {
            long nats = ofType("aws:ec2/natGateway:NatGateway").stream().filter(r -> side(r).equals(side)).count();
            long endpoints = ofType("aws:ec2/vpcEndpoint:VpcEndpoint").stream().filter(r -> side(r).equals(side)).count();
            // subgraph titles do not wrap: the VPC's title stays short, the details go into the zones box
            graph.group("vpc:" + side, "VPC " + vpc.get().path("inputs").path("cidrBlock").asText("?"), regionKey);
            parent = "vpc:" + side;
            var zones = new TreeMap<String, List<String>>();
            ofType("aws:ec2/subnet:Subnet").stream().filter(r -> side(r).equals(side))
                    .sorted((a, b) -> a.path("name").asText().compareTo(b.path("name").asText()))
                    .forEach(s -> zones.computeIfAbsent(s.path("inputs").path("availabilityZone").asText("?"), z -> new ArrayList<>())
                            .add(s.path("inputs").path("tags").path("berth:subnet").asText("subnet") + " " + s.path("inputs").path("cidrBlock").asText()));
            if (!zones.isEmpty()) {
                var lines = new ArrayList<String>();
                lines.add(plural(zones.size(), "availability zone") + " · " + plural(nats, "NAT gateway") + " · " + plural(endpoints, "VPC endpoint"));
                zones.forEach((zone, subnets) -> lines.add(zone + ": " + String.join(", ", subnets)));
                graph.node(new Graph.Node("zones:" + side, lines, Shape.BOX, parent));
            }
        }
        for (var lb : ofType("aws:lb/loadBalancer:LoadBalancer")) {
            if (!side(lb).equals(side)) {
                continue;
            }
            var listeners = new TreeSet<String>();
            ofType("aws:lb/listener:Listener").stream().filter(l -> l.path("parent").asText().equals(lb.path("parent").asText()))
                    .forEach(l -> listeners.add(l.path("inputs").path("protocol").asText() + " :" + l.path("inputs").path("port").asText()));
            graph.node("alb:" + side, Shape.SUBROUTINE, parent, "load balancer " + lb.path("name").asText(), String.join(" · ", listeners));
        }
        var capacity = ofType("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders").stream().filter(r -> side(r).equals(side)).findFirst();
        if (capacity.isPresent()) {
            var clusterKey = "cluster:" + side;
            graph.group(clusterKey, "ECS cluster " + capacity.get().path("inputs").path("clusterName").asText(), parent);
            for (var provider : capacity.get().path("inputs").path("capacityProviders")) {
                capacityNode(side, provider.asText(), clusterKey);
            }
        }
    }

    private void capacityNode(String side, String provider, String clusterKey) {
        var key = "cap:" + side + ":" + provider;
        switch (provider) {
            case "FARGATE" -> graph.node(key, Shape.ROUNDED, clusterKey, "Fargate", "on-demand");
            case "FARGATE_SPOT" -> graph.node(key, Shape.ROUNDED, clusterKey, "Fargate Spot", "interruptible, lower price");
            default -> {
                var lines = new ArrayList<String>();
                lines.add("host group " + (provider.startsWith(stack + "-") ? provider.substring(stack.length() + 1) : provider));
                ofType("aws:ecs/capacityProvider:CapacityProvider").stream()
                        .filter(cp -> side(cp).equals(side) && cp.path("inputs").path("name").asText().equals(provider))
                        .findFirst()
                        .flatMap(cp -> named(lastSegment(cp.path("inputs").path("autoScalingGroupProvider").path("autoScalingGroupArn").asText())))
                        .ifPresent(asg -> {
                            var policy = asg.path("inputs").path("mixedInstancesPolicy");
                            var types = new ArrayList<String>();
                            policy.path("launchTemplate").path("overrides").forEach(o -> types.add(o.path("instanceType").asText()));
                            if (!types.isEmpty()) {
                                lines.add("EC2 " + String.join(", ", types.subList(0, Math.min(2, types.size())))
                                        + (types.size() > 2 ? " +" + (types.size() - 2) : ""));
                            }
                            var dist = policy.path("instancesDistribution");
                            if (!dist.isMissingNode()) {
                                lines.add("on-demand base " + dist.path("onDemandBaseCapacity").asInt(0) + ", "
                                        + dist.path("onDemandPercentageAboveBaseCapacity").asInt(100) + "% above, rest Spot");
                            }
                        });
                graph.node(new Graph.Node(key, lines, Shape.ROUNDED, clusterKey));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // services: routes, capacity, calls (primary region); the replica's services as one box

    private void services() {
        var cluster = graph.groupOf("cluster:" + PRIMARY) != null ? "cluster:" + PRIMARY : "region:" + PRIMARY;
        var perOwner = new TreeMap<String, Integer>();
        services.values().forEach(s -> perOwner.merge(s.owner(), 1, Integer::sum));
        perOwner.forEach((owner, count) -> graph.group(ownerKey(owner), owner + " · " + plural(count, "service"), cluster));
        var sgOwner = new TreeMap<String, String>();
        for (var s : services.values()) {
            of(s, "aws:ec2/securityGroup:SecurityGroup").forEach(sg -> sgOwner.put(sg.path("id").asText(), s.name()));
        }
        var routes = new TreeMap<String, List<String>>();    // owner -> routes (collapsed)
        var onCapacity = new TreeMap<String, Integer>();    // owner \0 provider -> services (collapsed)
        var calls = new TreeMap<String, Integer>();         // from owner \0 to owner -> calls (collapsed)
        for (var s : services.values()) {
            var key = svcKey(s.name());
            var lines = new ArrayList<String>();
            lines.add(s.name());
            var ecs = of(s, "aws:ecs/service:Service").stream().findFirst();
            var task = of(s, "aws:ecs/taskDefinition:TaskDefinition").stream().findFirst();
            var scaling = of(s, "aws:appautoscaling/target:Target").stream().findFirst();
            var schedule = of(s, "aws:scheduler/schedule:Schedule").stream().findFirst();
            var tasks = scaling.map(t -> t.path("inputs").path("minCapacity").asText() + ".." + t.path("inputs").path("maxCapacity").asText() + " tasks")
                    .orElse(ecs.map(e -> e.path("inputs").path("desiredCount").asText("?") + " tasks")
                            .orElse(schedule.map(j -> "job · " + j.path("inputs").path("scheduleExpression").asText())
                                    .orElse("no ECS service")));
            lines.add(collapsed ? tasks : task.map(t -> "cpu " + t.path("inputs").path("cpu").asText() + " · "
                    + t.path("inputs").path("memory").asText() + " MiB · ").orElse("") + tasks);
            graph.node(new Graph.Node(key, lines, Shape.BOX, ownerKey(s.owner())));

            for (var rule : of(s, "aws:lb/listenerRule:ListenerRule")) {
                var route = route(rule);
                if (collapsed) {
                    routes.computeIfAbsent(s.owner(), o -> new ArrayList<>()).add(route);
                } else if (graph.has("alb:" + PRIMARY)) {
                    graph.edge("alb:" + PRIMARY, key, route, Style.SOLID);
                }
            }
            var items = ecs.map(e -> e.path("inputs").path("capacityProviderStrategies")).orElseGet(() -> jobStrategy(s));
            for (var item : items) {
                var provider = "cap:" + PRIMARY + ":" + item.path("capacityProvider").asText();
                if (!graph.has(provider)) {
                    continue;
                }
                if (collapsed) {
                    onCapacity.merge(s.owner() + "\u0000" + provider, 1, Integer::sum);
                } else {
                    graph.edge(key, provider, items.size() > 1
                            ? "base " + item.path("base").asInt(0) + " · weight " + item.path("weight").asInt(0) : null, Style.SOLID);
                }
            }
            for (var in : of(s, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")) {
                var caller = sgOwner.get(in.path("inputs").path("referencedSecurityGroupId").asText(""));
                if (caller == null || caller.equals(s.name())) {
                    continue;
                }
                if (collapsed) {
                    calls.merge(services.get(caller).owner() + "\u0000" + s.owner(), 1, Integer::sum);
                } else {
                    graph.edge(svcKey(caller), key, "calls", Style.SOLID);
                }
            }
        }
        routes.forEach((owner, list) -> graph.edge("alb:" + PRIMARY, ownerKey(owner),
                list.size() <= 2 ? String.join(" · ", list) : plural(list.size(), "route"), Style.SOLID));
        onCapacity.forEach((k, count) -> {
            var parts = k.split("\u0000");
            graph.edge(ownerKey(parts[0]), parts[1], plural(count, "service"), Style.SOLID);
        });
        calls.forEach((k, count) -> {
            var parts = k.split("\u0000");
            graph.edge(ownerKey(parts[0]), ownerKey(parts[1]), plural(count, "call"), Style.SOLID);
        });

        if (graph.groupOf("region:" + DR) != null) {
            var replicaServices = ofType("berth:service:Service").stream().filter(this::isDr).toList();
            long drMin = minTasks(true);
            var parent = graph.groupOf("cluster:" + DR) != null ? "cluster:" + DR : "region:" + DR;
            graph.node("svc:" + DR, Shape.BOX, parent, plural(replicaServices.size(), "service") + " (replica of the primary)",
                    drMin + " minimum tasks (primary " + minTasks(false) + ")");
            if (graph.has("alb:" + DR)) {
                long routed = ofType("aws:lb/listenerRule:ListenerRule").stream().filter(this::isDr).count();
                graph.edge("alb:" + DR, "svc:" + DR, plural(routed, "route"), Style.SOLID);
            }
        }
    }

    private long minTasks(boolean dr) {
        return ofType("aws:appautoscaling/target:Target").stream().filter(t -> isDr(t) == dr)
                .mapToLong(t -> t.path("inputs").path("minCapacity").asLong(0)).sum();
    }

    private static String route(JsonNode rule) {
        var parts = new ArrayList<String>();
        for (var c : rule.path("inputs").path("conditions")) {
            c.path("hostHeader").path("values").forEach(v -> parts.add(v.asText()));
            c.path("pathPattern").path("values").forEach(v -> parts.add(v.asText()));
        }
        return String.join(" ", parts);
    }

    // ---------------------------------------------------------------------------------------------
    // registry and its replication

    private void registry() {
        var repos = ofType("aws:ecr/repository:Repository").stream().filter(r -> !isDr(r)).toList();
        if (repos.isEmpty()) {
            return;
        }
        var prefixes = new TreeSet<String>();
        repos.forEach(r -> {
            var name = r.path("inputs").path("name").asText();
            prefixes.add(name.contains("/") ? name.substring(0, name.indexOf('/') + 1) + "*" : name);
        });
        graph.node("ecr:" + PRIMARY, Shape.CYLINDER, "region:" + PRIMARY, "ECR " + String.join(", ", prefixes),
                repos.size() + (repos.size() == 1 ? " repository" : " repositories"));
        for (var config : ofType("aws:ecr/replicationConfiguration:ReplicationConfiguration")) {
            for (var rule : config.path("inputs").path("replicationConfiguration").path("rules")) {
                var filters = new ArrayList<String>();
                rule.path("repositoryFilters").forEach(f -> filters.add(f.path("filter").asText() + "*"));
                for (var dest : rule.path("destinations")) {
                    var region = dest.path("region").asText();
                    var drRegion = outputs.path("drRegion").asText("");
                    var group = region.equals(drRegion) && graph.groupOf("region:" + DR) != null ? "region:" + DR : "region:other:" + region;
                    if (graph.groupOf(group) == null) {
                        graph.group(group, region, null);
                    }
                    var key = "ecr:replica:" + region + ":" + dest.path("registryId").asText();
                    graph.node(key, Shape.CYLINDER, group, "ECR replica", "registry " + dest.path("registryId").asText());
                    graph.edge("ecr:" + PRIMARY, key, "replicates " + String.join(", ", filters), Style.THICK);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // delivery: where each pipeline takes releases from, and what it ships to

    private void delivery() {
        var pipelines = ofType("aws:codepipeline/pipeline:Pipeline").stream().filter(p -> !isDr(p)).toList();
        if (pipelines.isEmpty()) {
            return;
        }
        var group = "delivery:" + PRIMARY;
        graph.group(group, "CodePipeline · " + plural(pipelines.size(), "pipeline"), "region:" + PRIMARY);
        var repositories = new TreeSet<String>();
        var promotedFrom = new TreeMap<String, TreeSet<String>>();
        var perOwner = new TreeMap<String, Integer>();
        var releaseTags = new TreeSet<String>();
        int releasing = 0;
        for (var p : pipelines) {
            var name = p.path("inputs").path("name").asText();
            var service = name.startsWith(stack + "-") ? name.substring(stack.length() + 1) : name;
            String source = null;
            var steps = new ArrayList<String>();
            boolean release = false;
            for (var stage : p.path("inputs").path("stages")) {
                for (var a : stage.path("actions")) {
                    var config = a.path("configuration");
                    switch (a.path("provider").asText()) {
                        case "CodeStarSourceConnection" -> {
                            source = "src:repository";
                            repositories.add(config.path("FullRepositoryId").asText() + "@" + config.path("BranchName").asText());
                        }
                        case "CodeCommit" -> {
                            source = "src:repository";
                            repositories.add("codecommit " + config.path("RepositoryName").asText() + "@" + config.path("BranchName").asText());
                        }
                        case "ECR" -> {
                            var repo = config.path("RepositoryName").asText();
                            var env = repo.contains("/") ? repo.substring(0, repo.indexOf('/')) : repo;
                            source = "src:promote:" + env;
                            promotedFrom.computeIfAbsent(env, e -> new TreeSet<>()).add(config.path("ImageTag").asText());
                        }
                        case "Manual" -> steps.add("approval");
                        case "ECS" -> steps.add("rolling");
                        case "CodeDeployToECS" -> steps.add("blue/green");
                        case "CodeBuild" -> {
                            var vars = config.path("EnvironmentVariables").asText("");
                            if (vars.contains("\"BERTH_DR_REGION\"")) {
                                steps.add("DR");
                            }
                            if (vars.contains("\"value\":\"release\"")) {
                                release = true;
                                releaseTags.addAll(promotionTags(vars));
                            }
                        }
                        default -> {
                        }
                    }
                }
            }
            if (release) {
                releasing++;
            }
            if (source == null || !services.containsKey(service)) {
                continue;
            }
            var label = String.join(" · ", steps.stream().distinct().toList());
            if (collapsed) {
                perOwner.merge(source + "\u0000" + services.get(service).owner(), 1, Integer::sum);
            } else {
                graph.edge(source, svcKey(service), label.isEmpty() ? "deploys" : label, Style.DOTTED);
            }
        }
        if (!repositories.isEmpty()) {
            var lines = new ArrayList<String>();
            lines.add("source repositories");
            repositories.stream().limit(4).forEach(lines::add);
            if (repositories.size() > 4) {
                lines.add("+" + (repositories.size() - 4) + " more");
            }
            graph.node(new Graph.Node("src:repository", lines, Shape.STADIUM, group));
        }
        promotedFrom.forEach((env, tags) -> graph.node("src:promote:" + env, Shape.STADIUM, group,
                "promoted from " + env, env + "/* image tag " + String.join(", ", tags)));
        perOwner.forEach((k, count) -> {
            var parts = k.split("\u0000");
            graph.edge(parts[0], ownerKey(parts[1]), plural(count, "pipeline"), Style.DOTTED);
        });
        if (releasing > 0 && graph.has("ecr:" + PRIMARY)) {
            graph.node("next:environment", Shape.STADIUM, null, "next environment",
                    "promotes image tag " + (releaseTags.isEmpty() ? "?" : String.join(", ", releaseTags)));
            graph.edge("ecr:" + PRIMARY, "next:environment", plural(releasing, "pipeline") + " tag releases", Style.DOTTED);
        }
        if (graph.has("svc:" + DR) && pipelines.stream().anyMatch(p -> p.path("inputs").path("stages").toString().contains("BERTH_DR_REGION"))) {
            graph.edge(group, "svc:" + DR, "deploys each release", Style.DOTTED);
        }
    }

    private static List<String> promotionTags(String environmentVariables) {
        try {
            for (var v : JSON.readTree(environmentVariables)) {
                if (v.path("name").asText().equals("BERTH_PROMOTION_TAGS")) {
                    return List.of(v.path("value").asText().split("[ ,]+"));
                }
            }
        } catch (IOException e) {
            // not berth's own step: no tags to show
        }
        return List.of();
    }

    // ---------------------------------------------------------------------------------------------
    // DNS failover between the regions

    private void failover() {
        var records = ofType("aws:route53/record:Record").stream()
                .filter(r -> r.path("inputs").path("failoverRoutingPolicies").size() > 0).toList();
        if (records.isEmpty()) {
            if (graph.has("alb:" + PRIMARY)) {
                graph.node("internet", Shape.CIRCLE, null, "clients");
                graph.edge("internet", "alb:" + PRIMARY, null, Style.SOLID);
            }
            return;
        }
        var hosts = new TreeSet<String>();
        records.forEach(r -> hosts.add(r.path("inputs").path("name").asText()));
        var health = ofType("aws:route53/healthCheck:HealthCheck").stream().findFirst()
                .map(h -> "health check " + h.path("inputs").path("type").asText() + " " + h.path("inputs").path("resourcePath").asText()).orElse("");
        graph.node("dns", Shape.STADIUM, null, String.join(", ", hosts), "Route 53 failover", health);
        for (var r : records) {
            var type = r.path("inputs").path("failoverRoutingPolicies").get(0).path("type").asText();
            var target = type.equals("PRIMARY") ? "alb:" + PRIMARY : "alb:" + DR;
            if (graph.has(target)) {
                graph.edge("dns", target, type.toLowerCase(java.util.Locale.ROOT), type.equals("PRIMARY") ? Style.SOLID : Style.DOTTED);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // reading the plan

    private String ownerKey(String owner) {
        return "owner:" + owner;
    }

    private static String svcKey(String service) {
        return "svc:" + PRIMARY + ":" + service;
    }

    private List<JsonNode> ofType(String type) {
        return resources.stream().filter(r -> r.path("type").asText().equals(type)).toList();
    }

    private Optional<JsonNode> named(String name) {
        return resources.stream().filter(r -> r.path("name").asText().equals(name)).findFirst();
    }

    private List<JsonNode> childrenOf(JsonNode parent) {
        var urn = parent.path("urn").asText();
        return resources.stream().filter(r -> r.path("parent").asText().equals(urn)).toList();
    }

    /**
     * A job's capacity strategy: the one its state machine's run step asks ECS for (Step Functions'
     * parameter names are capitalised), in an ECS service's {@code capacityProvider/base/weight} form.
     */
    private static com.fasterxml.jackson.databind.node.ArrayNode jobStrategy(Service s) {
        var strategy = JSON.createArrayNode();
        for (var machine : of(s, "aws:sfn/stateMachine:StateMachine")) {
            try {
                var states = JSON.readTree(machine.path("inputs").path("definition").asText("{}")).path("States");
                states.forEach(state -> state.path("Parameters").path("CapacityProviderStrategy").forEach(item -> strategy.addObject()
                        .put("capacityProvider", item.path("CapacityProvider").asText())
                        .put("base", item.path("Base").asInt(0))
                        .put("weight", item.path("Weight").asInt(0))));
            } catch (java.io.IOException e) {
                // a definition that is not JSON draws no capacity arrow
            }
        }
        return strategy;
    }

    private static List<JsonNode> of(Service s, String type) {
        return s.children().stream().filter(r -> r.path("type").asText().equals(type)).toList();
    }

    private static String owner(List<JsonNode> children) {
        for (var c : children) {
            var owner = c.path("inputs").path("tags").path("owner").asText("");
            if (!owner.isEmpty() && (c.path("type").asText().equals("aws:ecs/service:Service")
                    || c.path("type").asText().equals("aws:ecs/taskDefinition:TaskDefinition"))) {
                return owner;
            }
        }
        return children.stream().map(c -> c.path("inputs").path("tags").path("owner").asText("")).filter(o -> !o.isEmpty())
                .findFirst().orElse("no owner tag");
    }

    private boolean isDr(JsonNode r) {
        return r.path("urn").asText().contains("berth:dr:Replica") || r.path("provider").asText().contains("::dr::");
    }

    private String side(JsonNode r) {
        return isDr(r) ? DR : PRIMARY;
    }

    private String regionFromZones(String side) {
        return ofType("aws:ec2/subnet:Subnet").stream().filter(r -> side(r).equals(side))
                .map(r -> r.path("inputs").path("availabilityZone").asText()).filter(z -> z.length() > 1)
                .map(z -> z.substring(0, z.length() - 1)).findFirst().orElse(side);
    }

    private static String lastSegment(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
