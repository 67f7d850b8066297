package io.berth.plan;

import io.berth.model.Catalog;
import io.berth.model.EnvironmentConfig;
import io.berth.testing.Fixtures;
import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Account and Region quotas (docs/limits.md, "Account quotas") counted on plans: synthetic plans
 * (many resources of one type, no engine run) for each quota and its exact message, and the
 * shipped stacks, which pass every quota.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class QuotasTest {
    private static final EnvironmentConfig DEV = Fixtures.environment(); // account 111111111111, eu-west-1
    private static final EnvironmentConfig BETA = Fixtures.environment("beta", Map.of()); // the same account

    private static PlannedResource resource(String type, String name, Map<String, Object> inputs) {
        return new PlannedResource("urn:pulumi:dev::berth::" + type + "::" + name, type, name, true, name + "-id", "", "",
                List.of(), Map.of(), inputs);
    }

    private static List<PlannedResource> many(String type, String prefix, int count, Map<String, Object> inputs) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> resource(type, prefix + i, inputs)).toList();
    }

    private static Plan plan(EnvironmentConfig env, List<PlannedResource> resources) {
        return new Plan(env.name(), env, new Catalog(List.of()), resources, Map.of());
    }

    @Test
    void shippedStacksPassEveryQuota() {
        var plans = ShippedStacks.ALL.stream().map(ShippedStacks::plan).toList();
        assertThat(Quotas.check(plans)).isEmpty();
        // prod's primary runs its awsvpc services at their scaling maximum: counted from the plan
        assertThat(Quotas.maxTasks(ShippedStacks.plan("prod").primary())).isPositive();
    }

    @Test
    void iamRolesAreSummedOverTheStacksOfOneAccount() {
        var dev = plan(DEV, many(Quotas.ROLE, "dev-role-", 600, Map.of()));
        var beta = plan(BETA, many(Quotas.ROLE, "beta-role-", 401, Map.of()));
        assertThat(Quotas.check(List.of(dev))).isEmpty();
        assertThat(Quotas.check(List.of(dev, beta))).extracting(Quotas.Finding::render).containsExactly(
                "warning: account 111111111111 would hold 1,001 IAM roles of berth (dev 600, beta 401), above the default quota of 1,000 "
                        + "(IAM \"Roles per account\", Service Quotas code L-FE177D64); roles the account already has count too; "
                        + "raise it before pulumi up: aws service-quotas request-service-quota-increase --service-code iam "
                        + "--quota-code L-FE177D64 --desired-value 1300 --region us-east-1 (IAM quotas are global, requested in us-east-1)");
        // exactly at the quota is allowed
        assertThat(Quotas.check(List.of(dev, plan(BETA, many(Quotas.ROLE, "beta-role-", 400, Map.of()))))).isEmpty();
    }

    @Test
    void securityGroupsPerRegionCountEachVpcsDefaultGroup() {
        var resources = new ArrayList<>(many(Quotas.SECURITY_GROUP, "sg-", 2499, Map.of()));
        assertThat(Quotas.check(List.of(plan(DEV, resources)))).isEmpty();
        resources.add(resource(Quotas.VPC, "dev-vpc", Map.of()));
        resources.add(resource(Quotas.VPC, "dev-other-vpc", Map.of()));
        assertThat(Quotas.check(List.of(plan(DEV, resources)))).extracting(Quotas.Finding::render).containsExactly(
                "warning: account 111111111111 would hold 2,501 security groups in eu-west-1 (each VPC's default group included), "
                        + "above the default quota of 2,500 (Amazon VPC \"VPC security groups per Region\", Service Quotas code L-E79EC296); "
                        + "raise it before pulumi up: aws service-quotas request-service-quota-increase --service-code vpc "
                        + "--quota-code L-E79EC296 --desired-value 3200 --region eu-west-1");
    }

    @Test
    void inboundAndOutboundRulesAreCountedPerGroupAndDirection() {
        var resources = new ArrayList<PlannedResource>();
        resources.add(resource(Quotas.SECURITY_GROUP, "dev-alb-sg", Map.of()));
        resources.add(resource(Quotas.SECURITY_GROUP, "dev-api-sg", Map.of()));
        resources.addAll(many(Quotas.EGRESS_RULE, "dev-alb-to-", 61, Map.of("securityGroupId", "dev-alb-sg-id")));
        resources.addAll(many(Quotas.INGRESS_RULE, "dev-alb-from-", 60, Map.of("securityGroupId", "dev-alb-sg-id")));
        resources.addAll(many(Quotas.INGRESS_RULE, "dev-api-from-", 60, Map.of("securityGroupId", "dev-api-sg-id")));
        assertThat(Quotas.check(List.of(plan(DEV, resources)))).extracting(Quotas.Finding::render).containsExactly(
                "warning: security group dev-alb-sg (stack dev, eu-west-1) would have 61 outbound rules, above the default quota of 60 "
                        + "(Amazon VPC \"Inbound or outbound rules per security group\", Service Quotas code L-0EA8095F); "
                        + "raise it before pulumi up: aws service-quotas request-service-quota-increase --service-code vpc "
                        + "--quota-code L-0EA8095F --desired-value 100 --region eu-west-1 "
                        + "(rules per group times groups per network interface may not pass 1,000)");
    }

    @Test
    void targetGroupsPastOneHundredOnTheLoadBalancerAreAnError() {
        var resources = new ArrayList<PlannedResource>();
        resources.add(resource(Quotas.LOAD_BALANCER, "dev-alb", Map.of()));
        resources.addAll(many(Quotas.TARGET_GROUP, "dev-tg-", 100, Map.of()));
        assertThat(Quotas.check(List.of(plan(DEV, resources)))).isEmpty();
        resources.add(resource(Quotas.TARGET_GROUP, "dev-web-tg-green", Map.of()));
        assertThat(Quotas.check(List.of(plan(DEV, resources)))).extracting(Quotas.Finding::render).containsExactly(
                "error: load balancer dev-alb (stack dev, eu-west-1) would have 101 target groups (one per public service, two with "
                        + "blue/green delivery), above the quota of 100 (Elastic Load Balancing \"Target Groups per Application Load "
                        + "Balancer\", Service Quotas code L-822D1B1B), which AWS does not raise; make services internal "
                        + "(expose.type: internal), deliver some without blue/green, or split the catalog over more environments");
    }

    @Test
    void networkInterfacesCountAwsvpcTasksAtTheirScalingMaximum() {
        var awsvpc = Map.<String, Object>of("desiredCount", 2, "networkConfiguration", Map.of("subnets", List.of("a", "b")));
        var resources = new ArrayList<PlannedResource>();
        resources.addAll(many(Quotas.ECS_SERVICE, "dev-svc-", 99, awsvpc));
        // each service scales to 50 tasks: 99 x 50 = 4,950
        IntStream.rangeClosed(1, 99).forEach(i -> resources.add(resource(Quotas.SCALING_TARGET, "dev-svc-" + i + "-scaling",
                Map.of("maxCapacity", 50, "resourceId", "service/dev-cluster/dev-svc-" + i))));
        // a bridge-mode service on EC2 hosts shares its instance's interface
        resources.add(resource(Quotas.ECS_SERVICE, "dev-agent", Map.of("desiredCount", 500)));
        resources.add(resource(Quotas.NAT_GATEWAY, "dev-nat-1", Map.of()));
        resources.add(resource(Quotas.LOAD_BALANCER, "dev-alb", Map.of("subnets", List.of("p1", "p2"))));
        resources.add(resource(Quotas.VPC_ENDPOINT, "dev-endpoint-logs", Map.of("vpcEndpointType", "Interface", "subnetIds", List.of("a", "b"))));
        resources.add(resource(Quotas.VPC_ENDPOINT, "dev-endpoint-s3", Map.of("vpcEndpointType", "Gateway")));
        assertThat(Quotas.check(List.of(plan(DEV, resources)))).isEmpty(); // 4,950 + 1 + 2 + 2 = 4,955
        var beta = plan(BETA, many(Quotas.ECS_SERVICE, "beta-svc-", 23, awsvpc)); // 46 tasks: 5,001 in the account's Region
        assertThat(Quotas.check(List.of(plan(DEV, resources), beta))).extracting(Quotas.Finding::render).containsExactly(
                "warning: account 111111111111 would use at least 5,001 network interfaces in eu-west-1 at full scale (dev 4,955, "
                        + "beta 46), 4,996 of them for awsvpc tasks at their scaling maximum, above the default quota of 5,000 "
                        + "(Amazon VPC \"Network interfaces per Region\", Service Quotas code L-DF5E4CA3); "
                        + "raise it before pulumi up: aws service-quotas request-service-quota-increase --service-code vpc "
                        + "--quota-code L-DF5E4CA3 --desired-value 6300 --region eu-west-1");
    }

    @Test
    void errorsComeBeforeWarnings() {
        var resources = new ArrayList<PlannedResource>();
        resources.addAll(many(Quotas.ROLE, "dev-role-", 1001, Map.of()));
        resources.add(resource(Quotas.LOAD_BALANCER, "dev-alb", Map.of()));
        resources.addAll(many(Quotas.TARGET_GROUP, "dev-tg-", 101, Map.of()));
        assertThat(Quotas.check(List.of(plan(DEV, resources)))).extracting(Quotas.Finding::level)
                .containsExactly(Quotas.Level.ERROR, Quotas.Level.WARNING);
    }
}
