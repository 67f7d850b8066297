package io.berth.plan;

/** Exit codes of every {@code ./berth} command, in one place (the README lists them). */
public final class ExitCodes {
    /** A configuration mistake in a stack file or the service catalog. */
    public static final int EXIT_CONFIG = 1;
    /** Wrong command-line usage (picocli's own code for it). */
    public static final int EXIT_USAGE = 2;
    /** A program failure or time-out under the mock engine, or a base that could not be built or planned. */
    public static final int EXIT_ENGINE = 3;
    /** A mandatory policy violation found by {@code check}. */
    public static final int EXIT_POLICY = 4;
    /** A bug in berth itself (an unexpected exception). */
    public static final int EXIT_INTERNAL = 70;

    private ExitCodes() {
    }
}
