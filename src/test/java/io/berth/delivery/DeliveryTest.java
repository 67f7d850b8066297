package io.berth.delivery;

import io.berth.plan.Plan;
import io.berth.testing.SmallStacks;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static io.berth.testing.Inputs.assertAllInputs;
import static io.berth.testing.Inputs.assertInputs;
import static io.berth.testing.Inputs.assertJsonInput;
import static io.berth.testing.Inputs.names;
import static org.assertj.core.api.Assertions.assertThat;

/** What the Delivery component shares between the pipelines of the small environments of {@link SmallStacks}. */
@Timeout(420) // the first test pays for the shared plans; the SDK's mock engine can hang (pulumi-java#2270)
class DeliveryTest {
    private static Plan dev() {
        return SmallStacks.dev();
    }

    @Test
    void everyPipelineIsAComponentInsideTheEnvironmentsDelivery() {
        assertThat(dev().resources()).filteredOn(r -> r.type().equals("berth:delivery:Pipeline"))
                .extracting(r -> r.name()).containsExactlyInAnyOrder("dev-gh-delivery", "dev-cc-delivery");
        assertThat(dev().named("dev-gh-delivery").parent()).isEqualTo(dev().resources().stream()
                .filter(r -> r.type().equals("berth:delivery:Delivery")).findFirst().orElseThrow().urn());
    }

    @Test
    void berthCreatesOnePendingConnectionPerProviderTheCatalogUses() {
        assertThat(names(dev(), "aws:codestarconnections/connection:Connection")).containsExactly("dev-github-connection");
        assertAllInputs(dev(), "dev-github-connection", """
                {"name": "berth-dev-github", "providerType": "GitHub",
                 "tags": {"Name": "dev-github-connection", "cost-centre": "CC-1", "environment": "dev", "managed-by": "berth",
                          "owner": "platform-team"}}""");
        assertThat(dev().outputs()).containsEntry("pendingConnections", List.of(SmallStacks.connectionArn("dev-github-connection")));
    }

    @Test
    void promotionsNeedNoConnection() {
        assertThat(SmallStacks.prod().ofType("aws:codestarconnections/connection:Connection")).isEmpty();
    }

    @Test
    void artifactsAreEncryptedWithARotatedDeliveryKey() {
        assertInputs(dev(), "dev-delivery-key", """
                {"description": "Encrypts the dev pipeline artifacts and build outputs", "enableKeyRotation": true, "deletionWindowInDays": 30}""");
        assertInputs(dev(), "dev-delivery-key-alias", """
                {"name": "alias/berth/dev/delivery", "targetKeyId": "${id:dev-delivery-key}"}""");
        assertInputs(dev(), "dev-artifacts-encryption", """
                {"bucket": "${id:dev-artifacts}", "rules": [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "aws:kms",
                 "kmsMasterKeyId": "arn:aws:kms:eu-west-1:111111111111:key/${id:dev-delivery-key}"}, "bucketKeyEnabled": true}]}""");
    }

    @Test
    void theArtifactBucketIsVersionedAndExpiresArtifactsAfterThirtyDaysByDefault() {
        assertInputs(dev(), "dev-artifacts", """
                {"bucket": "berth-dev-artifacts-111111111111-eu-west-1", "forceDestroy": true}""");
        assertInputs(dev(), "dev-artifacts-versioning", """
                {"bucket": "${id:dev-artifacts}", "versioningConfiguration": {"status": "Enabled"}}""");
        assertInputs(dev(), "dev-artifacts-lifecycle", """
                {"bucket": "${id:dev-artifacts}", "rules": [{"id": "expire-old-artifacts", "status": "Enabled", "filter": {"prefix": ""},
                 "expiration": {"days": 30}, "abortIncompleteMultipartUpload": {"daysAfterInitiation": 7},
                 "noncurrentVersionExpiration": {"noncurrentDays": 30}}]}""");
        assertThat(Fixtures.environment().delivery().artifactRetentionDays()).isEqualTo(30);
    }

    @Test
    void onlyCodeStarNotificationsOfThisAccountPublishToTheDeliveryTopic() {
        assertInputs(dev(), "dev-delivery", """
                {"displayName": "Releases in dev"}""");
        assertJsonInput(dev(), "dev-delivery-policy", "policy", """
                {"Version": "2012-10-17", "Statement": [{"Sid": "CodeStarNotificationsPublish", "Effect": "Allow",
                 "Principal": {"Service": "codestar-notifications.amazonaws.com"}, "Action": "sns:Publish",
                 "Resource": "arn:aws:sns:eu-west-1:111111111111:dev-delivery",
                 "Condition": {"StringEquals": {"aws:SourceAccount": "111111111111"}}}]}""");
    }

    @Test
    void theStackExportsThePipelinesAndTheirSharedResources() {
        assertThat(dev().outputs()).containsEntry("pipelines", List.of("cc", "gh"))
                .containsEntry("artifactBucket", "berth-dev-artifacts-111111111111-eu-west-1")
                .containsEntry("deliveryTopicArn", "arn:aws:sns:eu-west-1:111111111111:dev-delivery");
    }
}
