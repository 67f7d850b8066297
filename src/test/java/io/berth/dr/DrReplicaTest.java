package io.berth.dr;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.config.ConfigException;
import io.berth.config.EnvironmentLoader;
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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Prod's disaster-recovery replica in eu-central-1 and the image replication feeding it. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
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
        assertThat(dr.ofType("aws:ecs/service:Service")).hasSize(8);
        assertThat(dr.ofType("aws:ec2/subnet:Subnet")).extracting(s -> (String) s.inputs().get("availabilityZone"))
                .allMatch(az -> az.startsWith("eu-central-1"));
    }

    @Test
    void replicaTasksPullFromTheRegistryReplicaInTheirOwnRegion() throws Exception {
        var dr = ShippedStacks.plan("prod").drReplica();
        var task = dr.named("prod-dr-orders-task");
        var containers = new ObjectMapper().readValue((String) task.inputs().get("containerDefinitions"), List.class);
        assertThat(((Map<?, ?>) containers.get(0)).get("image"))
                .isEqualTo("333333333333.dkr.ecr.eu-central-1.amazonaws.com/prod/orders:latest");
        assertThat(dr.ofType("aws:ecr/repository:Repository")).isEmpty(); // replication creates them
        var template = dr.ofType("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate");
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
        assertThat(ShippedStacks.plan("dev").ofType("aws:ecr/replicationConfiguration:ReplicationConfiguration")).isEmpty();
        assertThat(ShippedStacks.plan("dev").drReplica().resources()).isEmpty();
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
        var active = planProdWith("active: false", "active: true").drReplica();
        assertThat(minimum(active, "frontend")).isEqualTo(3L);
        assertThat(active.ofType("aws:appautoscaling/scheduledAction:ScheduledAction")).hasSize(2);
    }

    @Test
    void drRegionEqualToThePrimaryIsRejected() throws Exception {
        var dir = prodProjectWith("region: eu-central-1", "region: eu-west-1");
        assertThatThrownBy(() -> OfflinePlanner.plan(dir, "prod"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Pulumi.prod.yaml: berth:dr.region: the DR region must differ from the primary region "
                        + "eu-west-1: a replica in the same region fails with it");
    }

    @Test
    void warmStandbyFractionOutOfRangeIsRejected() throws Exception {
        var dir = prodProjectWith("warmStandbyFraction: 0.5", "warmStandbyFraction: 1.5");
        assertThatThrownBy(() -> EnvironmentLoader.load("prod", io.berth.config.RawConfig.fromStackFile(dir, "prod")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Pulumi.prod.yaml: berth:dr.warmStandbyFraction: must be a number above 0 and at most 1 "
                        + "(the share of production's minimum tasks kept running), got 1.5");
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

    /** A copy of the project (stack file and catalog) with one line of Pulumi.prod.yaml's dr section changed. */
    private static Path prodProjectWith(String from, String to) throws Exception {
        var dir = Files.createTempDirectory("berth-dr-");
        var stack = Files.readString(Path.of("Pulumi.prod.yaml"));
        var drSection = stack.substring(stack.indexOf("berth:dr:"));
        Files.writeString(dir.resolve("Pulumi.prod.yaml"), stack.replace(drSection, drSection.replace(from, to)));
        for (var other : List.of("Pulumi.dev.yaml", "Pulumi.beta.yaml")) {
            Files.copy(Path.of(other), dir.resolve(other)); // overrides may name every stack
        }
        Files.createDirectories(dir.resolve("services"));
        try (Stream<Path> files = Files.list(Path.of("services"))) {
            for (var f : files.toList()) {
                Files.copy(f, dir.resolve("services").resolve(f.getFileName()));
            }
        }
        return dir;
    }
}
