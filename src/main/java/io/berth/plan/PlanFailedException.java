package io.berth.plan;

/** The program failed under the mock engine for a reason other than a config mistake, or timed out. */
public final class PlanFailedException extends RuntimeException {
    public PlanFailedException(String message) {
        super(message);
    }

    public PlanFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
