package io.berth.dr;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.load.ConfigException;
import io.berth.load.EnvironmentLoader;
import io.berth.plan.OfflinePlanner;
import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Prod's disaster-recovery replica in eu-central-1 and the image replication feeding it. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@SuppressWarnings("unchecked")
class DrReplicaTest {
    private static final String DR_PROVIDER = "urn:pulumi:prod::berth::pulumi:providers:aws::dr::";
    private static final String PRIMARY_PROVIDER = "urn:pulumi:prod::berth::pulumi:providers:aws::primary::";

    @Test
    void everyReplicaResourceGoesThroughTheDrProviderAndNothingThroughTheDefault() {
        var plan = ShippedStacks.plan("prod");
        var provider = plan.named("dr");
        assertThat(provider.inputs()).containsEntry("region", "eu-central-1");
        var replica = plan.drReplica().resources().stream().filter(PlannedResource::custom).toList();
        assertThat(replica).hasSizeGreaterThan(100)
                .allSatisfy(r -> assertThat(r.provider()).as(r.name()).startsWith(DR_PROVIDER));
        assertThat(plan.primary().resources()).filteredOn(r -> r.custom() && !r.type().startsWith("pulumi:providers:"))
                .allSatisfy(r -> assertThat(r.provider()).as(r.name()).startsWith(PRIMARY_PROVIDER));
        assertThat(plan.resources()).filteredOn(r -> r.custom() && !r.type().startsWith("pulumi:providers:"))
                .noneMatch(r -> r.provider().isEmpty());
        // the replica is a whole environment: network, cluster, load balancer and every service
        var dr = plan.drReplica();
        assertThat(dr.ofType("aws:ec2/vpc:Vpc")).singleElement().satisfies(v -> assertThat(v.inputs()).containsEntry("cidrBlock", "10.130.0.0/16"));
        assertThat(dr.ofType("aws:ecs/cluster:Cluster")).hasSize(1);
        assertThat(dr.ofType("aws:lb/loadBalancer:LoadBalancer")).hasSize(1);
        assertThat(dr.ofType("aws:ecs/service:Service")).hasSize(7); // and batch-reports, a job
        // a passive replica's job waits: the primary runs it
        assertThat(dr.ofType("aws:scheduler/schedule:Schedule")).singleElement()
                .satisfies(s -> assertThat(s.inputs()).containsEntry("state", "DISABLED"));
        assertThat(plan.primary().ofType("aws:scheduler/schedule:Schedule")).singleElement()
                .satisfies(s -> assertThat(s.inputs()).containsEntry("state", "ENABLED"));
        assertThat(dr.ofType("aws:ec2/subnet:Subnet")).extracting(s -> (String) s.inputs().get("availabilityZone"))
                .allMatch(az -> az.startsWith("eu-central-1"));
    }

    @Test
    void replicaTasksPullFromTheRegistryReplicaInTheirOwnRegion() throws Exception {
        var dr = ShippedStacks.plan("prod").drReplica();
        var task = dr.named("prod-dr-orders-task");
        var containers = new ObjectMapper().readValue((String) task.inputs().get("containerDefinitions"), List.class);
        assertThat(((Map<?, ?>) containers.get(0)).get("image"))
                .isEqualTo("333333333333.dkr.ecr.eu-central-1.amazonaws.com/prod/orders:1.0.0");
        assertThat(dr.ofType("aws:ecr/repository:Repository")).isEmpty(); // replication creates them
        var template = dr.ofType("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate");
        // tags and KMS in a template need a role ECR assumes; replication waits for the template
        var role = dr.named("prod-replication-template-role");
        assertThat(template.get(0).inputs().get("customRoleArn")).isEqualTo("arn:aws:iam::333333333333:role/prod-replication-template-role");
        // AWS's documented trust policy for the repository-creation role, with no condition (ECR is not
        // documented to send aws:SourceAccount; a condition on a key it does not send denies the role)
        assertThat(new ObjectMapper().readValue((String) role.inputs().get("assumeRolePolicy"), Map.class)).isEqualTo(Map.of(
                "Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow",
                        "Principal", Map.of("Service", "ecr.amazonaws.com"), "Action", "sts:AssumeRole"))));
        assertThat(ShippedStacks.plan("prod").ofType("aws:ecr/replicationConfiguration:ReplicationConfiguration").get(0).dependencies())
                .contains(template.get(0).urn());
        assertThat(template).singleElement().satisfies(t -> {
            assertThat(t.inputs()).containsEntry("prefix", "prod/").containsEntry("appliedFors", List.of("REPLICATION"))
                    .containsEntry("imageTagMutability", "IMMUTABLE");
            assertThat((String) t.inputs().get("lifecyclePolicy")).contains("imageCountMoreThan");
        });
    }

    @Test
    void replicationCoversTheEnvironmentPrefixAndNamesTheDrRegion() {
        var plan = ShippedStacks.plan("prod");
        var replication = plan.ofType("aws:ecr/replicationConfiguration:ReplicationConfiguration");
        assertThat(replication).singleElement().satisfies(r -> {
            assertThat(r.provider()).startsWith(PRIMARY_PROVIDER);
            assertThat(r.inputs().get("replicationConfiguration")).isEqualTo(Map.of("rules", List.of(Map.of(
                    "destinations", List.of(Map.of("region", "eu-central-1", "registryId", "333333333333")),
                    "repositoryFilters", List.of(Map.of("filter", "prod/", "filterType", "PREFIX_MATCH"))))));
        });
        // dev has no replica; its replication only promotes images into beta's account
        assertThat(ShippedStacks.plan("dev").drReplica().resources()).isEmpty();
        assertThat(ShippedStacks.plan("dev").ofType("aws:ecr/replicationConfiguration:ReplicationConfiguration"))
                .singleElement().satisfies(r -> assertThat(r.inputs().get("replicationConfiguration")).isEqualTo(Map.of("rules", List.of(Map.of(
                        "destinations", List.of(Map.of("region", "eu-west-1", "registryId", "222222222222")),
                        "repositoryFilters", List.of(Map.of("filter", "dev/", "filterType", "PREFIX_MATCH")))))));
        // the destination account accepts it with a registry policy
        assertThat(ShippedStacks.plan("beta").ofType("aws:ecr/registryPolicy:RegistryPolicy")).singleElement()
                .satisfies(p -> assertThat((String) p.inputs().get("policy")).contains("arn:aws:iam::111111111111:root")
                        .contains("ecr:ReplicateImage"));
    }

    @Test
    void warmStandbyRunsTheConfiguredFractionOfProduction() {
        var plan = ShippedStacks.plan("prod");
        assertThat(minimum(plan.drReplica(), "frontend")).isEqualTo(2L);  // ceil(3 * 0.5)
        assertThat(minimum(plan.drReplica(), "orders")).isEqualTo(2L);    // ceil(3 * 0.5)
        assertThat(minimum(plan.drReplica(), "nodejs")).isEqualTo(1L);    // ceil(2 * 0.5)
        assertThat(maximum(plan.drReplica(), "frontend")).isEqualTo(20L); // ready to scale to production's maximum
        // schedules would scale the standby up: only an active replica keeps them
        assertThat(plan.drReplica().ofType("aws:appautoscaling/scheduledAction:ScheduledAction")).isEmpty();
    }

    @Test
    void pilotLightRunsNothingAndActiveRunsEverything() throws Exception {
        var pilot = planProdWith("mode: warm-standby", "mode: pilot-light").drReplica();
        assertThat(pilot.ofType("aws:appautoscaling/target:Target"))
                .allSatisfy(t -> assertThat(t.inputs()).containsEntry("minCapacity", 0L));
        assertThat(pilot.ofType("aws:ecs/service:Service"))
                .allSatisfy(s -> assertThat(s.inputs()).containsEntry("desiredCount", 0L));
        var active = ShippedStacks.planEdited("prod", "    active: false\n", "    active: true\n").drReplica(); // shared
        assertThat(minimum(active, "frontend")).isEqualTo(3L);
        // the catalog's schedules come back: reports' two, and the batch-reports job's schedule is enabled
        assertThat(active.ofType("aws:appautoscaling/scheduledAction:ScheduledAction")).hasSize(2);
        assertThat(active.ofType("aws:scheduler/schedule:Schedule")).singleElement()
                .satisfies(s -> assertThat(s.inputs()).containsEntry("state", "ENABLED"));
    }

    @Test
    void drRegionEqualToThePrimaryIsRejected() throws Exception {
        var dir = prodProjectWith("region: eu-central-1", "region: eu-west-1");
        assertThatThrownBy(() -> OfflinePlanner.plan(dir, "prod"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly("Pulumi.prod.yaml: berth:dr.region: the DR region must differ from the primary region "
                        + "eu-west-1: a replica in the same region fails with it"));
    }

    @Test
    void warmStandbyFractionOutOfRangeIsRejected() throws Exception {
        var dir = prodProjectWith("warmStandbyFraction: 0.5", "warmStandbyFraction: 1.5");
        assertThatThrownBy(() -> EnvironmentLoader.load("prod", io.berth.load.RawConfig.fromStackFile(dir, "prod")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly("Pulumi.prod.yaml: berth:dr.warmStandbyFraction: must be a number above 0 and at most 1 "
                        + "(the share of production's minimum tasks kept running), got 1.5"));
    }

    @Test
    void failoverRecordsOnlyWhenAZoneIsConfigured() {
        var prod = ShippedStacks.plan("prod");
        var records = prod.ofType("aws:route53/record:Record");
        assertThat(records).extracting(r -> r.inputs().get("setIdentifier")).containsExactlyInAnyOrder("prod-primary", "prod-dr");
        var primary = records.stream().filter(r -> "prod-primary".equals(r.inputs().get("setIdentifier"))).findFirst().orElseThrow();
        var check = prod.ofType("aws:route53/healthCheck:HealthCheck").get(0);
        assertThat(primary.inputs()).containsEntry("healthCheckId", check.id()).containsEntry("name", "shop.example.com")
                .containsEntry("failoverRoutingPolicies", List.of(Map.of("type", "PRIMARY")));
        assertThat((String) ((List<Map<String, Object>>) primary.inputs().get("aliases")).get(0).get("name"))
                .startsWith("prod-alb-").endsWith(".eu-west-1.elb.amazonaws.com");
        var secondary = records.stream().filter(r -> "prod-dr".equals(r.inputs().get("setIdentifier"))).findFirst().orElseThrow();
        assertThat((String) ((List<Map<String, Object>>) secondary.inputs().get("aliases")).get(0).get("name")).contains("eu-central-1");
        assertThat(check.inputs()).containsEntry("type", "HTTPS").containsEntry("resourcePath", "/health").containsEntry("port", 443L);
        assertThat(ShippedStacks.plan("beta").ofType("aws:route53/record:Record")).isEmpty();
        assertThat(ShippedStacks.plan("dev").ofType("aws:route53/healthCheck:HealthCheck")).isEmpty();
    }

    @Test
    void failoverNeedsHealthCheckersToReachThePrimary() throws Exception {
        var dir = prodProjectWith("  berth:ingress:\n", "  berth:ingress:\n    allowedCidrs: [203.0.113.0/24]\n");
        assertThatThrownBy(() -> EnvironmentLoader.load("prod", io.berth.load.RawConfig.fromStackFile(dir, "prod")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly("Pulumi.prod.yaml: berth:ingress.allowedCidrs: Route 53 health checkers must reach the "
                        + "primary load balancer for DR failover (berth:dns with berth:dr), and they come from AWS's public ranges; keep "
                        + "0.0.0.0/0 here and restrict access at the application, or drop berth:dns"));
    }

    @Test
    void moreThanTenReplicationRulesIsRejected() throws Exception {
        var entries = new StringBuilder("    replicateTo:\n");
        for (int i = 0; i < 10; i++) {
            entries.append("      - {account: \"44444444444").append(i).append("\", regions: [us-east-1]}\n");
        }
        var dir = prodProjectWith("    acceptReplicationFrom: [\"222222222222\"]\n", entries.toString());
        assertThatThrownBy(() -> EnvironmentLoader.load("prod", io.berth.load.RawConfig.fromStackFile(dir, "prod")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly("Pulumi.prod.yaml: berth:registry.replicateTo: a registry's replication configuration holds at "
                        + "most 10 rules (AWS rule 25); berth needs one per entry plus one for the DR region, got 11; list several "
                        + "regions of one account in one entry"));
    }

    @Test
    void moreThanTwentyFiveDestinationsIsRejected() throws Exception {
        var regions = new StringBuilder();
        var prefixes = List.of("us-east-", "us-west-", "ap-south-");
        for (int i = 0; i < 26; i++) { // 26 distinct names (a repeated region is refused on its own)
            regions.append(i == 0 ? "" : ", ").append(prefixes.get(i / 9)).append(i % 9 + 1);
        }
        var dir = prodProjectWith("    acceptReplicationFrom: [\"222222222222\"]\n",
                "    replicateTo:\n      - {account: \"444444444444\", regions: [" + regions + "]}\n");
        assertThatThrownBy(() -> EnvironmentLoader.load("prod", io.berth.load.RawConfig.fromStackFile(dir, "prod")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly("Pulumi.prod.yaml: berth:registry.replicateTo[0].regions: a replication rule takes at most 25 "
                        + "destinations (AWS rule 25), got 26"));
    }

    private static long minimum(Plan plan, String service) {
        return (Long) target(plan, service).inputs().get("minCapacity");
    }

    private static long maximum(Plan plan, String service) {
        return (Long) target(plan, service).inputs().get("maxCapacity");
    }

    private static PlannedResource target(Plan plan, String service) {
        return plan.ofType("aws:appautoscaling/target:Target").stream()
                .filter(t -> t.name().equals("prod-dr-" + service + "-scaling")).findFirst().orElseThrow();
    }

    private static Plan planProdWith(String from, String to) throws Exception {
        return OfflinePlanner.plan(prodProjectWith(from, to), "prod");
    }

    /** A copy of the project (stack files and catalog) with the first occurrence of {@code from} in Pulumi.prod.yaml changed. */
    private static Path prodProjectWith(String from, String to) throws Exception {
        var dir = ShippedStacks.copyProject();
        var stack = Files.readString(Path.of("Pulumi.prod.yaml"));
        assertThat(stack).contains(from);
        Files.writeString(dir.resolve("Pulumi.prod.yaml"), stack.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to)));
        return dir;
    }
}
