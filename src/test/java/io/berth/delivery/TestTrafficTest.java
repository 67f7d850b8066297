package io.berth.delivery;

import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blue/green test traffic: the load balancer is internet-facing, so callers inside the VPC reach the
 * test listener's public addresses through the NAT gateways and arrive from their Elastic IPs. The
 * listener admits exactly those (one /32 per NAT gateway) plus berth:delivery.testTrafficCidrs, never the
 * VPC's own block (which an internet-facing load balancer never sees).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TestTrafficTest {
    private static final String VPC = "10.40.0.0/16";
    private static Plan plan;

    @BeforeAll
    static void plan() {
        var env = Fixtures.environment("dev", Map.of(
                "berth:network", "{\"vpcCidr\":\"" + VPC + "\",\"natGateways\":\"per-az\"}",
                "berth:delivery", "{\"testTrafficCidrs\":[\"192.168.0.0/16\"]}"));
        var web = Fixtures.service("web", Map.of("expose", Map.of("type", "public", "paths", List.of("/web/*")),
                "delivery", Map.of("source", Map.of("type", "github", "repository", "acme/web", "branch", "main"), "deploy", "blue-green")), env);
        plan = Fixtures.plan(env, web);
    }

    @Test
    void theTestListenerAdmitsEachNatGatewaysAddressAndTheNamedNetworksOnly() {
        var rules = testListenerRules();
        assertThat(rules).extracting(PlannedResource::name)
                .containsExactlyInAnyOrder("dev-web-delivery-test-in-nat-1", "dev-web-delivery-test-in-nat-2", "dev-web-delivery-test-in-1");
        assertThat(plan.named("dev-web-delivery-test-in-1").inputs()).containsEntry("cidrIpv4", "192.168.0.0/16");
        assertThat(rules).extracting(r -> (String) r.inputs().get("cidrIpv4")).doesNotContain(VPC, "0.0.0.0/0");
    }

    @Test
    void eachNatRuleIsItsGatewaysElasticIp() {
        var eips = plan.ofType("aws:ec2/eip:Eip");
        assertThat(eips).hasSize(2); // one NAT gateway per zone
        var nat = testListenerRules().stream().filter(r -> r.name().contains("-test-in-nat-")).toList();
        // the rule's address comes from the Elastic IP's publicIp: it depends on exactly one of them, a different one each
        assertThat(nat).hasSameSizeAs(eips);
        assertThat(nat).extracting(r -> r.dependencies().stream().filter(d -> eips.stream().anyMatch(e -> e.urn().equals(d))).toList())
                .allSatisfy(deps -> assertThat(deps).hasSize(1))
                .extracting(deps -> deps.get(0)).doesNotHaveDuplicates();
        assertThat(nat).allSatisfy(r -> assertThat((String) r.inputs().get("cidrIpv4")).matches("\\d+\\.\\d+\\.\\d+\\.\\d+/32"));
    }

    private static List<PlannedResource> testListenerRules() {
        var albSg = plan.named("dev-alb-sg").id();
        return plan.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").stream()
                .filter(r -> albSg.equals(r.inputs().get("securityGroupId")) && Long.valueOf(8443).equals(r.inputs().get("fromPort")))
                .toList();
    }
}
