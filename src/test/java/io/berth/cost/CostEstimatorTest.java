package io.berth.cost;

import io.berth.cost.Estimate.Line;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The estimate of a small hand-written plan, every figure computed by hand in the comments. Test
 * prices (not berth's file) so that the arithmetic stays readable and a new price file changes nothing here.
 */
class CostEstimatorTest {
    static final String PRIMARY = "eu-west-1";
    static final String DR = "eu-central-1";
    static final double CENT = 0.005;

    /** Test prices: every figure the small plan needs, in both regions; kms also (only) in us-east-1. */
    static String testPrices(Map<String, Double> westOverrides) {
        var west = new LinkedHashMap<String, Double>();
        west.put("fargate.x86_64.vcpuHour", 0.04);
        west.put("fargate.x86_64.gbHour", 0.004);
        west.put("fargateSpot.x86_64.vcpuHour", 0.012);
        west.put("fargateSpot.x86_64.gbHour", 0.0012);
        west.put("ec2.m6i.large.hour", 0.10);
        west.put("ec2Spot.m6i.large.hour", 0.04);
        west.put("ebs.gp3.gbMonth", 0.08);
        west.put("natGateway.hour", 0.045);
        west.put("natGateway.gb", 0.045);
        west.put("publicIpv4.hour", 0.005);
        west.put("alb.hour", 0.0225);
        west.put("alb.lcuHour", 0.008);
        west.put("vpcEndpoint.azHour", 0.01);
        west.put("vpcEndpoint.gb", 0.01);
        west.put("kms.keyMonth", 1.0);
        west.put("cloudwatch.alarmMetricMonth", 0.10);
        west.put("cloudwatch.alarmMetricHighResMonth", 0.30);
        west.put("cloudwatch.dashboardMonth", 3.0);
        west.put("cloudwatch.logsIngestGb", 0.50);
        west.putAll(westOverrides);
        west.values().removeIf(v -> v < 0); // a negative override removes the figure
        var central = Map.of("fargate.x86_64.vcpuHour", 0.05, "fargate.x86_64.gbHour", 0.005, "natGateway.hour", 0.05, "natGateway.gb", 0.05);
        return """
                {"format": "berth-prices/1", "asOf": "2026-01-01", "hoursPerMonth": {"value": 730},
                 "regions": {"eu-west-1": %s, "eu-central-1": %s, "us-east-1": {"kms.keyMonth": {"usd": 1.0, "source": "test"}}},
                 "global": {"route53.healthCheckAwsMonth": {"usd": 0.5, "source": "test"},
                            "route53.healthCheckFeatureAwsMonth": {"usd": 1.0, "source": "test"}},
                 "instanceTypes": {"m6i.large": {"vcpu": 2, "memoryGiB": 8}},
                 "assumptions": {
                   "natGateway.gbPerGatewayMonth": {"value": 100, "unit": "GB per NAT gateway per month"},
                   "alb.lcuPerLoadBalancer": {"value": 1, "unit": "LCU per load balancer, every hour"},
                   "vpcEndpoint.gbPerEndpointMonth": {"value": 10, "unit": "GB per interface endpoint per month"},
                   "logs.gbPerLogGroupMonth": {"value": 1, "unit": "GB per log group per month"},
                   "codebuild.minutesPerProjectMonth": {"value": 100, "unit": "build minutes per project per month"}}}
                """.formatted(figures(west), figures(central));
    }

    private static String figures(Map<String, Double> prices) {
        var out = new StringBuilder("{");
        prices.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append('"').append(k).append("\": {\"usd\": ").append(v)
                .append(", \"source\": \"test\"}"));
        return out.append('}').toString();
    }

    static Prices prices() {
        return Prices.parse(testPrices(Map.of()), "test-prices.json", null);
    }

    /**
     * Primary (eu-west-1): service a on Fargate (FARGATE base 1 weight 1, FARGATE_SPOT weight 3; 512 CPU units,
     * 1024 MiB, x86_64; 2 .. 6 tasks), service b on host group t-batch (1024 / 3072 MiB, 1 .. 3 tasks), the group
     * (m6i.large then m5.large, 0 .. 4 instances, on-demand base 1 then 50%, 30 GiB gp3), one NAT gateway and its
     * Elastic IP, an internet-facing ALB in 2 subnets, an interface endpoint in 2 subnets (and a free gateway
     * endpoint), a KMS key, an HTTPS health check every 10 s on the ALB, three alarms (60 s, 10 s, metric math over
     * two 60 s metrics), one target-tracking policy, a dashboard and a log group. DR (eu-central-1): service d on
     * Fargate (1 task, no autoscaling) and one NAT gateway.
     */
    static HandPlan smallEnvironment() {
        var p = new HandPlan("t", PRIMARY).provider("dr", DR);
        var a = "urn:pulumi:t::berth::berth:service:Service::t-a";
        p.add("aws:ecs/service:Service", "t-a-service", a, false, Map.of("desiredCount", 2,
                "cluster", "arn:aws:ecs:eu-west-1:1:cluster/t-cluster",
                "capacityProviderStrategies", List.of(Map.of("capacityProvider", "FARGATE", "base", 1, "weight", 1),
                        Map.of("capacityProvider", "FARGATE_SPOT", "base", 0, "weight", 3))));
        p.add("aws:ecs/taskDefinition:TaskDefinition", "t-a-task", a, false, Map.of("cpu", "512", "memory", "1024",
                "runtimePlatform", Map.of("cpuArchitecture", "X86_64")));
        p.add("aws:appautoscaling/target:Target", "t-a-scaling", a, false, Map.of("minCapacity", 2, "maxCapacity", 6,
                "resourceId", "service/t-cluster/t-a-service"));
        p.add("aws:appautoscaling/policy:Policy", "t-a-scale-cpu", a, false, Map.of("policyType", "TargetTrackingScaling"));
        var b = "urn:pulumi:t::berth::berth:service:Service::t-b";
        p.add("aws:ecs/service:Service", "t-b-service", b, false, Map.of("desiredCount", 1,
                "capacityProviderStrategies", List.of(Map.of("capacityProvider", "t-batch", "base", 1, "weight", 1))));
        p.add("aws:ecs/taskDefinition:TaskDefinition", "t-b-task", b, false, Map.of("cpu", "1024", "memory", "3072"));
        p.add("aws:appautoscaling/target:Target", "t-b-scaling", b, false, Map.of("minCapacity", 1, "maxCapacity", 3));
        var group = "urn:pulumi:t::berth::berth:cluster:HostGroup::t-batch";
        p.add("aws:ecs/capacityProvider:CapacityProvider", "t-batch-capacity-provider", group, false, Map.of("name", "t-batch",
                "autoScalingGroupProvider", Map.of("autoScalingGroupArn", "arn:aws:autoscaling:eu-west-1:1:group/t-batch-asg",
                        "managedScaling", Map.of("status", "ENABLED", "targetCapacity", 100))));
        p.add("aws:autoscaling/group:Group", "t-batch-asg", group, false, Map.of("minSize", 0, "maxSize", 4,
                "mixedInstancesPolicy", Map.of(
                        "instancesDistribution", Map.of("onDemandBaseCapacity", 1, "onDemandPercentageAboveBaseCapacity", 50),
                        "launchTemplate", Map.of("overrides", List.of(Map.of("instanceType", "m6i.large"), Map.of("instanceType", "m5.large"))))));
        p.add("aws:ec2/launchTemplate:LaunchTemplate", "t-batch-launch-template", group, false, Map.of("instanceType", "m6i.large",
                "blockDeviceMappings", List.of(Map.of("ebs", Map.of("volumeSize", 30, "volumeType", "gp3")))));
        p.add("aws:ec2/natGateway:NatGateway", "t-nat-1", "", false, Map.of());
        p.add("aws:ec2/eip:Eip", "t-nat-eip-1", "", false, Map.of());
        p.add("aws:lb/loadBalancer:LoadBalancer", "t-alb", "", false, Map.of("loadBalancerType", "application", "internal", false,
                "subnets", List.of("subnet-1", "subnet-2")));
        p.add("aws:ec2/vpcEndpoint:VpcEndpoint", "t-endpoint-ecr-api", "", false, Map.of("vpcEndpointType", "Interface",
                "subnetIds", List.of("subnet-3", "subnet-4")));
        p.add("aws:ec2/vpcEndpoint:VpcEndpoint", "t-endpoint-s3", "", false, Map.of("vpcEndpointType", "Gateway"));
        p.add("aws:kms/key:Key", "t-key", "", false, Map.of());
        p.add("aws:route53/healthCheck:HealthCheck", "t-primary-health", "", false, Map.of("type", "HTTPS", "requestInterval", 10,
                "fqdn", "t-alb-1.eu-west-1.elb.amazonaws.com"));
        p.add("aws:cloudwatch/metricAlarm:MetricAlarm", "t-a-running", "", false, Map.of("period", 60));
        p.add("aws:cloudwatch/metricAlarm:MetricAlarm", "t-a-fast", "", false, Map.of("period", 10));
        p.add("aws:cloudwatch/metricAlarm:MetricAlarm", "t-a-utilization", "", false, Map.of("metricQueries", List.of(
                Map.of("id", "cpu", "metric", Map.of("period", 60)), Map.of("id", "memory", "metric", Map.of("period", 60)),
                Map.of("id", "max", "expression", "MAX([cpu, memory])"))));
        p.add("aws:cloudwatch/dashboard:Dashboard", "t-dashboard", "", false, Map.of());
        p.add("aws:cloudwatch/logGroup:LogGroup", "t-a-logs", "", false, Map.of());
        var d = "urn:pulumi:t::berth::berth:dr:Replica$berth:service:Service::t-dr-d";
        p.add("aws:ecs/service:Service", "t-dr-d-service", d, true, Map.of("desiredCount", 1,
                "capacityProviderStrategies", List.of(Map.of("capacityProvider", "FARGATE", "base", 0, "weight", 1))));
        p.add("aws:ecs/taskDefinition:TaskDefinition", "t-dr-d-task", d, true, Map.of("cpu", "512", "memory", "1024"));
        p.add("aws:ec2/natGateway:NatGateway", "t-dr-nat-1", "", true, Map.of());
        return p;
    }

    static Estimate estimate;

    @BeforeAll
    static void estimateTheSmallEnvironment() {
        estimate = CostEstimator.estimate(smallEnvironment().root(), prices());
    }

    static Line line(Estimate e, String part, String item) {
        var found = e.part(part).stream().filter(l -> l.item().equals(item)).toList();
        assertThat(found).as(item).hasSize(1);
        return found.get(0);
    }

    static void costs(Line l, double min, double max) {
        assertThat(l.minUsd()).as(l.item() + " at the minimum").isCloseTo(min, within(CENT));
        assertThat(l.maxUsd()).as(l.item() + " at the maximum").isCloseTo(max, within(CENT));
    }

    @Test
    void fargateTasksSplitByBaseThenWeightAtTheMinimumAndTheMaximum() {
        // One task of a: 0.5 vCPU x $0.04 + 1 GB x $0.004 = $0.024 an hour, x 730 h = $17.52 a month.
        // 2 tasks: FARGATE 1 (base) + 1 x 1/4 = 1.25 tasks -> $21.90; 6 tasks: 1 + 5 x 1/4 = 2.25 -> $39.42.
        var fargate = line(estimate, Estimate.PRIMARY, "Fargate (x86_64)");
        costs(fargate, 21.90, 39.42);
        assertThat(fargate.quantities().get(1).min()).as("vCPU-hours at the minimum: 1.25 x 0.5 x 730").isCloseTo(456.25, within(1e-9));
        // Spot: 0.5 x $0.012 + 1 x $0.0012 = $0.0072 an hour = $5.256 a month per task.
        // 2 tasks: 0.75 on Spot -> $3.942; 6 tasks: 3.75 -> $19.71.
        costs(line(estimate, Estimate.PRIMARY, "Fargate Spot (x86_64)"), 3.942, 19.71);
    }

    @Test
    void spotTasksArePricedOnDemandBesideTheEstimateSoTheSavingIsANumber() {
        // all on-demand: 0.75 x $17.52 = $13.14 and 3.75 x $17.52 = $65.70
        var spot = line(estimate, Estimate.PRIMARY, "Fargate Spot (x86_64)");
        assertThat(spot.onDemandMinUsd()).isCloseTo(13.14, within(CENT));
        assertThat(spot.onDemandMaxUsd()).isCloseTo(65.70, within(CENT));
        // saving = Fargate Spot (13.14 - 3.942 = 9.198 / 65.70 - 19.71 = 45.99)
        //        + host-group Spot instances (max only: 4 x $73 = $292.00 all on-demand - $226.30 = 65.70)
        var total = estimate.total();
        assertThat(total.spotSavingMin()).isCloseTo(9.198, within(CENT));
        assertThat(total.spotSavingMax()).isCloseTo(45.99 + 65.70, within(CENT));
    }

    @Test
    void hostGroupsPackTheMinimumTasksAndSplitOnDemandAndSpotAsTheGroupSays() {
        // minimum: 1 task of 1024 CPU / 3072 MiB fits one m6i.large (2048 / 8192): 1 instance, on-demand (base 1):
        //   1 x $0.10 x 730 = $73.00. maximum: maxSize 4: on-demand 1 + 3 x 50% = 2.5, Spot 1.5:
        //   2.5 x $0.10 x 730 = $182.50 + 1.5 x $0.04 x 730 = $43.80 -> $226.30; all on-demand 4 x $73 = $292.00
        var group = line(estimate, Estimate.PRIMARY, "EC2 host group t-batch");
        costs(group, 73.00, 226.30);
        assertThat(group.onDemandMaxUsd()).isCloseTo(292.00, within(CENT));
        assertThat(group.detail()).startsWith("instances 1 .. 4 of m6i.large (priced as the first of m6i.large, m5.large); "
                + "on-demand 1 .. 2.5, Spot 0 .. 1.5; tasks 1 .. 3");
        // 30 GiB each: 30 GiB x $0.08 = $2.40; 120 GiB -> $9.60
        costs(line(estimate, Estimate.PRIMARY, "EBS gp3 volumes of host-group instances"), 2.40, 9.60);
    }

    @Test
    void fixedItemsCostTheSameAtTheMinimumAndTheMaximum() {
        costs(line(estimate, Estimate.PRIMARY, "NAT gateways"), 32.85, 32.85);                 // 0.045 x 730
        costs(line(estimate, Estimate.PRIMARY, "public IPv4 addresses"), 10.95, 10.95);        // (1 EIP + 2 ALB zones) x 0.005 x 730
        costs(line(estimate, Estimate.PRIMARY, "Application Load Balancers"), 16.425, 16.425); // 0.0225 x 730
        costs(line(estimate, Estimate.PRIMARY, "VPC interface endpoints"), 14.60, 14.60);      // 2 zones x 0.01 x 730; gateway free
        costs(line(estimate, Estimate.PRIMARY, "KMS keys"), 1.00, 1.00);
        costs(line(estimate, Estimate.PRIMARY, "Route 53 health checks"), 2.50, 2.50);         // 0.50 + HTTPS 1.00 + 10 s 1.00
        costs(line(estimate, Estimate.PRIMARY, "CloudWatch dashboards"), 3.00, 3.00);
    }

    @Test
    void alarmsArePricedPerAlarmMetricAtTheirResolution() {
        // 60 s alarm: 1 standard metric; 10 s alarm: 1 high-resolution; metric math over two 60 s metrics: 2 standard
        // (its expression is free): 3 x $0.10 + 1 x $0.30 = $0.60
        var alarms = line(estimate, Estimate.PRIMARY, "CloudWatch alarms");
        costs(alarms, 0.60, 0.60);
        assertThat(alarms.detail()).isEqualTo("3 alarms (1 metric math): 3 standard-resolution alarm metrics, 1 high-resolution");
        // target tracking: Application Auto Scaling's 2 alarms per policy, 2 x $0.10
        costs(line(estimate, Estimate.PRIMARY, "alarms of target-tracking scaling"), 0.20, 0.20);
    }

    @Test
    void usagePricedItemsShowTheAssumptionTheyRestOn() {
        var nat = line(estimate, Estimate.PRIMARY, "NAT gateway data processed");
        costs(nat, 4.50, 4.50);                                                                 // 100 GB x 0.045
        assertThat(nat.assumption()).isEqualTo("natGateway.gbPerGatewayMonth");
        assertThat(nat.detail()).isEqualTo("assumed 100 GB per NAT gateway per month (natGateway.gbPerGatewayMonth) x 1 NAT gateway");
        costs(line(estimate, Estimate.PRIMARY, "load balancer capacity units (LCU)"), 5.84, 5.84); // 1 LCU x 730 h x 0.008
        costs(line(estimate, Estimate.PRIMARY, "VPC endpoint data processed"), 0.10, 0.10);        // 10 GB x 0.01
        costs(line(estimate, Estimate.PRIMARY, "CloudWatch Logs ingestion"), 0.50, 0.50);          // 1 GB x 0.50
        assertThat(estimate.assumptionsUsed()).extracting(Prices.Assumption::key).containsExactly("natGateway.gbPerGatewayMonth",
                "alb.lcuPerLoadBalancer", "vpcEndpoint.gbPerEndpointMonth", "logs.gbPerLogGroupMonth");
    }

    @Test
    void theDrReplicaIsItsOwnPartPricedInItsOwnRegion() {
        // d: 1 task, 0.5 x $0.05 + 1 x $0.005 = $0.03 an hour -> $21.90; NAT 0.05 x 730 = $36.50; data 100 x 0.05 = $5.00
        assertThat(estimate.drRegion()).isEqualTo(DR);
        assertThat(estimate.part(Estimate.DR)).extracting(Line::item)
                .containsExactly("Fargate (x86_64)", "NAT gateways", "NAT gateway data processed");
        assertThat(estimate.part(Estimate.DR)).allSatisfy(l -> assertThat(l.region()).isEqualTo(DR));
        var dr = estimate.total(Estimate.DR);
        assertThat(dr.min()).isCloseTo(63.40, within(CENT));
        assertThat(dr.max()).isCloseTo(63.40, within(CENT));
    }

    @Test
    void theWholeSmallEnvironmentByHand() {
        // primary minimum: Fargate 21.90 + Spot 3.942 + host group 73.00 + EBS 2.40
        //   + fixed 93.065 (NAT 32.85, IPv4 10.95, ALB 16.425, endpoint 14.60, KMS 1.00, health check 2.50,
        //     alarms 0.60, target-tracking alarms 0.20, dashboard 3.00, NAT data 4.50, LCU 5.84, endpoint data 0.10, logs 0.50)
        //   = 194.307
        // primary maximum: 39.42 + 19.71 + 226.30 + 9.60 + 93.065 = 388.095
        // DR: 63.40 at both; total 257.707 .. 451.495
        // all on-demand: primary 194.307 - 3.942 + 13.14 = 203.505 .. 388.095 - 19.71 + 65.70 - 226.30 + 292.00 = 499.785
        var primary = estimate.total(Estimate.PRIMARY);
        assertThat(primary.min()).isCloseTo(194.307, within(CENT));
        assertThat(primary.max()).isCloseTo(388.095, within(CENT));
        var total = estimate.total();
        assertThat(total.min()).isCloseTo(257.707, within(CENT));
        assertThat(total.max()).isCloseTo(451.495, within(CENT));
        assertThat(total.onDemandMin()).isCloseTo(203.505 + 63.40, within(CENT));
        assertThat(total.onDemandMax()).isCloseTo(499.785 + 63.40, within(CENT));
        assertThat(total.complete()).isTrue();
        assertThat(estimate.missing()).isEmpty();
    }
}
