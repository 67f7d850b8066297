package io.berth.network;

import io.berth.model.EnvironmentConfig;
import io.berth.plan.Plan;
import io.berth.support.Providers;
import io.berth.testing.Fixtures;
import com.pulumi.resources.ComponentResourceOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static io.berth.testing.Inputs.assertAllInputs;
import static io.berth.testing.Inputs.assertInputs;
import static io.berth.testing.Inputs.assertJsonInput;
import static io.berth.testing.Inputs.names;
import static io.berth.testing.Plans.ENDPOINT;
import static io.berth.testing.Plans.FLOW_LOG;
import static io.berth.testing.Plans.LOG_GROUP;
import static io.berth.testing.Plans.NAT;
import static io.berth.testing.Plans.EIP;
import static io.berth.testing.Plans.ROUTE;
import static io.berth.testing.Plans.SUBNET;
import static io.berth.testing.Plans.scope;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Network component alone on small settings: three networks planned side by side in one run,
 * {@code single} (every default: 2 zones, one NAT, no endpoints, flow logs of ALL traffic),
 * {@code per-az} (3 zones, a NAT per zone, endpoints, REJECT flow logs) and {@code none} (no NAT,
 * endpoints, no flow logs).
 */
@Timeout(120)
class NetworkTest {
    static final String NETWORK = "berth:network:Network";
    static Plan single;
    static Plan perAz;
    static Plan none;

    @BeforeAll
    static void plan() {
        var defaults = Fixtures.environment();
        var perAzEnv = Fixtures.environment("dev", Map.of("berth:network", """
                {"vpcCidr": "10.20.0.0/16", "availabilityZones": 3, "natGateways": "per-az", "vpcEndpoints": true,
                 "flowLogs": {"trafficType": "REJECT"}}"""));
        var noneEnv = Fixtures.environment("dev", Map.of("berth:network", """
                {"vpcCidr": "10.30.0.0/16", "natGateways": "none", "vpcEndpoints": true, "flowLogs": {"enabled": false}}"""));
        var all = Fixtures.component(defaults, ctx -> {
            var provider = Providers.forRegion("primary", defaults.account(), defaults.region());
            var options = ComponentResourceOptions.builder().providers(provider).build();
            network("single", defaults, provider, options);
            network("per-az", perAzEnv, provider, options);
            network("none", noneEnv, provider, options);
        });
        single = scope(all, NETWORK, "single");
        perAz = scope(all, NETWORK, "per-az");
        none = scope(all, NETWORK, "none");
    }

    private static void network(String name, EnvironmentConfig env, com.pulumi.resources.ProviderResource provider,
                                ComponentResourceOptions options) {
        new Network(name, env, options);
    }

    // --- VPC and subnets

    @Test
    void theVpcHasTheConfiguredBlockAndDnsForEndpointsAndCloudMap() {
        assertInputs(single, "single-vpc", """
                {"cidrBlock": "10.0.0.0/16", "enableDnsHostnames": true, "enableDnsSupport": true}""");
    }

    @Test
    void eachZoneGetsAPrivateAndAPublicSubnetWithoutPublicAddresses() {
        assertInputs(single, "single-private-1", """
                {"vpcId": "${id:single-vpc}", "cidrBlock": "10.0.0.0/19", "availabilityZone": "eu-west-1a", "mapPublicIpOnLaunch": false}""");
        assertInputs(single, "single-private-2", """
                {"vpcId": "${id:single-vpc}", "cidrBlock": "10.0.32.0/19", "availabilityZone": "eu-west-1b", "mapPublicIpOnLaunch": false}""");
        assertInputs(single, "single-public-1", """
                {"vpcId": "${id:single-vpc}", "cidrBlock": "10.0.224.0/22", "availabilityZone": "eu-west-1a", "mapPublicIpOnLaunch": false}""");
        assertInputs(single, "single-public-2", """
                {"vpcId": "${id:single-vpc}", "cidrBlock": "10.0.228.0/22", "availabilityZone": "eu-west-1b", "mapPublicIpOnLaunch": false}""");
        assertThat(names(single, SUBNET)).containsExactly("single-private-1", "single-private-2", "single-public-1", "single-public-2");
    }

    @Test
    void threeZonesGiveThreeSubnetsOfEachKindInThreeZones() {
        assertThat(names(perAz, SUBNET)).containsExactly("per-az-private-1", "per-az-private-2", "per-az-private-3",
                "per-az-public-1", "per-az-public-2", "per-az-public-3");
        assertInputs(perAz, "per-az-private-3", """
                {"vpcId": "${id:per-az-vpc}", "cidrBlock": "10.20.64.0/19", "availabilityZone": "eu-west-1c", "mapPublicIpOnLaunch": false}""");
        assertInputs(perAz, "per-az-public-3", """
                {"vpcId": "${id:per-az-vpc}", "cidrBlock": "10.20.232.0/22", "availabilityZone": "eu-west-1c", "mapPublicIpOnLaunch": false}""");
    }

    @Test
    void subnetsCarryTheEnvironmentTagsTheirNameAndTheirKind() {
        assertAllInputs(single, "single-public-1", """
                {"vpcId": "${id:single-vpc}", "cidrBlock": "10.0.224.0/22", "availabilityZone": "eu-west-1a", "mapPublicIpOnLaunch": false,
                 "tags": {"Name": "single-public-1", "berth:subnet": "public", "cost-centre": "CC-1", "environment": "dev",
                          "managed-by": "berth", "owner": "platform-team"}}""");
    }

    // --- routes

    @Test
    void publicSubnetsShareOneRouteTableWhoseDefaultRouteIsTheInternetGateway() {
        assertInputs(single, "single-igw", """
                {"vpcId": "${id:single-vpc}"}""");
        assertInputs(single, "single-public-default-route", """
                {"routeTableId": "${id:single-public-rt}", "destinationCidrBlock": "0.0.0.0/0", "gatewayId": "${id:single-igw}"}""");
        assertInputs(single, "single-public-1-rta", """
                {"subnetId": "${id:single-public-1}", "routeTableId": "${id:single-public-rt}"}""");
        assertInputs(single, "single-public-2-rta", """
                {"subnetId": "${id:single-public-2}", "routeTableId": "${id:single-public-rt}"}""");
    }

    @Test
    void eachPrivateSubnetHasARouteTableOfItsOwn() {
        assertInputs(single, "single-private-rt-1", """
                {"vpcId": "${id:single-vpc}"}""");
        assertInputs(single, "single-private-1-rta", """
                {"subnetId": "${id:single-private-1}", "routeTableId": "${id:single-private-rt-1}"}""");
        assertInputs(single, "single-private-2-rta", """
                {"subnetId": "${id:single-private-2}", "routeTableId": "${id:single-private-rt-2}"}""");
    }

    // --- NAT per strategy

    @Test
    void singleNatSitsInTheFirstPublicSubnetAndEveryPrivateSubnetLeavesThroughIt() {
        assertThat(names(single, NAT)).containsExactly("single-nat-1");
        assertInputs(single, "single-nat-eip-1", """
                {"domain": "vpc"}""");
        assertInputs(single, "single-nat-1", """
                {"allocationId": "${id:single-nat-eip-1}", "subnetId": "${id:single-public-1}", "connectivityType": "public"}""");
        assertInputs(single, "single-private-default-route-1", """
                {"routeTableId": "${id:single-private-rt-1}", "destinationCidrBlock": "0.0.0.0/0", "natGatewayId": "${id:single-nat-1}"}""");
        assertInputs(single, "single-private-default-route-2", """
                {"routeTableId": "${id:single-private-rt-2}", "destinationCidrBlock": "0.0.0.0/0", "natGatewayId": "${id:single-nat-1}"}""");
    }

    @Test
    void aNatGatewayWaitsForTheInternetGateway() {
        assertThat(single.named("single-nat-1").dependencies()).contains(single.named("single-igw").urn());
    }

    @Test
    void perAzPutsANatInEveryZoneAndEachPrivateSubnetLeavesThroughItsOwnZones() {
        assertThat(names(perAz, NAT)).containsExactly("per-az-nat-1", "per-az-nat-2", "per-az-nat-3");
        assertThat(names(perAz, EIP)).containsExactly("per-az-nat-eip-1", "per-az-nat-eip-2", "per-az-nat-eip-3");
        for (int n = 1; n <= 3; n++) {
            assertInputs(perAz, "per-az-nat-" + n, """
                    {"allocationId": "${id:per-az-nat-eip-%d}", "subnetId": "${id:per-az-public-%d}", "connectivityType": "public"}"""
                    .formatted(n, n));
            assertInputs(perAz, "per-az-private-default-route-" + n, """
                    {"routeTableId": "${id:per-az-private-rt-%d}", "destinationCidrBlock": "0.0.0.0/0", "natGatewayId": "${id:per-az-nat-%d}"}"""
                    .formatted(n, n));
        }
    }

    @Test
    void noneHasNoNatAndNoDefaultRouteOutOfThePrivateSubnets() {
        assertThat(none.ofType(NAT)).isEmpty();
        assertThat(none.ofType(EIP)).isEmpty();
        assertThat(names(none, ROUTE)).containsExactly("none-public-default-route");
    }

    // --- endpoints

    @Test
    void withoutEndpointsThereIsNoEndpointNorItsSecurityGroup() {
        assertThat(single.ofType(ENDPOINT)).isEmpty();
        assertThat(single.resources()).noneMatch(r -> r.name().startsWith("single-endpoints-"));
    }

    @Test
    void endpointsAreInterfaceEndpointsForImagesLogsAndSecretsPlusAnS3Gateway() {
        assertThat(names(perAz, ENDPOINT)).containsExactly("per-az-endpoint-ecr-api", "per-az-endpoint-ecr-dkr",
                "per-az-endpoint-logs", "per-az-endpoint-s3", "per-az-endpoint-secretsmanager", "per-az-endpoint-ssm",
                "per-az-endpoint-ssmmessages");
    }

    @Test
    void anInterfaceEndpointHasPrivateDnsInEveryPrivateSubnetBehindItsSecurityGroup() {
        assertInputs(perAz, "per-az-endpoint-ecr-dkr", """
                {"vpcId": "${id:per-az-vpc}", "serviceName": "com.amazonaws.eu-west-1.ecr.dkr", "vpcEndpointType": "Interface",
                 "privateDnsEnabled": true,
                 "subnetIds": ["${id:per-az-private-1}", "${id:per-az-private-2}", "${id:per-az-private-3}"],
                 "securityGroupIds": ["${id:per-az-endpoints-sg}"]}""");
    }

    @Test
    void theS3GatewayEndpointIsOnEveryPrivateRouteTable() {
        assertInputs(perAz, "per-az-endpoint-s3", """
                {"vpcId": "${id:per-az-vpc}", "serviceName": "com.amazonaws.eu-west-1.s3", "vpcEndpointType": "Gateway",
                 "routeTableIds": ["${id:per-az-private-rt-1}", "${id:per-az-private-rt-2}", "${id:per-az-private-rt-3}"]}""");
    }

    @Test
    void theEndpointSecurityGroupAdmitsOnlyHttpsFromTheVpc() {
        assertInputs(perAz, "per-az-endpoints-sg", """
                {"vpcId": "${id:per-az-vpc}", "description": "HTTPS from inside the VPC to the interface endpoints"}""");
        assertInputs(perAz, "per-az-endpoints-https", """
                {"securityGroupId": "${id:per-az-endpoints-sg}", "ipProtocol": "tcp", "fromPort": 443, "toPort": 443,
                 "cidrIpv4": "10.20.0.0/16", "description": "HTTPS from the VPC"}""");
    }

    // --- flow logs

    @Test
    void flowLogsGoToTheEnvironmentsLogGroupWithItsRetention() {
        assertInputs(single, "single-flow-logs", """
                {"name": "/berth/dev/vpc-flow-logs", "retentionInDays": 30}""");
        assertInputs(single, "single-flow-log", """
                {"vpcId": "${id:single-vpc}", "trafficType": "ALL", "logDestinationType": "cloud-watch-logs",
                 "logDestination": "arn:aws:logs:eu-west-1:111111111111:log-group:/berth/dev/vpc-flow-logs",
                 "iamRoleArn": "arn:aws:iam::111111111111:role/single-flow-logs-role", "maxAggregationInterval": 60}""");
    }

    @Test
    void flowLogsRecordTheConfiguredTrafficType() {
        assertThat(perAz.named("per-az-flow-log").inputs()).containsEntry("trafficType", "REJECT");
    }

    @Test
    void theFlowLogRoleIsAssumableOnlyByFlowLogsOfThisAccountAndWritesOnlyItsGroup() {
        assertJsonInput(single, "single-flow-logs-role", "assumeRolePolicy", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
                 "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": "111111111111"}}}]}""");
        assertThat(single.named("single-flow-logs-policy").inputs()).containsOnlyKeys("role", "policy")
                .containsEntry("role", single.named("single-flow-logs-role").id());
        assertJsonInput(single, "single-flow-logs-policy", "policy", """
                {"Version": "2012-10-17", "Statement": [{"Sid": "WriteFlowLogs", "Effect": "Allow",
                 "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                 "Resource": ["arn:aws:logs:eu-west-1:111111111111:log-group:/berth/dev/vpc-flow-logs",
                              "arn:aws:logs:eu-west-1:111111111111:log-group:/berth/dev/vpc-flow-logs:*"]}]}""");
    }

    @Test
    void flowLogsSwitchedOffLeaveNoFlowLogGroupOrRole() {
        assertThat(none.ofType(FLOW_LOG)).isEmpty();
        assertThat(none.ofType(LOG_GROUP)).isEmpty();
        assertThat(none.resources()).noneMatch(r -> r.name().startsWith("none-flow-logs"));
    }
}
