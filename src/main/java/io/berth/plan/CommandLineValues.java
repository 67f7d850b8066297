package io.berth.plan;

import io.berth.load.RawConfig;
import picocli.CommandLine;

/** Command-line values every {@code ./berth} command checks the same way: a usage error (exit 2) states the rule. */
public final class CommandLineValues {
    private CommandLineValues() {
    }

    /** {@code --timeout}: whole seconds in a range a plan can finish in; 0 or less would abandon every plan. */
    public static final class TimeoutSeconds implements CommandLine.ITypeConverter<Integer> {
        public static final int MIN = 1;
        public static final int MAX = 3600;
        /** Every planning command's {@code --timeout}: unset, the bound follows the catalog ({@code OfflinePlanner.timeoutFor}). */
        public static final String DEFAULT = "${env:BERTH_PLAN_TIMEOUT}";
        public static final String DESCRIPTION = "Seconds one stack's plan may take before it is abandoned, " + MIN + " to " + MAX
                + " (default: BERTH_PLAN_TIMEOUT if set, else 120 s + 2 s per service).";

        /** The environment variable behind the option's default. */
        public static final String ENVIRONMENT = "BERTH_PLAN_TIMEOUT";

        private final java.util.function.UnaryOperator<String> environment;

        public TimeoutSeconds() {
            this(System::getenv);
        }

        TimeoutSeconds(java.util.function.UnaryOperator<String> environment) {
            this.environment = environment;
        }

        @Override
        public Integer convert(String value) {
            // picocli names the option either way; a value that came from the environment says so, or nobody finds it
            var source = value.equals(environment.apply(ENVIRONMENT))
                    ? ENVIRONMENT + "=" + value + " (the environment variable behind --timeout; fix or unset it): "
                    : "";
            int seconds;
            try {
                seconds = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException(source + "'" + value + "' is not a whole number of seconds; --timeout takes "
                        + MIN + " to " + MAX + " seconds (a shipped stack plans in about 10 s)");
            }
            if (seconds < MIN || seconds > MAX) {
                throw new CommandLine.TypeConversionException(source + "--timeout takes " + MIN + " to " + MAX + " seconds "
                        + "(a shipped stack plans in about 10 s), got " + value);
            }
            return seconds;
        }
    }

    /** A stack argument: a name the Pulumi CLI accepts, never a path. */
    public static final class StackName implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            RawConfig.stackNameProblem(value).ifPresent(p -> {
                throw new CommandLine.TypeConversionException(p);
            });
            return value;
        }
    }
}
