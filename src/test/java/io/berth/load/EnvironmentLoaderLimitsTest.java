package io.berth.load;

import io.berth.model.DnsConfig;
import io.berth.model.RegistryConfig;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Stack settings of DNS and the registry at the edges of their rules: a valid value loads as
 * written, one mistake gives exactly one message naming the file, the field and the bad value.
 */
class EnvironmentLoaderLimitsTest {
    private static final String ZONE = "Z0123456789ABCDEFGHIJ";

    private static void assertProblem(Map<String, String> config, String expected) {
        assertThatThrownBy(() -> Fixtures.environment("dev", config))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly("Pulumi.dev.yaml: " + expected));
    }

    /** {@code count} distinct region names: ECR takes each destination once. */
    private static String regions(int count) {
        return String.join(", ", java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> "\"" + (char) ('a' + i / 10) + "x-west-" + i % 10 + "\"").toList());
    }

    /** {@code count} replication entries, each to its own account (ECR takes each destination once), from {@code first} on. */
    private static String targets(int first, int count) {
        return String.join(", ", java.util.stream.IntStream.range(first, first + count)
                .mapToObj(i -> "{\"account\": \"4444444444" + String.format("%02d", i) + "\", \"regions\": [\"eu-west-2\"]}").toList());
    }

    // --- DNS

    @Test
    void aDomainLoadsWithTheDefaultHealthCheckPath() {
        var env = Fixtures.environment("dev", Map.of("berth:dns", "{\"hostedZoneId\": \"" + ZONE + "\", \"domain\": \"shop.example.com\"}"));
        assertThat(env.dns()).contains(new DnsConfig(ZONE, "shop.example.com", "/"));
    }

    @Test
    void aHostedZoneIdThatIsNoRoute53Id() {
        assertProblem(Map.of("berth:dns", "{\"hostedZoneId\": \"zone-1\", \"domain\": \"shop.example.com\"}"),
                "berth:dns.hostedZoneId: 'zone-1' is not a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ");
    }

    @Test
    void aDomainInCapitals() {
        assertProblem(Map.of("berth:dns", "{\"hostedZoneId\": \"" + ZONE + "\", \"domain\": \"Shop.Example.com\"}"),
                "berth:dns.domain: 'Shop.Example.com' is not a lowercase DNS name such as shop.example.com");
    }

    @Test
    void aHealthCheckPathWithoutTheLeadingSlash() {
        assertProblem(Map.of("berth:dns", "{\"hostedZoneId\": \"" + ZONE + "\", \"domain\": \"shop.example.com\", \"healthCheckPath\": \"health\"}"),
                "berth:dns.healthCheckPath: must start with /, got 'health'");
    }

    // --- registry

    @Test
    void aPullAccountThatIsNoAccountId() {
        assertProblem(Map.of("berth:registry", "{\"pullAccounts\": [\"12345\"]}"),
                "berth:registry.pullAccounts: '12345' is not a 12-digit AWS account id");
    }

    @Test
    void anAcceptedAccountThatIsNoAccountId() {
        assertProblem(Map.of("berth:registry", "{\"acceptReplicationFrom\": [\"2222\"]}"),
                "berth:registry.acceptReplicationFrom: '2222' is not a 12-digit AWS account id");
    }

    @Test
    void aReplicationTargetAccountThatIsNoAccountId() {
        assertProblem(Map.of("berth:registry", "{\"replicationOwner\": true, \"replicateTo\": [{\"account\": \"1234\", \"regions\": [\"eu-west-2\"]}]}"),
                "berth:registry.replicateTo[0].account: must be a 12-digit AWS account id in quotes, got '1234'");
    }

    @Test
    void aReplicationTargetWithoutRegions() {
        assertProblem(Map.of("berth:registry", "{\"replicationOwner\": true, \"replicateTo\": [{\"account\": \"444444444444\"}]}"),
                "berth:registry.replicateTo[0].regions: is required: the regions of that account to replicate to, e.g. [eu-west-1]");
    }

    @Test
    void aReplicationTargetRegionThatIsNoRegion() {
        assertProblem(Map.of("berth:registry", "{\"replicationOwner\": true, \"replicateTo\": [{\"account\": \"444444444444\", \"regions\": [\"eu-west\"]}]}"),
                "berth:registry.replicateTo[0].regions: 'eu-west' is not an AWS region name such as eu-west-1");
    }

    @Test
    void aRuleOf25DestinationsLoads() {
        var env = Fixtures.environment("dev", Map.of("berth:registry", "{\"replicationOwner\": true, \"replicateTo\": "
                + "[{\"account\": \"444444444444\", \"regions\": [" + regions(RegistryConfig.MAX_DESTINATIONS) + "]}]}"));
        assertThat(env.registry().replicateTo()).singleElement()
                .satisfies(t -> assertThat(t.regions()).hasSize(RegistryConfig.MAX_DESTINATIONS));
    }

    @Test
    void tenReplicationRulesLoadAndElevenDoNot() {
        var ten = targets(0, RegistryConfig.MAX_RULES);
        var target = targets(RegistryConfig.MAX_RULES, 1);
        var env = Fixtures.environment("dev", Map.of("berth:registry", "{\"replicationOwner\": true, \"replicateTo\": [" + ten + "]}"));
        assertThat(env.registry().replicateTo()).hasSize(RegistryConfig.MAX_RULES);
        assertProblem(Map.of("berth:registry", "{\"replicationOwner\": true, \"replicateTo\": [" + ten + ", " + target + "]}"),
                "berth:registry.replicateTo: a registry's replication configuration holds at most 10 rules (AWS rule 25); "
                        + "berth needs one per entry, got 11; list several regions of one account in one entry");
    }

    @Test
    void nineTargetsAndTheDrRegionMakeTenRulesAndTenTargetsEleven() {
        var nine = targets(0, RegistryConfig.MAX_RULES - 1);
        var target = targets(RegistryConfig.MAX_RULES - 1, 1);
        var dr = "{\"region\": \"eu-central-1\"}";
        var env = Fixtures.environment("dev", Map.of("berth:dr", dr, "berth:registry", "{\"replicateTo\": [" + nine + "]}"));
        assertThat(env.registry().replicateTo()).hasSize(RegistryConfig.MAX_RULES - 1);
        assertProblem(Map.of("berth:dr", dr, "berth:registry", "{\"replicateTo\": [" + nine + ", " + target + "]}"),
                "berth:registry.replicateTo: a registry's replication configuration holds at most 10 rules (AWS rule 25); "
                        + "berth needs one per entry plus one for the DR region, got 11; list several regions of one account in one entry");
    }

    @Test
    void replicatingWithoutOwningTheConfiguration() {
        assertProblem(Map.of("berth:registry", "{\"replicateTo\": [{\"account\": \"444444444444\", \"regions\": [\"eu-west-2\"]}]}"),
                "berth:registry.replicateTo: only the stack that owns the registry's replication configuration may replicate "
                        + "(it is one per registry); set replicationOwner: true here and make sure no other stack of this account does");
    }
}
