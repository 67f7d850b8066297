package io.berth.registry;

import com.pulumi.resources.ComponentResourceOptions;
import io.berth.diff.AliasUrns;
import io.berth.model.EnvironmentConfig;
import io.berth.plan.Plan;
import io.berth.support.Providers;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static io.berth.testing.Inputs.assertAllInputs;
import static io.berth.testing.Inputs.assertInputs;
import static io.berth.testing.Inputs.assertJsonInput;
import static io.berth.testing.Inputs.names;
import static io.berth.testing.Plans.scope;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Registry component and its Replication resources alone, in one run: {@code dev} (every
 * default, two repositories), {@code sandbox} (mutable tags) and {@code prod}
 * (production: a berth key, pull accounts, its own lifecycle numbers, a DR region, a further
 * replication target, accepting replication from another account, and the DR region's
 * repository creation template).
 */
@Timeout(120)
class RegistryTest {
    static final String REGISTRY = "berth:registry:Registry";
    static final String REPLICATION = "berth:registry:Replication";
    static final String REPOSITORY = "aws:ecr/repository:Repository";
    static Plan all;
    static Plan dev;
    static Plan sandbox;
    static Plan prod;
    static Plan replication;

    static EnvironmentConfig prodEnv() {
        return Fixtures.production(Map.of(
                "berth:registry", """
                        {"pullAccounts": ["555555555555", "222222222222"], "keepReleases": 50, "untaggedExpiryDays": 14,
                         "replicateTo": [{"account": "444444444444", "regions": ["eu-west-2", "eu-north-1"]}],
                         "acceptReplicationFrom": ["222222222222"]}""",
                "berth:dr", "{\"region\": \"eu-central-1\"}"));
    }

    /** No DR region, but the owner of the registry's replication, with one further target. */
    static EnvironmentConfig targetsOnly() {
        return Fixtures.environment("targets", Map.of("berth:registry", """
                {"replicationOwner": true, "replicateTo": [{"account": "444444444444", "regions": ["eu-west-2"]}]}"""));
    }

    /** A DR region and nothing else: the stack owns replication (the default with a DR region). */
    static EnvironmentConfig drOnly() {
        return Fixtures.environment("dronly", Map.of("berth:dr", "{\"region\": \"eu-central-1\"}"));
    }

    /** A DR region, while another stack owns the account's replication configuration. */
    static EnvironmentConfig follower() {
        return Fixtures.environment("follower", Map.of("berth:registry", "{\"replicationOwner\": false}",
                "berth:dr", "{\"region\": \"eu-central-1\"}"));
    }

    @BeforeAll
    static void plan() {
        var devEnv = Fixtures.environment();
        var sandboxEnv = Fixtures.environment("sandbox", Map.of("berth:registry", "{\"immutableTags\": false}"));
        var prodEnv = prodEnv();
        all = Fixtures.component(devEnv, ctx -> {
            var provider = Providers.forRegion("primary", devEnv.account(), devEnv.region());
            var options = ComponentResourceOptions.builder().providers(provider).build();
            new Registry("dev", devEnv, new TreeSet<>(List.of("web", "api")), options);
            new Registry("sandbox", sandboxEnv, new TreeSet<>(List.of("tool")), options);
            new Registry("prod", prodEnv, new TreeSet<>(List.of("api")), options);
            var drProvider = Providers.forRegion("dr", prodEnv.account(), "eu-central-1");
            new Replication("prod-replication", new Replication.Args(prodEnv,
                    Optional.of(new Replication.DrRegion("eu-central-1", drProvider))), options);
            new Replication("targets-replication", new Replication.Args(targetsOnly(), Optional.empty()), options);
            new Replication("drOnly-replication", new Replication.Args(drOnly(),
                    Optional.of(new Replication.DrRegion("eu-central-1", drProvider))), options);
            new Replication("follower-replication", new Replication.Args(follower(),
                    Optional.of(new Replication.DrRegion("eu-central-1", drProvider))), options);
        });
        dev = scope(all, REGISTRY, "dev");
        sandbox = scope(all, REGISTRY, "sandbox");
        prod = scope(all, REGISTRY, "prod");
        replication = scope(all, REPLICATION, "prod-replication");
    }

    // --- defaults, as the loader applies them

    @Test
    void byDefaultThirtyReleasesAreKept() {
        assertThat(Fixtures.environment().registry().keepReleases()).isEqualTo(30);
    }

    @Test
    void byDefaultUntaggedImagesExpireAfterSevenDays() {
        assertThat(Fixtures.environment().registry().untaggedExpiryDays()).isEqualTo(7);
    }

    @Test
    void byDefaultTagsAreImmutableAndOnlyProductionHasItsOwnKey() {
        assertThat(Fixtures.environment().registry().immutableTags()).isTrue();
        assertThat(Fixtures.environment().registry().customerManagedKey()).isFalse();
        assertThat(Fixtures.production().registry().customerManagedKey()).isTrue();
    }

    @Test
    void byDefaultOnlyAStackWithADrRegionOwnsReplication() {
        assertThat(Fixtures.environment().registry().replicationOwner()).isFalse();
        assertThat(prodEnv().registry().replicationOwner()).isTrue();
    }

    // --- repositories

    @Test
    void eachRepositoryIsScannedImmutableAndEncryptedUnderTheEnvironmentsPrefix() {
        assertThat(names(dev, REPOSITORY)).containsExactly("dev-repo-api", "dev-repo-web");
        assertAllInputs(dev, "dev-repo-api", """
                {"name": "dev/api", "imageScanningConfiguration": {"scanOnPush": true}, "imageTagMutability": "IMMUTABLE",
                 "encryptionConfigurations": [{"encryptionType": "KMS"}], "forceDelete": true,
                 "tags": {"Name": "dev-repo-api", "cost-centre": "CC-1", "environment": "dev", "managed-by": "berth", "owner": "platform-team"}}""");
    }

    @Test
    void theLifecyclePolicyExpiresUntaggedImagesAfterSevenDaysAndKeepsTheLastThirty() {
        assertInputs(dev, "dev-repo-api-lifecycle", """
                {"repository": "dev/api", "policy": "{\\"rules\\":[{\\"action\\":{\\"type\\":\\"expire\\"},\\"description\\":\\"Expire untagged images after 7 days\\",\\"rulePriority\\":1,\\"selection\\":{\\"countNumber\\":7,\\"countType\\":\\"sinceImagePushed\\",\\"countUnit\\":\\"days\\",\\"tagStatus\\":\\"untagged\\"}},{\\"action\\":{\\"type\\":\\"expire\\"},\\"description\\":\\"Keep the last 30 images\\",\\"rulePriority\\":2,\\"selection\\":{\\"countNumber\\":30,\\"countType\\":\\"imageCountMoreThan\\",\\"tagStatus\\":\\"any\\"}}]}"}""");
    }

    @Test
    void theLifecycleNumbersFollowTheSettings() {
        assertJsonInput(prod, "prod-repo-api-lifecycle", "policy", """
                {"rules": [
                  {"rulePriority": 1, "description": "Expire untagged images after 14 days",
                   "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14},
                   "action": {"type": "expire"}},
                  {"rulePriority": 2, "description": "Keep the last 50 images",
                   "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 50},
                   "action": {"type": "expire"}}]}""");
    }

    @Test
    void tagsMayBeMutableWhereTheEnvironmentSaysSo() {
        assertThat(sandbox.named("sandbox-repo-tool").inputs()).containsEntry("imageTagMutability", "MUTABLE");
    }

    @Test
    void withoutPullAccountsThereIsNoRepositoryPolicy() {
        assertThat(dev.ofType("aws:ecr/repositoryPolicy:RepositoryPolicy")).isEmpty();
    }

    @Test
    void pullAccountsMayPullAndNothingElse() {
        assertJsonInput(prod, "prod-repo-api-pull", "policy", """
                {"Version": "2012-10-17", "Statement": [{"Sid": "AllowPullFromNamedAccounts", "Effect": "Allow",
                 "Principal": {"AWS": ["arn:aws:iam::222222222222:root", "arn:aws:iam::555555555555:root"]},
                 "Action": ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}""");
        assertThat(prod.named("prod-repo-api-pull").inputs()).containsEntry("repository", "prod/api");
    }

    // --- production

    @Test
    void productionEncryptsWithARotatedBerthKeyAndNeverForceDeletes() {
        assertInputs(prod, "prod-registry-key", """
                {"description": "Encrypts the prod container images", "enableKeyRotation": true, "deletionWindowInDays": 30}""");
        assertInputs(prod, "prod-registry-key-alias", """
                {"name": "alias/berth/prod/registry", "targetKeyId": "${id:prod-registry-key}"}""");
        assertInputs(prod, "prod-repo-api", """
                {"name": "prod/api", "imageScanningConfiguration": {"scanOnPush": true}, "imageTagMutability": "IMMUTABLE",
                 "encryptionConfigurations": [{"encryptionType": "KMS", "kmsKey": "arn:aws:kms:eu-west-1:111111111111:key/${id:prod-registry-key}"}],
                 "forceDelete": false}""");
    }

    @Test
    void outsideProductionThereIsNoBerthKey() {
        assertThat(dev.ofType("aws:kms/key:Key")).isEmpty();
    }

    @Test
    void productionRepositoriesAndTheirKeyAreProtectedAndRetained() {
        assertThat(List.of(prod.named("prod-repo-api"), prod.named("prod-registry-key")))
                .allSatisfy(r -> assertThat(r.options()).containsEntry("protect", true).containsEntry("retainOnDelete", true));
        assertThat(dev.named("dev-repo-api").options()).containsEntry("protect", false).containsEntry("retainOnDelete", false);
    }

    // --- replication

    @Test
    void replicationSendsTheEnvironmentsPrefixToTheDrRegionFirstThenToEachTarget() {
        assertInputs(replication, "prod-replication-configuration", """
                {"replicationConfiguration": {"rules": [
                  {"destinations": [{"region": "eu-central-1", "registryId": "111111111111"}],
                   "repositoryFilters": [{"filter": "prod/", "filterType": "PREFIX_MATCH"}]},
                  {"destinations": [{"region": "eu-west-2", "registryId": "444444444444"}, {"region": "eu-north-1", "registryId": "444444444444"}],
                   "repositoryFilters": [{"filter": "prod/", "filterType": "PREFIX_MATCH"}]}]}}""");
    }

    @Test
    void withoutADrRegionTheOwnerReplicatesToItsTargetsOnly() {
        assertAllInputs(scope(all, REPLICATION, "targets-replication"), "targets-replication-configuration", """
                {"replicationConfiguration": {"rules": [
                  {"destinations": [{"region": "eu-west-2", "registryId": "444444444444"}],
                   "repositoryFilters": [{"filter": "targets/", "filterType": "PREFIX_MATCH"}]}]}}""");
    }

    @Test
    void withADrRegionAndNoTargetsTheOwnerReplicatesToItsDrRegion() {
        assertAllInputs(scope(all, REPLICATION, "drOnly-replication"), "drOnly-replication-configuration", """
                {"replicationConfiguration": {"rules": [
                  {"destinations": [{"region": "eu-central-1", "registryId": "111111111111"}],
                   "repositoryFilters": [{"filter": "dronly/", "filterType": "PREFIX_MATCH"}]}]}}""");
    }

    @Test
    void aStackThatDoesNotOwnReplicationLeavesTheConfigurationAloneButPreparesItsDrRegion() {
        var follower = scope(all, REPLICATION, "follower-replication");
        assertThat(follower.resources()).extracting(r -> r.name())
                .contains("follower-replication-template").doesNotContain("follower-replication-configuration");
        assertThat(new Replication.Args(follower(), Optional.empty()).anything()).isFalse();
        assertThat(new Replication.Args(targetsOnly(), Optional.empty()).anything()).isTrue();
    }

    @Test
    void replicationStartsOnlyOnceTheDrRegionKnowsHowToCreateRepositories() {
        assertThat(replication.named("prod-replication-configuration").dependencies()).contains(replication.named("prod-replication-template").urn());
    }

    @Test
    void theRegistryPolicyAcceptsReplicationOnlyFromTheNamedAccounts() {
        assertJsonInput(replication, "prod-replication-registry-policy", "policy", """
                {"Version": "2012-10-17", "Statement": [{"Sid": "AcceptReplicationFromEnvironments", "Effect": "Allow",
                 "Principal": {"AWS": ["arn:aws:iam::222222222222:root"]}, "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"],
                 "Resource": "arn:aws:ecr:eu-west-1:111111111111:repository/*"}]}""");
    }

    @Test
    void replicatedRepositoriesTakeTheRegistrysTagRuleEncryptionAndLifecycle() {
        assertAllInputs(replication, "prod-replication-template", """
                {"prefix": "prod/", "description": "Repositories replicated from the prod registry", "appliedFors": ["REPLICATION"],
                 "imageTagMutability": "IMMUTABLE", "encryptionConfigurations": [{"encryptionType": "KMS"}],
                 "lifecyclePolicy": "{\\"rules\\":[{\\"action\\":{\\"type\\":\\"expire\\"},\\"description\\":\\"Expire untagged images after 14 days\\",\\"rulePriority\\":1,\\"selection\\":{\\"countNumber\\":14,\\"countType\\":\\"sinceImagePushed\\",\\"countUnit\\":\\"days\\",\\"tagStatus\\":\\"untagged\\"}},{\\"action\\":{\\"type\\":\\"expire\\"},\\"description\\":\\"Keep the last 50 images\\",\\"rulePriority\\":2,\\"selection\\":{\\"countNumber\\":50,\\"countType\\":\\"imageCountMoreThan\\",\\"tagStatus\\":\\"any\\"}}]}",
                 "resourceTags": {"Name": "prod-dr-replica", "cost-centre": "CC-1", "environment": "prod", "managed-by": "berth",
                                  "owner": "platform-team"},
                 "customRoleArn": "arn:aws:iam::111111111111:role/prod-replication-template-role"}""");
    }

    @Test
    void theTemplateRoleMayCreateOnlyTheEnvironmentsRepositoriesInTheDrRegion() {
        assertJsonInput(replication, "prod-replication-template-role", "assumeRolePolicy", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecr.amazonaws.com"},
                 "Action": "sts:AssumeRole"}]}""");
        assertJsonInput(replication, "prod-replication-template-policy", "policy", """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "CreateReplicatedRepositories", "Effect": "Allow",
                   "Action": ["ecr:CreateRepository", "ecr:ReplicateImage", "ecr:TagResource"],
                   "Resource": "arn:aws:ecr:eu-central-1:111111111111:repository/prod/*"},
                  {"Sid": "UseRegistryKey", "Effect": "Allow", "Action": ["kms:CreateGrant", "kms:RetireGrant", "kms:DescribeKey"],
                   "Resource": "*"}]}""");
        assertThat(replication.named("prod-replication-template").dependencies()).contains(replication.named("prod-replication-template-policy").urn());
    }

    @Test
    void theTemplateAndItsRoleAreInTheDrRegionTheConfigurationAndPolicyInThePrimary() {
        assertThat(replication.resources()).filteredOn(r -> r.custom()).allSatisfy(r -> assertThat(r.provider())
                .startsWith(r.name().contains("-template") ? "urn:pulumi:dev::berth::pulumi:providers:aws::dr::"
                        : "urn:pulumi:dev::berth::pulumi:providers:aws::primary::"));
        assertThat(names(replication, "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate")).containsExactly("prod-replication-template");
    }

    @Test
    void eachResourceKeepsTheUrnItHadUnderTheRegistryOrTheReplica() {
        var prefix = "urn:pulumi:dev::berth::";
        assertThat(Map.of(
                "prod-replication-configuration", AliasUrns.of(replication.named("prod-replication-configuration")),
                "prod-replication-registry-policy", AliasUrns.of(replication.named("prod-replication-registry-policy")),
                "prod-replication-template", AliasUrns.of(replication.named("prod-replication-template")),
                "prod-replication-template-role", AliasUrns.of(replication.named("prod-replication-template-role")),
                "prod-replication-template-policy", AliasUrns.of(replication.named("prod-replication-template-policy"))))
                .isEqualTo(Map.of(
                        "prod-replication-configuration", List.of(prefix
                                + "berth:registry:Registry$aws:ecr/replicationConfiguration:ReplicationConfiguration::prod-replication"),
                        "prod-replication-registry-policy", List.of(prefix
                                + "berth:registry:Registry$aws:ecr/registryPolicy:RegistryPolicy::prod-registry-policy"),
                        "prod-replication-template", List.of(prefix
                                + "berth:dr:Replica$aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate::prod-dr-replica-template"),
                        "prod-replication-template-role", List.of(prefix + "berth:dr:Replica$aws:iam/role:Role::prod-dr-replica-template-role"),
                        "prod-replication-template-policy", List.of(prefix
                                + "berth:dr:Replica$aws:iam/rolePolicy:RolePolicy::prod-dr-replica-template-policy")));
    }

    @Test
    void anEnvironmentWithoutReplicaTargetsOrAcceptedAccountsHasNoReplication() {
        assertThat(new Replication.Args(Fixtures.environment(), Optional.empty()).anything()).isFalse();
        assertThat(new Replication.Args(Fixtures.environment("dev", Map.of("berth:registry",
                "{\"acceptReplicationFrom\": [\"222222222222\"]}")), Optional.empty()).anything()).isTrue();
    }
}
