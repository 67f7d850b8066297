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
    /** Fields whose value could not be read: nothing more is reported at them or inside them. */
    private final List<Problem> unreadable = new ArrayList<>();

    /** Records a problem; the same problem found twice is reported once, a follow-on of an unreadable value not at all. */
    public void add(String file, String path, String message) {
        add(new Problem(file, path, message));
    }

    /**
     * Records that the value at {@code path} cannot be read (wrong shape or type, out of range):
     * later problems at that path or inside it are follow-ons of this one mistake and are dropped.
     */
    public void addUnreadable(String file, String path, String message) {
        var problem = new Problem(file, path, message);
        if (!isFollowOn(problem)) {
            unreadable.add(problem);
        }
        add(problem);
    }

    private void add(Problem problem) {
        if (!problems.contains(problem) && !isFollowOn(problem)) {
            problems.add(problem);
        }
    }

    private boolean isFollowOn(Problem problem) {
        if (problem.path() == null) {
            return false;
        }
        for (var u : unreadable) {
            if (u.file().equals(problem.file()) && !u.equals(problem) && (problem.path().equals(u.path())
                    || problem.path().startsWith(u.path() + ".") || problem.path().startsWith(u.path() + "["))) {
                return true;
            }
        }
        return false;
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
        other.problems.forEach(p -> {
            var mapped = new Problem(p.file(), p.path() == null ? null : pathMapper.apply(p.path()), p.message());
            if (other.unreadable.contains(p)) {
                addUnreadable(mapped.file(), mapped.path(), mapped.message());
            } else {
                add(mapped);
            }
        });
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
