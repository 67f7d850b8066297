package io.berth.service;

import io.berth.model.ListenerPriorities;
import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.berth.service.ServicePlans.settings;
import static io.berth.service.ServicePlans.tags;
import static org.assertj.core.api.Assertions.assertThat;

/** How requests reach a service: listener rule, target group, load balancer rules and Cloud Map (dev plan). */
class ServiceRoutingTest {
    private static final String WEB_TG_ARN = "arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/dev-web-2eaa581/dev-web-2eaa581";
    private static Plan plan;

    @BeforeAll
    static void plan() {
        plan = ServicePlans.dev();
    }

    @Test
    void aPublicServiceGetsAListenerRuleOnItsHostAndPath() {
        var rule = plan.named("dev-web-rule");
        assertThat(rule.inputs()).isEqualTo(settings(
                "listenerArn", "arn:aws:elasticloadbalancing:eu-west-1:111111111111:listener/app/dev-http/dev-http",
                "priority", 5244L,
                "conditions", List.of(
                        Map.of("hostHeader", Map.of("values", List.of("shop.example.com"))),
                        Map.of("pathPattern", Map.of("values", List.of("/web/*")))),
                "actions", List.of(Map.of("type", "forward", "targetGroupArn", WEB_TG_ARN)),
                "tags", tags("dev", "dev-web-rule", "web")));
        assertThat(rule.parent()).isEqualTo(plan.named("dev-web").urn());
        assertThat(ServicePlans.ignoreChanges(rule)).isEmpty();
    }

    @Test
    void theRulesPriorityIsTheHostAndPathBands() {
        assertThat(plan.named("dev-web-rule").inputs().get("priority"))
                .isEqualTo((long) ListenerPriorities.priority("web", List.of("shop.example.com"), List.of("/web/*")));
        assertThat((Long) plan.named("dev-web-rule").inputs().get("priority")).isBetween(1L, 9_999L);
    }

    @Test
    void onlyPublicServicesGetRulesAndTargetGroups() {
        assertThat(plan.ofType("aws:lb/listenerRule:ListenerRule")).extracting(PlannedResource::name).containsExactly("dev-web-rule");
        assertThat(plan.ofType("aws:lb/targetGroup:TargetGroup")).extracting(PlannedResource::name).containsExactly("dev-web-tg");
    }

    @Test
    void theTargetGroupChecksHealthAsDeclared() {
        assertThat(plan.named("dev-web-tg").inputs()).isEqualTo(settings(
                "name", "dev-web-2eaa581",
                "vpcId", plan.named("dev-vpc").id(),
                "port", 3000L,
                "protocol", "HTTP",
                "targetType", "ip",
                "deregistrationDelay", 20L,
                "healthCheck", settings("enabled", true, "path", "/health", "matcher", "200", "protocol", "HTTP",
                        "interval", 20L, "timeout", 4L, "healthyThreshold", 3L, "unhealthyThreshold", 4L),
                "tags", tags("dev", "dev-web-tg", "web")));
    }

    @Test
    void targetGroupNamesFitAwsLimitsAndChangeWithThePort() {
        assertThat(io.berth.model.Names.targetGroup("dev-web", 3000, "")).isEqualTo("dev-web-2eaa581");
        assertThat(io.berth.model.Names.targetGroup("dev-web", 8080, "")).isEqualTo("dev-web-cf9967c");
        var long_ = io.berth.model.Names.targetGroup("beta-dr-a-very-long-service-name", 8080, "");
        assertThat(long_).hasSizeLessThanOrEqualTo(32).startsWith("beta-dr-a-very-long-");
        assertThat(io.berth.model.Names.targetGroup("dev-bg", 8080, "-tg-green")).isEqualTo("dev-bg-433dc9e");
    }

    @Test
    void theEcsServiceRegistersInItsTargetGroupAfterAGracePeriod() {
        var ecs = plan.named("dev-web-service");
        assertThat(ecs.inputs().get("loadBalancers"))
                .isEqualTo(List.of(Map.of("targetGroupArn", WEB_TG_ARN, "containerName", "web", "containerPort", 3000L)));
        assertThat(ecs.inputs().get("healthCheckGracePeriodSeconds")).isEqualTo(45L);
        // the rule attaches the target group to the listener before the service uses it
        assertThat(ecs.dependencies()).contains(plan.named("dev-web-rule").urn());
    }

    @Test
    void servicesOffTheLoadBalancerHaveNoGracePeriodOrTargetGroup() {
        for (var name : List.of("dev-api-service", "dev-worker-service")) {
            assertThat(plan.named(name).inputs()).doesNotContainKeys("loadBalancers", "healthCheckGracePeriodSeconds");
        }
    }

    @Test
    void theLoadBalancerReachesThePublicServiceOnItsPortOnly() {
        var albSg = plan.named("dev-alb-sg").id();
        var webSg = plan.named("dev-web-sg").id();
        assertThat(plan.named("dev-web-from-alb").inputs()).isEqualTo(settings(
                "securityGroupId", webSg, "referencedSecurityGroupId", albSg,
                "ipProtocol", "tcp", "fromPort", 3000L, "toPort", 3000L, "description", "Port 3000 from alb",
                "tags", tags("dev", "dev-web-from-alb", "web")));
        var egress = plan.named("dev-alb-to-web").inputs();
        assertThat(egress).containsEntry("securityGroupId", albSg).containsEntry("referencedSecurityGroupId", webSg)
                .containsEntry("fromPort", 3000L).containsEntry("toPort", 3000L).containsEntry("ipProtocol", "tcp");
        assertThat(plan.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"))
                .extracting(PlannedResource::name).filteredOn(n -> n.startsWith("dev-alb-")).containsExactly("dev-alb-to-web");
    }

    @Test
    void servicesWithAPortRegisterARecordsInCloudMap() {
        var namespace = plan.named("dev-namespace").id();
        assertThat(plan.named("dev-web-discovery").inputs()).isEqualTo(settings(
                "name", "web",
                "description", "Web shop",
                "dnsConfig", Map.of("namespaceId", namespace, "routingPolicy", "MULTIVALUE",
                        "dnsRecords", List.of(Map.of("type", "A", "ttl", 10L))),
                "forceDestroy", true,
                "tags", tags("dev", "dev-web-discovery", "web")));
        // without a description, the service and environment name it
        assertThat(plan.named("dev-api-discovery").inputs()).containsEntry("name", "api").containsEntry("description", "api in dev");
        assertThat(plan.named("dev-web-service").inputs().get("serviceRegistries"))
                .isEqualTo(Map.of("registryArn", "arn:aws:servicediscovery:eu-west-1:111111111111:service/web"));
    }

    @Test
    void aWorkerWithoutAPortIsNotDiscoverable() {
        assertThat(plan.ofType("aws:servicediscovery/service:Service")).extracting(PlannedResource::name)
                .containsExactlyInAnyOrder("dev-web-discovery", "dev-api-discovery");
        assertThat(plan.named("dev-worker-service").inputs()).doesNotContainKey("serviceRegistries");
    }
}
