package io.berth.load;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The typed reads every loader goes through: values, defaults, and the problem each mistake records. */
class ConfigNodeTest {
    private static final String FILE = "services/api.yaml";

    private final Problems problems = new Problems();

    private ConfigNode root(Object value) {
        return ConfigNode.root(FILE, "", value, problems);
    }

    private ConfigNode field(Object value) {
        return root(Map.of("port", value)).get("port");
    }

    @Test
    void aChildOfTheDocumentIsNamedByItsKey() {
        assertThat(root(Map.of("port", 8080)).get("port").path()).isEqualTo("port");
    }

    @Test
    void aNestedChildIsNamedByItsDottedPath() {
        var node = root(Map.of("expose", Map.of("type", "public"))).get("expose").get("type");

        assertThat(node.path()).isEqualTo("expose.type");
        assertThat(node.raw()).isEqualTo("public");
    }

    @Test
    void aChildOfAScalarIsAbsent() {
        assertThat(field(8080).get("number").isPresent()).isFalse();
    }

    @Test
    void aProblemAboutTheWholeDocumentSaysSo() {
        root(List.of()).problem("must be a mapping");

        assertThat(problems.messages()).containsExactly(FILE + ": (document): must be a mapping");
    }

    @Test
    void aListWhereAMappingBelongsIsAProblem() {
        var node = root(Map.of("expose", List.of("public"))).get("expose");

        assertThat(node.expectMapping()).isFalse();
        assertThat(problems.messages()).containsExactly(FILE + ": expose: must be a mapping of keys to values, got a list");
    }

    @Test
    void anAbsentMappingIsFine() {
        assertThat(root(Map.of()).get("expose").expectMapping()).isTrue();
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void anUnknownKeyIsAProblemThatSuggestsTheClosestKnownKey() {
        root(Map.of("prot", 8080)).allowOnly("port", "cpu", "image");

        assertThat(problems.messages()).containsExactly(
                FILE + ": prot: unknown key 'prot' (did you mean 'port'?); allowed keys here: cpu, image, port");
    }

    @Test
    void anUnknownKeyInsideAMappingIsNamedByItsPath() {
        root(Map.of("expose", Map.of("tpye", "public"))).get("expose").allowOnly("type", "paths");

        assertThat(problems.messages()).containsExactly(
                FILE + ": expose.tpye: unknown key 'tpye' (did you mean 'type'?); allowed keys here: paths, type");
    }

    @Test
    void knownKeysAreNoProblem() {
        root(Map.of("port", 8080)).allowOnly("port", "cpu");

        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void allowOnlyReturnsTheSameNodeToReadFrom() {
        var checked = root(Map.of("port", 8080));
        var list = root(List.of());
        var absent = root(Map.of()).get("expose");

        assertThat(checked.allowOnly("port")).isSameAs(checked);
        assertThat(list.allowOnly("port")).isSameAs(list);
        assertThat(absent.allowOnly("port")).isSameAs(absent);
    }

    @Test
    void noSuggestionForAKeyFarFromEveryKnownKey() {
        assertThat(ConfigNode.suggestion("replicas", List.of("port", "cpu"))).isEmpty();
    }

    @Test
    void suggestsAKnownKeyTwoEditsAway() {
        assertThat(ConfigNode.suggestion("cpuu2", List.of("cpu", "memoryMiB"))).isEqualTo(" (did you mean 'cpu'?)");
    }

    @Test
    void aLongerKeyMaySuggestFromFurtherAway() {
        // 12 characters: up to 12 / 3 = 4 edits
        assertThat(ConfigNode.suggestion("hlthchckpath", List.of("healthCheckPath"))).isEqualTo(" (did you mean 'healthCheckPath'?)");
    }

    @Test
    void suggestionsIgnoreCase() {
        assertThat(ConfigNode.suggestion("MEMORYMIB", List.of("memoryMiB"))).isEqualTo(" (did you mean 'memoryMiB'?)");
    }

    @Test
    void entriesComeInNameOrderWithTheirPaths() {
        var groups = new LinkedHashMap<String, Object>();
        groups.put("isolated", Map.of());
        groups.put("batch", Map.of());

        var entries = root(Map.of("hostGroups", groups)).get("hostGroups").entries();

        assertThat(entries.keySet()).containsExactly("batch", "isolated");
        assertThat(entries.get("batch").path()).isEqualTo("hostGroups.batch");
    }

    @Test
    void itemsAreNamedByTheirIndex() {
        var items = root(Map.of("paths", List.of("/a", "/b"))).get("paths").items();

        assertThat(items).extracting(ConfigNode::path).containsExactly("paths[0]", "paths[1]");
    }

    @Test
    void aScalarWhereAListBelongsIsAProblem() {
        assertThat(field("/api").items()).isEmpty();
        assertThat(problems.messages()).containsExactly(FILE + ": port: must be a list, got '/api'");
    }

    @Test
    void aMissingListIsEmpty() {
        assertThat(root(Map.of()).get("paths").items()).isEmpty();
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void anEmptyTextIsAProblem() {
        assertThat(field(" ").optionalString()).isEmpty();
        assertThat(problems.messages()).containsExactly(FILE + ": port: must not be empty");
    }

    @Test
    void aMappingWhereTextBelongsIsAProblem() {
        assertThat(field(Map.of("a", 1)).optionalString()).isEmpty();
        assertThat(problems.messages()).containsExactly(FILE + ": port: must be a text value, got a mapping");
    }

    @Test
    void aMissingTextTakesTheDefault() {
        assertThat(root(Map.of()).get("owner").string("platform")).isEqualTo("platform");
    }

    @Test
    void aMissingRequiredTextIsAProblemWithTheHint() {
        assertThat(root(Map.of()).get("owner").requireString("the team that runs it")).isEmpty();
        assertThat(problems.messages()).containsExactly(FILE + ": owner: is required: the team that runs it");
    }

    @Test
    void aRequiredTextThatIsPresentIsReturned() {
        assertThat(root(Map.of("owner", "payments")).get("owner").requireString("the team")).isEqualTo("payments");
    }

    @Test
    void theLowestAllowedNumberIsAccepted() {
        assertThat(field(1).optionalInteger(1, 10)).contains(1);
    }

    @Test
    void theHighestAllowedNumberIsAccepted() {
        assertThat(field(10).optionalInteger(1, 10)).contains(10);
    }

    @Test
    void aNumberBelowTheRangeIsAProblem() {
        assertThat(field(0).optionalInteger(1, 10)).isEmpty();
        assertThat(problems.messages()).containsExactly(FILE + ": port: must be between 1 and 10, got 0");
    }

    @Test
    void aNumberAboveTheRangeIsAProblemWithTheReason() {
        assertThat(field(11).optionalInteger(1, 10, ": the table has ten rows")).isEmpty();
        assertThat(problems.messages()).containsExactly(FILE + ": port: must be between 1 and 10, got 11: the table has ten rows");
    }

    @Test
    void aLongBeyondIntIsOutOfRange() {
        assertThat(field(4_294_967_296L).optionalInteger(0, Integer.MAX_VALUE)).isEmpty();
        assertThat(problems.messages()).containsExactly(FILE + ": port: must be between 0 and 2147483647, got 4294967296");
    }

    @Test
    void aWholeDecimalIsAWholeNumber() {
        assertThat(field(3.0).optionalInteger(1, 10)).contains(3);
    }

    @Test
    void aFractionIsNotAWholeNumber() {
        assertThat(field(3.5).optionalInteger(1, 10)).isEmpty();
        assertThat(problems.messages()).containsExactly(FILE + ": port: must be a whole number between 1 and 10, got 3.5");
    }

    @Test
    void aMissingNumberTakesTheDefault() {
        assertThat(root(Map.of()).get("port").integer(8080, 1, 65535)).isEqualTo(8080);
    }

    @Test
    void aPresentNumberWinsOverTheDefault() {
        assertThat(field(9000).integer(8080, 1, 65535)).isEqualTo(9000);
    }

    @Test
    void aBooleanIsReadAsIs() {
        assertThat(field(false).bool(true)).isFalse();
    }

    @Test
    void aMissingBooleanTakesTheDefault() {
        assertThat(root(Map.of()).get("port").bool(true)).isTrue();
    }

    @Test
    void aNumberWhereABooleanBelongsIsAProblem() {
        assertThat(field(1).optionalBool()).isEmpty();
        assertThat(problems.messages()).containsExactly(FILE + ": port: must be true or false, got 1");
    }

    @Test
    void aValueOutsideAClosedSetIsAProblemWithASuggestionAndTakesTheDefault() {
        assertThat(field("per_az").oneOf("single", List.of("single", "per-az", "none"))).isEqualTo("single");
        assertThat(problems.messages()).containsExactly(
                FILE + ": port: must be one of single, per-az, none, got 'per_az' (did you mean 'per-az'?)");
    }

    @Test
    void aValueOfAClosedSetIsReturned() {
        assertThat(field("none").oneOf("single", List.of("single", "per-az", "none"))).isEqualTo("none");
    }

    @Test
    void aMissingValueOfAClosedSetTakesTheDefault() {
        assertThat(root(Map.of()).get("nat").oneOf("single", List.of("single", "none"))).isEqualTo("single");
    }

    @Test
    void aTextMapComesInKeyOrder() {
        var env = new LinkedHashMap<String, Object>();
        env.put("ZONE", "b");
        env.put("APP", "a");

        assertThat(field(env).stringMap()).containsExactly(Map.entry("APP", "a"), Map.entry("ZONE", "b"));
    }

    @Test
    void aTextListKeepsItsOrder() {
        assertThat(field(List.of("/b", "/a")).stringList()).containsExactly("/b", "/a");
    }
}
