package io.berth.load;

import io.berth.testing.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.berth.testing.TestConfigs.baseline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Mistakes found while reading the stack file or the engine's config, before the loader runs. */
class StackFileErrorsTest {
    private static final String ONE = "berth: 1 configuration problem, nothing was created:\n  ";

    @Test
    void invalidYamlNamesTheLineAndColumn() {
        var yaml = """
                config:
                  aws:region: eu-west-1
                  berth:network: vpcCidr: 10.10.0.0/16
                """;

        assertThatThrownBy(() -> TestConfigs.stackYaml(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage(ONE + "Pulumi.dev.yaml:3:25: not valid YAML: mapping values are not allowed here");
    }

    @Test
    void aDuplicateKeyIsAMistakeNotAnOverride() {
        var yaml = """
                config:
                  aws:region: eu-west-1
                  berth:environment:
                    account: "111111111111"
                    owner: platform-team
                    owner: payments-team
                """;

        assertThatThrownBy(() -> TestConfigs.stackYaml(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage(ONE + "Pulumi.dev.yaml:6:5: not valid YAML: duplicate key 'owner' (also on line 5); "
                        + "a key given twice is a mistake, not an override: keep one");
    }

    @Test
    void yesAndNoAreTextAsForThePulumiCliNotYaml11Booleans() {
        var raw = TestConfigs.stackYaml(TestConfigs.BASELINE.replace("production: false", "production: yes"));

        assertThatThrownBy(() -> EnvironmentLoader.load("dev", raw))
                .isInstanceOf(ConfigException.class)
                .hasMessage(ONE + "Pulumi.dev.yaml: berth:environment.production: must be true or false, got 'yes'");
    }

    @Test
    void timestampsAndBase60LookalikesStayTextInTags() {
        var yaml = TestConfigs.BASELINE.replace("    logRetentionDays: 7\n",
                "    logRetentionDays: 7\n    tags:\n      since: 2024-01-01\n      window: 12:30\n");

        var env = EnvironmentLoader.load("dev", TestConfigs.stackYaml(yaml));

        assertThat(env.tags()).containsEntry("since", "2024-01-01").containsEntry("window", "12:30");
    }

    @Test
    void aMissingStackFileSaysHowToCreateOne(@TempDir Path dir) {
        var e = catchThrowableOfType(ConfigException.class, () -> RawConfig.fromStackFile(dir, "qa"));

        assertThat(e.problems()).containsExactly("Pulumi.qa.yaml: no such stack file in " + dir.toAbsolutePath().normalize()
                + "; create it with `pulumi stack init qa` or copy Pulumi.dev.yaml");
        assertThat(e.getStackTrace()).isEmpty();
    }

    @Test
    void aBerthSettingMustNotBeASecret() {
        var raw = baseline().set(Map.of("secure", "v1:AAABAGVuY3J5cHRlZA=="), "berth:environment");

        assertThatThrownBy(raw::raw)
                .isInstanceOf(ConfigException.class)
                .hasMessage(ONE + "Pulumi.dev.yaml: config.berth:environment: berth settings must not be secrets; keep secret "
                        + "values in SSM Parameter Store or Secrets Manager and reference them from the service catalog");
    }

    @Test
    void secretsOutsideBerthBecomeAPlaceholderTheOfflinePlanCannotDecrypt() {
        var raw = baseline().set(Map.of("secure", "v1:AAABAGVuY3J5cHRlZA=="), "aws:secretKey").raw();

        assertThat(raw.get("aws:secretKey")).contains("[secret]");
        assertThat(EnvironmentLoader.load("dev", raw).account()).isEqualTo("111111111111");
    }

    @Test
    void anUnknownTopLevelKeyOfTheStackFileIsReported() {
        var yaml = TestConfigs.BASELINE.replace("config:", "confg:");

        assertThatThrownBy(() -> TestConfigs.stackYaml(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage(ONE + "Pulumi.dev.yaml: confg: unknown key 'confg' (did you mean 'config'?); "
                        + "allowed keys here: config, encryptedkey, encryptionsalt, environment, secretsprovider");
    }

    @Test
    void configMustBeAMapping() {
        assertThatThrownBy(() -> TestConfigs.stackYaml("config:\n  - aws:region\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(ONE + "Pulumi.dev.yaml: config: must be a mapping of keys to values, got a list");
    }

    @Test
    void engineSecretKeysThatAreNotJsonAreReported() {
        var e = catchThrowableOfType(ConfigException.class, () -> RawConfig.fromEngineJson("dev", "{}", "[berth"));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("Pulumi.dev.yaml: PULUMI_CONFIG_SECRET_KEYS from the engine is not JSON: ");
    }

    @Test
    void engineConfigThatIsNotJsonIsReported() {
        var e = catchThrowableOfType(ConfigException.class, () -> RawConfig.fromEngineJson("dev", "{not json"));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("Pulumi.dev.yaml: PULUMI_CONFIG from the engine is not JSON: ");
    }

    @Test
    void aStructuredEngineValueThatIsNotJsonIsReportedByTheLoader() {
        var raw = RawConfig.fromEngineJson("dev", """
                {"aws:region": "eu-west-1",
                 "berth:environment": "{\\"account\\":\\"111111111111\\",\\"owner\\":\\"o\\",\\"costCentre\\":\\"c\\"}",
                 "berth:network": "{\\"vpcCidr\\": [10.10.0.0/16"}
                """);

        var e = catchThrowableOfType(ConfigException.class, () -> EnvironmentLoader.load("dev", raw));

        assertThat(e.problems()).singleElement().asString()
                .startsWith("Pulumi.dev.yaml: berth:network: is not valid structured config: ");
    }

    @Test
    void noEngineConfigAtAllMeansEveryRequiredSettingIsMissing() {
        var raw = RawConfig.fromEngineJson("dev", null);

        var e = catchThrowableOfType(ConfigException.class, () -> EnvironmentLoader.load("dev", raw));

        assertThat(raw.values()).isEmpty();
        assertThat(e.problems()).hasSize(4).first().asString().isEqualTo(
                "Pulumi.dev.yaml: aws:region: is required: set it with `pulumi config set aws:region eu-west-1`");
    }
}
