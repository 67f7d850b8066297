package io.berth.load;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How an engine string becomes a config tree: JSON-encoded structures parsed, scalars kept as text. */
class RawConfigNodeTest {
    private final Problems problems = new Problems();

    private ConfigNode node(String value) {
        return new RawConfig("Pulumi.dev.yaml", Map.of("berth:network", value)).node("berth:network", problems);
    }

    @Test
    void aJsonObjectBecomesAMapping() {
        assertThat(node("{\"vpcCidr\":\"10.0.0.0/16\",\"availabilityZones\":3}").raw())
                .isEqualTo(Map.of("vpcCidr", "10.0.0.0/16", "availabilityZones", 3));
    }

    @Test
    void aJsonListBecomesAList() {
        assertThat(node(" [\"a\", \"b\"]").raw()).isEqualTo(List.of("a", "b"));
    }

    @Test
    void aScalarStaysText() {
        assertThat(node("10.0.0.0/16").raw()).isEqualTo("10.0.0.0/16");
    }

    @Test
    void theTreeKnowsItsFileAndKey() {
        var node = node("{}");

        assertThat(node.file()).isEqualTo("Pulumi.dev.yaml");
        assertThat(node.path()).isEqualTo("berth:network");
    }

    @Test
    void brokenJsonIsAProblemOnTheKeyAndAnAbsentValue() {
        var node = node("{\"vpcCidr\": ");

        assertThat(node.isPresent()).isFalse();
        assertThat(problems.messages()).singleElement().asString()
                .startsWith("Pulumi.dev.yaml: berth:network: is not valid structured config: ")
                .doesNotEndWith("config: ")
                .doesNotContain("\n");
    }

    @Test
    void anUnsetKeyIsAbsentWithoutAProblem() {
        var node = new RawConfig("Pulumi.dev.yaml", Map.of()).node("berth:dr", problems);

        assertThat(node.isPresent()).isFalse();
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void theStackFileIsNamedAfterTheStack() {
        assertThat(RawConfig.stackFileName("beta")).isEqualTo("Pulumi.beta.yaml");
    }
}
