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
}
