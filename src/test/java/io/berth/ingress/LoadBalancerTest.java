package io.berth.ingress;

import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.berth.model.EnvironmentConfig;
import io.berth.model.IngressConfig;
import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import io.berth.support.Providers;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static io.berth.testing.Inputs.assertAllInputs;
import static io.berth.testing.Inputs.assertInputs;
import static io.berth.testing.Inputs.assertJsonInput;
import static io.berth.testing.Inputs.names;
import static io.berth.testing.Plans.INGRESS;
import static io.berth.testing.Plans.scope;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LoadBalancer component alone, three side by side in one run: {@code dev} (every default:
 * plain HTTP, open to the internet), {@code tls} (a certificate, every other default) and
 * {@code prod} (production, a certificate, two allowed CIDRs, its own TLS policy, idle timeout
 * and access log retention).
 */
@Timeout(120)
class LoadBalancerTest {
    static final String LOAD_BALANCER = "berth:ingress:LoadBalancer";
    static final String CERTIFICATE = "arn:aws:acm:eu-west-1:111111111111:certificate/0a0a0a0a-1111-2222-3333-444455556666";
    static final List<String> SUBNETS = List.of("subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb");
    static final String NOT_FOUND = """
            [{"type": "fixed-response", "fixedResponse": {"contentType": "text/plain", "messageBody": "Not found", "statusCode": "404"}}]""";
    static Plan dev;
    static Plan tls;
    static Plan prod;

    @BeforeAll
    static void plan() {
        var devEnv = Fixtures.environment();
        var tlsEnv = Fixtures.environment("dev", Map.of("berth:ingress", "{\"certificateArn\": \"" + CERTIFICATE + "\"}"));
        var prodEnv = Fixtures.production(Map.of("berth:ingress", """
                {"certificateArn": "%s", "allowedCidrs": ["203.0.113.0/24", "198.51.100.0/24"],
                 "sslPolicy": "ELBSecurityPolicy-TLS13-1-3-2021-06", "idleTimeoutSeconds": 120, "accessLogRetentionDays": 30}"""
                .formatted(CERTIFICATE)));
        var all = Fixtures.component(devEnv, ctx -> {
            var provider = Providers.forRegion("primary", devEnv.account(), devEnv.region());
            var options = ComponentResourceOptions.builder().providers(provider).build();
            var lb = loadBalancer("dev", devEnv, options);
            lb.allowTargets("api", Output.of("sg-0api0000000000000"), 8080);
            loadBalancer("tls", tlsEnv, options);
            loadBalancer("prod", prodEnv, options);
        });
        dev = scope(all, LOAD_BALANCER, "dev");
        tls = scope(all, LOAD_BALANCER, "tls");
        prod = scope(all, LOAD_BALANCER, "prod");
    }

    private static LoadBalancer loadBalancer(String name, EnvironmentConfig env, ComponentResourceOptions options) {
        return new LoadBalancer(name, env, Output.of("vpc-0123456789abcdef0"), SUBNETS.stream().map(Output::of).toList(), options);
    }

    private static String arn(String kind, String name) {
        return "arn:aws:elasticloadbalancing:eu-west-1:111111111111:" + kind + "/app/" + name + "/" + name;
    }

    // --- the load balancer

    @Test
    void anInternetFacingAlbInThePublicSubnetsDroppingInvalidHeadersWithAccessLogs() {
        assertInputs(dev, "dev-alb", """
                {"internal": false, "loadBalancerType": "application", "subnets": ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
                 "securityGroups": ["${id:dev-alb-sg}"], "dropInvalidHeaderFields": true, "enableDeletionProtection": false,
                 "idleTimeout": 60, "accessLogs": {"bucket": "berth-dev-alb-logs-111111111111-eu-west-1", "prefix": "alb", "enabled": true}}""");
    }

    @Test
    void productionTurnsDeletionProtectionOnAndTakesItsIdleTimeout() {
        assertThat(prod.named("prod-alb").inputs()).containsEntry("enableDeletionProtection", true).containsEntry("idleTimeout", 120L);
    }

    @Test
    void theLoadBalancerWaitsForTheBucketPolicyThatLetsItWriteLogs() {
        assertThat(dev.named("dev-alb").dependencies()).contains(dev.named("dev-alb-logs-policy").urn());
    }

    // --- listeners

    @Test
    void withoutACertificateOnlyPlainHttpAnswersWithA404() {
        assertThat(names(dev, "aws:lb/listener:Listener")).containsExactly("dev-http");
        assertInputs(dev, "dev-http", """
                {"loadBalancerArn": "%s", "port": 80, "protocol": "HTTP", "defaultActions": %s}""".formatted(arn("loadbalancer", "dev-alb"), NOT_FOUND));
    }

    @Test
    void withACertificateHttpsAnswersWithTheDefaultTlsPolicy() {
        assertInputs(tls, "tls-https", """
                {"loadBalancerArn": "%s", "port": 443, "protocol": "HTTPS", "sslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                 "certificateArn": "%s", "defaultActions": %s}""".formatted(arn("loadbalancer", "tls-alb"), CERTIFICATE, NOT_FOUND));
    }

    @Test
    void theDefaultTlsPolicyIsTls13WithTls12() {
        assertThat(IngressConfig.DEFAULT_SSL_POLICY).isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
        assertThat(Fixtures.environment("dev", Map.of("berth:ingress", "{\"certificateArn\": \"" + CERTIFICATE + "\"}"))
                .ingress().sslPolicy()).isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
    }

    @Test
    void theHttpsListenerTakesTheConfiguredTlsPolicy() {
        assertThat(prod.named("prod-https").inputs()).containsEntry("sslPolicy", "ELBSecurityPolicy-TLS13-1-3-2021-06");
    }

    @Test
    void withACertificateHttpOnlyRedirectsToHttps() {
        assertInputs(tls, "tls-http", """
                {"loadBalancerArn": "%s", "port": 80, "protocol": "HTTP",
                 "defaultActions": [{"type": "redirect", "redirect": {"port": "443", "protocol": "HTTPS", "statusCode": "HTTP_301"}}]}"""
                .formatted(arn("loadbalancer", "tls-alb")));
    }

    // --- who may connect

    @Test
    void byDefaultHttpIsOpenToTheInternetAndNothingElse() {
        assertInputs(dev, "dev-alb-sg", """
                {"vpcId": "vpc-0123456789abcdef0", "description": "Load balancer of dev: HTTP(S) from the allowed CIDRs"}""");
        assertThat(names(dev, INGRESS)).containsExactly("dev-alb-in-80");
        assertInputs(dev, "dev-alb-in-80", """
                {"securityGroupId": "${id:dev-alb-sg}", "ipProtocol": "tcp", "fromPort": 80, "toPort": 80, "cidrIpv4": "0.0.0.0/0",
                 "description": "HTTP from 0.0.0.0/0"}""");
    }

    @Test
    void withHttpsBothPortsAreOpen() {
        assertThat(names(tls, INGRESS)).containsExactly("tls-alb-in-443", "tls-alb-in-80");
        assertInputs(tls, "tls-alb-in-443", """
                {"securityGroupId": "${id:tls-alb-sg}", "ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "0.0.0.0/0",
                 "description": "HTTPS from 0.0.0.0/0"}""");
    }

    @Test
    void onlyTheAllowedCidrsReachEitherPort() {
        assertThat(prod.ofType(INGRESS)).extracting(r -> r.inputs().get("cidrIpv4") + ":" + r.inputs().get("fromPort"))
                .containsExactlyInAnyOrder("203.0.113.0/24:80", "203.0.113.0/24:443", "198.51.100.0/24:80", "198.51.100.0/24:443");
        assertInputs(prod, "prod-alb-in-443-4", """
                {"securityGroupId": "${id:prod-alb-sg}", "ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "198.51.100.0/24",
                 "description": "HTTPS from 198.51.100.0/24"}""");
    }

    @Test
    void theLoadBalancerReachesAServiceOnlyOnItsPortOnceItAttaches() {
        assertInputs(dev, "dev-alb-to-api", """
                {"securityGroupId": "${id:dev-alb-sg}", "referencedSecurityGroupId": "sg-0api0000000000000", "ipProtocol": "tcp",
                 "fromPort": 8080, "toPort": 8080, "description": "Port 8080 to api"}""");
        assertThat(tls.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")).isEmpty();
    }

    @Test
    void theSecurityGroupIsTaggedAsTheLoadBalancers() {
        assertAllInputs(dev, "dev-alb-sg", """
                {"vpcId": "vpc-0123456789abcdef0", "description": "Load balancer of dev: HTTP(S) from the allowed CIDRs",
                 "tags": {"Name": "dev-alb-sg", "berth:role": "load-balancer", "cost-centre": "CC-1", "environment": "dev",
                          "managed-by": "berth", "owner": "platform-team"}}""");
    }

    // --- access logs

    @Test
    void accessLogsGoToAPrivateAes256BucketThatExpiresThemAfterNinetyDaysByDefault() {
        assertInputs(dev, "dev-alb-logs", """
                {"bucket": "berth-dev-alb-logs-111111111111-eu-west-1", "forceDestroy": true}""");
        assertInputs(dev, "dev-alb-logs-encryption", """
                {"bucket": "${id:dev-alb-logs}",
                 "rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}]}""");
        assertThat(lifecycleDays(dev.named("dev-alb-logs-lifecycle"))).isEqualTo(90L);
        assertThat(dev.resources()).noneMatch(r -> r.name().equals("dev-alb-logs-versioning"));
    }

    @Test
    void accessLogRetentionFollowsTheSetting() {
        assertThat(lifecycleDays(prod.named("prod-alb-logs-lifecycle"))).isEqualTo(30L);
    }

    @SuppressWarnings("unchecked")
    private static Object lifecycleDays(PlannedResource lifecycle) {
        var rules = (List<Map<String, Object>>) lifecycle.inputs().get("rules");
        assertThat(rules).hasSize(1);
        return ((Map<String, Object>) rules.get(0).get("expiration")).get("days");
    }

    @Test
    void onlyTheRegionsLoadBalancingAccountMayWriteLogsAndOnlyUnderAlb() {
        assertJsonInput(dev, "dev-alb-logs-policy", "policy", """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "AllowLoadBalancerLogDelivery", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::156460612806:root"},
                   "Action": "s3:PutObject", "Resource": "arn:aws:s3:::berth-dev-alb-logs-111111111111-eu-west-1/alb/AWSLogs/111111111111/*"},
                  {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                   "Resource": ["arn:aws:s3:::berth-dev-alb-logs-111111111111-eu-west-1", "arn:aws:s3:::berth-dev-alb-logs-111111111111-eu-west-1/*"],
                   "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}""");
    }

    @Test
    void regionsOpenedAfter2022GrantTheLogDeliveryServiceInstead() {
        var env = Fixtures.environment().toBuilder().region("eu-south-2").build();
        assertThat(LoadBalancer.logDeliveryStatement(env, "arn:aws:s3:::b")).isEqualTo(Map.of(
                "Sid", "AllowLoadBalancerLogDelivery", "Effect", "Allow",
                "Principal", Map.of("Service", "logdelivery.elasticloadbalancing.amazonaws.com"),
                "Action", "s3:PutObject", "Resource", "arn:aws:s3:::b/alb/AWSLogs/111111111111/*"));
    }

    @Test
    void theAccessLogBucketIsKeptWithItsLogsInProduction() {
        assertInputs(prod, "prod-alb-logs", """
                {"bucket": "berth-prod-alb-logs-111111111111-eu-west-1", "forceDestroy": false}""");
    }
}
