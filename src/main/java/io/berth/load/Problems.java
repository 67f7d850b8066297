package io.berth.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Collects configuration problems so that one run reports all of them, not just the first.
 * Each problem names the file and the field path it is about.
 */
public final class Problems {
    /** One problem: {@code <file>: <path>: <message>}, or {@code <file>:<line>:<column>: <message>} without a path. */
    public record Problem(String file, String path, String message) {
        @Override
        public String toString() {
            return path == null ? file + ": " + message : file + ": " + path + ": " + message;
        }
    }

    private final List<Problem> problems = new ArrayList<>();

    /** Records a problem; the same problem found twice is reported once. */
    public void add(String file, String path, String message) {
        add(new Problem(file, path, message));
    }

    private void add(Problem problem) {
        if (!problems.contains(problem)) {
            problems.add(problem);
        }
    }

    /** Records the problems of a {@link ConfigException} (a file that could not be read), as they are. */
    public void addAll(ConfigException e) {
        for (var text : e.problems()) {
            var at = text.indexOf(": ");
            add(at < 0 ? new Problem(text, null, "") : new Problem(text.substring(0, at), null, text.substring(at + 2)));
        }
    }

    /** Adds another collector's problems, rewriting their paths (e.g. to point into an override). */
    public void addAll(Problems other, UnaryOperator<String> pathMapper) {
        other.problems.forEach(p -> add(new Problem(p.file(), p.path() == null ? null : pathMapper.apply(p.path()), p.message())));
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
