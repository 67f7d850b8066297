package io.berth.load;

import io.berth.model.EnvironmentConfig;
import io.berth.testing.Catalogs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.berth.testing.Catalogs.assertProblems;
import static io.berth.testing.Catalogs.files;

/**
 * A pipeline's build variables and build secrets go through the same placeholder resolver and
 * secret-ARN rules as the service's own: one mistake per case, exact message.
 */
class DeliveryValueErrorsTest {
    private static final String API = """
            image: {repository: api, tag: "1.0.0"}
            expose: {type: internal}
            delivery:
              source: {type: github, repository: acme/api, branch: main}
            """;

    private static EnvironmentConfig dev;

    record Case(String name, String yaml, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void environment() {
        dev = Catalogs.environment("dev");
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("misspelt placeholder in a build variable", "  buildEnvironment: {STAGE: \"{enviroment}\"}\n",
                        "delivery.buildEnvironment.STAGE: unknown placeholder {enviroment} in '{enviroment}' (did you mean {env}?); "
                                + "placeholders are {env}, {region}, {account}, {service}"),
                new Case("misspelt placeholder in a build secret", "  buildSecrets: {NPM_TOKEN: \"ssm:/berth/{acount}/npm\"}\n",
                        "delivery.buildSecrets.NPM_TOKEN: unknown placeholder {acount} in '/berth/{acount}/npm' (did you mean "
                                + "{account}?); placeholders are {env}, {region}, {account}, {service}"),
                new Case("empty build parameter name", "  buildSecrets: {NPM_TOKEN: \"ssm:\"}\n",
                        "delivery.buildSecrets.NPM_TOKEN: 'ssm:' names no parameter; write ssm:<parameter name>, e.g. "
                                + "ssm:/berth/{env}/api/token"),
                new Case("build secret ARN with an empty region",
                        "  buildSecrets: {NPM_TOKEN: \"secretsmanager:arn:aws:secretsmanager::111111111111:secret:npm\"}\n",
                        "delivery.buildSecrets.NPM_TOKEN: 'arn:aws:secretsmanager::111111111111:secret:npm' has no region, and a "
                                + "secret lives in exactly one: write its region, e.g. "
                                + "arn:aws:secretsmanager:{region}:{account}:secret:berth/{env}/api/db-password")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsOneMessageWithValueAllowedValuesAndFix(Case c) {
        assertProblems(dev, files("api.yaml", API + c.yaml()), "services/api.yaml: " + c.problem());
    }
}
