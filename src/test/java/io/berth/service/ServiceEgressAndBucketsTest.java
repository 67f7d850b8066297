package io.berth.service;

import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.berth.service.ServicePlans.children;
import static io.berth.service.ServicePlans.json;
import static io.berth.service.ServicePlans.statements;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the catalog's egress declarations and owned buckets become, through the whole program: a dev
 * plan (api and web declare the same egress in opposite orders; api owns a read-write bucket, web a
 * read-only one) and a prod plan with a DR replica (api owns a write-only bucket that replicates).
 */
@Timeout(300) // the mock engine can hang (pulumi-java#2270)
class ServiceEgressAndBucketsTest {
    private static final String EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
    private static final String DR = "{\"region\":\"eu-central-1\",\"mode\":\"warm-standby\"}";
    private static final String DEV_BUCKET = "berth-dev-api-reports-111111111111-eu-west-1";
    private static final String PROD_BUCKET = "berth-prod-api-reports-111111111111-eu-west-1";
    private static final String DR_BUCKET = "berth-prod-api-reports-111111111111-eu-central-1";
    private static final List<Map<String, Object>> DECLARED = List.of(
            Map.of("to", "10.41.0.0/24", "ports", List.of(5432), "description", "orders database"),
            Map.of("to", "sg-0123456789abcdef0", "ports", List.of(6379)),
            Map.of("to", "pl-0123456789abcdef0", "ports", List.of("8000-8100"), "protocol", "udp"),
            Map.of("to", "2001:db8::/32", "ports", List.of(443)));
    private static Plan dev;
    private static Plan prod;

    @BeforeAll
    static void plan() {
        var env = Fixtures.environment();
        var api = Fixtures.service("api", Map.of("egress", DECLARED,
                "buckets", List.of(Map.of("name", "reports")),
                "environment", Map.of("REPORTS_BUCKET", "{bucket:reports}")), env);
        var web = Fixtures.service("web", Map.of("egress", reversed(DECLARED),
                "buckets", List.of(Map.of("name", "images", "access", "read-only"))), env);
        dev = Fixtures.plan(env, api, web);
        prod = Fixtures.plan(Fixtures.stack(Fixtures.environment("prod", Map.of("berth:dr", DR,
                        "berth:environment", "{\"account\":\"111111111111\",\"production\":true,\"owner\":\"platform-team\",\"costCentre\":\"CC-1\"}")),
                Map.of("api", Map.of("buckets", List.of(Map.of("name", "reports", "access", "write-only")),
                        "environment", Map.of("REPORTS_BUCKET", "{bucket:reports}")))));
    }

    private static <T> List<T> reversed(List<T> list) {
        var copy = new java.util.ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static List<PlannedResource> declaredRules(String component) {
        return children(dev, component, EGRESS).stream().filter(r -> r.name().startsWith(component + "-egress-")).toList();
    }

    @Test
    void eachDeclarationBecomesOneRuleOnTheServicesSecurityGroup() {
        var sg = dev.named("dev-api-sg").id();
        var rules = declaredRules("dev-api").stream().collect(Collectors.toMap(r -> r.inputs().get("description"), r -> r));

        assertThat(rules).hasSize(4);
        assertThat(rules.get("orders database").inputs()).containsEntry("securityGroupId", sg).containsEntry("cidrIpv4", "10.41.0.0/24")
                .containsEntry("ipProtocol", "tcp").containsEntry("fromPort", 5432L).containsEntry("toPort", 5432L);
        assertThat(rules.get("to sg-0123456789abcdef0").inputs()).containsEntry("referencedSecurityGroupId", "sg-0123456789abcdef0")
                .doesNotContainKey("cidrIpv4");
        assertThat(rules.get("to pl-0123456789abcdef0").inputs()).containsEntry("prefixListId", "pl-0123456789abcdef0")
                .containsEntry("ipProtocol", "udp").containsEntry("fromPort", 8000L).containsEntry("toPort", 8100L);
        assertThat(rules.get("to 2001:db8::/32").inputs()).containsEntry("cidrIpv6", "2001:db8::/32");
    }

    @Test
    void ruleNamesFollowWhatTheyAllowNotTheirPlaceInTheCatalog() {
        var api = declaredRules("dev-api").stream().map(r -> r.name().substring("dev-api-".length())).collect(Collectors.toSet());
        var web = declaredRules("dev-web").stream().map(r -> r.name().substring("dev-web-".length())).collect(Collectors.toSet());

        assertThat(api).hasSize(4).isEqualTo(web);
    }

    @Test
    void theBucketIsEncryptedAndBlocksPublicAccess() {
        assertThat(dev.named("dev-api-bucket-reports").inputs()).containsEntry("bucket", DEV_BUCKET).containsEntry("forceDestroy", true);
        assertThat(dev.named("dev-api-bucket-reports-public-access").inputs()).containsEntry("blockPublicAcls", true)
                .containsEntry("blockPublicPolicy", true).containsEntry("ignorePublicAcls", true).containsEntry("restrictPublicBuckets", true);
        assertThat(dev.named("dev-api-bucket-reports-encryption").<List<Map<String, Object>>>input("rules")).containsExactly(
                Map.of("applyServerSideEncryptionByDefault", Map.of("sseAlgorithm", "AES256")));
    }

    @Test
    void theBucketPolicyOnlyDeniesPlainHttp() {
        Map<String, Object> policy = json(dev.named("dev-api-bucket-reports-policy").inputs().get("policy"));

        assertThat(policy.get("Statement")).isEqualTo(List.of(Map.of("Sid", "DenyInsecureTransport", "Effect", "Deny", "Principal", "*",
                "Action", "s3:*", "Resource", List.of("arn:aws:s3:::" + DEV_BUCKET, "arn:aws:s3:::" + DEV_BUCKET + "/*"),
                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))));
    }

    @Test
    void theTaskRoleIsGrantedItsOwnBucketOnly() {
        var api = statements(dev.named("dev-api-task-policy"));
        var web = statements(dev.named("dev-web-task-policy"));

        assertThat(api.get("BucketReportsObjects")).containsEntry("Action",
                        List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"))
                .containsEntry("Resource", "arn:aws:s3:::" + DEV_BUCKET + "/*");
        assertThat(api.get("BucketReportsList")).containsEntry("Action", "s3:ListBucket")
                .containsEntry("Resource", "arn:aws:s3:::" + DEV_BUCKET);
        assertThat(web.get("BucketImagesObjects")).containsEntry("Action", "s3:GetObject")
                .containsEntry("Resource", "arn:aws:s3:::berth-dev-web-images-111111111111-eu-west-1/*");
        assertThat(api.keySet()).noneMatch(sid -> sid.contains("Images"));
    }

    @Test
    void aBucketOutsideProductionIsNeitherProtectedNorVersioned() {
        assertThat(dev.named("dev-api-bucket-reports").protect()).isFalse();
        assertThat(dev.resources()).noneMatch(r -> r.name().equals("dev-api-bucket-reports-versioning"));
    }

    @Test
    void productionProtectsAndRetainsTheBucketInBothRegions() {
        for (var name : List.of("prod-api-bucket-reports", "prod-dr-api-bucket-reports")) {
            var bucket = prod.named(name);
            assertThat(bucket.protect()).as(name).isTrue();
            assertThat(bucket.options()).as(name).containsEntry("retainOnDelete", true);
            assertThat(bucket.inputs()).as(name).containsEntry("forceDestroy", false);
        }
        assertThat(prod.named("prod-dr-api-bucket-reports").inputs()).containsEntry("bucket", DR_BUCKET);
    }

    @Test
    void theBucketReplicatesToItsDrCopyBothKeepingVersions() {
        var replication = prod.named("prod-api-bucket-reports-replication");

        assertThat(replication.type()).isEqualTo("aws:s3/bucketReplicationConfig:BucketReplicationConfig");
        assertThat(replication.<List<Map<String, Object>>>input("rules")).containsExactly(Map.of(
                "id", "to-eu-central-1", "status", "Enabled", "filter", Map.of("prefix", ""),
                "deleteMarkerReplication", Map.of("status", "Enabled"),
                "destination", Map.of("bucket", "arn:aws:s3:::" + DR_BUCKET)));
        assertThat(replication.dependencies()).contains(prod.named("prod-api-bucket-reports-versioning").urn(),
                prod.named("prod-dr-api-bucket-reports-versioning").urn());
    }

    @Test
    void theReplicationRoleReachesTheTwoBucketsOnly() {
        var policy = statements(prod.named("prod-api-bucket-reports-replication-policy"));

        assertThat(policy.values().stream().map(s -> s.get("Resource")).toList()).containsExactly(
                "arn:aws:s3:::" + PROD_BUCKET, "arn:aws:s3:::" + PROD_BUCKET + "/*", "arn:aws:s3:::" + DR_BUCKET + "/*");
        assertThat(prod.named("prod-api-bucket-reports-replication-role").inputs().get("assumeRolePolicy").toString())
                .contains("s3.amazonaws.com");
    }

    @Test
    void eachRegionsTasksUseTheirRegionsCopy() {
        assertThat(prod.named("prod-api-task").inputs().get("containerDefinitions").toString())
                .contains("\"name\":\"REPORTS_BUCKET\",\"value\":\"" + PROD_BUCKET + "\"");
        assertThat(prod.named("prod-dr-api-task").inputs().get("containerDefinitions").toString())
                .contains("\"name\":\"REPORTS_BUCKET\",\"value\":\"" + DR_BUCKET + "\"");
        assertThat(statements(prod.named("prod-dr-api-task-policy")).get("BucketReportsObjects"))
                .containsEntry("Resource", "arn:aws:s3:::" + DR_BUCKET + "/*");
    }
}
