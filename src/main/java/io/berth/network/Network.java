package io.berth.network;

import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.ec2.Eip;
import com.pulumi.aws.ec2.EipArgs;
import com.pulumi.aws.ec2.FlowLog;
import com.pulumi.aws.ec2.FlowLogArgs;
import com.pulumi.aws.ec2.InternetGateway;
import com.pulumi.aws.ec2.InternetGatewayArgs;
import com.pulumi.aws.ec2.NatGateway;
import com.pulumi.aws.ec2.NatGatewayArgs;
import com.pulumi.aws.ec2.Route;
import com.pulumi.aws.ec2.RouteArgs;
import com.pulumi.aws.ec2.RouteTable;
import com.pulumi.aws.ec2.RouteTableArgs;
import com.pulumi.aws.ec2.RouteTableAssociation;
import com.pulumi.aws.ec2.RouteTableAssociationArgs;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.ec2.Subnet;
import com.pulumi.aws.ec2.SubnetArgs;
import com.pulumi.aws.ec2.Vpc;
import com.pulumi.aws.ec2.VpcArgs;
import com.pulumi.aws.ec2.VpcEndpoint;
import com.pulumi.aws.ec2.VpcEndpointArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.berth.model.EnvironmentConfig;
import io.berth.model.NetworkConfig.NatStrategy;
import io.berth.support.PolicyDocument;
import io.berth.support.Stateful;
import io.berth.support.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The environment's VPC: public and private subnets in each zone (blocks from {@link SubnetPlan}),
 * an internet gateway, NAT gateways per the NAT strategy, route tables, optional VPC endpoints and
 * flow logs. Load balancers and NAT gateways live in public subnets; tasks and instances only in
 * private ones, without public addresses.
 */
public final class Network extends ComponentResource {
    /** Interface endpoints that let private tasks pull images, write logs and read secrets without a NAT. */
    public static final List<String> INTERFACE_ENDPOINTS = List.of("ecr.api", "ecr.dkr", "logs", "secretsmanager", "ssm", "ssmmessages");

    public final Output<String> vpcId;
    public final String vpcCidr;
    public final List<SubnetPlan.ZoneSubnets> layout;
    // Filled while the constructor registers the network, read-only for everyone else: the engine
    // reads resource inputs on its own threads, and a shared list changed meanwhile breaks that (issue 19).
    private final List<Output<String>> publicSubnets = new ArrayList<>();
    private final List<Output<String>> privateSubnets = new ArrayList<>();
    private final List<Output<String>> natIps = new ArrayList<>();
    private final List<Output<String>> natIds = new ArrayList<>();
    public final List<Output<String>> publicSubnetIds = java.util.Collections.unmodifiableList(publicSubnets);
    public final List<Output<String>> privateSubnetIds = java.util.Collections.unmodifiableList(privateSubnets);
    public final Output<List<String>> availabilityZones;
    public final int natGatewayCount;
    /** The NAT gateways' public addresses (Elastic IPs): what the internet, the load balancer included, sees of the tasks. */
    public final List<Output<String>> natPublicIps = java.util.Collections.unmodifiableList(natIps);
    /** The NAT gateways' ids, zone order (their port-allocation errors are alarmed on). */
    public final List<Output<String>> natGatewayIds = java.util.Collections.unmodifiableList(natIds);

    public Network(String name, EnvironmentConfig env, ComponentResourceOptions options) {
        super("berth:network:Network", name, options);
        var net = env.network();
        var child = CustomResourceOptions.builder().parent(this).build();
        this.vpcCidr = net.vpcCidr();
        this.layout = SubnetPlan.plan(net.vpcCidr(), net.availabilityZones());

        // Zones come from config (berth:network.zones, default <region>a, b, c...), not from an API call:
        // planning the DR replica, or switching to it, must not need the region that is down.
        this.availabilityZones = Output.of(net.zones());

        var vpc = new Vpc(name + "-vpc", VpcArgs.builder()
                .cidrBlock(net.vpcCidr())
                .enableDnsHostnames(true) // needed by private DNS of interface endpoints and Cloud Map
                .enableDnsSupport(true)
                .tags(Tags.of(env.tags(), name + "-vpc"))
                .build(), child);
        this.vpcId = vpc.id();

        var igw = new InternetGateway(name + "-igw", InternetGatewayArgs.builder()
                .vpcId(vpc.id()).tags(Tags.of(env.tags(), name + "-igw")).build(), child);

        var publicRoutes = new RouteTable(name + "-public-rt", RouteTableArgs.builder()
                .vpcId(vpc.id()).tags(Tags.of(env.tags(), name + "-public-rt")).build(), child);
        new Route(name + "-public-default-route", RouteArgs.builder()
                .routeTableId(publicRoutes.id()).destinationCidrBlock("0.0.0.0/0").gatewayId(igw.id()).build(), child);

        var nats = new ArrayList<NatGateway>();
        var privateRouteTables = new ArrayList<RouteTable>();
        this.natGatewayCount = net.natGateways().gatewayCount(layout.size());
        for (var zone : layout) {
            int n = zone.zoneIndex() + 1;
            var az = net.zones().get(zone.zoneIndex());
            var publicSubnet = new Subnet(name + "-public-" + n, SubnetArgs.builder()
                    .vpcId(vpc.id())
                    .cidrBlock(zone.publicCidr())
                    .availabilityZone(az)
                    .mapPublicIpOnLaunch(false) // only the load balancer and NAT gateways live here; both get addresses explicitly
                    .tags(Tags.of(env.tags(), name + "-public-" + n, Map.of("berth:subnet", "public")))
                    .build(), child);
            publicSubnets.add(publicSubnet.id());
            new RouteTableAssociation(name + "-public-" + n + "-rta", RouteTableAssociationArgs.builder()
                    .subnetId(publicSubnet.id()).routeTableId(publicRoutes.id()).build(), child);

            var privateSubnet = new Subnet(name + "-private-" + n, SubnetArgs.builder()
                    .vpcId(vpc.id())
                    .cidrBlock(zone.privateCidr())
                    .availabilityZone(az)
                    .mapPublicIpOnLaunch(false)
                    .tags(Tags.of(env.tags(), name + "-private-" + n, Map.of("berth:subnet", "private")))
                    .build(), child);
            privateSubnets.add(privateSubnet.id());

            if (zone.zoneIndex() < natGatewayCount) {
                var eip = new Eip(name + "-nat-eip-" + n, EipArgs.builder()
                        .domain("vpc").tags(Tags.of(env.tags(), name + "-nat-eip-" + n)).build(), child);
                natIps.add(eip.publicIp());
                nats.add(new NatGateway(name + "-nat-" + n, NatGatewayArgs.builder()
                        .allocationId(eip.id())
                        .subnetId(publicSubnet.id())
                        .connectivityType("public")
                        .tags(Tags.of(env.tags(), name + "-nat-" + n))
                        .build(), CustomResourceOptions.builder().parent(this).dependsOn(igw).build()));
                natIds.add(nats.get(nats.size() - 1).id());
            }
            var privateRoutes = new RouteTable(name + "-private-rt-" + n, RouteTableArgs.builder()
                    .vpcId(vpc.id()).tags(Tags.of(env.tags(), name + "-private-rt-" + n)).build(), child);
            privateRouteTables.add(privateRoutes);
            new RouteTableAssociation(name + "-private-" + n + "-rta", RouteTableAssociationArgs.builder()
                    .subnetId(privateSubnet.id()).routeTableId(privateRoutes.id()).build(), child);
        }

        // Each private subnet leaves through the NAT of its own zone when there is one per zone,
        // so losing a zone never cuts the others off; with a single NAT all share the first.
        for (int i = 0; i < privateRouteTables.size() && !nats.isEmpty(); i++) {
            var nat = net.natGateways() == NatStrategy.PER_AZ ? nats.get(i) : nats.get(0);
            new Route(name + "-private-default-route-" + (i + 1), RouteArgs.builder()
                    .routeTableId(privateRouteTables.get(i).id())
                    .destinationCidrBlock("0.0.0.0/0")
                    .natGatewayId(nat.id())
                    .build(), child);
        }

        if (net.vpcEndpoints()) {
            createEndpoints(name, env, vpc, privateRouteTables, child);
        }
        if (net.flowLogs().enabled()) {
            createFlowLogs(name, env, vpc);
        }
        registerOutputs(Map.of("vpcId", vpcId));
    }

    private void createEndpoints(String name, EnvironmentConfig env, Vpc vpc, List<RouteTable> privateRouteTables,
                                 CustomResourceOptions child) {
        var sg = new SecurityGroup(name + "-endpoints-sg", SecurityGroupArgs.builder()
                .vpcId(vpc.id())
                .description("HTTPS from inside the VPC to the interface endpoints")
                .tags(Tags.of(env.tags(), name + "-endpoints-sg"))
                .build(), child);
        new SecurityGroupIngressRule(name + "-endpoints-https", SecurityGroupIngressRuleArgs.builder()
                .securityGroupId(sg.id())
                .ipProtocol("tcp").fromPort(443).toPort(443)
                .cidrIpv4(vpcCidr)
                .description("HTTPS from the VPC")
                .tags(Tags.of(env.tags(), name + "-endpoints-https"))
                .build(), child);
        for (var service : INTERFACE_ENDPOINTS) {
            var id = service.replace('.', '-');
            new VpcEndpoint(name + "-endpoint-" + id, VpcEndpointArgs.builder()
                    .vpcId(vpc.id())
                    .serviceName("com.amazonaws." + env.region() + "." + service)
                    .vpcEndpointType("Interface")
                    .privateDnsEnabled(true)
                    .subnetIds(Output.all(List.copyOf(privateSubnets)))
                    .securityGroupIds(sg.id().applyValue(List::of))
                    .tags(Tags.of(env.tags(), name + "-endpoint-" + id))
                    .build(), child);
        }
        // ECR keeps image layers in S3: the gateway endpoint is free and keeps layer pulls off the NAT.
        new VpcEndpoint(name + "-endpoint-s3", VpcEndpointArgs.builder()
                .vpcId(vpc.id())
                .serviceName("com.amazonaws." + env.region() + ".s3")
                .vpcEndpointType("Gateway")
                .routeTableIds(Output.all(privateRouteTables.stream().map(RouteTable::id).toList()))
                .tags(Tags.of(env.tags(), name + "-endpoint-s3"))
                .build(), child);
    }

    private void createFlowLogs(String name, EnvironmentConfig env, Vpc vpc) {
        var logGroup = new LogGroup(name + "-flow-logs", LogGroupArgs.builder()
                .name("/berth/" + env.name() + "/vpc-flow-logs")
                .retentionInDays(env.logRetentionDays())
                .tags(Tags.of(env.tags(), name + "-flow-logs"))
                .build(), Stateful.options(env.protectStatefulResources(), this));
        var child = CustomResourceOptions.builder().parent(this).build();
        var role = new Role(name + "-flow-logs-role", RoleArgs.builder()
                .description("Lets VPC Flow Logs write to the environment's flow log group")
                .assumeRolePolicy(PolicyDocument.trustFromAccount("vpc-flow-logs.amazonaws.com", env.account()))
                .tags(Tags.of(env.tags(), name + "-flow-logs-role", Map.of("berth:role", "flow-logs")))
                .build(), child);
        var policy = new RolePolicy(name + "-flow-logs-policy", RolePolicyArgs.builder()
                .role(role.id())
                .policy(PolicyDocument.create()
                        .allow("WriteFlowLogs",
                                List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"),
                                List.of(logGroup.arn(), logGroup.arn().applyValue(arn -> arn + ":*")))
                        .toJson())
                .build(), child);
        new FlowLog(name + "-flow-log", FlowLogArgs.builder()
                .vpcId(vpc.id())
                .trafficType(env.network().flowLogs().trafficType())
                .logDestinationType("cloud-watch-logs")
                .logDestination(logGroup.arn())
                .iamRoleArn(role.arn())
                .maxAggregationInterval(60)
                .tags(Tags.of(env.tags(), name + "-flow-log"))
                .build(), CustomResourceOptions.builder().parent(this).dependsOn(policy).build()); // acts with the role: after its policy
    }
}
