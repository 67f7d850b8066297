package io.berth.dr;

import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replica stands in for the primary region while it is down, so none of its resources may name
 * that region: every string of every input of prod's plan that names eu-west-1 is listed, and only
 * the DR machinery that must point at the primary may (the failover record and its health check).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReplicaRegionTest {
    private static final String PRIMARY_REGION = "eu-west-1";

    /** {@code <resource> <input path>} of every input string naming {@code region}. */
    static TreeSet<String> references(Plan plan, String region) {
        var found = new TreeSet<String>();
        for (var r : plan.resources()) {
            collect(r, "", r.inputs(), region, found);
        }
        return found;
    }

    private static void collect(PlannedResource r, String path, Object value, String region, TreeSet<String> found) {
        if (value instanceof String s && s.contains(region)) {
            found.add(r.name() + " " + path);
        } else if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> collect(r, path.isEmpty() ? String.valueOf(k) : path + "." + k, v, region, found));
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                collect(r, path + "[" + i + "]", l.get(i), region, found);
            }
        }
    }

    @Test
    void noReplicaResourceNamesThePrimaryRegion() {
        var plan = ShippedStacks.plan("prod");
        assertThat(plan.drReplica().resources()).hasSizeGreaterThan(100);
        // before the replica's catalog was resolved for its own region: 9 references in 6 resources
        // (secrets, parameters, the queue URL and SQS grants of orders and order-worker)
        assertThat(references(plan.drReplica(), PRIMARY_REGION)).isEmpty();
        assertThat(references(plan.drReplica(), "eu-central-1")).hasSizeGreaterThan(50);
    }

    @Test
    void onlyTheFailoverPathPointsAtThePrimaryRegion() {
        var plan = ShippedStacks.plan("prod");
        // the DR machinery of the primary: failover records and health check, replication, the provider
        var failover = new Plan(plan.stack(), plan.env(), plan.catalog(), plan.resources().stream()
                .filter(r -> r.urn().contains("berth:dns:Dns") || r.type().startsWith("aws:route53/")
                        || r.type().equals("aws:ecr/replicationConfiguration:ReplicationConfiguration"))
                .toList(), Map.of());
        assertThat(references(failover, PRIMARY_REGION)).containsExactly(
                "prod-dns-primary aliases[0].name",    // the PRIMARY record aliases the primary load balancer
                "prod-dns-primary-health fqdn");            // whose health decides the failover
        assertThat(references(failover, "eu-central-1")).containsExactly(
                "prod-dns-secondary aliases[0].name",   // the SECONDARY record aliases the replica's load balancer
                "prod-replication-configuration replicationConfiguration.rules[0].destinations[0].region");
    }
}
