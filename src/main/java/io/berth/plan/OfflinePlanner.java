package io.berth.plan;

import com.pulumi.Context;
import com.pulumi.Log;
import com.pulumi.test.TestOptions;
import com.pulumi.test.internal.PulumiTestInternal;
import io.berth.Berth;
import io.berth.load.ConfigException;
import io.berth.load.RawConfig;
import io.berth.load.StackLoader;
import io.berth.model.Catalog;
import io.berth.model.EnvironmentConfig;
import io.berth.model.StackSettings;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs the real berth program for one stack on the SDK's mock engine, recording every resource.
 * The stack file is read exactly as the CLI would pass it ({@link RawConfig#fromStackFile}) and
 * validated before the engine starts, so a bad config never reaches it.
 */
public final class OfflinePlanner {
    /**
     * The fixed part of a plan's time bound (the bound exists because the SDK's mock engine can hang,
     * pulumi-java#2270): {@link #timeoutFor(int)} adds {@link #TIMEOUT_PER_SERVICE} per catalog entry.
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    /**
     * What each service adds to the time bound: about 60 resources in prod; the slowest 200-service prod plan
     * measured on a busy 2-core machine took 0.8 s per service (docs/performance.md). The margin is there so
     * that a large catalog never fails for being large.
     */
    public static final Duration TIMEOUT_PER_SERVICE = Duration.ofSeconds(2);

    // The SDK keeps its deployment in a global: one plan at a time per JVM.
    /** Held by anything that runs the SDK engine in this JVM (the planner, and tests that drive the SDK directly). */
    public static final Object ENGINE_LOCK = new Object();
    /** The dependency audit's bound once the program finished: every Output it reads has resolved by then. */
    private static final long AUDIT_TIMEOUT_MILLIS = 30_000;

    private OfflinePlanner() {
    }

    public static Plan plan(Path projectDir, String stack) {
        return plan(projectDir, RawConfig.fromStackFile(projectDir, stack), stack, Optional.empty());
    }

    /** The time bound of a plan whose catalog holds {@code services} entries, when none is given: 120 s + 2 s per service. */
    public static Duration timeoutFor(int services) {
        return DEFAULT_TIMEOUT.plus(TIMEOUT_PER_SERVICE.multipliedBy(Math.max(0, services)));
    }

    /**
     * As {@link #plan(Path, RawConfig, String, Duration)}; without a {@code timeout}, the bound follows the
     * catalog ({@link #timeoutFor(int)}), known once the settings load and before anything is registered.
     */
    public static Plan plan(Path projectDir, RawConfig raw, String stack, Optional<Duration> timeout) {
        var settings = StackLoader.load(projectDir, stack, raw); // fail fast, outside the engine
        var bound = timeout.orElseGet(() -> timeoutFor(settings.catalog().services().size()));
        return run(stack, settings.env(), settings.catalog(), raw.values(), ctx -> Berth.build(ctx, settings), bound);
    }

    /**
     * @throws ConfigException     on any config mistake, before anything is registered
     * @throws PlanFailedException when the program fails or the run exceeds {@code timeout}
     */
    public static Plan plan(Path projectDir, RawConfig raw, String stack, Duration timeout) {
        return plan(projectDir, raw, stack, Optional.of(timeout));
    }

    /** Plans finished settings through the real program: no files, the seam for tests of small inputs. */
    public static Plan plan(String stack, StackSettings settings, Duration timeout) {
        return run(stack, settings.env(), settings.catalog(), Map.of(), ctx -> Berth.build(ctx, settings), timeout);
    }

    /** Finished settings through the real program, the registries holding {@code registry} (e.g. a fresh account's). */
    public static Plan plan(String stack, StackSettings settings, Duration timeout, RegistryContents registry) {
        return run(stack, settings.env(), settings.catalog(), Map.of(), ctx -> Berth.build(ctx, settings), timeout, registry);
    }

    /**
     * Runs {@code program} on the mock engine and records what it registers: the whole stack, or one
     * component alone in its own tests. {@code env} gives the mocks their account and region.
     */
    public static Plan run(String stack, EnvironmentConfig env, Catalog catalog, Map<String, String> config,
                           Consumer<Context> program, Duration timeout) {
        return run(stack, env, catalog, config, program, timeout, released(env, catalog));
    }

    /** As {@link #run(String, EnvironmentConfig, Catalog, Map, Consumer, Duration)}, the registries holding {@code registry}. */
    public static Plan run(String stack, EnvironmentConfig env, Catalog catalog, Map<String, String> config,
                           Consumer<Context> program, Duration timeout, RegistryContents registry) {
        return run(stack, env, catalog, config, program, timeout, new PlanMocks(env.account(), env.region(), registry));
    }

    /** {@link #run} with other mocks: tests that make some calls fail (a region that is down). */
    public static Plan run(String stack, EnvironmentConfig env, Catalog catalog, Map<String, String> config,
                           Consumer<Context> program, Duration timeout, PlanMocks mocks) {
        var recorder = new AtomicReference<RecordingMonitor>();
        var audit = new DependencyRaceAudit();

        synchronized (ENGINE_LOCK) {
            var executor = Executors.newSingleThreadExecutor(r -> {
                var t = new Thread(r, "berth-plan-" + stack);
                t.setDaemon(true); // a hung engine must not keep the JVM alive
                return t;
            });
            var started = System.nanoTime();
            var gcAtStart = gcMillis();
            try {
                var future = executor.submit(() -> {
                    try {
                        return PulumiTestInternal.builder()
                                .options(TestOptions.builder().projectName("berth").stackName(stack).preview(false).build())
                                .mocks(mocks)
                                .config(config)
                                .deploymentFactory(state -> {
                                    state.runner = new PlanRunner(state.logger);
                                    return audit.deployment(state);
                                })
                                .monitorDecorator(defaultMonitor -> {
                                    var m = new RecordingMonitor(mocks, Log.ignore());
                                    recorder.set(m);
                                    return m;
                                })
                                .build()
                                .runTest(program);
                    } finally {
                        PulumiTestInternal.cleanup();
                    }
                });
                var result = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                for (var e : result.exceptions()) {
                    var cause = unwrap(e);
                    if (cause instanceof ConfigException ce) {
                        throw ce;
                    }
                }
                if (!result.exceptions().isEmpty() || !result.errors().isEmpty() || result.exitCode() != 0) {
                    var messages = new ArrayList<String>(result.errors());
                    result.exceptions().forEach(e -> messages.add(String.valueOf(unwrap(e))));
                    throw new PlanFailedException("the program failed under the mock engine for stack " + stack
                            + " (exit code " + result.exitCode() + "):\n  " + String.join("\n  ", messages));
                }
                var races = audit.findings(AUDIT_TIMEOUT_MILLIS);
                if (!races.isEmpty()) {
                    throw new PlanFailedException("the program gave " + races.size() + (races.size() == 1 ? " resource property" : " resource properties")
                            + " of stack " + stack + " several Outputs with dependencies, so the SDK can lose one of them at random;"
                            + " build each such property through io.berth.support.PropertyDependencies:\n  "
                            + String.join("\n  ", races));
                }
                var incomplete = recorder.get().incompleteComponents();
                if (!incomplete.isEmpty()) {
                    throw new PlanFailedException("the program left " + incomplete.size() + " component(s) of stack " + stack
                            + " without registerOutputs (the engine would show them as still being created):\n  "
                            + String.join("\n  ", incomplete));
                }
                var outputs = new TreeMap<String, Object>();
                result.outputs().forEach((k, v) -> outputs.put(k, RecordingMonitor.normalize(PulumiTestInternal.extractOutputData(v).getValueNullable())));
                return new Plan(stack, env, catalog, recorder.get().resources(), outputs);
            } catch (TimeoutException e) {
                throw new PlanFailedException(timedOut(stack, timeout, catalog, recorder.get(), System.nanoTime() - started,
                        gcMillis() - gcAtStart));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PlanFailedException("interrupted while planning " + stack, e);
            } catch (ExecutionException e) {
                var cause = unwrap(e.getCause());
                if (cause instanceof ConfigException ce) {
                    throw ce;
                }
                throw new PlanFailedException("the program failed under the mock engine for stack " + stack + ": " + cause, cause);
            } finally {
                executor.shutdownNow();
            }
        }
    }

    /**
     * The offline default: every repository of the catalog ({@code <env>/<repo>}) holds its images in every
     * region, as on any day after the first releases, so the plans show the environment running.
     */
    public static RegistryContents released(EnvironmentConfig env, Catalog catalog) {
        return RegistryContents.released(catalog.services().stream().flatMap(s -> s.image().repository().stream())
                .map(repo -> env.name() + "/" + repo).distinct().toList());
    }

    /** What a time-out measured: elapsed time, progress, garbage collection; a possible hang only when nothing moved. */
    private static String timedOut(String stack, Duration timeout, Catalog catalog, RecordingMonitor recorder, long elapsedNanos,
                                   long gcMillis) {
        var elapsed = elapsedNanos / 1e9;
        var registered = recorder == null ? 0 : recorder.registeredCount();
        var idle = registered == 0 ? elapsed : (System.nanoTime() - recorder.lastRegisteredNanos()) / 1e9;
        return timeoutMessage(stack, timeout, catalog.services().size(), elapsed, registered, idle, gcMillis / 1000.0);
    }

    /**
     * The time-out's message from what was measured. The engine is called possibly stuck only when nothing was
     * registered for at least 30 s and a quarter of the run; otherwise the plan was working, slowly.
     */
    static String timeoutMessage(String stack, Duration timeout, int services, double elapsedSeconds, int registered,
                                 double idleSeconds, double gcSeconds) {
        var measured = String.format(Locale.ROOT, "%.1f s elapsed, %d resources registered so far, the last %.1f s ago; "
                        + "garbage collection %.1f s (%.0f%% of it)", elapsedSeconds, registered, idleSeconds, gcSeconds,
                elapsedSeconds > 0 ? 100 * gcSeconds / elapsedSeconds : 0.0);
        var why = idleSeconds >= Math.max(30, elapsedSeconds / 4)
                ? String.format(Locale.ROOT, "nothing was registered for %.0f s: the SDK's engine may be stuck (pulumi-java#2270), "
                + "run the command again", idleSeconds)
                : registered == 0
                ? "nothing was registered yet: the bound is shorter than the engine's start (a few seconds), the engine was not stuck"
                : "it was still registering resources: the machine is slow or busy, the engine was not stuck";
        return "planning stack " + stack + " did not finish within its time bound of " + timeout.toSeconds() + " s ("
                + measured + "); " + why + ". Without --timeout or BERTH_PLAN_TIMEOUT the bound is " + DEFAULT_TIMEOUT.toSeconds()
                + " s + " + TIMEOUT_PER_SERVICE.toSeconds() + " s per service (" + services + " in this catalog: "
                + timeoutFor(services).toSeconds() + " s); set either to give it more time";
    }

    /** Time the JVM spent in garbage collection so far, in ms (0 where the collectors do not say). */
    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .filter(t -> t > 0).sum();
    }

    private static Throwable unwrap(Throwable e) {
        var t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t != null && !(t instanceof ConfigException) && t.getCause() instanceof ConfigException ce) {
            return ce;
        }
        return t;
    }
}
