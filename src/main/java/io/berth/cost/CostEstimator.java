package io.berth.cost;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.cost.Estimate.Line;
import io.berth.cost.Estimate.PriceUse;
import io.berth.cost.Estimate.Quantity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a plan file ({@code berth-plan/1}: what {@code ./berth plan} writes and {@code ./berth diff}
 * compares) and prices it. Everything is read back from the planned resources, never from the
 * config: ECS services (desired count, capacity provider strategy), their autoscaling targets
 * (minimum and maximum tasks) and task definitions (CPU, memory, architecture); host groups (Auto
 * Scaling group sizes, mixed-instances policy, launch template); NAT gateways, Elastic IPs, load
 * balancers, interface endpoints, Route 53 health checks and zones, KMS keys, alarms, dashboards,
 * secrets; and, as stated assumptions, data processed, LCUs, log ingestion and build minutes.
 */
public final class CostEstimator {
    static final String SERVICE = "aws:ecs/service:Service";
    static final String TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
    static final String SCALING_TARGET = "aws:appautoscaling/target:Target";
    static final String SCALING_POLICY = "aws:appautoscaling/policy:Policy";
    static final String CLUSTER_PROVIDERS = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders";
    static final String CAPACITY_PROVIDER = "aws:ecs/capacityProvider:CapacityProvider";
    static final String ASG = "aws:autoscaling/group:Group";
    static final String LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";

    private final Prices prices;
    private final List<JsonNode> resources;
    private final String primaryRegion;
    private final String drRegion;
    private final List<Line> lines = new ArrayList<>();

    private CostEstimator(Prices prices, Collection<JsonNode> resources, String fallbackRegion) {
        this.prices = prices;
        this.resources = List.copyOf(resources);
        this.primaryRegion = providerRegion("primary").orElse(fallbackRegion);
        this.drRegion = providerRegion("dr").orElse(null);
    }

    /** Prices a whole plan document (the {@code berth-plan/1} JSON root). */
    public static Estimate estimate(JsonNode planRoot, Prices prices) {
        var resources = new ArrayList<JsonNode>();
        planRoot.path("resources").forEach(resources::add);
        return estimate(planRoot.path("stack").asText(), planRoot.path("region").asText(null), resources, prices);
    }

    /** Prices a plan's resources (each a {@code berth-plan/1} resource object). */
    public static Estimate estimate(String stack, String fallbackRegion, Collection<JsonNode> resources, Prices prices) {
        var e = new CostEstimator(prices, resources, fallbackRegion);
        e.part(Estimate.PRIMARY, e.primaryRegion);
        if (e.drRegion != null || e.resources.stream().anyMatch(CostEstimator::inDr)) {
            e.part(Estimate.DR, e.drRegion == null ? e.primaryRegion : e.drRegion);
        }
        return new Estimate(stack, e.primaryRegion, e.drRegion, prices, e.lines);
    }

    private java.util.Optional<String> providerRegion(String name) {
        return resources.stream()
                .filter(r -> r.path("type").asText().equals("pulumi:providers:aws") && r.path("name").asText().equals(name))
                .map(r -> r.path("inputs").path("region").asText(null))
                .filter(java.util.Objects::nonNull).findFirst();
    }

    static boolean inDr(JsonNode r) {
        return r.path("provider").asText().contains("::dr::") || r.path("urn").asText().contains("berth:dr:Replica");
    }

    // ---------------------------------------------------------------------------------------------

    private void part(String part, String region) {
        var mine = resources.stream().filter(r -> r.path("custom").asBoolean(true) && inDr(r) == part.equals(Estimate.DR))
                .filter(r -> !r.path("type").asText().startsWith("pulumi:providers:")).toList();
        compute(part, region, mine);
        network(part, region, mine);
        others(part, region, mine);
        usage(part, region, mine);
    }

    /** Tasks of one size on one kind of capacity, at the minimum and at the maximum. */
    private static final class Tasks {
        double min;
        double max;
        double vcpuHoursMin;
        double vcpuHoursMax;
        double gbHoursMin;
        double gbHoursMax;
        double cpuUnitsMin;
        double cpuUnitsMax;
        double memoryMiBMin;
        double memoryMiBMax;
    }

    private void compute(String part, String region, List<JsonNode> mine) {
        double hours = prices.hoursPerMonth();
        var fargate = new TreeMap<String, Tasks>(); // "fargate|x86_64", "fargateSpot|arm64"
        var onHostGroups = new TreeMap<String, Tasks>(); // capacity provider name
        for (var service : ofType(mine, SERVICE)) {
            var in = service.path("inputs");
            var task = sibling(mine, service, TASK_DEFINITION);
            var target = sibling(mine, service, SCALING_TARGET);
            if (target == null) {
                target = mine.stream().filter(r -> r.path("type").asText().equals(SCALING_TARGET)
                        && r.path("inputs").path("resourceId").asText().endsWith("/" + service.path("name").asText())).findFirst().orElse(null);
            }
            double desired = number(in.path("desiredCount"), 0);
            double min = target == null ? desired : number(target.path("inputs").path("minCapacity"), desired);
            double max = target == null ? desired : number(target.path("inputs").path("maxCapacity"), desired);
            double cpu = task == null ? 0 : number(task.path("inputs").path("cpu"), 0);
            double memory = task == null ? 0 : number(task.path("inputs").path("memory"), 0);
            var arch = task != null && task.path("inputs").path("runtimePlatform").path("cpuArchitecture").asText("X86_64").equalsIgnoreCase("ARM64")
                    ? "arm64" : "x86_64";
            var strategy = strategy(mine, in);
            var atMin = split(strategy, min);
            var atMax = split(strategy, max);
            var providers = new LinkedHashSet<>(atMin.keySet());
            providers.addAll(atMax.keySet());
            for (var provider : providers) {
                double nMin = atMin.getOrDefault(provider, 0.0);
                double nMax = atMax.getOrDefault(provider, 0.0);
                Tasks t;
                if (provider.equals("FARGATE") || provider.equals("FARGATE_SPOT")) {
                    t = fargate.computeIfAbsent((provider.equals("FARGATE") ? "fargate" : "fargateSpot") + "|" + arch, k -> new Tasks());
                } else {
                    t = onHostGroups.computeIfAbsent(provider, k -> new Tasks());
                }
                t.min += nMin;
                t.max += nMax;
                t.vcpuHoursMin += nMin * cpu / 1024 * hours;
                t.vcpuHoursMax += nMax * cpu / 1024 * hours;
                t.gbHoursMin += nMin * memory / 1024 * hours;
                t.gbHoursMax += nMax * memory / 1024 * hours;
                t.cpuUnitsMin += nMin * cpu;
                t.cpuUnitsMax += nMax * cpu;
                t.memoryMiBMin += nMin * memory;
                t.memoryMiBMax += nMax * memory;
            }
        }
        for (var key : List.of("fargate|x86_64", "fargate|arm64", "fargateSpot|x86_64", "fargateSpot|arm64")) {
            var kind = key.split("\\|")[0];
            var arch = key.split("\\|")[1];
            var t = fargate.get(key);
            if (t == null || t.max == 0 && t.min == 0) {
                continue;
            }
            var spot = kind.equals("fargateSpot");
            var line = new LineBuilder(part, region, "compute", (spot ? "Fargate Spot" : "Fargate") + " (" + arch + ")",
                    "tasks " + count(t.min) + " .. " + count(t.max));
            line.quantity("tasks", t.min, t.max, "tasks");
            line.quantity("vCPU-hours", t.vcpuHoursMin, t.vcpuHoursMax, "vCPU-hours per month");
            line.quantity("GB-hours", t.gbHoursMin, t.gbHoursMax, "GB-hours per month");
            for (var unit : List.of("vcpuHour", "gbHour")) {
                double qMin = unit.equals("vcpuHour") ? t.vcpuHoursMin : t.gbHoursMin;
                double qMax = unit.equals("vcpuHour") ? t.vcpuHoursMax : t.gbHoursMax;
                var onDemandKey = "fargate." + arch + "." + unit;
                if (spot) {
                    line.chargeSpot("fargateSpot." + arch + "." + unit, onDemandKey, qMin, qMax);
                } else {
                    line.charge(onDemandKey, qMin, qMax);
                }
            }
            lines.add(line.build());
        }
        hostGroups(part, region, mine, onHostGroups);
    }

    /** The service's strategy, else its launch type, else the cluster's default strategy. */
    private static List<JsonNode> strategy(List<JsonNode> mine, JsonNode serviceInputs) {
        var items = new ArrayList<JsonNode>();
        serviceInputs.path("capacityProviderStrategies").forEach(items::add);
        if (!items.isEmpty()) {
            return items;
        }
        var launchType = serviceInputs.path("launchType").asText("");
        if (!launchType.isEmpty()) {
            var node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            node.put("capacityProvider", launchType.equals("FARGATE") ? "FARGATE" : "EC2");
            node.put("base", 0);
            node.put("weight", 1);
            return List.of(node);
        }
        var cluster = serviceInputs.path("cluster").asText("");
        var clusterName = cluster.substring(cluster.lastIndexOf('/') + 1);
        for (var ccp : ofType(mine, CLUSTER_PROVIDERS)) {
            if (ccp.path("inputs").path("clusterName").asText().equals(clusterName)) {
                ccp.path("inputs").path("defaultCapacityProviderStrategies").forEach(items::add);
            }
        }
        return items;
    }

    /**
     * Where {@code tasks} tasks run: each item's base first (to the item holding it), the rest split by
     * weight. Fractions are kept: the long-run share of a weighted split, as ./berth plan counts it.
     */
    static Map<String, Double> split(List<JsonNode> strategy, double tasks) {
        var out = new LinkedHashMap<String, Double>();
        double remaining = tasks;
        for (var item : strategy) {
            double used = Math.min(number(item.path("base"), 0), remaining);
            out.merge(item.path("capacityProvider").asText(), used, Double::sum);
            remaining -= used;
        }
        double totalWeight = 0;
        for (var item : strategy) {
            totalWeight += number(item.path("weight"), 0);
        }
        for (var item : strategy) {
            double w = number(item.path("weight"), 0);
            out.merge(item.path("capacityProvider").asText(), totalWeight == 0 ? 0 : remaining * w / totalWeight, Double::sum);
        }
        return out;
    }

    private void hostGroups(String part, String region, List<JsonNode> mine, Map<String, Tasks> tasksByProvider) {
        double hours = prices.hoursPerMonth();
        double volumeGiBMin = 0;
        double volumeGiBMax = 0;
        var volumeTypes = new LinkedHashSet<String>();
        for (var cp : ofType(mine, CAPACITY_PROVIDER)) {
            var in = cp.path("inputs");
            var name = in.path("name").asText(cp.path("name").asText());
            var provider = in.path("autoScalingGroupProvider");
            var asg = sibling(mine, cp, ASG);
            if (asg == null) {
                var arn = provider.path("autoScalingGroupArn").asText("");
                var asgName = arn.substring(arn.lastIndexOf('/') + 1);
                asg = mine.stream().filter(r -> r.path("type").asText().equals(ASG) && r.path("name").asText().equals(asgName))
                        .findFirst().orElse(null);
            }
            if (asg == null) {
                continue;
            }
            var template = sibling(mine, cp, LAUNCH_TEMPLATE);
            var a = asg.path("inputs");
            double minSize = number(a.path("minSize"), 0);
            double maxSize = number(a.path("maxSize"), minSize);
            var mixed = a.path("mixedInstancesPolicy");
            var types = new ArrayList<String>();
            mixed.path("launchTemplate").path("overrides").forEach(o -> types.add(o.path("instanceType").asText()));
            if (types.isEmpty() && template != null) {
                types.add(template.path("inputs").path("instanceType").asText());
            }
            if (types.isEmpty()) {
                continue;
            }
            var type = types.get(0);
            var distribution = mixed.path("instancesDistribution");
            double base = mixed.isMissingNode() ? 0 : number(distribution.path("onDemandBaseCapacity"), 0);
            double percent = mixed.isMissingNode() ? 100 : number(distribution.path("onDemandPercentageAboveBaseCapacity"), 100);
            var scaling = provider.path("managedScaling");
            double targetCapacity = scaling.path("status").asText("ENABLED").equals("ENABLED") ? number(scaling.path("targetCapacity"), 100) : 100;
            var tasks = tasksByProvider.getOrDefault(name, new Tasks());
            var size = prices.instanceTypes().get(type);
            var notes = new ArrayList<String>();
            double needed = 0;
            if (size == null) {
                notes.add("size of " + type + " unknown: tasks not packed, minimum is the group's minSize");
            } else {
                needed = instancesFor(tasks.cpuUnitsMin, tasks.memoryMiBMin, size, targetCapacity);
            }
            double nMin = Math.min(Math.max(minSize, needed), maxSize);
            double nMax = maxSize;
            double odMin = onDemand(nMin, base, percent);
            double odMax = onDemand(nMax, base, percent);
            var detail = new StringBuilder("instances " + count(nMin) + " .. " + count(nMax) + " of " + type
                    + (types.size() > 1 ? " (priced as the first of " + String.join(", ", types) + ")" : "")
                    + "; on-demand " + count(odMin) + " .. " + count(odMax) + ", Spot " + count(nMin - odMin) + " .. " + count(nMax - odMax)
                    + "; tasks " + count(tasks.min) + " .. " + count(tasks.max));
            if (size != null && needed > minSize) {
                detail.append("; minimum tasks need ").append(count(needed)).append(" (target capacity ").append(count(targetCapacity)).append("%)")
                        .append(needed > maxSize ? ", capped at maxSize " + count(maxSize) : "");
            }
            notes.forEach(n -> detail.append("; ").append(n));
            var line = new LineBuilder(part, region, "compute", "EC2 host group " + name, detail.toString());
            line.quantity("instances", nMin, nMax, "instances");
            line.quantity("on-demand instance-hours", odMin * hours, odMax * hours, "instance-hours per month");
            line.quantity("Spot instance-hours", (nMin - odMin) * hours, (nMax - odMax) * hours, "instance-hours per month");
            line.charge("ec2." + type + ".hour", odMin * hours, odMax * hours);
            line.chargeSpot("ec2Spot." + type + ".hour", "ec2." + type + ".hour", (nMin - odMin) * hours, (nMax - odMax) * hours);
            lines.add(line.build());
            if (template != null) {
                for (var mapping : template.path("inputs").path("blockDeviceMappings")) {
                    double gib = number(mapping.path("ebs").path("volumeSize"), 0);
                    volumeGiBMin += gib * nMin;
                    volumeGiBMax += gib * nMax;
                    volumeTypes.add(mapping.path("ebs").path("volumeType").asText("gp3"));
                }
            }
        }
        if (volumeGiBMax > 0) {
            var type = volumeTypes.size() == 1 ? volumeTypes.iterator().next() : "gp3";
            var line = new LineBuilder(part, region, "compute", "EBS " + type + " volumes of host-group instances",
                    count(volumeGiBMin) + " .. " + count(volumeGiBMax) + " GiB");
            line.quantity("GiB-months", volumeGiBMin, volumeGiBMax, "GiB-months");
            line.charge("ebs." + type + ".gbMonth", volumeGiBMin, volumeGiBMax);
            lines.add(line.build());
        }
    }

    /**
     * Instances a group runs for these tasks: enough for their CPU and memory on one instance type
     * (ENI limits and the ECS agent's reservation are not modelled), scaled up by managed scaling's
     * target capacity (at 90%, one task's instance is kept with a spare beside it).
     */
    static double instancesFor(double cpuUnits, double memoryMiB, Prices.InstanceType size, double targetCapacity) {
        if (cpuUnits <= 0 && memoryMiB <= 0) {
            return 0;
        }
        double byCpu = cpuUnits / (size.vcpu() * 1024);
        double byMemory = memoryMiB / (size.memoryGiB() * 1024);
        double needed = Math.ceil(Math.max(byCpu, byMemory) - 1e-9);
        return Math.ceil(needed * 100 / targetCapacity - 1e-9);
    }

    /** On-demand instances of {@code n}: the base first, then the percentage of the rest (a share, not rounded). */
    static double onDemand(double n, double base, double percent) {
        double fromBase = Math.min(n, base);
        return fromBase + (n - fromBase) * percent / 100;
    }

    private void network(String part, String region, List<JsonNode> mine) {
        double hours = prices.hoursPerMonth();
        var nats = ofType(mine, "aws:ec2/natGateway:NatGateway").size();
        if (nats > 0) {
            var line = new LineBuilder(part, region, "network", "NAT gateways", nats + " x " + count(hours) + " h");
            line.quantity("NAT gateway-hours", nats * hours, nats * hours, "hours per month");
            line.charge("natGateway.hour", nats * hours, nats * hours);
            lines.add(line.build());
        }
        var eips = ofType(mine, "aws:ec2/eip:Eip").size();
        int albAddresses = 0;
        int albs = 0;
        int nlbs = 0;
        for (var lb : ofType(mine, "aws:elasticloadbalancingv2/loadBalancer:LoadBalancer", "aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer")) {
            var in = lb.path("inputs");
            var type = in.path("loadBalancerType").asText("application");
            if (type.equals("application")) {
                albs++;
            } else if (type.equals("network")) {
                nlbs++;
            }
            if (!in.path("internal").asBoolean(false)) {
                albAddresses += Math.max(1, in.path("subnets").size() + in.path("subnetMappings").size());
            }
        }
        if (eips + albAddresses > 0) {
            double n = eips + albAddresses;
            var line = new LineBuilder(part, region, "network", "public IPv4 addresses",
                    eips + " Elastic IP" + (eips == 1 ? "" : "s") + " + " + albAddresses + " of internet-facing load balancers (one per zone, at least)");
            line.quantity("address-hours", n * hours, n * hours, "hours per month");
            line.charge("publicIpv4.hour", n * hours, n * hours);
            lines.add(line.build());
        }
        if (albs > 0) {
            var line = new LineBuilder(part, region, "network", "Application Load Balancers", albs + " x " + count(hours) + " h");
            line.quantity("load balancer-hours", albs * hours, albs * hours, "hours per month");
            line.charge("alb.hour", albs * hours, albs * hours);
            lines.add(line.build());
        }
        if (nlbs > 0) {
            var line = new LineBuilder(part, region, "network", "Network Load Balancers", nlbs + " x " + count(hours) + " h");
            line.quantity("load balancer-hours", nlbs * hours, nlbs * hours, "hours per month");
            line.charge("nlb.hour", nlbs * hours, nlbs * hours);
            lines.add(line.build());
        }
        int endpoints = 0;
        int endpointZones = 0;
        for (var endpoint : ofType(mine, "aws:ec2/vpcEndpoint:VpcEndpoint")) {
            if (endpoint.path("inputs").path("vpcEndpointType").asText("Gateway").equals("Interface")) {
                endpoints++;
                endpointZones += Math.max(1, endpoint.path("inputs").path("subnetIds").size());
            }
        }
        if (endpoints > 0) {
            var line = new LineBuilder(part, region, "network", "VPC interface endpoints",
                    endpoints + " endpoints in " + endpointZones + " endpoint-zones x " + count(hours) + " h (gateway endpoints: no charge)");
            line.quantity("endpoint-zone-hours", endpointZones * hours, endpointZones * hours, "hours per month");
            line.charge("vpcEndpoint.azHour", endpointZones * hours, endpointZones * hours);
            lines.add(line.build());
        }
    }

    private void others(String part, String region, List<JsonNode> mine) {
        // Route 53: health checks (basic check plus each optional feature) and hosted zones
        var checks = ofType(mine, "aws:route53/healthCheck:HealthCheck");
        if (!checks.isEmpty()) {
            int awsBasic = 0;
            int awsFeatures = 0;
            int otherBasic = 0;
            int otherFeatures = 0;
            var described = new ArrayList<String>();
            for (var check : checks) {
                var in = check.path("inputs");
                var type = in.path("type").asText("HTTP");
                int features = (type.startsWith("HTTPS") ? 1 : 0) + (type.endsWith("STR_MATCH") ? 1 : 0)
                        + (number(in.path("requestInterval"), 30) < 30 ? 1 : 0) + (in.path("measureLatency").asBoolean(false) ? 1 : 0);
                var target = in.path("fqdn").asText("");
                boolean aws = target.endsWith(".amazonaws.com") || type.equals("CALCULATED") || type.equals("CLOUDWATCH_METRIC");
                if (aws) {
                    awsBasic++;
                    awsFeatures += features;
                } else {
                    otherBasic++;
                    otherFeatures += features;
                }
                described.add(check.path("name").asText() + ": " + type + (features > 0 ? ", " + features + " optional feature" + (features == 1 ? "" : "s") : "")
                        + (aws ? ", AWS endpoint" : ", non-AWS endpoint"));
            }
            var line = new LineBuilder(part, region, "dns", "Route 53 health checks", String.join("; ", described));
            line.quantity("health checks", checks.size(), checks.size(), "health checks");
            line.charge("route53.healthCheckAwsMonth", awsBasic, awsBasic);
            line.charge("route53.healthCheckFeatureAwsMonth", awsFeatures, awsFeatures);
            line.charge("route53.healthCheckNonAwsMonth", otherBasic, otherBasic);
            line.charge("route53.healthCheckFeatureNonAwsMonth", otherFeatures, otherFeatures);
            lines.add(line.build());
        }
        int zones = ofType(mine, "aws:route53/zone:Zone").size();
        int namespaces = ofType(mine, "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
                "aws:servicediscovery/publicDnsNamespace:PublicDnsNamespace").size();
        if (zones + namespaces > 0) {
            var line = new LineBuilder(part, region, "dns", "Route 53 hosted zones",
                    zones + " zone" + (zones == 1 ? "" : "s") + " + " + namespaces + " created by Cloud Map DNS namespaces");
            line.quantity("hosted zones", zones + namespaces, zones + namespaces, "hosted zones");
            line.charge("route53.hostedZoneMonth", zones + namespaces, zones + namespaces);
            lines.add(line.build());
        }
        int keys = ofType(mine, "aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey").size();
        if (keys > 0) {
            var line = new LineBuilder(part, region, "security", "KMS keys", keys + " customer managed key" + (keys == 1 ? "" : "s"));
            line.quantity("keys", keys, keys, "keys");
            line.charge("kms.keyMonth", keys, keys);
            lines.add(line.build());
        }
        alarms(part, region, mine);
        int dashboards = ofType(mine, "aws:cloudwatch/dashboard:Dashboard").size();
        if (dashboards > 0) {
            var line = new LineBuilder(part, region, "monitoring", "CloudWatch dashboards", dashboards + " dashboard" + (dashboards == 1 ? "" : "s"));
            line.quantity("dashboards", dashboards, dashboards, "dashboards");
            line.charge("cloudwatch.dashboardMonth", dashboards, dashboards);
            lines.add(line.build());
        }
        int secrets = ofType(mine, "aws:secretsmanager/secret:Secret").size();
        if (secrets > 0) {
            var line = new LineBuilder(part, region, "secrets", "Secrets Manager secrets", secrets + " secret" + (secrets == 1 ? "" : "s") + " berth creates");
            line.quantity("secrets", secrets, secrets, "secrets");
            line.charge("secretsManager.secretMonth", secrets, secrets);
            lines.add(line.build());
        }
    }

    /**
     * CloudWatch alarms as AWS prices them: per alarm metric (a metric-math alarm pays for each metric
     * it reads, not for its expressions), at the high-resolution rate when a metric's period is under
     * 60 s; composite alarms per alarm; and the two alarms Application Auto Scaling creates for each
     * target-tracking policy.
     */
    private void alarms(String part, String region, List<JsonNode> mine) {
        var metricAlarms = ofType(mine, "aws:cloudwatch/metricAlarm:MetricAlarm");
        int standard = 0;
        int highRes = 0;
        int math = 0;
        for (var alarm : metricAlarms) {
            var in = alarm.path("inputs");
            var queries = in.path("metricQueries");
            if (queries.isArray() && !queries.isEmpty()) {
                math++;
                for (var q : queries) {
                    if (q.has("metric")) {
                        if (number(q.path("metric").path("period"), 60) < 60) {
                            highRes++;
                        } else {
                            standard++;
                        }
                    }
                }
            } else if (number(in.path("period"), 60) < 60) {
                highRes++;
            } else {
                standard++;
            }
        }
        if (!metricAlarms.isEmpty()) {
            var line = new LineBuilder(part, region, "monitoring", "CloudWatch alarms",
                    metricAlarms.size() + " alarms (" + math + " metric math): " + standard + " standard-resolution alarm metrics, "
                            + highRes + " high-resolution");
            line.quantity("alarms", metricAlarms.size(), metricAlarms.size(), "alarms");
            line.quantity("standard alarm metrics", standard, standard, "alarm metrics");
            line.quantity("high-resolution alarm metrics", highRes, highRes, "alarm metrics");
            line.charge("cloudwatch.alarmMetricMonth", standard, standard);
            line.charge("cloudwatch.alarmMetricHighResMonth", highRes, highRes);
            lines.add(line.build());
        }
        int composite = ofType(mine, "aws:cloudwatch/compositeAlarm:CompositeAlarm").size();
        if (composite > 0) {
            var line = new LineBuilder(part, region, "monitoring", "CloudWatch composite alarms", composite + " alarms");
            line.quantity("composite alarms", composite, composite, "alarms");
            line.charge("cloudwatch.compositeAlarmMonth", composite, composite);
            lines.add(line.build());
        }
        long targetTracking = ofType(mine, SCALING_POLICY).stream()
                .filter(p -> p.path("inputs").path("policyType").asText("").equals("TargetTrackingScaling")).count();
        if (targetTracking > 0) {
            var line = new LineBuilder(part, region, "monitoring", "alarms of target-tracking scaling",
                    targetTracking + " policies x 2 alarms Application Auto Scaling creates (scale out, scale in)");
            line.quantity("alarms", 2 * targetTracking, 2 * targetTracking, "alarms");
            line.charge("cloudwatch.alarmMetricMonth", 2 * targetTracking, 2 * targetTracking);
            lines.add(line.build());
        }
    }

    /** Usage-priced items at the stated assumptions (the same at the minimum and the maximum). */
    private void usage(String part, String region, List<JsonNode> mine) {
        double hours = prices.hoursPerMonth();
        int nats = ofType(mine, "aws:ec2/natGateway:NatGateway").size();
        if (nats > 0) {
            var a = prices.assumption("natGateway.gbPerGatewayMonth");
            assumed(part, region, "NAT gateway data processed", a, nats, "NAT gateway" + (nats == 1 ? "" : "s"), "natGateway.gb", a.value() * nats);
        }
        long albs = ofType(mine, "aws:lb/loadBalancer:LoadBalancer").stream()
                .filter(lb -> lb.path("inputs").path("loadBalancerType").asText("application").equals("application")).count();
        if (albs > 0) {
            var a = prices.assumption("alb.lcuPerLoadBalancer");
            assumed(part, region, "load balancer capacity units (LCU)", a, albs, "load balancer" + (albs == 1 ? "" : "s"), "alb.lcuHour",
                    a.value() * albs * hours);
        }
        long endpoints = ofType(mine, "aws:ec2/vpcEndpoint:VpcEndpoint").stream()
                .filter(e -> e.path("inputs").path("vpcEndpointType").asText("Gateway").equals("Interface")).count();
        if (endpoints > 0) {
            var a = prices.assumption("vpcEndpoint.gbPerEndpointMonth");
            assumed(part, region, "VPC endpoint data processed", a, endpoints, "interface endpoints", "vpcEndpoint.gb", a.value() * endpoints);
        }
        int logGroups = ofType(mine, "aws:cloudwatch/logGroup:LogGroup").size();
        if (logGroups > 0) {
            var a = prices.assumption("logs.gbPerLogGroupMonth");
            assumed(part, region, "CloudWatch Logs ingestion", a, logGroups, "log groups", "cloudwatch.logsIngestGb", a.value() * logGroups);
        }
        var byCompute = new TreeMap<String, Integer>();
        ofType(mine, "aws:codebuild/project:Project").forEach(p ->
                byCompute.merge(p.path("inputs").path("environment").path("computeType").asText("BUILD_GENERAL1_SMALL"), 1, Integer::sum));
        for (var e : byCompute.entrySet()) {
            var a = prices.assumption("codebuild.minutesPerProjectMonth");
            assumed(part, region, "CodeBuild minutes (" + e.getKey() + ")", a, e.getValue(), "projects",
                    "codebuild." + e.getKey() + ".minute", a.value() * e.getValue());
        }
    }

    private void assumed(String part, String region, String item, Prices.Assumption a, long count, String what, String priceKey, double quantity) {
        var line = new LineBuilder(part, region, "usage (assumed)", item,
                "assumed " + count(a.value()) + " " + a.unit() + " (" + a.key() + (a.setBy().equals("berth") ? "" : ", set by " + a.setBy())
                        + ") x " + count + " " + what);
        line.assumption = a.key();
        line.quantity(item, quantity, quantity, a.unit());
        line.charge(priceKey, quantity, quantity);
        lines.add(line.build());
    }

    // ---------------------------------------------------------------------------------------------

    /** Builds one line: each charge looks its price up in the line's region; a missing one makes the cost unknown. */
    private final class LineBuilder {
        final String part;
        final String region;
        final String group;
        final String item;
        final String detail;
        final List<Quantity> quantities = new ArrayList<>();
        final Set<String> missing = new LinkedHashSet<>();
        final Map<String, PriceUse> used = new LinkedHashMap<>();
        String assumption;
        double min;
        double max;
        double onDemandMin;
        double onDemandMax;
        boolean unknown;
        boolean onDemandUnknown;

        LineBuilder(String part, String region, String group, String item, String detail) {
            this.part = part;
            this.region = region;
            this.group = group;
            this.item = item;
            this.detail = detail;
        }

        void quantity(String name, double min, double max, String unit) {
            quantities.add(new Quantity(name, min, max, unit));
        }

        /** Priced the same way in the estimate and all on-demand. */
        void charge(String key, double qMin, double qMax) {
            if (qMin == 0 && qMax == 0) {
                return;
            }
            var usd = price(key);
            if (usd == null) {
                unknown = true;
                onDemandUnknown = true;
                return;
            }
            min += qMin * usd;
            max += qMax * usd;
            onDemandMin += qMin * usd;
            onDemandMax += qMax * usd;
        }

        /** Spot in the estimate, the on-demand price in the all-on-demand column. */
        void chargeSpot(String spotKey, String onDemandKey, double qMin, double qMax) {
            if (qMin == 0 && qMax == 0) {
                return;
            }
            var spot = price(spotKey);
            if (spot == null) {
                unknown = true;
            } else {
                min += qMin * spot;
                max += qMax * spot;
            }
            var onDemand = price(onDemandKey);
            if (onDemand == null) {
                onDemandUnknown = true;
            } else {
                onDemandMin += qMin * onDemand;
                onDemandMax += qMax * onDemand;
            }
        }

        private Double price(String key) {
            var found = prices.find(region, key);
            if (found.isEmpty()) {
                missing.add((region == null ? "(no region)" : region) + ": " + key);
                return null;
            }
            var p = found.get();
            used.putIfAbsent(key, new PriceUse(region != null && prices.regional().getOrDefault(region, Map.of()).containsKey(key) ? region : "global",
                    key, p.usd(), p.source(), p.file()));
            return p.usd();
        }

        Line build() {
            return new Line(part, region, group, item, detail, quantities, unknown ? null : min, unknown ? null : max,
                    onDemandUnknown ? null : onDemandMin, onDemandUnknown ? null : onDemandMax, List.copyOf(missing),
                    List.copyOf(used.values()), assumption);
        }
    }

    private static List<JsonNode> ofType(List<JsonNode> resources, String... types) {
        var wanted = Set.of(types);
        return resources.stream().filter(r -> wanted.contains(r.path("type").asText())).toList();
    }

    /** The resource of this type under the same parent component (a service's task definition and scaling target). */
    private static JsonNode sibling(List<JsonNode> resources, JsonNode of, String type) {
        var parent = of.path("parent").asText("");
        if (parent.isEmpty() || parent.contains("pulumi:pulumi:Stack")) {
            return null;
        }
        var found = resources.stream().filter(r -> r.path("type").asText().equals(type) && r.path("parent").asText("").equals(parent)).toList();
        return found.size() == 1 ? found.get(0) : null;
    }

    /** A number that may be written as a JSON number or a string ({@code "cpu": "256"}). */
    static double number(JsonNode node, double fallback) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        try {
            return Double.parseDouble(node.asText().trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A count for people: whole numbers without decimals, shares with one. */
    static String count(double n) {
        if (Math.abs(n - Math.rint(n)) < 1e-9) {
            return String.valueOf((long) Math.rint(n));
        }
        return String.format(Locale.ROOT, "%.1f", n);
    }
}
