package io.berth.model;

import java.util.List;
import java.util.Optional;

/**
 * The order releases travel in: an image is built in the first environment and promoted, tested
 * bytes unchanged, to each later one. A pipeline may promote only from an environment that comes
 * earlier in this list. Stacks not in the list can build from source but take part in no promotion.
 */
public final class EnvironmentOrder {
    /** dev &lt; beta &lt; prod. */
    public static final List<String> ORDER = List.of("dev", "beta", "prod");

    private EnvironmentOrder() {
    }

    /** The position of {@code env} in {@link #ORDER}, or empty when it has none. */
    public static Optional<Integer> position(String env) {
        var i = ORDER.indexOf(env);
        return i < 0 ? Optional.empty() : Optional.of(i);
    }

    /** "dev &lt; beta &lt; prod", for messages. */
    public static String describe() {
        return String.join(" < ", ORDER);
    }
}
