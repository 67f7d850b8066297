package io.berth.load;

import io.berth.model.NetworkConfig;
import io.berth.testing.TestConfigs;
import io.berth.testing.TestConfigs.StackFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.berth.testing.TestConfigs.baseline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every mistake the environment loader catches, one change from a passing baseline per case,
 * asserting the exact message users see (awsguard style).
 */
class EnvironmentConfigErrorsTest {
    private static final String FILE = "Pulumi.dev.yaml: ";
    private static final String RETENTIONS = "1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, "
            + "2192, 2557, 2922, 3288, 3653";
    private static final String ZONES_WHY = ": a load balancer needs at least two zones and no region offers more than six";

    record Case(String name, UnaryOperator<StackFile> change, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case problem(String name, UnaryOperator<StackFile> change, String problem) {
        return new Case(name, change, problem);
    }

    static Stream<Case> singleProblems() {
        return Stream.of(
                // berth:network.vpcCidr
                problem("CIDR that is not a CIDR", f -> f.set("banana", "berth:network", "vpcCidr"),
                        "berth:network.vpcCidr: 'banana' is not an IPv4 CIDR block such as 10.0.0.0/16 (berth takes /16 to /22)"),
                problem("address without a prefix", f -> f.set("10.10.0.0", "berth:network", "vpcCidr"),
                        "berth:network.vpcCidr: '10.10.0.0' is not an IPv4 CIDR block such as 10.0.0.0/16 (berth takes /16 to /22)"),
                problem("IPv6 block", f -> f.set("fd00:10::/56", "berth:network", "vpcCidr"),
                        "berth:network.vpcCidr: 'fd00:10::/56' is not an IPv4 CIDR block such as 10.0.0.0/16 (berth takes /16 to /22)"),
                problem("host bits set", f -> f.set("10.10.0.1/16", "berth:network", "vpcCidr"),
                        "berth:network.vpcCidr: '10.10.0.1/16' has host bits set; did you mean 10.10.0.0/16?"),
                problem("public address block", f -> f.set("8.8.0.0/16", "berth:network", "vpcCidr"),
                        "berth:network.vpcCidr: '8.8.0.0/16' is not a private-use block; a VPC uses addresses from 10.0.0.0/8, "
                                + "172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10 so that it never shadows public addresses it must reach"),
                problem("host bits set below the prefix", f -> f.set("10.10.4.0/20", "berth:network", "vpcCidr"),
                        "berth:network.vpcCidr: '10.10.4.0/20' has host bits set; did you mean 10.10.0.0/20?"),
                problem("prefix too short", f -> f.set("10.0.0.0/8", "berth:network", "vpcCidr"),
                        "berth:network.vpcCidr: the VPC block must be /16 to /22 (AWS allows /16 at most; berth splits it "
                                + "into per-zone subnets of at least /28), got /8"),
                problem("prefix too long", f -> f.set("10.10.0.0/24", "berth:network", "vpcCidr"),
                        "berth:network.vpcCidr: the VPC block must be /16 to /22 (AWS allows /16 at most; berth splits it "
                                + "into per-zone subnets of at least /28), got /24"),
                // berth:network.availabilityZones
                problem("7 availability zones", f -> f.set(7, "berth:network", "availabilityZones"),
                        "berth:network.availabilityZones: must be between 2 and 6, got 7" + ZONES_WHY),
                problem("1 availability zone", f -> f.set(1, "berth:network", "availabilityZones"),
                        "berth:network.availabilityZones: must be between 2 and 6, got 1" + ZONES_WHY),
                problem("0 availability zones", f -> f.set(0, "berth:network", "availabilityZones"),
                        "berth:network.availabilityZones: must be between 2 and 6, got 0" + ZONES_WHY),
                problem("availability zones as words", f -> f.set("three", "berth:network", "availabilityZones"),
                        "berth:network.availabilityZones: must be a whole number between 2 and 6, got 'three'" + ZONES_WHY),
                problem("availability zones as a list", f -> f.set(List.of("eu-west-1a", "eu-west-1b"), "berth:network", "availabilityZones"),
                        "berth:network.availabilityZones: must be a whole number between 2 and 6, got a list" + ZONES_WHY),
                // berth:network keys and values
                problem("misspelt key inside berth:network",
                        f -> f.remove("berth:network", "vpcCidr").set("10.10.0.0/16", "berth:network", "vpcCdir"),
                        "berth:network.vpcCdir: unknown key 'vpcCdir' (did you mean 'vpcCidr'?); allowed keys here: "
                                + "allowWorldEgress, availabilityZones, flowLogs, natGateways, vpcCidr, vpcEndpoints, zones"),
                problem("misspelt key inside flowLogs",
                        f -> f.remove("berth:network", "flowLogs", "trafficType").set("ALL", "berth:network", "flowLogs", "trafficTyp"),
                        "berth:network.flowLogs.trafficTyp: unknown key 'trafficTyp' (did you mean 'trafficType'?); "
                                + "allowed keys here: enabled, trafficType"),
                problem("berth:network not a mapping", f -> f.set("big", "berth:network"),
                        "berth:network: must be a mapping of keys to values, got 'big'"),
                problem("natGateways none without endpoints", f -> f.set("none", "berth:network", "natGateways"),
                        "berth:network.natGateways: 'none' leaves private subnets without a way to pull images; "
                                + "set vpcEndpoints: true or choose single or per-az"),
                problem("bad natGateways value", f -> f.set("per-zone", "berth:network", "natGateways"),
                        "berth:network.natGateways: must be one of single, per-az, none, got 'per-zone'"),
                problem("natGateways in the wrong case", f -> f.set("Single", "berth:network", "natGateways"),
                        "berth:network.natGateways: must be one of single, per-az, none, got 'Single' (did you mean 'single'?)"),
                problem("vpcEndpoints as a number", f -> f.set(1, "berth:network", "vpcEndpoints"),
                        "berth:network.vpcEndpoints: must be true or false, got 1"),
                problem("bad flow log traffic type", f -> f.set("all", "berth:network", "flowLogs", "trafficType"),
                        "berth:network.flowLogs.trafficType: must be one of ALL, ACCEPT, REJECT, got 'all' (did you mean 'ALL'?)"),
                // unknown berth keys
                problem("unknown top-level berth key", f -> f.set(Map.of("replicas", 2), "berth:netwrok"),
                        "berth:netwrok: unknown setting (did you mean 'network'?); berth settings are "
                                + "berth:environment, berth:network, berth:cluster, berth:ingress, berth:registry, berth:dr, berth:hostGroups, berth:dns, berth:delivery, berth:notifications"),
                problem("unknown top-level berth key without a close match", f -> f.set("x", "berth:services"),
                        "berth:services: unknown setting; berth settings are berth:environment, berth:network, berth:cluster, berth:ingress, berth:registry, berth:dr, berth:hostGroups, berth:dns, berth:delivery, berth:notifications"),
                // berth:environment
                problem("missing account", f -> f.remove("berth:environment", "account"),
                        "berth:environment.account: is required: the 12-digit AWS account id this stack deploys into, quoted"),
                problem("bad account", f -> f.set("12345", "berth:environment", "account"),
                        "berth:environment.account: must be a 12-digit AWS account id in quotes, got '12345'"),
                problem("account with dashes", f -> f.set("1111-1111-1111", "berth:environment", "account"),
                        "berth:environment.account: must be a 12-digit AWS account id in quotes, got '1111-1111-1111'"),
                problem("missing owner", f -> f.remove("berth:environment", "owner"),
                        "berth:environment.owner: is required: the team that owns this environment, e.g. platform-team"),
                problem("empty owner", f -> f.set("", "berth:environment", "owner"),
                        "berth:environment.owner: must not be empty"),
                problem("owner as a mapping", f -> f.set(Map.of("team", "platform"), "berth:environment", "owner"),
                        "berth:environment.owner: must be a text value, got a mapping"),
                problem("missing cost centre", f -> f.remove("berth:environment", "costCentre"),
                        "berth:environment.costCentre: is required: the cost centre billed for this environment, e.g. CC-1001"),
                problem("production not a boolean", f -> f.set("maybe", "berth:environment", "production"),
                        "berth:environment.production: must be true or false, got 'maybe'"),
                problem("unknown key inside berth:environment", f -> f.set("blue", "berth:environment", "colour"),
                        "berth:environment.colour: unknown key 'colour'; allowed keys here: "
                                + "account, costCentre, logRetentionDays, owner, production, tags"),
                problem("log retention CloudWatch does not offer", f -> f.set(8, "berth:environment", "logRetentionDays"),
                        "berth:environment.logRetentionDays: CloudWatch Logs accepts only " + RETENTIONS + ", got 8"),
                problem("log retention of zero", f -> f.set(0, "berth:environment", "logRetentionDays"),
                        "berth:environment.logRetentionDays: must be between 1 and 3653, got 0"),
                problem("log retention as a list", f -> f.set(List.of(7, 14), "berth:environment", "logRetentionDays"),
                        "berth:environment.logRetentionDays: must be a whole number between 1 and 3653, got a list"),
                problem("log retention as a fraction", f -> f.set(7.5, "berth:environment", "logRetentionDays"),
                        "berth:environment.logRetentionDays: must be a whole number between 1 and 3653, got 7.5"),
                // tags
                problem("reserved aws: tag key", f -> f.set("platform", "berth:environment", "tags", "aws:team"),
                        "berth:environment.tags.aws:team: tag keys starting with 'aws:' are reserved by AWS"),
                problem("reserved AWS: tag key in capitals", f -> f.set("platform", "berth:environment", "tags", "AWS:team"),
                        "berth:environment.tags.AWS:team: tag keys starting with 'aws:' are reserved by AWS"),
                problem("tag key with a character AWS rejects", f -> f.set("x", "berth:environment", "tags", "team!"),
                        "berth:environment.tags.team!: a tag key is 1 to 128 letters, digits, spaces or _ . : / = + - @"),
                problem("tag value too long", f -> f.set("v".repeat(257), "berth:environment", "tags", "note"),
                        "berth:environment.tags.note: '" + "v".repeat(257) + "' cannot be a tag value, and berth tags resources with it: "
                                + "AWS takes at most 256 letters, digits, spaces and _ . : / = + - @ (this has 257 characters); e.g. platform-team"),
                problem("tag berth sets itself", f -> f.set("someone-else", "berth:environment", "tags", "owner"),
                        "berth:environment.tags.owner: 'owner' is set by berth itself; remove it from tags"),
                problem("tags as a list", f -> f.set(List.of("a", "b"), "berth:environment", "tags"),
                        "berth:environment.tags: must be a mapping of keys to values, got a list"),
                // aws:region
                problem("missing aws:region", f -> f.remove("aws:region"),
                        "aws:region: is required: set it with `pulumi config set aws:region eu-west-1`"),
                problem("bad region", f -> f.set("eu-west", "aws:region"),
                        "aws:region: 'eu-west' is not an AWS region name such as eu-west-1 or us-east-1"),
                problem("region in capitals", f -> f.set("EU-WEST-1", "aws:region"),
                        "aws:region: 'EU-WEST-1' is not an AWS region name such as eu-west-1 or us-east-1"),
                // berth:cluster
                problem("bad containerInsights", f -> f.set("enable", "berth:cluster", "containerInsights"),
                        "berth:cluster.containerInsights: must be one of enabled, enhanced, disabled, got 'enable' (did you mean 'enabled'?)"),
                problem("unknown capacity profile", f -> f.set("cheap", "berth:cluster", "defaultCapacity"),
                        "berth:cluster.defaultCapacity: must be one of on-demand, balanced, spot-first, spot-only, got 'cheap'"),
                problem("misspelt capacity profile", f -> f.set("spot-onyl", "berth:cluster", "defaultCapacity"),
                        "berth:cluster.defaultCapacity: must be one of on-demand, balanced, spot-first, spot-only, "
                                + "got 'spot-onyl' (did you mean 'spot-only'?)"),
                problem("unknown key inside berth:cluster", f -> f.set(true, "berth:cluster", "insights"),
                        "berth:cluster.insights: unknown key 'insights'; allowed keys here: containerInsights, defaultCapacity, execLogging"),
                problem("execLogging as text", f -> f.set("always", "berth:cluster", "execLogging"),
                        "berth:cluster.execLogging: must be true or false, got 'always'")
        );
    }

    @Test
    void theBaselineIsValid() {
        var env = baseline().load();

        assertThat(env.name()).isEqualTo("dev");
        assertThat(env.network().vpcCidr()).isEqualTo("10.10.0.0/16");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleProblems")
    void reportsTheMistakeWithItsFieldPathAndFix(Case c) {
        var raw = c.change().apply(baseline()).raw();

        var e = catchThrowableOfType(ConfigException.class, () -> EnvironmentLoader.load("dev", raw));

        assertThat(e).as("a ConfigException for: %s", c.name()).isNotNull();
        assertThat(e.problems()).containsExactly(FILE + c.problem());
        assertThat(e.getMessage()).isEqualTo("berth: 1 configuration problem, nothing was created:\n  " + FILE + c.problem());
    }

    @Test
    void reportsSeveralProblemsTogetherInOneException() {
        var raw = baseline()
                .set("eu-west", "aws:region")
                .set("12345", "berth:environment", "account")
                .set(7, "berth:network", "availabilityZones")
                .set("cheap", "berth:cluster", "defaultCapacity")
                .raw();

        var e = catchThrowableOfType(ConfigException.class, () -> EnvironmentLoader.load("dev", raw));

        assertThat(e.problems()).containsExactly(
                FILE + "aws:region: 'eu-west' is not an AWS region name such as eu-west-1 or us-east-1",
                FILE + "berth:environment.account: must be a 12-digit AWS account id in quotes, got '12345'",
                FILE + "berth:network.availabilityZones: must be between 2 and 6, got 7" + ZONES_WHY,
                FILE + "berth:cluster.defaultCapacity: must be one of on-demand, balanced, spot-first, spot-only, got 'cheap'");
        assertThat(e.getMessage()).startsWith("berth: 4 configuration problems, nothing was created:\n  ")
                .isEqualTo("berth: 4 configuration problems, nothing was created:\n  " + String.join("\n  ", e.problems()));
    }

    @Test
    void aMisspeltRequiredKeyReportsTheTypoAndTheMissingKey() {
        var raw = baseline().remove("berth:environment", "costCentre").set("CC-1001", "berth:environment", "costCenter").raw();

        var e = catchThrowableOfType(ConfigException.class, () -> EnvironmentLoader.load("dev", raw));

        assertThat(e.problems()).containsExactly(
                FILE + "berth:environment.costCenter: unknown key 'costCenter' (did you mean 'costCentre'?); allowed keys here: "
                        + "account, costCentre, logRetentionDays, owner, production, tags",
                FILE + "berth:environment.costCentre: is required: the cost centre billed for this environment, e.g. CC-1001");
    }

    @Test
    void anEmptyStackFileReportsEveryRequiredSetting() {
        var raw = TestConfigs.stackYaml("");

        var e = catchThrowableOfType(ConfigException.class, () -> EnvironmentLoader.load("dev", raw));

        assertThat(e.problems()).containsExactly(
                FILE + "aws:region: is required: set it with `pulumi config set aws:region eu-west-1`",
                FILE + "berth:environment.account: is required: the 12-digit AWS account id this stack deploys into, quoted",
                FILE + "berth:environment.owner: is required: the team that owns this environment, e.g. platform-team",
                FILE + "berth:environment.costCentre: is required: the cost centre billed for this environment, e.g. CC-1001");
    }

    @Test
    void rejectsAStackNameThatCannotPrefixResourceNames() {
        var raw = TestConfigs.stackYaml("Prod", TestConfigs.BASELINE);

        assertThatThrownBy(() -> EnvironmentLoader.load("Prod", raw))
                .isInstanceOf(ConfigException.class)
                .hasMessage("berth: 1 configuration problem, nothing was created:\n"
                        + "  Pulumi.Prod.yaml: stack name: 'Prod' must be 2 to 12 lowercase letters, digits or hyphens, "
                        + "starting with a letter: it prefixes resource names that AWS limits to 32 characters");
    }

    @Test
    void theExceptionIsAUserMessageWithoutStackTrace() {
        var raw = baseline().set("eu-west", "aws:region").raw();

        var e = catchThrowableOfType(ConfigException.class, () -> EnvironmentLoader.load("dev", raw));

        assertThat(e).isInstanceOf(com.pulumi.exceptions.RunException.class);
        assertThat(e.getStackTrace()).isEmpty();
        assertThat(e.getCause()).isNull();
    }

    @Test
    void anUnquotedAccountIdMustBeQuoted() {
        // the engine passes 012345678901 and 12345678901 alike as a number: only a quoted id is certain
        var raw = baseline().set(111111111111L, "berth:environment", "account").raw();

        assertThatThrownBy(() -> EnvironmentLoader.load("dev", raw)).isInstanceOf(ConfigException.class)
                .hasMessageEndingWith("Pulumi.dev.yaml: berth:environment.account: must be text in quotes, got the number "
                        + "111111111111: unquoted, YAML and the Pulumi CLI read digits as a number (dropping leading zeros, "
                        + "reading 1.10 as 1.1 and 0x1E as 30); write the value in quotes as it is meant");
    }

    @Test
    void extraTagsJoinTheTagsBerthSets() {
        var env = baseline().set("confidential", "berth:environment", "tags", "data-classification").load();

        assertThat(env.tags()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "environment", "dev", "owner", "platform-team", "cost-centre", "CC-1001", "managed-by", "berth",
                "data-classification", "confidential"));
    }

    @Test
    void natGatewaysNoneIsAcceptedWithEndpoints() {
        var env = baseline().set("none", "berth:network", "natGateways").set(true, "berth:network", "vpcEndpoints").load();

        assertThat(env.network().natGateways()).isEqualTo(NetworkConfig.NatStrategy.NONE);
        assertThat(env.network().natGateways().gatewayCount(3)).isZero();
    }

    @Test
    void unsetSettingsTakeTheDocumentedDefaults() {
        var env = baseline()
                .remove("berth:network", "vpcCidr").remove("berth:network", "availabilityZones")
                .remove("berth:network", "natGateways").remove("berth:network", "vpcEndpoints")
                .remove("berth:network", "flowLogs").remove("berth:environment", "logRetentionDays")
                .remove("berth:cluster", "containerInsights").remove("berth:cluster", "defaultCapacity")
                .load();

        assertThat(env.network()).isEqualTo(new NetworkConfig("10.0.0.0/16", 2, List.of("eu-west-1a", "eu-west-1b"), NetworkConfig.NatStrategy.SINGLE, false,
                new NetworkConfig.FlowLogConfig(true, "ALL"), false));
        assertThat(env.logRetentionDays()).isEqualTo(30);
        assertThat(env.cluster().containerInsights()).isEqualTo("enabled");
        assertThat(env.cluster().defaultCapacity().profile()).isEqualTo("spot-first"); // not production
        assertThat(env.cluster().execLogging()).isTrue();
    }

    @Test
    void productionDefaultsToTheBalancedProfile() {
        var env = baseline().set(true, "berth:environment", "production").remove("berth:cluster", "defaultCapacity").load();

        assertThat(env.cluster().defaultCapacity().profile()).isEqualTo("balanced");
        assertThat(env.protectStatefulResources()).isTrue();
    }
}
