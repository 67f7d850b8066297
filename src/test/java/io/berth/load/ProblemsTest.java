package io.berth.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProblemsTest {
    @Test
    void startsEmpty() {
        assertThat(new Problems().isEmpty()).isTrue();
    }

    @Test
    void isNotEmptyOnceAProblemIsAdded() {
        var problems = new Problems();
        problems.add("services/api.yaml", "port", "must be between 1 and 65535, got 0");

        assertThat(problems.isEmpty()).isFalse();
    }

    @Test
    void eachMessageNamesTheFileAndTheFieldPath() {
        var problems = new Problems();
        problems.add("services/api.yaml", "port", "must be between 1 and 65535, got 0");
        problems.add("Pulumi.dev.yaml", "berth:network.vpcCidr", "is required");

        assertThat(problems.messages()).containsExactly(
                "services/api.yaml: port: must be between 1 and 65535, got 0",
                "Pulumi.dev.yaml: berth:network.vpcCidr: is required");
    }

    @Test
    void addsAnotherCollectorsProblemsWithRewrittenPaths() {
        var override = new Problems();
        override.add("services/api.yaml", "cpu", "must be one of 256, 512");
        var problems = new Problems();

        problems.addAll(override, path -> "environments.prod." + path);

        assertThat(problems.messages()).containsExactly("services/api.yaml: environments.prod.cpu: must be one of 256, 512");
    }

    @Test
    void throwsEveryProblemAtOnce() {
        var problems = new Problems();
        problems.add("services/api.yaml", "port", "must be a whole number");
        problems.add("services/api.yaml", "cpu", "is required");

        assertThatThrownBy(problems::throwIfAny)
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "services/api.yaml: port: must be a whole number", "services/api.yaml: cpu: is required"))
                .hasMessage("berth: 2 configuration problems, nothing was created:\n"
                        + "  services/api.yaml: port: must be a whole number\n"
                        + "  services/api.yaml: cpu: is required");
    }

    @Test
    void oneProblemIsCountedInTheSingular() {
        var problems = new Problems();
        problems.add("services/api.yaml", "port", "is required");

        assertThatThrownBy(problems::throwIfAny)
                .hasMessage("berth: 1 configuration problem, nothing was created:\n  services/api.yaml: port: is required");
    }

    @Test
    void throwsNothingWithoutProblems() {
        assertThatCode(new Problems()::throwIfAny).doesNotThrowAnyException();
    }
}
