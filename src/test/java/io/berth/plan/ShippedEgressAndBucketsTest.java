package io.berth.plan;

import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped catalog's egress (orders to its database) and owned bucket (batch-reports) in each shipped stack. */
@Timeout(300) // the first test pays for the shared plans; the SDK's mock engine can hang (pulumi-java#2270)
class ShippedEgressAndBucketsTest {
    private static final String EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

    private static List<PlannedResource> declaredEgress(Plan plan, String component) {
        return plan.ofType(EGRESS).stream().filter(r -> r.name().startsWith(component + "-egress-")).toList();
    }

    @ParameterizedTest
    @CsvSource({"dev, 10.41.0.0/24", "beta, 10.42.0.0/24", "prod, 10.43.0.0/24"})
    void ordersReachesItsEnvironmentsDatabaseOnly(String stack, String database) {
        var plan = ShippedStacks.plan(stack);

        var rules = declaredEgress(plan, stack + "-orders");

        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).inputs()).containsEntry("cidrIpv4", database).containsEntry("ipProtocol", "tcp")
                .containsEntry("fromPort", 5432L).containsEntry("toPort", 5432L).containsEntry("description", "orders database");
        assertThat(plan.ofType(EGRESS).stream().filter(r -> r.name().contains("-egress-"))
                .map(PlannedResource::name)).allMatch(n -> n.contains("-orders-egress-"));
    }

    @Test
    void theProdReplicaReachesTheDatabaseStandbyInItsRegion() {
        var rules = declaredEgress(ShippedStacks.plan("prod"), "prod-dr-orders");

        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).inputs()).containsEntry("cidrIpv4", "10.143.0.0/24").containsEntry("description", "orders database standby");
    }

    @ParameterizedTest
    @CsvSource({"dev, 111111111111", "beta, 222222222222", "prod, 333333333333"})
    void batchReportsWritesToItsOwnReportsBucket(String stack, String account) {
        var plan = ShippedStacks.plan(stack);
        var name = "berth-" + stack + "-batch-reports-reports-" + account + "-eu-west-1";

        assertThat(plan.named(stack + "-batch-reports-bucket-reports").inputs()).containsEntry("bucket", name);
        var policy = plan.named(stack + "-batch-reports-task-policy").inputs().get("policy").toString();
        assertThat(policy).contains("{\"Action\":[\"s3:PutObject\",\"s3:AbortMultipartUpload\"],\"Effect\":\"Allow\","
                + "\"Resource\":\"arn:aws:s3:::" + name + "/*\",\"Sid\":\"BucketReportsObjects\"}");
        assertThat(policy.split("\"s3:", -1)).as("S3 actions granted: the two on its bucket only").hasSize(3);
        assertThat(plan.named(stack + "-batch-reports-task").inputs().get("containerDefinitions").toString())
                .contains("\"name\":\"REPORTS_BUCKET\",\"value\":\"" + name + "\"");
    }

    @Test
    void onlyProdReplicatesTheReportsBucketToItsDrRegion() {
        assertThat(ShippedStacks.plan("dev").ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig")).isEmpty();
        assertThat(ShippedStacks.plan("beta").ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig")).isEmpty();
        var prod = ShippedStacks.plan("prod");

        assertThat(prod.ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig")).extracting(PlannedResource::name)
                .containsExactly("prod-batch-reports-bucket-reports-replication");
        assertThat(prod.named("prod-dr-batch-reports-bucket-reports").inputs())
                .containsEntry("bucket", "berth-prod-batch-reports-reports-333333333333-eu-central-1");
    }
}
