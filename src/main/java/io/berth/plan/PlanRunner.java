package io.berth.plan;

import com.pulumi.core.internal.ContextAwareCompletableFuture;
import com.pulumi.deployment.internal.EngineLogger;
import com.pulumi.deployment.internal.Runner;
import com.pulumi.exceptions.LogException;
import com.pulumi.exceptions.ResourceException;
import com.pulumi.exceptions.RunException;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import static com.pulumi.core.internal.Exceptions.getStackTrace;

/**
 * The task runner of offline plans. It keeps the contract of the SDK's own runner (1.36.1): run the
 * program, then wait until every task registered with the runner has finished or one has failed, and
 * report a failure through the engine logger with the same exit codes and the same swallowed
 * exceptions. What differs is how it waits.
 *
 * <p>The SDK's runner polls its map of unfinished tasks in a loop that never pauses, and each pass
 * formats the whole map into a log message whether or not anything logs it (fixed upstream after
 * 1.36.1, pulumi-java#2314). Every {@code Output} is such a task, so each pass costs more as the plan
 * grows: about three quarters of a large plan's CPU (docs/performance.md). This runner counts
 * unfinished tasks and sleeps until the count reaches zero or a task fails.
 *
 * <p>Why waiting for a zero count is enough: every {@code Output} registers itself when it is created
 * and finishes only after its callback ran, so a callback that will register more work belongs to a
 * task that is still counted.
 */
final class PlanRunner implements Runner {
    /** A safety net: the waiter re-checks at least this often even if a wake-up were missed. */
    private static final long RECHECK_MILLIS = 100;

    private final EngineLogger engineLogger;
    private final AtomicLong unfinished = new AtomicLong();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private final Queue<Exception> swallowedExceptions = new ConcurrentLinkedQueue<>();
    private final Object wakeUp = new Object();

    PlanRunner(EngineLogger engineLogger) {
        this.engineLogger = Objects.requireNonNull(engineLogger);
    }

    @Override
    public <T> void registerTask(String description, CompletableFuture<T> task) {
        Objects.requireNonNull(description);
        Objects.requireNonNull(task);
        unfinished.incrementAndGet();
        task.whenComplete((value, failure) -> {
            if (failure != null) {
                firstFailure.compareAndSet(null, failure instanceof CompletionException ? failure : new CompletionException(failure));
                wake();
            }
            if (unfinished.decrementAndGet() == 0) {
                wake();
            }
        });
    }

    @Override
    public <T> CompletableFuture<Result<T>> runAsync(Supplier<T> callback) {
        var valueFuture = ContextAwareCompletableFuture.supplyAsync(callback);
        registerTask("PlanRunner#runAsync", valueFuture);
        return valueFuture
                .thenCompose(value -> allFinished().thenApply(__ -> value))
                .handle((value, throwable) -> {
                    if (throwable != null) {
                        return report(throwable).thenApply(code -> result(code, value));
                    }
                    var code = engineLogger.hasLoggedErrors()
                            ? ProcessExitedBeforeLoggingUserActionableMessage
                            : ProcessExitedSuccessfully;
                    return CompletableFuture.completedFuture(result(code, value));
                })
                .thenCompose(Function.identity());
    }

    private <T> Result<T> result(int code, T value) {
        return new Result<>(code, List.copyOf(swallowedExceptions), Optional.ofNullable(value)) {
        };
    }

    private void wake() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    /** Completes when no registered task is unfinished, or exceptionally with the first task that failed. */
    private CompletableFuture<Void> allFinished() {
        var finished = new CompletableFuture<Void>();
        var waiter = new Thread(() -> {
            try {
                while (true) {
                    var failure = firstFailure.get();
                    if (failure != null) {
                        finished.completeExceptionally(failure);
                        return;
                    }
                    if (unfinished.get() == 0) {
                        finished.complete(null);
                        return;
                    }
                    synchronized (wakeUp) {
                        if (firstFailure.get() == null && unfinished.get() != 0) {
                            wakeUp.wait(RECHECK_MILLIS);
                        }
                    }
                }
            } catch (InterruptedException e) {
                finished.completeExceptionally(e);
            }
        }, "berth-plan-runner");
        waiter.setDaemon(true); // a plan that never finishes is bounded by its caller's time-out
        waiter.start();
        return finished;
    }

    /** The SDK runner's error report: the message to the engine logger, the exception kept, the exit code. */
    private CompletableFuture<Integer> report(Throwable throwable) {
        if (throwable instanceof Exception exception) {
            return report(exception);
        }
        return report(new RunException("unexpected throwable", throwable));
    }

    private CompletableFuture<Integer> report(Exception exception) {
        swallowedExceptions.add(exception);
        Function<Void, Integer> logged = __ -> ProcessExitedAfterLoggingUserActionableMessage;
        if (exception instanceof LogException) {
            System.err.printf("Error occurred trying to send logging message to engine: %s%n", exception);
            return CompletableFuture.completedFuture(ProcessExitedBeforeLoggingUserActionableMessage);
        }
        if (exception instanceof CompletionException && exception.getCause() instanceof Exception cause) {
            return report(cause);
        }
        if (exception instanceof RunException) {
            return engineLogger.errorAsync(exception.getMessage()).thenApply(logged);
        }
        if (exception instanceof ResourceException resourceException) {
            var message = resourceException.isHideStack() ? resourceException.getMessage() : getStackTrace(resourceException);
            return engineLogger.errorAsync(message, resourceException.getResource().orElse(null)).thenApply(logged);
        }
        return engineLogger.errorAsync("Running program failed with an unhandled exception:\n" + getStackTrace(exception))
                .thenApply(logged);
    }
}
