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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
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
    /** Default bound on one plan run: the SDK's mock engine can hang (pulumi-java#2270). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    // The SDK keeps its deployment in a global: one plan at a time per JVM.
    /** Held by anything that runs the SDK engine in this JVM (the planner, and tests that drive the SDK directly). */
    public static final Object ENGINE_LOCK = new Object();

    private OfflinePlanner() {
    }

    public static Plan plan(Path projectDir, String stack) {
        return plan(projectDir, RawConfig.fromStackFile(projectDir, stack), stack, DEFAULT_TIMEOUT);
    }

    /**
     * @throws ConfigException     on any config mistake, before anything is registered
     * @throws PlanFailedException when the program fails or the run exceeds {@code timeout}
     */
    public static Plan plan(Path projectDir, RawConfig raw, String stack, Duration timeout) {
        var settings = StackLoader.load(projectDir, stack, raw); // fail fast, outside the engine
        return run(stack, settings.env(), settings.catalog(), raw.values(), ctx -> Berth.build(ctx, settings), timeout);
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

        synchronized (ENGINE_LOCK) {
            var executor = Executors.newSingleThreadExecutor(r -> {
                var t = new Thread(r, "berth-plan-" + stack);
                t.setDaemon(true); // a hung engine must not keep the JVM alive
                return t;
            });
            try {
                var future = executor.submit(() -> {
                    try {
                        return PulumiTestInternal.builder()
                                .options(TestOptions.builder().projectName("berth").stackName(stack).preview(false).build())
                                .mocks(mocks)
                                .config(config)
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
                var outputs = new TreeMap<String, Object>();
                result.outputs().forEach((k, v) -> outputs.put(k, RecordingMonitor.normalize(PulumiTestInternal.extractOutputData(v).getValueNullable())));
                return new Plan(stack, env, catalog, recorder.get().resources(), outputs);
            } catch (TimeoutException e) {
                throw new PlanFailedException("planning stack " + stack + " did not finish within " + timeout.toSeconds()
                        + " s; the Pulumi Java SDK's engine can hang (pulumi-java#2270): run the command again");
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
