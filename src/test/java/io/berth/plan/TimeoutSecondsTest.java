package io.berth.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --timeout's values, and a bad value that came from BERTH_PLAN_TIMEOUT names the variable (picocli only names the option). */
class TimeoutSecondsTest {
    private static CommandLineValues.TimeoutSeconds converter(Map<String, String> environment) {
        return new CommandLineValues.TimeoutSeconds(environment::get);
    }

    @Test
    void acceptsWholeSecondsInItsRange() {
        assertThat(converter(Map.of()).convert("1")).isEqualTo(1);
        assertThat(converter(Map.of()).convert("3600")).isEqualTo(3600);
    }

    @Test
    void aBadFlagValueStatesTheRule() {
        assertThatThrownBy(() -> converter(Map.of()).convert("abc")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessage("'abc' is not a whole number of seconds; --timeout takes 1 to 3600 seconds (a shipped stack plans in about 10 s)");
        assertThatThrownBy(() -> converter(Map.of()).convert("0"))
                .hasMessage("--timeout takes 1 to 3600 seconds (a shipped stack plans in about 10 s), got 0");
    }

    @Test
    void aBadValueFromTheEnvironmentNamesTheVariable() {
        var fromEnvironment = converter(Map.of("BERTH_PLAN_TIMEOUT", "abc"));
        assertThatThrownBy(() -> fromEnvironment.convert("abc")).hasMessage("BERTH_PLAN_TIMEOUT=abc (the environment variable behind "
                + "--timeout; fix or unset it): 'abc' is not a whole number of seconds; --timeout takes 1 to 3600 seconds "
                + "(a shipped stack plans in about 10 s)");
        assertThatThrownBy(() -> converter(Map.of("BERTH_PLAN_TIMEOUT", "99999")).convert("99999"))
                .hasMessageStartingWith("BERTH_PLAN_TIMEOUT=99999 (the environment variable behind --timeout; fix or unset it): ");
        // a flag that differs from the variable is the flag's mistake
        assertThatThrownBy(() -> converter(Map.of("BERTH_PLAN_TIMEOUT", "30")).convert("abc")).hasMessageStartingWith("'abc'");
    }
}
