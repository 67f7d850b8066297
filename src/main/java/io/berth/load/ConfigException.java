package io.berth.load;

import com.pulumi.exceptions.RunException;

import java.util.List;

/**
 * Every mistake found in the environment config or the service catalog, thrown before the first
 * resource is registered. Extends the SDK's {@link RunException} because the Pulumi runtime prints
 * a RunException's message without a stack trace: users see the list of problems, nothing else.
 */
public final class ConfigException extends RunException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem: {@code <file>: <field path>: <what is wrong and how to fix it>}. */
    public List<String> problems() {
        return problems;
    }

    private static String render(List<String> problems) {
        var header = problems.size() == 1
                ? "berth: 1 configuration problem, nothing was created:"
                : "berth: " + problems.size() + " configuration problems, nothing was created:";
        return header + "\n  " + String.join("\n  ", problems);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // a user-facing message, never a stack trace
    }
}
