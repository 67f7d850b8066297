package io.berth.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.testing.Expected;
import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Collectors;

import static io.berth.testing.Plans.EIP;
import static io.berth.testing.Plans.ENDPOINT;
import static io.berth.testing.Plans.FLOW_LOG;
import static io.berth.testing.Plans.IGW;
import static io.berth.testing.Plans.INGRESS;
import static io.berth.testing.Plans.LOG_GROUP;
import static io.berth.testing.Plans.NAT;
import static io.berth.testing.Plans.ROLE;
import static io.berth.testing.Plans.ROLE_POLICY;
import static io.berth.testing.Plans.ROUTE_TABLE;
import static io.berth.testing.Plans.SECURITY_GROUP;
import static io.berth.testing.Plans.SUBNET;
import static io.berth.testing.Plans.VPC;
import static io.berth.testing.Plans.byId;
import static io.berth.testing.Plans.defaultRouteOf;
import static io.berth.testing.Plans.network;
import static io.berth.testing.Plans.only;
import static io.berth.testing.Plans.routeTableOf;
import static io.berth.testing.Plans.str;
import static io.berth.testing.Plans.subnets;
import static org.assertj.core.api.Assertions.assertThat;

/** The network each shipped stack plans for itself (its own Network component), read back from the recorded resources. */
@Timeout(300) // the first test pays for the shared plan; the SDK's mock engine can hang (pulumi-java#2270)
class ShippedNetworkTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void vpcHasTheStacksBlockAndDnsForEndpointsAndCloudMap(String stack) {
        var plan = network(ShippedStacks.plan(stack));

        var vpc = only(plan, VPC);

        assertThat(str(vpc, "cidrBlock")).isEqualTo(Expected.of(stack).vpcCidr());
        assertThat(vpc.inputs()).containsEntry("enableDnsHostnames", true).containsEntry("enableDnsSupport", true);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void onePrivateAndOnePublicSubnetPerZoneWithPlannedBlocks(String stack) {
        var plan = network(ShippedStacks.plan(stack));
        var expected = Expected.of(stack);
        var vpc = only(plan, VPC);

        var privateSubnets = subnets(plan, "private");
        var publicSubnets = subnets(plan, "public");

        assertThat(plan.ofType(SUBNET)).hasSize(2 * expected.zones().size());
        assertThat(privateSubnets).extracting(s -> str(s, "cidrBlock")).containsExactlyElementsOf(expected.privateCidrs());
        assertThat(privateSubnets).extracting(s -> str(s, "availabilityZone")).containsExactlyElementsOf(expected.zones());
        assertThat(publicSubnets).extracting(s -> str(s, "cidrBlock")).containsExactlyElementsOf(expected.publicCidrs());
        assertThat(publicSubnets).extracting(s -> str(s, "availabilityZone")).containsExactlyElementsOf(expected.zones());
        assertThat(plan.ofType(SUBNET)).allSatisfy(s -> assertThat(str(s, "vpcId")).isEqualTo(vpc.id()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void noSubnetHandsOutPublicAddresses(String stack) {
        var plan = network(ShippedStacks.plan(stack));

        assertThat(subnets(plan, "public")).isNotEmpty()
                .allSatisfy(s -> assertThat(s.inputs()).containsEntry("mapPublicIpOnLaunch", false));
        assertThat(subnets(plan, "private")).isNotEmpty()
                .allSatisfy(s -> assertThat(s.inputs()).containsEntry("mapPublicIpOnLaunch", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void natGatewaysSitInPublicSubnetsOfDistinctZonesWithTheirOwnElasticIp(String stack) {
        var plan = network(ShippedStacks.plan(stack));
        var expected = Expected.of(stack);
        var publicIds = subnets(plan, "public").stream().map(PlannedResource::id).toList();

        var nats = plan.ofType(NAT);

        assertThat(nats).hasSize(expected.natGateways());
        assertThat(plan.ofType(EIP)).hasSize(expected.natGateways())
                .allSatisfy(eip -> assertThat(str(eip, "domain")).isEqualTo("vpc"));
        assertThat(nats).allSatisfy(nat -> {
            assertThat(str(nat, "connectivityType")).isEqualTo("public");
            assertThat(publicIds).contains(str(nat, "subnetId"));
            byId(plan, EIP, str(nat, "allocationId"));
        });
        assertThat(nats.stream().map(n -> str(n, "allocationId")).distinct()).hasSize(nats.size());
        var natZones = nats.stream().map(n -> str(byId(plan, SUBNET, str(n, "subnetId")), "availabilityZone")).toList();
        assertThat(natZones).doesNotHaveDuplicates();
        assertThat(natZones).containsExactlyInAnyOrderElementsOf(expected.zones().subList(0, expected.natGateways()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void eachPrivateSubnetHasItsOwnRouteTableLeavingThroughANat(String stack) {
        var plan = network(ShippedStacks.plan(stack));

        var tables = subnets(plan, "private").stream().map(s -> routeTableOf(plan, s).id()).toList();

        assertThat(tables).doesNotHaveDuplicates();
        assertThat(subnets(plan, "private")).allSatisfy(subnet -> {
            var route = defaultRouteOf(plan, routeTableOf(plan, subnet));
            assertThat(route.inputs()).doesNotContainKey("gatewayId");
            byId(plan, NAT, str(route, "natGatewayId"));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod"})
    void withANatPerZoneEachPrivateSubnetLeavesThroughTheNatOfItsOwnZone(String stack) {
        var plan = network(ShippedStacks.plan(stack));

        for (var subnet : subnets(plan, "private")) {
            var route = defaultRouteOf(plan, routeTableOf(plan, subnet));
            var nat = byId(plan, NAT, str(route, "natGatewayId"));
            var natSubnet = byId(plan, SUBNET, str(nat, "subnetId"));

            assertThat(str(natSubnet, "availabilityZone")).as("zone of the NAT that %s leaves through", subnet.name())
                    .isEqualTo(str(subnet, "availabilityZone"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta"})
    void withASingleNatEveryPrivateSubnetLeavesThroughIt(String stack) {
        var plan = network(ShippedStacks.plan(stack));
        var nat = only(plan, NAT);

        assertThat(subnets(plan, "private"))
                .allSatisfy(s -> assertThat(str(defaultRouteOf(plan, routeTableOf(plan, s)), "natGatewayId")).isEqualTo(nat.id()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void publicSubnetsShareOneRouteTableToTheInternetGateway(String stack) {
        var plan = network(ShippedStacks.plan(stack));
        var igw = only(plan, IGW);

        var tables = subnets(plan, "public").stream().map(s -> routeTableOf(plan, s)).map(PlannedResource::id).distinct().toList();

        assertThat(tables).hasSize(1);
        var route = defaultRouteOf(plan, byId(plan, ROUTE_TABLE, tables.get(0)));
        assertThat(str(route, "gatewayId")).isEqualTo(igw.id());
        assertThat(route.inputs()).doesNotContainKey("natGatewayId");
        assertThat(str(igw, "vpcId")).isEqualTo(only(plan, VPC).id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"beta", "prod"})
    void interfaceEndpointsInThePrivateSubnetsWithPrivateDns(String stack) {
        var plan = network(ShippedStacks.plan(stack));
        var privateIds = subnets(plan, "private").stream().map(PlannedResource::id).toList();
        var sg = only(plan, SECURITY_GROUP);

        var interfaces = plan.ofType(ENDPOINT).stream().filter(e -> "Interface".equals(str(e, "vpcEndpointType"))).toList();

        assertThat(interfaces).extracting(e -> str(e, "serviceName")).containsExactlyInAnyOrder(
                "com.amazonaws.eu-west-1.ecr.api", "com.amazonaws.eu-west-1.ecr.dkr", "com.amazonaws.eu-west-1.logs",
                "com.amazonaws.eu-west-1.secretsmanager", "com.amazonaws.eu-west-1.ssm", "com.amazonaws.eu-west-1.ssmmessages");
        assertThat(interfaces).allSatisfy(e -> {
            assertThat(e.inputs()).containsEntry("privateDnsEnabled", true);
            assertThat(e.<List<String>>input("subnetIds")).containsExactlyInAnyOrderElementsOf(privateIds);
            assertThat(e.<List<String>>input("securityGroupIds")).containsExactly(sg.id());
            assertThat(str(e, "vpcId")).isEqualTo(only(plan, VPC).id());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"beta", "prod"})
    void theEndpointSecurityGroupAdmitsHttpsFromTheVpcOnly(String stack) {
        var plan = network(ShippedStacks.plan(stack));
        var sg = only(plan, SECURITY_GROUP);

        var rule = only(plan, INGRESS);

        assertThat(rule.inputs()).containsEntry("securityGroupId", sg.id()).containsEntry("ipProtocol", "tcp")
                .containsEntry("fromPort", 443L).containsEntry("toPort", 443L)
                .containsEntry("cidrIpv4", Expected.of(stack).vpcCidr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"beta", "prod"})
    void anS3GatewayEndpointOnThePrivateRouteTables(String stack) {
        var plan = network(ShippedStacks.plan(stack));
        var privateTables = subnets(plan, "private").stream().map(s -> routeTableOf(plan, s).id()).toList();

        var gateways = plan.ofType(ENDPOINT).stream().filter(e -> "Gateway".equals(str(e, "vpcEndpointType"))).toList();

        assertThat(gateways).singleElement().satisfies(s3 -> {
            assertThat(str(s3, "serviceName")).isEqualTo("com.amazonaws.eu-west-1.s3");
            assertThat(s3.<List<String>>input("routeTableIds")).containsExactlyInAnyOrderElementsOf(privateTables);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev"})
    void devHasNoEndpoints(String stack) {
        var plan = network(ShippedStacks.plan(stack));

        assertThat(plan.ofType(ENDPOINT)).isEmpty();
        assertThat(plan.ofType(SECURITY_GROUP)).isEmpty();
        assertThat(plan.ofType(INGRESS)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void flowLogsGoToTheEnvironmentsLogGroupWithItsRetention(String stack) {
        var plan = network(ShippedStacks.plan(stack));
        var expected = Expected.of(stack);

        var flowLog = only(plan, FLOW_LOG);
        var logGroup = plan.named(stack + "-flow-logs");

        assertThat(logGroup.type()).isEqualTo(LOG_GROUP);
        assertThat(str(logGroup, "name")).isEqualTo("/berth/" + stack + "/vpc-flow-logs");
        assertThat(logGroup.inputs()).containsEntry("retentionInDays", expected.logRetentionDays());
        assertThat(flowLog.inputs())
                .containsEntry("trafficType", expected.flowLogTrafficType())
                .containsEntry("vpcId", only(plan, VPC).id())
                .containsEntry("logDestinationType", "cloud-watch-logs")
                .containsEntry("logDestination", "arn:aws:logs:eu-west-1:" + expected.account() + ":log-group:/berth/" + stack + "/vpc-flow-logs");
        assertThat(flowLog.dependencies()).contains(logGroup.urn());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void theFlowLogRoleMayWriteToThatLogGroupOnly(String stack) throws Exception {
        var plan = network(ShippedStacks.plan(stack));
        var flowLog = only(plan, FLOW_LOG);
        var logGroupArn = str(flowLog, "logDestination");

        var role = only(plan, ROLE);
        var policy = only(plan, ROLE_POLICY);

        assertThat(str(flowLog, "iamRoleArn")).isEqualTo("arn:aws:iam::" + Expected.of(stack).account() + ":role/" + role.id());
        assertThat(flowLog.dependencies()).contains(role.urn());
        var trust = JSON.readTree(str(role, "assumeRolePolicy")).get("Statement");
        assertThat(trust).hasSize(1);
        assertThat(trust.get(0).at("/Principal/Service").asText()).isEqualTo("vpc-flow-logs.amazonaws.com");
        assertThat(trust.get(0).get("Action").asText()).isEqualTo("sts:AssumeRole");

        assertThat(str(policy, "role")).isEqualTo(role.id());
        var statements = JSON.readTree(str(policy, "policy")).get("Statement");
        assertThat(statements).hasSize(1);
        var statement = statements.get(0);
        assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
        assertThat(texts(statement.get("Resource"))).containsExactlyInAnyOrder(logGroupArn, logGroupArn + ":*");
        assertThat(texts(statement.get("Action")))
                .containsExactlyInAnyOrder("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void everyNetworkResourceIsInTheStacksVpc(String stack) {
        var plan = network(ShippedStacks.plan(stack));
        var vpcId = only(plan, VPC).id();

        var withVpc = plan.resources().stream().filter(r -> r.inputs().containsKey("vpcId")).toList();

        assertThat(withVpc).isNotEmpty().allSatisfy(r -> assertThat(str(r, "vpcId")).as(r.name()).isEqualTo(vpcId));
        var types = withVpc.stream().map(PlannedResource::type).collect(Collectors.toSet());
        assertThat(types).contains(SUBNET, ROUTE_TABLE, IGW, FLOW_LOG);
    }

    private static List<String> texts(JsonNode node) {
        if (node.isArray()) {
            var out = new java.util.ArrayList<String>();
            node.forEach(n -> out.add(n.asText()));
            return out;
        }
        return List.of(node.asText());
    }
}
