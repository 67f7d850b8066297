package io.berth.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Collects configuration problems so that one run reports all of them, not just the first.
 * Each problem names the file and the field path it is about.
 */
public final class Problems {
    /** One problem: {@code <file>: <path>: <message>}. */
    public record Problem(String file, String path, String message) {
        @Override
        public String toString() {
            return file + ": " + path + ": " + message;
        }
    }

    private final List<Problem> problems = new ArrayList<>();

    public void add(String file, String path, String message) {
        problems.add(new Problem(file, path, message));
    }

    /** Adds another collector's problems, rewriting their paths (e.g. to point into an override). */
    public void addAll(Problems other, UnaryOperator<String> pathMapper) {
        other.problems.forEach(p -> problems.add(new Problem(p.file(), pathMapper.apply(p.path()), p.message())));
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<String> messages() {
        return problems.stream().map(Problem::toString).toList();
    }

    /** Throws a {@link ConfigException} listing every problem collected so far, if any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(messages());
        }
    }
}
