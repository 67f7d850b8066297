package io.berth.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {
    @Test
    void scopesAServiceByItsEnvironment() {
        assertThat(Names.scoped("dev", "orders")).isEqualTo("dev-orders");
    }

    @Test
    void theArtifactPrefixIsTheFirstTwentyCharactersOfALongPipelineName() {
        assertThat(Names.artifactPrefix("prod-payments-gateway-pipeline")).isEqualTo("prod-payments-gatewa");
    }

    @Test
    void theArtifactPrefixOfAShortPipelineNameIsTheWholeName() {
        assertThat(Names.artifactPrefix("dev-api")).isEqualTo("dev-api");
    }

    @Test
    void theArtifactPrefixOfAnExactlyTwentyCharacterNameIsTheWholeName() {
        assertThat(Names.artifactPrefix("dev-orders-pipeline1")).isEqualTo("dev-orders-pipeline1");
    }

    @Test
    void theReplicaPrefixIsTheEnvironmentWithDr() {
        assertThat(Names.replica("prod")).isEqualTo("prod-dr");
    }

    @Test
    void aTargetGroupOfA24CharacterComponentKeepsItWholeWithSevenHashCharacters() {
        var component = "prod-abcdefghijklmnopqrs"; // 24 characters: the longest kept whole
        var name = Names.targetGroup(component, 8080, "");
        assertThat(name).hasSize(Names.TARGET_GROUP_NAME_LENGTH).startsWith(component + "-").matches(".*-[0-9a-f]{7}");
    }

    @Test
    void aTargetGroupOfA25CharacterComponentIsCutToTwentyWithElevenHashCharacters() {
        var component = "prod-abcdefghijklmnopqrst"; // 25 characters
        var name = Names.targetGroup(component, 8080, "");
        assertThat(name).hasSize(Names.TARGET_GROUP_NAME_LENGTH).startsWith("prod-abcdefghijklmno-").matches(".*-[0-9a-f]{11}");
    }

    @Test
    void aCutTargetGroupNameDropsTheDashesItWouldEndWith() {
        var name = Names.targetGroup("prod-abcdefghijklmn--uvwxyz", 8080, ""); // the first 20 characters end with "--"
        assertThat(name).startsWith("prod-abcdefghijklmn-").doesNotContain("--").hasSize(Names.TARGET_GROUP_NAME_LENGTH - 1);
    }

    @Test
    void theGreenTargetGroupDiffersFromTheServicesOwnInItsHashOnly() {
        var blue = Names.targetGroup("dev-orders", 8080, "");
        var green = Names.targetGroup("dev-orders", 8080, "-tg-green");
        assertThat(green).isNotEqualTo(blue).startsWith("dev-orders-").hasSameSizeAs(blue);
    }

    @Test
    void aBucketNameOfExactly63CharactersIsWrittenOut() {
        // berth-dev-<14>-<15> is 40 characters, -<12-digit account>-eu-west-1 23
        var name = Names.bucket("dev", "s".repeat(14), "b".repeat(15), "111111111111", "eu-west-1");
        assertThat(name).isEqualTo("berth-dev-" + "s".repeat(14) + "-" + "b".repeat(15) + "-111111111111-eu-west-1").hasSize(63);
    }

    @Test
    void aBucketNameOf64CharactersIsCutAndHashed() {
        var name = Names.bucket("dev", "s".repeat(14), "b".repeat(16), "111111111111", "eu-west-1");
        assertThat(name).hasSizeLessThanOrEqualTo(63).endsWith("-111111111111-eu-west-1").matches("berth-dev-s+-b+-[0-9a-f]{7}-111111111111-eu-west-1");
    }
}
