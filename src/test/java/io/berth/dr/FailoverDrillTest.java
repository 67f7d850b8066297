package io.berth.dr;

import io.berth.load.ConfigException;
import io.berth.load.EnvironmentLoader;
import io.berth.load.RawConfig;
import io.berth.plan.OfflinePlanner;
import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The drill moves traffic: {@code berth:dr.drill: true} inverts Route 53's health check of the
 * primary, so the PRIMARY failover record is unhealthy and DNS answers with the replica; nothing
 * else changes, and setting it back to false reverts exactly that.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FailoverDrillTest {
    private static final String ACTIVE = "    active: true\n";

    @Test
    void theDrillInvertsThePrimaryHealthCheckAndNothingElse() throws Exception {
        var active = ShippedStacks.planEdited("prod", "    active: false\n", ACTIVE); // shared with PrimaryRegionDownTest
        var drill = OfflinePlanner.plan(prodWith("    active: false\n", ACTIVE + "    drill: true\n"), "prod");
        assertThat(active.named("prod-dns-primary-health").inputs()).containsEntry("invertHealthcheck", false);
        assertThat(drill.named("prod-dns-primary-health").inputs()).containsEntry("invertHealthcheck", true);
        assertThat(changed(active, drill)).containsExactly("prod-dns-primary-health");
    }

    @Test
    void aDrillNeedsTheReplicaActiveAndFailoverRecords() throws Exception {
        var passive = prodWith("    active: false\n", "    active: false\n    drill: true\n");
        assertThatThrownBy(() -> EnvironmentLoader.load("prod", RawConfig.fromStackFile(passive, "prod")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly("Pulumi.prod.yaml: berth:dr.drill: a drill "
                        + "sends users to the replica; set active: true first (and pulumi up) so it runs production's capacity, then drill: true"));
        var stack = Files.readString(passive.resolve("Pulumi.prod.yaml"));
        Files.writeString(passive.resolve("Pulumi.prod.yaml"), stack.substring(0, stack.indexOf("  berth:dns:"))
                .replace("active: false", "active: true") + stack.substring(stack.indexOf("  berth:hostGroups:")));
        assertThatThrownBy(() -> EnvironmentLoader.load("prod", RawConfig.fromStackFile(passive, "prod")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly("Pulumi.prod.yaml: berth:dr.drill: a drill "
                        + "fails DNS over to the replica, and this stack has no berth:dns (no failover records); add berth:dns, or point "
                        + "your own DNS at the stack output drLoadBalancerDnsName"));
    }

    /** Logical names of the resources whose inputs or options differ between two plans (or that only one has). */
    private static TreeSet<String> changed(Plan before, Plan after) {
        Function<Plan, Map<String, PlannedResource>> byUrn = p -> p.resources().stream()
                .collect(Collectors.toMap(PlannedResource::urn, Function.identity()));
        var a = byUrn.apply(before);
        var b = byUrn.apply(after);
        var urns = new TreeSet<>(a.keySet());
        urns.addAll(b.keySet());
        return urns.stream().filter(u -> a.get(u) == null || b.get(u) == null || !a.get(u).inputs().equals(b.get(u).inputs())
                        || !a.get(u).options().equals(b.get(u).options()))
                .map(u -> u.substring(u.lastIndexOf("::") + 2)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Path prodWith(String from, String to) throws Exception {
        var dir = ShippedStacks.copyProject();
        var stack = Files.readString(Path.of("Pulumi.prod.yaml"));
        assertThat(stack).contains(from);
        Files.writeString(dir.resolve("Pulumi.prod.yaml"), stack.replace(from, to));
        return dir;
    }
}
