package io.berth.load;

import io.berth.model.ServiceSpec;
import io.berth.model.StackSettings;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The DR replica's catalog is resolved for its own region: the catalog is parsed again with the
 * replica's environment, so every placeholder, secret and parameter ARN, KMS key, queue URL and grant
 * names the DR region; a reference to the primary region it would still depend on is a config error.
 */
class ReplicaCatalogTest {
    private static final String DR = "{\"region\":\"eu-central-1\",\"mode\":\"warm-standby\"}";

    private static final Map<String, Object> PLACEHOLDERS = Map.of(
            "environment", Map.of("QUEUE_URL", "https://sqs.{region}.amazonaws.com/{account}/{env}-{service}"),
            "secrets", Map.of(
                    "DB_PASSWORD", "secretsmanager:app/{env}/db",
                    "API_KEY", "ssm:/app/{env}/api-key",
                    "SIGNING_KEY", Map.of("secretsmanager", "arn:aws:secretsmanager:{region}:{account}:secret:app/signing-AbCdEf",
                            "kmsKey", "arn:aws:kms:{region}:{account}:key/mrk-1234abcd")),
            "permissions", List.of(Map.of("sid", "Send", "actions", List.of("sqs:SendMessage"),
                    "resources", List.of("arn:aws:sqs:{region}:{account}:{env}-{service}"))));

    private static StackSettings stack(Map<String, Object> settings) {
        return Fixtures.stack(Fixtures.environment("prod", Map.of("berth:dr", DR)), Map.of("api", settings));
    }

    @Test
    void everyPlaceholderOfTheReplicaResolvesInTheDrRegion() {
        var settings = stack(PLACEHOLDERS);
        var replica = settings.replica().orElseThrow().catalog().services().get(0);
        assertThat(replica.environment()).containsEntry("QUEUE_URL", "https://sqs.eu-central-1.amazonaws.com/111111111111/prod-api");
        assertThat(replica.secrets()).isEqualTo(Map.of(
                "DB_PASSWORD", new ServiceSpec.Secret("secretsmanager", "arn:aws:secretsmanager:eu-central-1:111111111111:secret:app/prod/db",
                        Optional.empty(), true),
                "API_KEY", new ServiceSpec.Secret("ssm", "arn:aws:ssm:eu-central-1:111111111111:parameter/app/prod/api-key",
                        Optional.empty(), true),
                "SIGNING_KEY", new ServiceSpec.Secret("secretsmanager", "arn:aws:secretsmanager:eu-central-1:111111111111:secret:app/signing-AbCdEf",
                        Optional.of("arn:aws:kms:eu-central-1:111111111111:key/mrk-1234abcd"), false)));
        assertThat(replica.permissions()).containsExactly(new ServiceSpec.Permission("Send", List.of("sqs:SendMessage"),
                List.of("arn:aws:sqs:eu-central-1:111111111111:prod-api")));
    }

    @Test
    void thePrimaryResolvesTheSameFieldsInItsRegionKmsKeysIncluded() {
        var primary = stack(PLACEHOLDERS).catalog().services().get(0);
        assertThat(primary.environment()).containsEntry("QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/111111111111/prod-api");
        assertThat(primary.secrets().get("SIGNING_KEY")).isEqualTo(new ServiceSpec.Secret("secretsmanager",
                "arn:aws:secretsmanager:eu-west-1:111111111111:secret:app/signing-AbCdEf",
                Optional.of("arn:aws:kms:eu-west-1:111111111111:key/mrk-1234abcd"), false));
        assertThat(primary.permissions().get(0).resources()).containsExactly("arn:aws:sqs:eu-west-1:111111111111:prod-api");
    }

    @Test
    void aReplicaThatWouldDependOnThePrimaryRegionIsAConfigErrorWithTheFix() {
        var settings = Map.<String, Object>of(
                "environment", Map.of("QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/111111111111/orders"),
                "secrets", Map.of(
                        "DB_PASSWORD", "secretsmanager:arn:aws:secretsmanager:eu-west-1:111111111111:secret:app/db-AbCdEf",
                        "API_KEY", "ssm:arn:aws:ssm:eu-west-1:111111111111:parameter/app/api-key",
                        "SIGNING_KEY", Map.of("secretsmanager", "app/signing", "kmsKey", "arn:aws:kms:eu-west-1:111111111111:key/1234abcd")),
                "permissions", List.of(Map.of("sid", "Send", "actions", List.of("sqs:SendMessage"),
                        "resources", List.of("arn:aws:sqs:eu-west-1:111111111111:orders"))));
        var why = "services/api.yaml: %s: the DR replica in eu-central-1 stands in for eu-west-1 while that region is down, but ";
        assertThatThrownBy(() -> stack(settings)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        why.formatted("environment.QUEUE_URL") + "this variable names eu-west-1; write {region} where the region "
                                + "goes, so each region's copy names its own",
                        why.formatted("secrets.DB_PASSWORD") + "it would read this secret from eu-west-1 when a task starts; "
                                + "name the secret (secretsmanager:<name>, resolved in each region) or write {region} in its ARN, and "
                                + "replicate the secret to eu-central-1 (Secrets Manager replica regions keep the name and ARN suffix)",
                        why.formatted("secrets.API_KEY") + "it would read this parameter from eu-west-1 when a task starts; "
                                + "name the parameter (ssm:/path, resolved in each region) or write {region} in its ARN, and put the "
                                + "parameter in eu-central-1 too (Parameter Store does not replicate)",
                        why.formatted("secrets.SIGNING_KEY.kmsKey") + "the secret's key is in eu-west-1; use a multi-Region key "
                                + "(mrk-...) and write its ARN with {region}, e.g. arn:aws:kms:{region}:{account}:key/mrk-...; replica "
                                + "secrets are encrypted with a key of their own region",
                        why.formatted("permissions[0].resources") + "this grant names eu-west-1; write {region} in the ARN, so "
                                + "each region's copy grants its own resources"));
        // the same service without a replica is fine: the primary may name its own region
        assertThat(Fixtures.stack(Fixtures.environment("prod", Map.of()), Map.of("api", settings)).catalog().services()).hasSize(1);
    }
}
