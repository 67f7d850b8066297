package io.berth.dns;

import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.berth.diff.AliasUrns;
import io.berth.ingress.LoadBalancer;
import io.berth.model.EnvironmentConfig;
import io.berth.plan.Plan;
import io.berth.plan.PlanMocks;
import io.berth.support.Providers;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.berth.testing.Inputs.assertAllInputs;
import static io.berth.testing.Inputs.assertInputs;
import static io.berth.testing.Inputs.names;
import static io.berth.testing.Plans.scope;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dns component alone, in one run: {@code solo} (a domain, no replica: one alias record),
 * {@code pair} (HTTPS with a replica and a health check path: failover records) and {@code plain}
 * (plain HTTP with a replica, the default health check path).
 */
@Timeout(120)
class DnsTest {
    static final String DNS = "berth:dns:Dns";
    static final String ZONE = "Z0123456789ABCDEFGHIJ";
    static final String CERTIFICATE = "arn:aws:acm:eu-west-1:111111111111:certificate/0a0a0a0a-1111-2222-3333-444455556666";
    static final String ALB_ZONE = "Z32O12XQLNTSW2"; // the mock's zone of every load balancer
    static Plan solo;
    static Plan pair;
    static Plan plain;

    static EnvironmentConfig env(String ingress, String dns) {
        return Fixtures.environment("dev", Map.of("berth:ingress", ingress, "berth:dns", dns));
    }

    @BeforeAll
    static void plan() {
        var soloEnv = env("{}", "{\"hostedZoneId\": \"" + ZONE + "\", \"domain\": \"solo.example.com\"}");
        var pairEnv = env("{\"certificateArn\": \"" + CERTIFICATE + "\"}",
                "{\"hostedZoneId\": \"" + ZONE + "\", \"domain\": \"shop.example.com\", \"healthCheckPath\": \"/health\"}");
        var plainEnv = env("{}", "{\"hostedZoneId\": \"" + ZONE + "\", \"domain\": \"plain.example.com\"}");
        var all = Fixtures.component(soloEnv, ctx -> {
            var provider = Providers.forRegion("primary", soloEnv.account(), soloEnv.region());
            var options = ComponentResourceOptions.builder().providers(provider).build();
            var primary = loadBalancer("primary", soloEnv, options);
            var replica = loadBalancer("replica", soloEnv, options);
            new Dns("solo-dns", soloEnv, soloEnv.dns().orElseThrow(), primary, Optional.empty(), false, false, options);
            new Dns("pair-dns", pairEnv, pairEnv.dns().orElseThrow(), primary, Optional.of(replica), false, false, options);
            new Dns("plain-dns", plainEnv, plainEnv.dns().orElseThrow(), primary, Optional.of(replica), false, false, options);
        });
        solo = scope(all, DNS, "solo-dns");
        pair = scope(all, DNS, "pair-dns");
        plain = scope(all, DNS, "plain-dns");
    }

    private static LoadBalancer loadBalancer(String name, EnvironmentConfig env, ComponentResourceOptions options) {
        return new LoadBalancer(name, env, Output.of("vpc-0123456789abcdef0"),
                List.of(Output.of("subnet-0aaaaaaaaaaaaaaaa"), Output.of("subnet-0bbbbbbbbbbbbbbbb")), options);
    }

    /** The DNS name the mock gives the load balancer of component {@code name}. */
    private static String dnsName(String name) {
        return name + "-alb-" + PlanMocks.hash("aws:lb/loadBalancer:LoadBalancer|" + name + "-alb").substring(0, 10)
                + ".eu-west-1.elb.amazonaws.com";
    }

    @Test
    void withoutAReplicaTheDomainIsOneAliasToTheLoadBalancer() {
        assertThat(solo.resources()).filteredOn(r -> r.custom()).extracting(r -> r.name()).containsExactly("solo-dns-record");
        assertInputs(solo, "solo-dns-record", """
                {"zoneId": "%s", "name": "solo.example.com", "type": "A",
                 "aliases": [{"name": "%s", "zoneId": "%s", "evaluateTargetHealth": true}]}""".formatted(ZONE, dnsName("primary"), ALB_ZONE));
    }

    @Test
    void withAReplicaTheHealthCheckProbesThePrimaryOverHttpsOnItsPath() {
        assertAllInputs(pair, "pair-dns-primary-health", """
                {"type": "HTTPS", "fqdn": "%s", "port": 443, "resourcePath": "/health", "failureThreshold": 3, "requestInterval": 10, "invertHealthcheck": false,
                 "tags": {"Name": "pair-dns-primary-health", "cost-centre": "CC-1", "environment": "dev", "managed-by": "berth",
                          "owner": "platform-team"}}""".formatted(dnsName("primary")));
    }

    @Test
    void aPlainHttpPrimaryIsProbedOverHttpOnTheRootPath() {
        assertInputs(plain, "plain-dns-primary-health", """
                {"type": "HTTP", "fqdn": "%s", "port": 80, "resourcePath": "/", "failureThreshold": 3, "requestInterval": 10, "invertHealthcheck": false}"""
                .formatted(dnsName("primary")));
    }

    @Test
    void thePrimaryRecordAnswersWhileItsHealthCheckPasses() {
        assertInputs(pair, "pair-dns-primary", """
                {"zoneId": "%s", "name": "shop.example.com", "type": "A", "setIdentifier": "dev-primary",
                 "failoverRoutingPolicies": [{"type": "PRIMARY"}], "healthCheckId": "pair-dns-primary-health",
                 "aliases": [{"name": "%s", "zoneId": "%s", "evaluateTargetHealth": true}]}""".formatted(ZONE, dnsName("primary"), ALB_ZONE));
    }

    @Test
    void theSecondaryRecordPointsAtTheReplicasLoadBalancer() {
        assertInputs(pair, "pair-dns-secondary", """
                {"zoneId": "%s", "name": "shop.example.com", "type": "A", "setIdentifier": "dev-dr",
                 "failoverRoutingPolicies": [{"type": "SECONDARY"}],
                 "aliases": [{"name": "%s", "zoneId": "%s", "evaluateTargetHealth": true}]}""".formatted(ZONE, dnsName("replica"), ALB_ZONE));
    }

    @Test
    void withAReplicaThereIsNoPlainRecord() {
        assertThat(names(pair, "aws:route53/record:Record")).containsExactly("pair-dns-primary", "pair-dns-secondary");
    }

    /** {@code urn:pulumi:<stack>::<project>::} of the plan's resources. */
    private static String prefix(Plan plan) {
        var urn = plan.resources().get(0).urn();
        return urn.substring(0, urn.indexOf("::", urn.indexOf("::") + 2) + 2);
    }

    @Test
    void thePlainRecordKeepsTheUrnItHadUnderTheFailoverComponent() {
        assertThat(AliasUrns.of(solo.named("solo-dns-record")))
                .containsExactly(prefix(solo) + "berth:dr:Failover$aws:route53/record:Record::dev-dns");
    }

    @Test
    void theFailoverRecordsAndHealthCheckKeepTheUrnsTheyHadUnderTheFailoverComponent() {
        assertThat(AliasUrns.of(pair.named("pair-dns-primary-health")))
                .containsExactly(prefix(pair) + "berth:dr:Failover$aws:route53/healthCheck:HealthCheck::dev-primary-health");
        assertThat(AliasUrns.of(pair.named("pair-dns-primary")))
                .containsExactly(prefix(pair) + "berth:dr:Failover$aws:route53/record:Record::dev-dns-primary");
        assertThat(AliasUrns.of(pair.named("pair-dns-secondary")))
                .containsExactly(prefix(pair) + "berth:dr:Failover$aws:route53/record:Record::dev-dns-secondary");
    }

    @Test
    void theComponentKeepsTheUrnOfTheFailoverComponentItReplaces() {
        assertThat(AliasUrns.of(solo.named("solo-dns"))).containsExactly(prefix(solo) + "berth:dr:Failover::dev");
    }
}
