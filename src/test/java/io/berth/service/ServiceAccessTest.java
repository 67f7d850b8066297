package io.berth.service;

import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import io.berth.testing.Plans;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.berth.service.ServicePlans.SECRET_ARN;
import static io.berth.service.ServicePlans.KMS_KEY;
import static io.berth.service.ServicePlans.children;
import static io.berth.service.ServicePlans.settings;
import static io.berth.service.ServicePlans.statements;
import static io.berth.service.ServicePlans.tags;
import static org.assertj.core.api.Assertions.assertThat;

/** What a service may reach and do: security group rules from declared calls, task and execution roles. */
class ServiceAccessTest {
    private static final String INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    private static final String EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
    private static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    private static Plan dev;
    private static Plan prod;

    @BeforeAll
    static void plan() {
        dev = ServicePlans.dev();
        prod = ServicePlans.prod();
    }

    private static String sg(String service) {
        return dev.named("dev-" + service + "-sg").id();
    }

    @Test
    void eachServiceHasItsOwnSecurityGroupInTheVpc() {
        assertThat(dev.named("dev-api-sg").inputs()).isEqualTo(settings(
                "vpcId", dev.named("dev-vpc").id(), "description", "Tasks of api in dev", "tags", tags("dev", "dev-api-sg", "api")));
    }

    @Test
    void aCalleeAdmitsExactlyItsDeclaredCallersOnItsPort() {
        assertThat(children(dev, "dev-api", INGRESS)).extracting(PlannedResource::name)
                .containsExactlyInAnyOrder("dev-api-from-web", "dev-api-from-worker");
        assertThat(dev.named("dev-api-from-web").inputs()).isEqualTo(settings(
                "securityGroupId", sg("api"), "referencedSecurityGroupId", sg("web"),
                "ipProtocol", "tcp", "fromPort", 8080L, "toPort", 8080L, "description", "Port 8080 from web",
                "tags", tags("dev", "dev-api-from-web", "api")));
        assertThat(dev.named("dev-api-from-worker").inputs())
                .containsEntry("securityGroupId", sg("api")).containsEntry("referencedSecurityGroupId", sg("worker"));
    }

    @Test
    void aCallerMayReachTheCalleeOnItsPortOnly() {
        assertThat(dev.named("dev-web-to-api").inputs()).isEqualTo(settings(
                "securityGroupId", sg("web"), "referencedSecurityGroupId", sg("api"),
                "ipProtocol", "tcp", "fromPort", 8080L, "toPort", 8080L, "description", "Port 8080 to api",
                "tags", tags("dev", "dev-web-to-api", "web")));
        assertThat(dev.named("dev-worker-to-api").inputs())
                .containsEntry("securityGroupId", sg("worker")).containsEntry("referencedSecurityGroupId", sg("api"))
                .containsEntry("fromPort", 8080L).containsEntry("toPort", 8080L);
    }

    @Test
    void nothingUndeclaredIsOpen() {
        // the api calls nobody; nobody calls the worker; the web is reached by the load balancer only
        assertThat(children(dev, "dev-api", EGRESS)).extracting(PlannedResource::name).containsExactly("dev-api-out-https");
        assertThat(children(dev, "dev-worker", INGRESS)).isEmpty();
        assertThat(children(dev, "dev-web", INGRESS)).extracting(PlannedResource::name).containsExactly("dev-web-from-alb");
        assertThat(dev.ofType(INGRESS)).noneMatch(r -> r.inputs().containsKey("cidrIpv4") && !r.name().startsWith("dev-alb-"));
    }

    @Test
    void everyServiceMayUseHttpsOutbound() {
        for (var service : List.of("web", "api", "worker")) {
            assertThat(dev.named("dev-" + service + "-out-https").inputs()).isEqualTo(settings(
                    "securityGroupId", sg(service), "ipProtocol", "tcp", "fromPort", 443L, "toPort", 443L,
                    "cidrIpv4", "0.0.0.0/0", "description", "HTTPS to AWS APIs and the internet",
                    "tags", tags("dev", "dev-" + service + "-out-https", service)));
        }
    }

    @Test
    void rolesTrustEcsTasksOfTheirOwnAccount() {
        for (var role : List.of("dev-web-execution-role", "dev-web-task-role")) {
            Map<String, Object> trust = ServicePlans.json(dev.named(role).inputs().get("assumeRolePolicy"));
            assertThat(trust).isEqualTo(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                    "Effect", "Allow", "Action", "sts:AssumeRole", "Principal", Map.of("Service", "ecs-tasks.amazonaws.com"),
                    "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", "111111111111"))))));
        }
        assertThat(Plans.tags(dev.named("dev-web-execution-role"))).containsEntry("berth:role", "task-execution");
        assertThat(Plans.tags(dev.named("dev-web-task-role"))).containsEntry("berth:role", "task");
    }

    @Test
    void theExecutionRolePullsItsImageWritesItsLogsAndReadsItsSecrets() {
        var policy = dev.named("dev-web-execution-policy");
        assertThat(policy.inputs().get("role")).isEqualTo(dev.named("dev-web-execution-role").id());
        var bySid = statements(policy);
        assertThat(bySid.keySet()).containsExactly("EcrToken", "PullOwnImage", "WriteOwnLogs", "ReadOwnParameters",
                "ReadOwnSecrets", "DecryptOwnSecrets");
        assertThat(bySid.get("EcrToken")).isEqualTo(Map.of("Sid", "EcrToken", "Effect", "Allow",
                "Action", "ecr:GetAuthorizationToken", "Resource", "*"));
        assertThat(bySid.get("PullOwnImage")).isEqualTo(Map.of("Sid", "PullOwnImage", "Effect", "Allow",
                "Action", List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"),
                "Resource", "arn:aws:ecr:eu-west-1:111111111111:repository/dev/web"));
        assertThat(bySid.get("WriteOwnLogs")).isEqualTo(Map.of("Sid", "WriteOwnLogs", "Effect", "Allow",
                "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                "Resource", "arn:aws:logs:eu-west-1:111111111111:log-group:/berth/dev/services/web:log-stream:*"));
    }

    @Test
    void parametersAreGrantedByTheirArn() {
        assertThat(statements(dev.named("dev-web-execution-policy")).get("ReadOwnParameters")).isEqualTo(Map.of(
                "Sid", "ReadOwnParameters", "Effect", "Allow", "Action", "ssm:GetParameters",
                "Resource", "arn:aws:ssm:eu-west-1:111111111111:parameter/berth/dev/web/token"));
    }

    /** Secrets Manager appends a random suffix to a secret's ARN: a secret named by name needs the wildcard, a full ARN does not. */
    @Test
    void secretsByNameGetTheSuffixWildcardAndByArnAsGiven() {
        assertThat(statements(dev.named("dev-web-execution-policy")).get("ReadOwnSecrets")).isEqualTo(Map.of(
                "Sid", "ReadOwnSecrets", "Effect", "Allow", "Action", "secretsmanager:GetSecretValue",
                "Resource", List.of("arn:aws:secretsmanager:eu-west-1:111111111111:secret:berth/dev/web/db-??????", SECRET_ARN)));
    }

    @Test
    void aSecretsCustomerKeyMayDecrypt() {
        assertThat(statements(dev.named("dev-web-execution-policy")).get("DecryptOwnSecrets")).isEqualTo(Map.of(
                "Sid", "DecryptOwnSecrets", "Effect", "Allow", "Action", "kms:Decrypt", "Resource", KMS_KEY));
    }

    @Test
    void anExternalImageNeedsNoRegistryGrantsAndNoSecretsNoSecretGrants() {
        assertThat(statements(dev.named("dev-worker-execution-policy")).keySet()).containsExactly("WriteOwnLogs");
        assertThat(statements(dev.named("dev-api-execution-policy")).keySet()).containsExactly("EcrToken", "PullOwnImage", "WriteOwnLogs");
    }

    @Test
    void theTaskRoleHoldsTheDeclaredPermissionsAndExecsChannels() {
        var policy = dev.named("dev-web-task-policy");
        assertThat(policy.inputs().get("role")).isEqualTo(dev.named("dev-web-task-role").id());
        var bySid = statements(policy);
        assertThat(bySid.keySet()).containsExactly("ReadAssets", "EcsExecChannels", "EcsExecLogGroups", "EcsExecSessionLogs");
        assertThat(bySid.get("ReadAssets")).isEqualTo(Map.of("Sid", "ReadAssets", "Effect", "Allow",
                "Action", "s3:GetObject", "Resource", "arn:aws:s3:::dev-web-assets/*"));
        assertThat(bySid.get("EcsExecChannels")).isEqualTo(Map.of("Sid", "EcsExecChannels", "Effect", "Allow",
                "Action", List.of("ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
                        "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"), "Resource", "*"));
        assertThat(bySid.get("EcsExecLogGroups")).isEqualTo(Map.of("Sid", "EcsExecLogGroups", "Effect", "Allow",
                "Action", "logs:DescribeLogGroups", "Resource", "*"));
        assertThat(bySid.get("EcsExecSessionLogs")).isEqualTo(Map.of("Sid", "EcsExecSessionLogs", "Effect", "Allow",
                "Action", List.of("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"),
                "Resource", "arn:aws:logs:eu-west-1:111111111111:log-group:/berth/dev/ecs-exec:*"));
    }

    @Test
    void execAloneGivesTheTaskRoleOnlyExecsStatements() {
        assertThat(statements(dev.named("dev-api-task-policy")).keySet())
                .containsExactly("EcsExecChannels", "EcsExecLogGroups", "EcsExecSessionLogs");
    }

    @Test
    void aServiceThatDeclaresNothingGetsATaskRoleWithoutPolicy() {
        assertThat(children(dev, "dev-worker", ROLE_POLICY)).extracting(PlannedResource::name)
                .containsExactly("dev-worker-execution-policy");
        assertThat(children(prod, "prod-shop", ROLE_POLICY)).extracting(PlannedResource::name)
                .containsExactly("prod-shop-execution-policy");
        assertThat(dev.named("dev-worker-task-role").type()).isEqualTo("aws:iam/role:Role");
    }
}
