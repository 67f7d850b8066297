package io.berth.diff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Subprocesses of {@code ./berth diff} (git, mvn, java, node), each bounded in time. */
public final class Processes {
    /** What a finished process printed. */
    public record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The last lines of stderr (or stdout), for an error message. */
        String tail() {
            var text = stderr.isBlank() ? stdout : stderr;
            var lines = text.strip().lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        }
    }

    /** A process that did not finish in time; it and its children have been killed. */
    public static final class TimedOut extends RuntimeException {
        TimedOut(List<String> command, Duration timeout) {
            super("`" + String.join(" ", command) + "` did not finish within " + timeout.toSeconds() + " s and was stopped");
        }
    }

    private Processes() {
    }

    /** Runs {@code command} in {@code dir}, output captured through files (no pipe can fill up and block). */
    public static Result run(Path dir, Duration timeout, List<String> command) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("berth-diff-", ".out");
            err = Files.createTempFile("berth-diff-", ".err");
            var process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new TimedOut(command, timeout);
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running `" + String.join(" ", command) + "`", e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    /**
     * Runs {@code command} in {@code dir} with this process's output and error streams, so the user
     * sees it as it happens; returns its exit code.
     *
     * @throws TimedOut when it does not finish within {@code timeout} (it and its children are killed)
     */
    public static int runInheritingOutput(Path dir, Duration timeout, List<String> command) {
        try {
            var process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new TimedOut(command, timeout);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running `" + String.join(" ", command) + "`", e);
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
