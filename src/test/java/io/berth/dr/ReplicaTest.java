package io.berth.dr;

import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import io.berth.testing.Fixtures;
import io.berth.testing.SmallStacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static io.berth.testing.Inputs.assertInputs;
import static io.berth.testing.Inputs.names;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Replica component through the real program on a small environment: HTTPS in eu-west-1, a
 * pilot-light replica in eu-central-1 with its own VPC block and no certificate there, one service.
 */
@Timeout(300)
class ReplicaTest {
    static final String CERTIFICATE = "arn:aws:acm:eu-west-1:111111111111:certificate/0a0a0a0a-1111-2222-3333-444455556666";
    static final String DR_PROVIDER = "urn:pulumi:dev::berth::pulumi:providers:aws::dr::";
    static Plan plan;

    @BeforeAll
    static void plan() {
        var env = Fixtures.environment("dev", Map.of(
                "berth:ingress", "{\"certificateArn\": \"" + CERTIFICATE + "\"}",
                "berth:dr", "{\"region\": \"eu-central-1\", \"vpcCidr\": \"10.130.0.0/16\"}",
                "berth:dns", "{\"hostedZoneId\": \"Z0123456789ABCDEFGHIJ\", \"domain\": \"shop.example.com\"}"));
        plan = SmallStacks.plan(env, Fixtures.service("api", Map.of("expose", Map.of("type", "public", "paths", List.of("/api/*"))), env));
    }

    private static PlannedResource replica() {
        return plan.named("dev-dr");
    }

    @Test
    void theReplicaIsATopLevelComponentHoldingAWholeEnvironment() {
        var replica = plan.resources().stream().filter(r -> r.type().equals("berth:dr:Replica")).toList();
        assertThat(replica).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("dev-dr");
            assertThat(r.parent()).isEqualTo("urn:pulumi:dev::berth::pulumi:pulumi:Stack::berth-dev");
        });
        assertThat(plan.childrenOf(replica.get(0))).filteredOn(r -> !r.custom()).extracting(r -> r.type() + " " + r.name())
                .containsExactlyInAnyOrder("berth:network:Network dev-dr", "berth:cluster:Cluster dev-dr",
                        "berth:ingress:LoadBalancer dev-dr", "berth:registry:Registry dev-dr", "berth:service:Service dev-dr-api",
                        // the replica is watched in its own region too
                        "berth:monitoring:Notifications dev-dr-notifications", "berth:monitoring:ServiceAlarms dev-dr-api-alarms",
                        "berth:monitoring:EnvironmentAlarms dev-dr-alarms", "berth:monitoring:Dashboard dev-dr");
    }

    @Test
    void theDrProviderIsPinnedToTheDrRegionAndTheEnvironmentsAccount() {
        assertThat(plan.named("dr").inputs()).containsEntry("region", "eu-central-1")
                .containsEntry("allowedAccountIds", "[\"111111111111\"]");
    }

    @Test
    void everyResourceOfTheReplicaGoesThroughTheDrProvider() {
        var inside = plan.drReplica().resources().stream().filter(PlannedResource::custom).toList();
        assertThat(inside).hasSizeGreaterThan(30).allSatisfy(r -> assertThat(r.provider()).as(r.name()).startsWith(DR_PROVIDER));
        assertThat(plan.primary().resources()).filteredOn(r -> r.custom() && !r.type().startsWith("pulumi:providers:"))
                .noneMatch(r -> r.provider().startsWith(DR_PROVIDER));
    }

    @Test
    void theReplicaNetworkUsesItsOwnBlockInTheDrRegionsZones() {
        assertInputs(plan, "dev-dr-vpc", """
                {"cidrBlock": "10.130.0.0/16", "enableDnsHostnames": true, "enableDnsSupport": true}""");
        assertThat(plan.named("dev-dr-private-1").inputs()).containsEntry("availabilityZone", "eu-central-1a");
        assertThat(plan.named("dev-vpc").inputs()).containsEntry("cidrBlock", "10.0.0.0/16");
    }

    @Test
    void withoutACertificateInTheDrRegionTheReplicaServesPlainHttp() {
        assertThat(names(plan.drReplica(), "aws:lb/listener:Listener")).containsExactly("dev-dr-http");
        assertThat(plan.named("dev-dr-http").inputs()).containsEntry("protocol", "HTTP");
        assertThat(names(plan.primary(), "aws:lb/listener:Listener")).containsExactly("dev-http", "dev-https");
    }

    @Test
    void theReplicaHasNoRepositoriesOfItsOwnAndPullsFromTheRegistryReplicaInItsRegion() throws Exception {
        assertThat(plan.drReplica().ofType("aws:ecr/repository:Repository")).isEmpty();
        var containers = new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                (String) plan.named("dev-dr-api-task").inputs().get("containerDefinitions"), List.class);
        assertThat(((Map<?, ?>) containers.get(0)).get("image")).isEqualTo("111111111111.dkr.ecr.eu-central-1.amazonaws.com/dev/api:1.0.0");
    }

    @Test
    void thePilotLightReplicaRunsNoTasks() {
        assertThat(plan.named("dev-dr-api-service").inputs()).containsEntry("desiredCount", 0L);
        assertThat(plan.named("dev-api-service").inputs()).containsEntry("desiredCount", 1L);
    }

    @Test
    void theReplicaHasNoPublicNameOfItsOwnTheFailoverRecordsPointAtIt() {
        assertThat(plan.drReplica().ofType("aws:route53/record:Record")).isEmpty();
        assertThat(names(plan, "aws:route53/record:Record")).containsExactly("dev-dns-primary", "dev-dns-secondary");
    }

    @Test
    void theStackNamesTheDrRegion() {
        assertThat(plan.outputs()).containsEntry("drRegion", "eu-central-1");
    }
}
