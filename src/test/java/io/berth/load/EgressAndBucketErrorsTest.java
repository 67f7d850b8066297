package io.berth.load;

import io.berth.model.EnvironmentConfig;
import io.berth.model.ServiceSpec;
import io.berth.testing.Catalogs;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Catalog egress declarations and owned buckets: GIVEN one mistake in a valid entry, WHEN it is parsed,
 * THEN exactly one message names the file, the field path, the value as written, what is allowed and
 * the fix. And the accepted forms: one rule per port, per-environment overrides, the replica's own
 * declarations, bucket names and placeholders per region.
 */
class EgressAndBucketErrorsTest {
    private static final String FILE = "services/api.yaml: ";
    private static final String DR = "{\"region\":\"eu-central-1\",\"mode\":\"warm-standby\"}";
    private static EnvironmentConfig dev;

    @BeforeAll
    static void environment() {
        dev = Fixtures.environment();
    }

    record Case(String name, Map<String, Object> settings, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case egress(String name, Map<String, Object> rule, String problem) {
        return new Case(name, Map.of("egress", List.of(rule)), FILE + problem);
    }

    static Stream<Case> mistakes() {
        var world = "sends to every address of the internet; dev allows that only on TCP 443. Name the network you send to "
                + "(a CIDR block, prefix list or security group), or set berth:network.allowWorldEgress: true in "
                + "Pulumi.dev.yaml if the environment accepts it";
        return Stream.of(
                egress("not a CIDR", Map.of("to", "10.40.0.0/33", "ports", List.of(5432)),
                        "egress[0].to: '10.40.0.0/33' is not an IPv4 or IPv6 CIDR block (10.40.0.0/16), a prefix list "
                                + "(pl-0123456789abcdef0) or a security group (sg-0123456789abcdef0); a single address is "
                                + "written with its prefix, e.g. 10.40.0.12/32"),
                egress("an address without prefix", Map.of("to", "10.40.0.12", "ports", List.of(5432)),
                        "egress[0].to: '10.40.0.12' is not an IPv4 or IPv6 CIDR block (10.40.0.0/16), a prefix list "
                                + "(pl-0123456789abcdef0) or a security group (sg-0123456789abcdef0); a single address is "
                                + "written with its prefix, e.g. 10.40.0.12/32"),
                egress("host bits set", Map.of("to", "10.40.1.0/16", "ports", List.of(5432)),
                        "egress[0].to: '10.40.1.0/16' has host bits set; did you mean 10.40.0.0/16?"),
                egress("bad security group id", Map.of("to", "sg-12345", "ports", List.of(5432)),
                        "egress[0].to: 'sg-12345' is not a security group id: sg- and 8 or 17 lowercase hex digits, e.g. "
                                + "sg-0123456789abcdef0"),
                egress("bad prefix list id", Map.of("to", "pl-XYZ00000", "ports", List.of(443)),
                        "egress[0].to: 'pl-XYZ00000' is not a prefix list id: pl- and 8 or 17 lowercase hex digits, e.g. "
                                + "pl-0123456789abcdef0"),
                egress("port above 65535", Map.of("to", "10.40.0.0/16", "ports", List.of(70000)),
                        "egress[0].ports[0]: '70000' is outside the ports 1..65535"),
                egress("reversed range", Map.of("to", "10.40.0.0/16", "ports", List.of("8100-8000")),
                        "egress[0].ports[0]: '8100-8000' is a reversed range; write the lower port first: \"8000-8100\""),
                egress("port as a word", Map.of("to", "10.40.0.0/16", "ports", List.of("postgres")),
                        "egress[0].ports[0]: 'postgres' is not a port or a port range; write a port 1..65535 (5432) or a "
                                + "range in quotes (\"8000-8100\")"),
                egress("no ports", Map.of("to", "10.40.0.0/16"),
                        "egress[0].ports: is required: the ports to send to, e.g. [5432] or [\"8000-8100\"]"),
                egress("icmp", Map.of("to", "10.40.0.0/16", "ports", List.of(5432), "protocol", "icmp"),
                        "egress[0].protocol: must be one of tcp, udp, got 'icmp' (did you mean 'tcp'?)"),
                egress("world on the database port", Map.of("to", "0.0.0.0/0", "ports", List.of(5432)),
                        "egress[0].to: '0.0.0.0/0' on TCP 5432 " + world),
                egress("IPv6 world on UDP 443", Map.of("to", "::/0", "ports", List.of(443), "protocol", "udp"),
                        "egress[0].to: '::/0' on UDP 443 " + world),
                egress("world on 443 again", Map.of("to", "0.0.0.0/0", "ports", List.of(443)),
                        "egress[0].to: TCP 443 to 0.0.0.0/0 is open for every service already (AWS APIs, image pulls); "
                                + "remove this declaration"),
                egress("description EC2 refuses", Map.of("to", "10.40.0.0/16", "ports", List.of(5432), "description", "orders' db"),
                        "egress[0].description: 'orders' db' is not a security-group rule description: at most 255 of "
                                + "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*; e.g. orders database"),
                new Case("the same rule twice", Map.of("egress", List.of(Map.of("to", "10.40.0.0/16", "ports", List.of(5432)),
                        Map.of("to", "10.40.0.0/16", "ports", List.of(5432), "description", "again"))),
                        FILE + "egress[1].to: TCP 5432 to '10.40.0.0/16' is declared twice; keep one declaration"),
                new Case("replicaEgress without a replica", Map.of("replicaEgress", List.of(Map.of("to", "10.140.0.0/16",
                        "ports", List.of(5432)))),
                        FILE + "replicaEgress: applies to the DR replica, and dev has none (no berth:dr); declare it under "
                                + "environments.<env>.replicaEgress of an environment with a replica, or remove it"),
                new Case("bucket name with capitals", Map.of("buckets", List.of(Map.of("name", "Reports"))),
                        FILE + "buckets[0].name: 'Reports' is not a bucket name: 2 to 20 lowercase letters, digits or hyphens, "
                                + "starting with a letter (berth makes it globally unique: "
                                + "berth-<env>-<service>-<name>-<account>-<region>), e.g. reports"),
                new Case("two buckets with one name", Map.of("buckets", List.of(Map.of("name", "reports"), Map.of("name", "reports"))),
                        FILE + "buckets[1].name: 'reports' names another bucket of this service too; give each bucket its own name"),
                new Case("unknown access", Map.of("buckets", List.of(Map.of("name", "reports", "access", "write"))),
                        FILE + "buckets[0].access: must be one of read-write, read-only, write-only, got 'write'"),
                new Case("placeholder of an undeclared bucket", Map.of("buckets", List.of(Map.of("name", "reports")),
                        "environment", Map.of("BUCKET", "{bucket:report}")),
                        FILE + "environment.BUCKET: unknown placeholder {bucket:report} in '{bucket:report}' (did you mean "
                                + "{bucket:reports}?); placeholders are {env}, {region}, {account}, {service}, {bucket:reports}"),
                new Case("a permission with the id of a bucket grant", Map.of("buckets", List.of(Map.of("name", "reports")),
                        "permissions", List.of(Map.of("sid", "BucketReportsObjects", "actions", List.of("sqs:SendMessage"),
                                "resources", List.of("arn:aws:sqs:{region}:{account}:q")))),
                        FILE + "permissions[0].sid: 'BucketReportsObjects' is the id berth gives the grant of a bucket this "
                                + "service declares; choose another id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void oneMistakeOneExactMessage(Case c) {
        assertThatThrownBy(() -> Fixtures.service("api", c.settings(), dev))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(c.problem()));
    }

    @Test
    void eachPortOfADeclarationIsOneRule() {
        var spec = Fixtures.service("api", Map.of("egress", List.of(Map.of("to", "10.40.0.0/16", "ports", List.of(5432, "6379-6380"),
                "description", "data stores"))), dev);

        assertThat(spec.egress()).containsExactly(
                new ServiceSpec.Egress("10.40.0.0/16", "tcp", 5432, 5432, "data stores"),
                new ServiceSpec.Egress("10.40.0.0/16", "tcp", 6379, 6380, "data stores"));
    }

    @Test
    void worldEgressBeyondHttpsIsAcceptedWhereTheEnvironmentAllowsIt() {
        var open = Fixtures.environment("dev", Map.of("berth:network", "{\"allowWorldEgress\":true}"));

        var spec = Fixtures.service("api", Map.of("egress", List.of(Map.of("to", "0.0.0.0/0", "ports", List.of(25)))), open);

        assertThat(spec.egress()).containsExactly(new ServiceSpec.Egress("0.0.0.0/0", "tcp", 25, 25, "to 0.0.0.0/0"));
    }

    @Test
    void anEnvironmentsEgressReplacesTheBaseList() throws java.io.IOException {
        var files = Catalogs.files("api.yaml", """
                image: {repository: api, tag: "1.0.0"}
                egress: [{to: 10.41.0.0/24, ports: [5432]}]
                environments:
                  prod:
                    egress: [{to: 10.43.0.0/24, ports: [5432], description: prod database}]
                """);

        assertThat(Catalogs.load(dev, files).services().get(0).egress())
                .containsExactly(new ServiceSpec.Egress("10.41.0.0/24", "tcp", 5432, 5432, "to 10.41.0.0/24"));
        assertThat(Catalogs.load(Fixtures.production(), files).services().get(0).egress())
                .containsExactly(new ServiceSpec.Egress("10.43.0.0/24", "tcp", 5432, 5432, "prod database"));
    }

    @Test
    void theReplicaKeepsThePrimarysCidrsUnlessItHasItsOwn() {
        var prod = Fixtures.environment("prod", Map.of("berth:dr", DR));
        var base = Map.<String, Object>of("egress", List.of(Map.of("to", "10.43.0.0/24", "ports", List.of(5432))));
        var own = Map.<String, Object>of("egress", List.of(Map.of("to", "10.43.0.0/24", "ports", List.of(5432))),
                "environments", Map.of("prod", Map.of("replicaEgress", List.of(Map.of("to", "10.143.0.0/24", "ports", List.of(5432))))));

        var same = Fixtures.stack(prod, Map.of("api", base));
        var overridden = Fixtures.stack(prod, Map.of("api", own));

        assertThat(same.replica().orElseThrow().catalog().services().get(0).egress()).extracting(ServiceSpec.Egress::to)
                .containsExactly("10.43.0.0/24");
        assertThat(overridden.catalog().services().get(0).egress()).extracting(ServiceSpec.Egress::to).containsExactly("10.43.0.0/24");
        assertThat(overridden.replica().orElseThrow().catalog().services().get(0).egress()).extracting(ServiceSpec.Egress::to)
                .containsExactly("10.143.0.0/24");
    }

    @Test
    void theReplicaCannotUseThePrimarysSecurityGroup() {
        var prod = Fixtures.environment("prod", Map.of("berth:dr", DR));
        var settings = Map.<String, Object>of("egress", List.of(Map.of("to", "sg-0123456789abcdef0", "ports", List.of(5432))));

        assertThatThrownBy(() -> Fixtures.stack(prod, Map.of("api", settings)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(FILE + "egress[0].to: the DR "
                        + "replica in eu-central-1 stands in for eu-west-1 while that region is down, but 'sg-0123456789abcdef0' "
                        + "is a security group of eu-west-1 (ids are regional); declare the replica's own egress under "
                        + "environments.prod.replicaEgress"));
    }

    @Test
    void aBucketIsNamedForItsRegionAndItsPlaceholderResolvesThereInPrimaryAndReplica() {
        var prod = Fixtures.environment("prod", Map.of("berth:dr", DR));
        var settings = Map.<String, Object>of("buckets", List.of(Map.of("name", "reports", "access", "write-only")),
                "environment", Map.of("REPORTS_BUCKET", "{bucket:reports}"),
                "permissions", List.of(Map.of("sid", "Tag", "actions", List.of("s3:PutObjectTagging"),
                        "resources", List.of("arn:aws:s3:::{bucket:reports}/*"))));

        var stack = Fixtures.stack(prod, Map.of("api", settings));
        var primary = stack.catalog().services().get(0);
        var replica = stack.replica().orElseThrow().catalog().services().get(0);

        var west = "berth-prod-api-reports-111111111111-eu-west-1";
        var central = "berth-prod-api-reports-111111111111-eu-central-1";
        assertThat(primary.buckets()).containsExactly(new ServiceSpec.Bucket("reports", ServiceSpec.Access.WRITE_ONLY, west,
                Optional.empty(), true, Optional.of(central)));
        assertThat(replica.buckets()).containsExactly(new ServiceSpec.Bucket("reports", ServiceSpec.Access.WRITE_ONLY, central,
                Optional.empty(), true, Optional.empty()));
        assertThat(primary.environment()).containsEntry("REPORTS_BUCKET", west);
        assertThat(replica.environment()).containsEntry("REPORTS_BUCKET", central);
        assertThat(primary.permissions().get(0).resources()).containsExactly("arn:aws:s3:::" + west + "/*");
        assertThat(replica.permissions().get(0).resources()).containsExactly("arn:aws:s3:::" + central + "/*");
    }

    @Test
    void aBucketOfAnEnvironmentWithoutReplicaKeepsNoVersions() {
        var bucket = Fixtures.service("api", Map.of("buckets", List.of(Map.of("name", "reports"))), dev).buckets().get(0);

        assertThat(bucket.versioned()).isFalse();
        assertThat(bucket.replicaBucketName()).isEmpty();
        assertThat(bucket.access()).isEqualTo(ServiceSpec.Bucket.DEFAULT_ACCESS);
    }
}
