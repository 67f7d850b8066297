package io.berth.load;

import io.berth.model.EnvironmentConfig;
import io.berth.testing.Catalogs;
import io.berth.testing.PulumiCliConfig;
import io.berth.testing.TestConfigs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.berth.testing.Catalogs.assertProblems;
import static io.berth.testing.Catalogs.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Inputs an outside review passed through {@code ./berth plan} that berth took silently (a value
 * changed or defaulted behind the user's back, or one AWS refuses halfway through a deployment):
 * GIVEN one such change to a valid file, WHEN it is loaded, THEN exactly one message names the
 * file, the field, the value as written, what is allowed and the fix. Stack-file cases are checked
 * both ways in (the file offline, the engine's {@code PULUMI_CONFIG} under {@code pulumi up}).
 */
class ReviewFindingsErrorsTest {
    private static final String BASE = TestConfigs.BASELINE;
    private static final String FILE = "Pulumi.dev.yaml: ";
    private static final String API = """
            image: {repository: api, tag: "1.0.0"}
            expose: {type: internal}
            """;
    private static final String TAG_VALUE = " cannot be a tag value, and berth tags resources with it: AWS takes at most 256 "
            + "letters, digits, spaces and _ . : / = + - @; e.g. platform-team";

    private static EnvironmentConfig dev;

    record Case(String name, String text, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void environment() {
        dev = Catalogs.environment("dev");
    }

    private static Case stack(String name, String from, String to, String problem) {
        if (!BASE.contains(from)) {
            throw new IllegalArgumentException(from);
        }
        return new Case(name, BASE.replace(from, to), FILE + problem);
    }

    private static Case stackAdd(String name, String yaml, String problem) {
        return new Case(name, BASE + yaml, FILE + problem);
    }

    static Stream<Case> stackCases() {
        return Stream.of(
                stack("a setting written without a value (production: in a stack file)", "production: false", "production:",
                        "berth:environment.production: has no value; give it one, or remove the key"),
                stackAdd("a list item without a value", "  berth:ingress:\n    allowedCidrs: [10.0.0.0/8, ~]\n",
                        "berth:ingress.allowedCidrs[1]: has no value; give it one, or remove the key"),
                stack("a VPC block with a leading zero (octal to the address library: 10.8.0.0/16)", "vpcCidr: 10.10.0.0/16",
                        "vpcCidr: 10.010.0.0/16",
                        "berth:network.vpcCidr: '10.010.0.0/16' is not an IPv4 CIDR block such as 10.0.0.0/16 (berth takes /16 to /22)"),
                stack("a VPC block in hex", "vpcCidr: 10.10.0.0/16", "vpcCidr: 0xa.10.0.0/16",
                        "berth:network.vpcCidr: '0xa.10.0.0/16' is not an IPv4 CIDR block such as 10.0.0.0/16 (berth takes /16 to /22)"),
                stack("a VPC block in the inet_aton short form (10.0.0.10)", "vpcCidr: 10.10.0.0/16", "vpcCidr: 10.10/16",
                        "berth:network.vpcCidr: '10.10/16' is not an IPv4 CIDR block such as 10.0.0.0/16 (berth takes /16 to /22)"),
                stackAdd("an allowed CIDR block with a leading zero", "  berth:ingress:\n    allowedCidrs: [010.0.0.0/8]\n",
                        "berth:ingress.allowedCidrs: '010.0.0.0/8' is not a CIDR block such as 203.0.113.0/24"),
                stack("an owner AWS refuses as a tag value", "owner: platform-team", "owner: platform team (EU)",
                        "berth:environment.owner: 'platform team (EU)'" + TAG_VALUE),
                stack("a tag value AWS refuses", "logRetentionDays: 7", "logRetentionDays: 7\n    tags: {team: \"a&b\"}",
                        "berth:environment.tags.team: 'a&b'" + TAG_VALUE),
                stack("a tag key that differs from berth's own only in case", "logRetentionDays: 7",
                        "logRetentionDays: 7\n    tags: {Owner: someone}",
                        "berth:environment.tags.Owner: 'Owner' differs only in case from the tag 'owner', which berth sets "
                                + "itself, and IAM treats tag keys that differ only in case as the same key (it refuses the role); "
                                + "rename or remove it"),
                stackAdd("an instance type listed twice", """
                                  berth:hostGroups:
                                    batch:
                                      instanceTypes: [m6i.large, m6i.large]
                                """,
                        "berth:hostGroups.batch.instanceTypes[1]: 'm6i.large' is listed twice; remove one"),
                stackAdd("replication to the registry itself", """
                                  berth:registry:
                                    replicationOwner: true
                                    replicateTo: [{account: "111111111111", regions: [eu-west-1]}]
                                """,
                        "berth:registry.replicateTo[0].regions: 'eu-west-1' in account 111111111111 is this registry itself; "
                                + "ECR replicates only to another region or account: remove it"),
                stackAdd("one replication destination in two entries", """
                                  berth:registry:
                                    replicationOwner: true
                                    replicateTo:
                                      - {account: "222222222222", regions: [eu-west-1]}
                                      - {account: "222222222222", regions: [eu-west-1]}
                                """,
                        "berth:registry.replicateTo[1].regions: 'eu-west-1' in account 222222222222 is also a destination of "
                                + "berth:registry.replicateTo[0]; ECR takes each destination once: remove one"),
                stack("a closed-set setting given a boolean (quotes would not help)", "containerInsights: enabled",
                        "containerInsights: true",
                        "berth:cluster.containerInsights: must be one of enabled, enhanced, disabled, got the boolean true"),
                stackAdd("accepting replication from the stack's own account", """
                                  berth:registry:
                                    acceptReplicationFrom: ["111111111111"]
                                """,
                        "berth:registry.acceptReplicationFrom: '111111111111' is this stack's own account, whose replication "
                                + "needs no registry policy; remove it"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stackCases")
    void aStackFileMistakeGetsOneMessageBothWaysIn(Case c) {
        assertThat(problems(RawConfigs.offline(c.text()))).as("offline").containsExactly(c.problem());
        assertThat(problems(RawConfigs.engine(c.text()))).as("under the engine").containsExactly(c.problem());
    }

    static Stream<Case> serviceCases() {
        var file = "services/api.yaml: ";
        return Stream.of(
                new Case("a setting written without a value (port:)", API + "port:\n",
                        file + "port: has no value; give it one, or remove the key"),
                new Case("an override without a value (it would keep the base's)", API
                        + "cpu: 512\nmemoryMiB: 1024\nenvironments: {dev: {cpu: ~}}\n",
                        file + "environments.dev.cpu: has no value; give it one, or remove the key"),
                new Case("an owner AWS refuses as a tag value", API + "owner: \"orders #1\"\n",
                        file + "owner: 'orders #1'" + TAG_VALUE),
                new Case("a port on a job names the job, not a worker", "image: {repository: api, tag: \"1.0.0\"}\nkind: job\n"
                        + "job: {schedule: \"cron(0 1 * * ? *)\"}\nport: 8080\n",
                        file + "port: a job listens on no port, so berth maps none; remove port"),
                new Case("a service called twice", API + "calls: [web, web]\n",
                        file + "calls[1]: 'web' is listed twice; remove one"),
                new Case("an egress block with a leading zero", API + "egress: [{to: 10.041.0.0/24, ports: [5432]}]\n",
                        file + "egress[0].to: '10.041.0.0/24' is not an IPv4 or IPv6 CIDR block (10.40.0.0/16), a prefix list "
                                + "(pl-0123456789abcdef0) or a security group (sg-0123456789abcdef0); a single address is "
                                + "written with its prefix, e.g. 10.40.0.12/32"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serviceCases")
    void aServiceFileMistakeGetsOneMessage(Case c) {
        assertProblems(dev, files("api.yaml", c.text(), "web.yaml", API.replace("api", "web")), c.problem());
    }

    private static List<String> problems(RawConfig raw) {
        var e = catchThrowableOfType(ConfigException.class, () -> EnvironmentLoader.load("dev", raw));
        assertThat(e).as("a configuration error").isNotNull();
        return e.problems();
    }

    /** The two ways a stack file reaches berth. */
    private static final class RawConfigs {
        static RawConfig offline(String yaml) {
            return TestConfigs.stackYaml(yaml);
        }

        static RawConfig engine(String yaml) {
            return RawConfig.fromEngineJson("dev", PulumiCliConfig.forYaml(yaml));
        }
    }
}
