package io.berth.load;

import io.berth.model.EnvironmentConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.pulumi.test.TestOptions;
import com.pulumi.test.internal.PulumiTestInternal;
import io.berth.plan.PlanMocks;
import io.berth.testing.PulumiCliConfig;
import io.berth.testing.ShippedStacks;
import io.berth.testing.TestConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * berth is entered two ways: under {@code pulumi up} from the engine's {@code PULUMI_CONFIG}
 * ({@link RawConfig#fromEngine}), and offline from the stack file ({@link RawConfig#fromStackFile}).
 * Fed the same stack file they must give the same values and the same {@link EnvironmentConfig},
 * or the offline plan would show something other than what {@code pulumi up} builds.
 * The engine side is {@link PulumiCliConfig}: the CLI's encoding, written independently of berth.
 */
@Timeout(60) // some tests run the engine; the SDK's mock engine can hang (pulumi-java#2270)
class TwoWaysInTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void cleanup() {
        PulumiTestInternal.cleanup();
    }

    private static String pulumiConfig(String stack) {
        return PulumiCliConfig.forStackFile(ShippedStacks.PROJECT_DIR.resolve(RawConfig.stackFileName(stack)));
    }

    /** A config value as data: structured values parsed (key order and JSON escaping do not matter), scalars as text. */
    private static Map<String, JsonNode> asData(RawConfig raw) {
        var out = new TreeMap<String, JsonNode>();
        raw.values().forEach((key, value) -> {
            var trimmed = value.trim();
            try {
                out.put(key, trimmed.startsWith("{") || trimmed.startsWith("[") ? JSON.readTree(trimmed) : TextNode.valueOf(value));
            } catch (Exception e) {
                throw new AssertionError(key + " is not JSON: " + value, e);
            }
        });
        return out;
    }

    /** What loading gives: the environment, or the exact problems. */
    private static String outcome(String stack, RawConfig raw) {
        try {
            return "loads: " + EnvironmentLoader.load(stack, raw);
        } catch (ConfigException e) {
            return "fails: " + e.problems();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void theEnginesConfigAndTheStackFileGiveTheSameValuesAndEnvironment(String stack) {
        var fromEngine = RawConfig.fromEngineJson(stack, pulumiConfig(stack));
        var fromFile = ShippedStacks.raw(stack);

        assertThat(fromEngine.file()).isEqualTo(fromFile.file()).isEqualTo("Pulumi." + stack + ".yaml");
        assertThat(fromEngine.values()).containsOnlyKeys(fromFile.values().keySet());
        assertThat(asData(fromEngine)).isEqualTo(asData(fromFile));
        assertThat(EnvironmentLoader.load(stack, fromEngine)).isEqualTo(EnvironmentLoader.load(stack, fromFile));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void berthReadsPulumiConfigExactlyAsTheSdkDoes(String stack) {
        var json = pulumiConfig(stack);

        assertThat(RawConfig.fromEngineJson(stack, json).values()).isEqualTo(PulumiTestInternal.parseConfig(json));
    }

    @Test
    void projectConfigKeysInTheOlderFormAreCleanedAsTheSdkCleansThem() {
        var json = """
                {"aws:config:region": "eu-west-1", "berth:config:cluster": "{\\"containerInsights\\":\\"enhanced\\"}"}""";

        var raw = RawConfig.fromEngineJson("dev", json);

        assertThat(raw.values()).containsOnlyKeys("aws:region", "berth:cluster").isEqualTo(PulumiTestInternal.parseConfig(json));
    }

    /** YAML that two YAML readers could read differently; both ways in must still agree on each. */
    static Stream<Arguments> yamlEdgeCases() {
        var base = TestConfigs.BASELINE;
        var withTag = (java.util.function.Function<String, String>) tag ->
                base.replace("    logRetentionDays: 7\n", "    logRetentionDays: 7\n    tags:\n      " + tag + "\n");
        return Stream.of(
                Arguments.of("production: yes (a YAML 1.1 boolean)", base.replace("production: false", "production: yes")),
                Arguments.of("vpcEndpoints: off (a YAML 1.1 boolean)", base.replace("vpcEndpoints: false", "vpcEndpoints: off")),
                Arguments.of("production: True", base.replace("production: false", "production: True")),
                Arguments.of("tag value on", withTag.apply("approved: on")),
                Arguments.of("tag value 12:30 (YAML 1.1 base 60)", withTag.apply("window: 12:30")),
                Arguments.of("tag value 2024-01-01 (a timestamp)", withTag.apply("since: 2024-01-01")),
                Arguments.of("tag value 1.10", withTag.apply("version: 1.10")),
                Arguments.of("tag value 1_000", withTag.apply("quota: 1_000")),
                Arguments.of("tag value with <, > and &", withTag.apply("team: \"R&D <core>\"")),
                Arguments.of("unquoted account id", base.replace("account: \"111111111111\"", "account: 111111111111")),
                Arguments.of("log retention in hex", base.replace("logRetentionDays: 7", "logRetentionDays: 0x1E")),
                Arguments.of("log retention with a leading zero", base.replace("logRetentionDays: 7", "logRetentionDays: 030")),
                Arguments.of("owner: ~", base.replace("owner: platform-team", "owner: ~")),
                Arguments.of("availabilityZones: 2.0", base.replace("availabilityZones: 2", "availabilityZones: 2.0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("yamlEdgeCases")
    void bothWaysInAgreeOnYamlThatReadersDisagreeAbout(String name, String yaml) {
        var fromFile = TestConfigs.stackYaml(yaml);
        var fromEngine = RawConfig.fromEngineJson("dev", PulumiCliConfig.forYaml(yaml));

        assertThat(outcome("dev", fromFile)).isEqualTo(outcome("dev", fromEngine));
    }

    /**
     * A secret in a berth setting: the CLI decrypts it into PULUMI_CONFIG and names the key in
     * PULUMI_CONFIG_SECRET_KEYS; the offline plan sees the {secure: ...} value. Both must refuse it.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"whole setting", "one field"})
    void aSecretBerthSettingIsRefusedBothWays(String what) {
        var secure = "{secure: v1:AAABAGVuY3J5cHRlZA==}";
        var yaml = what.equals("whole setting")
                ? TestConfigs.BASELINE.replaceAll("(?s)  berth:cluster:\n.*", "  berth:cluster: " + secure + "\n")
                : TestConfigs.BASELINE.replace("account: \"111111111111\"", "account: " + secure);
        var decrypted = PulumiCliConfig.forYaml(TestConfigs.BASELINE); // what the CLI passes once it has decrypted
        var secretKeys = what.equals("whole setting") ? "[\"berth:cluster\"]" : "[\"berth:environment\"]";
        assertThat(PulumiTestInternal.parseConfigSecretKeys(secretKeys)).hasSize(1);

        var offline = catchThrowableOfType(ConfigException.class, () -> TestConfigs.stackYaml(yaml));
        var engine = catchThrowableOfType(ConfigException.class, () -> RawConfig.fromEngineJson("dev", decrypted, secretKeys));

        var key = what.equals("whole setting") ? "berth:cluster" : "berth:environment";
        var field = what.equals("whole setting") ? "berth:cluster" : "berth:environment.account";
        var message = ": berth settings must not be secrets; "
                + "keep secret values in SSM Parameter Store or Secrets Manager and reference them from the service catalog";
        assertThat(offline).isNotNull();
        assertThat(engine).isNotNull();
        // the stack file shows which field is secret; the engine names only the setting that holds it
        assertThat(offline.problems()).containsExactly("Pulumi.dev.yaml: config." + field + message);
        assertThat(engine.problems()).containsExactly("Pulumi.dev.yaml: config." + key + message);
    }

    @Test
    void secretsOutsideBerthAreLeftToTheirProviders() {
        var json = PulumiCliConfig.forYaml(TestConfigs.BASELINE);

        var raw = RawConfig.fromEngineJson("dev", json, "[\"aws:secretKey\"]");

        assertThat(EnvironmentLoader.load("dev", raw)).isEqualTo(TestConfigs.baseline().load());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void theProgramSeesTheStackFilesValuesThroughCtxConfig(String stack) throws Exception {
        var fromFile = ShippedStacks.raw(stack);

        var seen = readConfigInsideTheProgram(stack, fromFile.values(), fromFile.values().keySet().toArray(String[]::new));

        assertThat(seen).isEqualTo(fromFile.values());
        assertThat(seen.get("aws:region")).isEqualTo("eu-west-1");
        assertThat(EnvironmentLoader.load(stack, new RawConfig(fromFile.file(), seen)))
                .isEqualTo(EnvironmentLoader.load(stack, RawConfig.fromEngineJson(stack, pulumiConfig(stack))));
    }

    @Test
    void underTheEngineTheProgramSeesWhatBerthReadsFromPulumiConfig() throws Exception {
        var json = pulumiConfig("prod");
        var fromEngine = RawConfig.fromEngineJson("prod", json);

        // what the SDK's Deployment holds under `pulumi up`: PULUMI_CONFIG parsed by the SDK itself
        var seen = readConfigInsideTheProgram("prod", PulumiTestInternal.parseConfig(json),
                fromEngine.values().keySet().toArray(String[]::new));

        assertThat(seen).isEqualTo(fromEngine.values());
        assertThat(EnvironmentLoader.load("prod", new RawConfig("Pulumi.prod.yaml", seen)))
                .isEqualTo(EnvironmentLoader.load("prod", ShippedStacks.raw("prod")));
    }

    /** Runs a program that reads {@code keys} with {@code ctx.config(namespace)}, under the given engine config. */
    private static Map<String, String> readConfigInsideTheProgram(String stack, Map<String, String> config, String... keys)
            throws Exception {
        var seen = new ConcurrentHashMap<String, String>();
        var result = PulumiTestInternal.builder()
                .options(TestOptions.builder().projectName("berth").stackName(stack).preview(false).build())
                .mocks(new PlanMocks("000000000000", "eu-west-1"))
                .config(config)
                .build()
                .runTestAsync(ctx -> {
                    for (var key : keys) {
                        var namespace = key.substring(0, key.indexOf(':'));
                        var name = key.substring(key.indexOf(':') + 1);
                        ctx.config(namespace).get(name).ifPresent(v -> seen.put(key, v));
                    }
                    seen.put("aws:region", ctx.config("aws").require("region"));
                })
                .get(30, TimeUnit.SECONDS);
        assertThat(result.exceptions()).isEmpty();
        return new TreeMap<>(seen);
    }
}
