package io.berth.load;

import io.berth.model.EnvironmentConfig;
import io.berth.model.ServiceSpec;
import io.berth.testing.Catalogs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

import static io.berth.testing.Catalogs.files;
import static io.berth.testing.TestConfigs.baseline;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The other side of the value checks: what AWS accepts passes, edge cases included, and comes out
 * as written (placeholders substituted, image references complete).
 */
class ValidValuesTest {
    private static final String API = """
            image: {repository: api, tag: "1.0.0"}
            expose: {type: internal}
            """;
    private static EnvironmentConfig dev;

    @BeforeAll
    static void environment() {
        dev = Catalogs.environment("dev");
    }

    private static ServiceSpec api(String text) throws IOException {
        return Catalogs.load(dev, files("api.yaml", text)).find("api").orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cron(0 7 ? * MON-FRI *)", "cron(0 8 1 * ? *)", "cron(0/15 8-17 ? * MON-FRI *)",
            "cron(0 9 ? * 2#1 *)", "cron(0 18 L * ? *)", "cron(0 9 15W * ? *)", "cron(0 9 ? * 6L *)",
            "cron(59 23 31 DEC ? 2199)", "cron(0 0 1 JAN-MAR ? 1970-1975)", "cron(0,30 * ? * SUN,SAT *)",
            "cron(0 12 * * ? *)", "rate(1 minute)", "rate(1 hour)", "rate(1 day)", "rate(5 minutes)", "rate(12 hours)",
            "rate(7 days)", "at(2026-12-24T18:00:00)", "at(2028-02-29T00:00:00)"})
    void scheduleExpressionsAwsAccepts(String expression) throws IOException {
        var spec = api(API + "scaling: {min: 1, max: 4, schedules: [{name: day, schedule: \"" + expression + "\", min: 2, max: 3}]}\n");

        assertThat(spec.scaling().schedules().get(0).schedule()).isEqualTo(expression);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UTC", "Europe/Dublin", "America/Argentina/Buenos_Aires", "Asia/Kolkata", "Etc/GMT+2"})
    void ianaTimeZones(String zone) throws IOException {
        var spec = api(API + "scaling: {schedules: [{name: day, schedule: \"cron(0 7 ? * * *)\", timezone: \"" + zone + "\", min: 2}]}\n");

        assertThat(spec.scaling().schedules().get(0).timezone()).isEqualTo(zone);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"200", "499", "200,202", "200,301,404", "200-299", "200-499", "399-400"})
    void healthCheckMatchersAlbAccepts(String matcher) throws IOException {
        assertThat(api(API + "healthCheck: {matcher: \"" + matcher + "\"}\n").healthCheck().matcher()).isEqualTo(matcher);
    }

    @Test
    void externalImageWithARegistryPortKeepsThePortAndTakesTheTag() throws IOException {
        var spec = api("image: {external: \"registry.example.com:5000/team/app\", tag: \"1.2\"}\nexpose: {type: internal}\n");

        assertThat(spec.image().external()).contains("registry.example.com:5000/team/app:1.2");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"public.ecr.aws/nginx/nginx:1.27", "registry:5000/app:1.2", "localhost/app:dev",
            "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "ghcr.io/acme/app:v1.2.3@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "111111111111.dkr.ecr.eu-west-1.amazonaws.com/team/app:2026-11-27", "[::1]:5000/app:x", "my-org__x/app.v2:latest"})
    void pinnedExternalImagesAreKeptIntact(String reference) throws IOException {
        var spec = api("image: {external: \"" + reference + "\"}\nexpose: {type: internal}\n");

        assertThat(spec.image().external()).contains(reference);
    }

    @Test
    void externalImageWithoutATagTakesImageTagOrLatest() throws IOException {
        assertThat(api("image: {external: nginx, tag: \"1.27\"}\nexpose: {type: internal}\n").image().external()).contains("nginx:1.27");
        assertThat(api("image: {external: registry:5000/app}\nexpose: {type: internal}\n").image().external())
                .contains("registry:5000/app:latest");
    }

    @Test
    void placeholdersAreSubstitutedAndApplicationTemplatesLeftAlone() throws IOException {
        var spec = api(API + """
                environment:
                  QUEUE: "https://sqs.{region}.amazonaws.com/{account}/{env}-{service}"
                  SPRING_DATASOURCE_URL: "jdbc:postgresql://${DB_HOST}/{env}"
                  TEMPLATE: "{{name}} and {} and {1}"
                  AWS_REGION_NAME: eu-west-1
                """);

        assertThat(spec.environment()).containsEntry("QUEUE", "https://sqs.eu-west-1.amazonaws.com/111111111111/dev-api")
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://${DB_HOST}/dev")
                .containsEntry("TEMPLATE", "{{name}} and {} and {1}")
                .containsEntry("AWS_REGION_NAME", "eu-west-1");
    }

    @Test
    void secretsAndKeysByArnInAnyRegionOfTheirAccount() throws IOException {
        var spec = api(API + """
                secrets:
                  DB_PASSWORD: "secretsmanager:arn:aws:secretsmanager:us-east-1:222222222222:secret:shared/db-AbCdEf"
                  TOKEN: "ssm:arn:aws:ssm:{region}:{account}:parameter/berth/{env}/token"
                  API_KEY: {secretsmanager: "berth/{env}/api-key", kmsKey: "arn:aws:kms:{region}:{account}:alias/berth"}
                """);

        assertThat(spec.secrets().get("DB_PASSWORD").arn()).isEqualTo("arn:aws:secretsmanager:us-east-1:222222222222:secret:shared/db-AbCdEf");
        assertThat(spec.secrets().get("TOKEN").arn()).isEqualTo("arn:aws:ssm:eu-west-1:111111111111:parameter/berth/dev/token");
        assertThat(spec.secrets().get("API_KEY").kmsKeyArn()).contains("arn:aws:kms:eu-west-1:111111111111:alias/berth");
    }

    @Test
    void iamResourcesOfGlobalServicesAndWildcards() throws IOException {
        var spec = api(API + """
                permissions:
                  - sid: Reports
                    actions: [s3:PutObject, iam:PassRole, sqs:SendMessage, dynamodb:GetItem]
                    resources:
                      - "arn:aws:s3:::berth-{env}-reports-{account}/*"
                      - "arn:aws:iam::{account}:role/{env}-{service}-worker"
                      - "arn:aws:sqs:*:{account}:{env}-*"
                      - "arn:aws:dynamodb:eu-*:*:table/orders"
                      - "arn:aws-cn:sqs:cn-north-1:111111111111:q"
                """);

        assertThat(spec.permissions().get(0).resources()).containsExactly("arn:aws:s3:::berth-dev-reports-111111111111/*",
                "arn:aws:iam::111111111111:role/dev-api-worker", "arn:aws:sqs:*:111111111111:dev-*",
                "arn:aws:dynamodb:eu-*:*:table/orders", "arn:aws-cn:sqs:cn-north-1:111111111111:q");
    }

    @Test
    void schedulesMayLeaveTheRangeToTheService() throws IOException {
        var spec = api(API + "scaling: {min: 1, max: 4, schedules: [{name: reset, schedule: \"cron(0 0 * * ? *)\"}]}\n");

        assertThat(spec.scaling().schedules().get(0).min()).isEqualTo(1);
        assertThat(spec.scaling().schedules().get(0).max()).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
            "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09", "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-FS-1-2-Res-2020-10"})
    void tlsPoliciesOfApplicationLoadBalancers(String policy) {
        var env = baseline().set("arn:aws:acm:eu-west-1:111111111111:certificate/c0c0c0c0-1111-2222-3333-444455556666",
                "berth:ingress", "certificateArn").set(policy, "berth:ingress", "sslPolicy").load();

        assertThat(env.ingress().sslPolicy()).isEqualTo(policy);
    }
}
