package io.berth.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference catalog as planned in each shipped stack: real properties of the produced resources. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServicePlanTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PlannedResource child(Plan plan, String service, String type) {
        var component = plan.named(plan.stack() + "-" + service);
        return plan.childrenOf(component).stream().filter(r -> r.type().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError(service + " has no " + type));
    }

    private static List<PlannedResource> children(Plan plan, String service, String type) {
        var component = plan.named(plan.stack() + "-" + service);
        return plan.childrenOf(component).stream().filter(r -> r.type().equals(type)).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> doc(Object json) throws Exception {
        return JSON.readValue(String.valueOf(json), Map.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void everyStackPlansTheWholeCatalog(String stack) {
        var plan = ShippedStacks.plan(stack).primary();
        var names = plan.ofType("berth:service:Service").stream().map(PlannedResource::name).toList();
        assertThat(names).containsExactlyInAnyOrder(stack + "-batch-reports", stack + "-crystal", stack + "-frontend",
                stack + "-nodejs", stack + "-order-worker", stack + "-orders", stack + "-reports", stack + "-scanner");
        // batch-reports is a job: no ECS service, one schedule
        assertThat(plan.ofType("aws:ecs/service:Service")).hasSize(7);
        assertThat(plan.ofType("aws:scheduler/schedule:Schedule")).extracting(PlannedResource::name)
                .containsExactly(stack + "-batch-reports-schedule");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void publicRoutesAndStablePriorities(String stack) {
        var plan = ShippedStacks.plan(stack).primary();
        var frontend = child(plan, "frontend", "aws:lb/listenerRule:ListenerRule");
        var orders = child(plan, "orders", "aws:lb/listenerRule:ListenerRule");
        assertThat(frontend.inputs().get("conditions")).isEqualTo(List.of(Map.of("pathPattern", Map.of("values", List.of("/*")))));
        assertThat(orders.inputs().get("conditions")).isEqualTo(
                List.of(Map.of("pathPattern", Map.of("values", List.of("/api/orders", "/api/orders/*")))));
        // the catch-all is evaluated after every specific route, whatever the names hash to
        assertThat((Long) frontend.inputs().get("priority")).isBetween(40_001L, 49_999L);
        assertThat((Long) orders.inputs().get("priority")).isBetween(20_001L, 29_999L);
        // priorities derive from the service alone: the same in every environment
        assertThat(frontend.inputs().get("priority")).isEqualTo(
                child(ShippedStacks.plan("dev"), "frontend", "aws:lb/listenerRule:ListenerRule").inputs().get("priority"));
        // only public services get rules and target groups (type ip for awsvpc)
        assertThat(plan.ofType("aws:lb/listenerRule:ListenerRule")).hasSize(2);
        assertThat(plan.ofType("aws:lb/targetGroup:TargetGroup")).allSatisfy(tg -> {
            assertThat(tg.inputs().get("targetType")).isEqualTo("ip");
            assertThat((Long) tg.inputs().get("deregistrationDelay")).isLessThan(120L);
        });
    }

    /** Which security groups may reach each service: exactly what the catalog declares. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void securityGroupIngressIsExactlyAsDeclared(String stack) {
        var plan = ShippedStacks.plan(stack).primary();
        var sgOwner = new java.util.HashMap<String, String>();
        for (var sg : plan.ofType("aws:ec2/securityGroup:SecurityGroup")) {
            sgOwner.put(sg.id(), sg.name().replace(stack + "-", "").replace("-sg", ""));
        }
        var allowed = new java.util.TreeMap<String, Set<String>>();
        for (var rule : plan.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")) {
            var target = sgOwner.get((String) rule.inputs().get("securityGroupId"));
            var source = rule.inputs().containsKey("referencedSecurityGroupId")
                    ? sgOwner.get((String) rule.inputs().get("referencedSecurityGroupId"))
                    : (String) rule.inputs().get("cidrIpv4");
            allowed.computeIfAbsent(target, k -> new TreeSet<>()).add(source + ":" + rule.inputs().get("fromPort"));
        }
        assertThat(allowed.get("frontend")).containsExactly("alb:3000");
        assertThat(allowed.get("orders")).containsExactly("alb:8080");
        assertThat(allowed.get("nodejs")).containsExactly("frontend:3000");
        assertThat(allowed.get("crystal")).containsExactly("frontend:3000", "orders:3000");
        assertThat(allowed).doesNotContainKeys("order-worker", "reports", "batch-reports", "scanner");
        // nothing but the load balancer is open to the internet
        var open = plan.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").stream()
                .filter(r -> "0.0.0.0/0".equals(r.inputs().get("cidrIpv4"))).map(r -> sgOwner.get((String) r.inputs().get("securityGroupId")))
                .distinct().toList();
        assertThat(open).containsExactly("alb");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void theLoadBalancerReachesOnlyPublicServicesOnTheirPorts(String stack) {
        var plan = ShippedStacks.plan(stack).primary();
        var egress = plan.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").stream()
                .filter(r -> r.name().startsWith(stack + "-alb-"))
                .map(r -> r.name() + ":" + r.inputs().get("fromPort") + "-" + r.inputs().get("toPort")).toList();
        assertThat(egress).containsExactlyInAnyOrder(stack + "-alb-to-frontend:3000-3000", stack + "-alb-to-orders:8080-8080");
    }

    @Test
    void tasksTrustOnlyEcsOnBehalfOfTheirOwnAccount() throws Exception {
        var role = ShippedStacks.plan("prod").primary().named("prod-orders-task-role");
        var statement = ((List<Map<String, Object>>) doc(role.inputs().get("assumeRolePolicy")).get("Statement")).get(0);
        assertThat(statement.get("Principal")).isEqualTo(Map.of("Service", "ecs-tasks.amazonaws.com"));
        assertThat(statement.get("Condition")).isEqualTo(Map.of("StringEquals", Map.of("aws:SourceAccount", "333333333333")));
    }

    @Test
    void scheduledRangesAndRollingServicesAreOwnedCorrectly() {
        var plan = ShippedStacks.plan("prod").primary();
        // the schedules move min/max during the day: pulumi up leaves them alone
        assertThat((List<String>) child(plan, "reports", "aws:appautoscaling/target:Target").options().get("ignoreChanges"))
                .containsExactly("maxCapacity", "minCapacity");
        assertThat((List<String>) child(plan, "nodejs", "aws:appautoscaling/target:Target").options().get("ignoreChanges")).isEmpty();
        // a capacity strategy change updates an ECS-controller service in place instead of replacing it
        assertThat(child(plan, "nodejs", "aws:ecs/service:Service").inputs()).containsEntry("forceNewDeployment", true);
    }

    @Test
    void executionRoleIsScopedToTheServicesOwnResources() throws Exception {
        var plan = ShippedStacks.plan("prod").primary();
        var policy = doc(child(plan, "orders", "aws:iam/rolePolicy:RolePolicy").inputs().get("policy"));
        var bySid = new java.util.HashMap<String, Map<String, Object>>();
        for (var s : (List<Map<String, Object>>) policy.get("Statement")) {
            bySid.put((String) s.get("Sid"), s);
        }
        assertThat(bySid.keySet()).containsExactlyInAnyOrder("EcrToken", "PullOwnImage", "WriteOwnLogs", "ReadOwnParameters", "ReadOwnSecrets");
        assertThat(bySid.get("PullOwnImage").get("Resource")).isEqualTo("arn:aws:ecr:eu-west-1:333333333333:repository/prod/orders");
        assertThat(bySid.get("WriteOwnLogs").get("Resource"))
                .isEqualTo("arn:aws:logs:eu-west-1:333333333333:log-group:/berth/prod/services/orders:log-stream:*");
        assertThat(bySid.get("ReadOwnParameters").get("Resource"))
                .isEqualTo("arn:aws:ssm:eu-west-1:333333333333:parameter/berth/prod/orders/payment-api-key");
        assertThat(bySid.get("ReadOwnSecrets").get("Resource"))
                .isEqualTo("arn:aws:secretsmanager:eu-west-1:333333333333:secret:berth/prod/orders/db-password-??????");
        // the only account-wide grant is the one AWS offers no resource-level permission for
        assertThat(bySid.get("EcrToken").get("Action")).isEqualTo("ecr:GetAuthorizationToken");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void noPolicyGrantsAServiceWideWildcard(String stack) throws Exception {
        var plan = ShippedStacks.plan(stack).primary();
        for (var p : plan.ofType("aws:iam/rolePolicy:RolePolicy")) {
            for (var s : (List<Map<String, Object>>) doc(p.inputs().get("policy")).get("Statement")) {
                var actions = s.get("Action") instanceof List<?> l ? l : List.of(s.get("Action"));
                assertThat(actions).as(p.name()).noneMatch(a -> String.valueOf(a).endsWith(":*") || a.equals("*"));
                if ("*".equals(s.get("Resource"))) {
                    // only actions AWS offers no resource-level permission for (delivery's are in DeliveryPlanTest)
                    assertThat(actions).as(p.name() + " " + s.get("Sid")).allMatch(a ->
                            a.equals("ecr:GetAuthorizationToken") || a.equals("logs:DescribeLogGroups") || String.valueOf(a).startsWith("ssmmessages:")
                                    || io.berth.delivery.DeliveryPlanTest.ACCOUNT_WIDE_ACTIONS.contains(a));
                }
            }
        }
    }

    @Test
    void taskRoleHoldsOnlyWhatTheCatalogDeclares() throws Exception {
        var plan = ShippedStacks.plan("prod").primary();
        var policies = children(plan, "orders", "aws:iam/rolePolicy:RolePolicy");
        var task = policies.stream().filter(p -> p.name().endsWith("-task-policy")).findFirst().orElseThrow();
        var statements = (List<Map<String, Object>>) doc(task.inputs().get("policy")).get("Statement");
        assertThat(statements).hasSize(1); // no ECS Exec channels in prod
        // sends: [order-worker]: exactly that worker's queue
        assertThat(statements.get(0).get("Sid")).isEqualTo("SendToOrderWorker");
        assertThat(statements.get(0).get("Action")).isEqualTo(List.of("sqs:SendMessage", "sqs:GetQueueAttributes"));
        assertThat(statements.get(0).get("Resource")).isEqualTo("arn:aws:sqs:eu-west-1:333333333333:prod-order-worker");
        // a service that declares nothing gets a task role with no policy at all
        assertThat(children(plan, "nodejs", "aws:iam/rolePolicy:RolePolicy")).extracting(PlannedResource::name)
                .containsExactly("prod-nodejs-execution-policy");
    }

    @ParameterizedTest
    @CsvSource({"dev,frontend,1,2", "beta,frontend,2,10", "prod,frontend,3,20", "dev,order-worker,0,2",
            "prod,orders,3,12", "dev,reports,0,1", "prod,reports,1,4"})
    void autoscalingRangesPerEnvironment(String stack, String service, long min, long max) {
        var plan = ShippedStacks.plan(stack).primary();
        var target = child(plan, service, "aws:appautoscaling/target:Target");
        assertThat(target.inputs()).containsEntry("minCapacity", min).containsEntry("maxCapacity", max)
                .containsEntry("scalableDimension", "ecs:service:DesiredCount").containsEntry("serviceNamespace", "ecs");
        assertThat((String) target.inputs().get("resourceId")).startsWith("service/" + stack + "-cluster/");
        var ecs = child(plan, service, "aws:ecs/service:Service");
        assertThat(ecs.inputs().get("desiredCount")).isEqualTo(min);
        // desiredCount belongs to Application Auto Scaling once it exists (and the task definition to
        // the service's pipeline: DeliveryPlanTest)
        assertThat((List<String>) ecs.options().get("ignoreChanges")).contains("desiredCount");
    }

    @Test
    void scheduledScalingFollowsTheCatalog() {
        var plan = ShippedStacks.plan("prod").primary();
        var actions = children(plan, "reports", "aws:appautoscaling/scheduledAction:ScheduledAction");
        assertThat(actions).extracting(a -> a.inputs().get("schedule"))
                .containsExactlyInAnyOrder("cron(0 7 ? * MON-FRI *)", "cron(0 19 ? * MON-FRI *)");
        assertThat(actions).allSatisfy(a -> assertThat(a.inputs().get("timezone")).isEqualTo("Europe/Dublin"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void servicesDeploySafely(String stack) {
        var plan = ShippedStacks.plan(stack).primary();
        for (var ecs : plan.ofType("aws:ecs/service:Service")) {
            // the circuit breaker works only under the ECS controller (AWS rule 21); CodeDeploy's
            // rollback guards blue/green services (DeliveryPlanTest)
            if (!ecs.inputs().containsKey("deploymentController")) {
                assertThat(ecs.inputs().get("deploymentCircuitBreaker")).isEqualTo(Map.of("enable", true, "rollback", true));
            }
            assertThat(((Map<?, ?>) ecs.inputs().get("networkConfiguration")).get("assignPublicIp")).isEqualTo(false);
            assertThat(ecs.inputs().get("propagateTags")).isEqualTo("SERVICE");
            assertThat(ecs.inputs().get("enableExecuteCommand")).isEqualTo(!stack.equals("prod"));
            assertThat(ecs.inputs()).doesNotContainKey("launchType"); // strategy and launch type never both (AWS rule 1)
        }
    }

    @Test
    void containerDefinitionsAreHardenedAndLogToTheirOwnGroup() throws Exception {
        var plan = ShippedStacks.plan("prod").primary();
        var task = child(plan, "orders", "aws:ecs/taskDefinition:TaskDefinition");
        assertThat(task.inputs()).containsEntry("cpu", "1024").containsEntry("memory", "2048")
                .containsEntry("networkMode", "awsvpc").containsEntry("requiresCompatibilities", List.of("FARGATE"));
        var containers = (List<Map<String, Object>>) JSON.readValue((String) task.inputs().get("containerDefinitions"), List.class);
        var c = containers.get(0);
        assertThat(c.get("image")).isEqualTo("333333333333.dkr.ecr.eu-west-1.amazonaws.com/prod/orders:1.0.0");
        assertThat(c.get("readonlyRootFilesystem")).isEqualTo(true);
        assertThat(c.get("user")).isEqualTo("1000:1000");
        assertThat(c.get("stopTimeout")).isEqualTo(60);
        assertThat(c.get("logConfiguration")).isEqualTo(Map.of("logDriver", "awslogs", "options", Map.of(
                "awslogs-group", "/berth/prod/services/orders", "awslogs-region", "eu-west-1", "awslogs-stream-prefix", "orders")));
        assertThat(c.get("secrets")).isEqualTo(List.of(
                Map.of("name", "DB_PASSWORD", "valueFrom", "arn:aws:secretsmanager:eu-west-1:333333333333:secret:berth/prod/orders/db-password"),
                Map.of("name", "PAYMENT_API_KEY", "valueFrom", "arn:aws:ssm:eu-west-1:333333333333:parameter/berth/prod/orders/payment-api-key")));
        assertThat((List<Map<String, Object>>) c.get("environment")).extracting(m -> m.get("name"))
                .doesNotContain("DB_PASSWORD", "PAYMENT_API_KEY");
        var logGroup = child(plan, "orders", "aws:cloudwatch/logGroup:LogGroup");
        assertThat(logGroup.inputs()).containsEntry("retentionInDays", 365L);
        assertThat(logGroup.protect()).isTrue();
    }

    @Test
    void discoveryRegistersARecordsForServicesWithAPort() {
        var plan = ShippedStacks.plan("beta");
        var discovery = plan.ofType("aws:servicediscovery/service:Service");
        assertThat(discovery).extracting(r -> r.inputs().get("name"))
                .containsExactlyInAnyOrder("crystal", "frontend", "nodejs", "orders", "reports");
        assertThat(discovery).allSatisfy(r -> assertThat(((Map<?, ?>) r.inputs().get("dnsConfig")).get("dnsRecords"))
                .isEqualTo(List.of(Map.of("type", "A", "ttl", 10L))));
    }

    @Test
    void prodLoadBalancerRedirectsToHttpsAndIsProtected() {
        var plan = ShippedStacks.plan("prod").primary();
        var alb = plan.named("prod-alb");
        assertThat(alb.inputs()).containsEntry("enableDeletionProtection", true).containsEntry("dropInvalidHeaderFields", true)
                .containsEntry("internal", false);
        assertThat(((Map<?, ?>) alb.inputs().get("accessLogs")).get("enabled")).isEqualTo(true);
        var http = plan.named("prod-http");
        assertThat(http.inputs().get("defaultActions")).isEqualTo(List.of(Map.of("type", "redirect",
                "redirect", Map.of("port", "443", "protocol", "HTTPS", "statusCode", "HTTP_301"))));
        var https = plan.named("prod-https");
        assertThat(https.inputs()).containsEntry("port", 443L).containsEntry("protocol", "HTTPS")
                .containsEntry("sslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06");
        assertThat(plan.named("prod-alb-logs").protect()).isTrue();
    }

    @Test
    void devWithoutCertificateServesHttpWithA404Default() {
        var plan = ShippedStacks.plan("dev");
        assertThat(plan.named("dev-alb").inputs()).containsEntry("enableDeletionProtection", false);
        assertThat(plan.ofType("aws:lb/listener:Listener")).singleElement().satisfies(l -> {
            assertThat(l.inputs()).containsEntry("port", 80L).containsEntry("protocol", "HTTP");
            assertThat(l.inputs().get("defaultActions")).isEqualTo(List.of(Map.of("type", "fixed-response",
                    "fixedResponse", Map.of("contentType", "text/plain", "messageBody", "Not found", "statusCode", "404"))));
        });
    }

    @Test
    void repositoriesPerStack() {
        var prod = ShippedStacks.plan("prod").primary().ofType("aws:ecr/repository:Repository");
        assertThat(prod).extracting(r -> r.inputs().get("name")).containsExactlyInAnyOrder(
                "prod/batch-reports", "prod/crystal", "prod/frontend", "prod/nodejs", "prod/order-worker", "prod/orders", "prod/scanner");
        assertThat(prod).allSatisfy(r -> {
            assertThat(r.inputs()).containsEntry("imageTagMutability", "IMMUTABLE");
            assertThat(r.inputs().get("imageScanningConfiguration")).isEqualTo(Map.of("scanOnPush", true));
            assertThat(r.protect()).isTrue();
            assertThat((String) ((List<Map<String, Object>>) r.inputs().get("encryptionConfigurations")).get(0).get("kmsKey"))
                    .startsWith("arn:aws:kms:eu-west-1:333333333333:key/");
        });
        assertThat(ShippedStacks.plan("dev").ofType("aws:ecr/repository:Repository"))
                .allSatisfy(r -> assertThat(r.inputs()).containsEntry("imageTagMutability", "MUTABLE"));
        assertThat(ShippedStacks.plan("prod").primary().ofType("aws:ecr/lifecyclePolicy:LifecyclePolicy")).hasSize(7);
    }

    @ParameterizedTest
    @CsvSource({"dev,frontend,FARGATE_SPOT:0:1", "beta,frontend,FARGATE:1:1 FARGATE_SPOT:0:1",
            "beta,nodejs,FARGATE:1:1 FARGATE_SPOT:0:3", "prod,nodejs,FARGATE:1:1 FARGATE_SPOT:0:1",
            "prod,order-worker,FARGATE:1:1 FARGATE_SPOT:0:3"})
    void capacityStrategyFollowsTheProfile(String stack, String service, String expected) {
        var ecs = child(ShippedStacks.plan(stack).primary(), service, "aws:ecs/service:Service");
        var items = new ArrayList<String>();
        for (var i : (List<Map<String, Object>>) ecs.inputs().get("capacityProviderStrategies")) {
            items.add(i.get("capacityProvider") + ":" + i.get("base") + ":" + i.get("weight"));
        }
        assertThat(String.join(" ", items)).isEqualTo(expected);
    }
}
