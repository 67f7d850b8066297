package io.berth.load;

import com.pulumi.Log;
import com.pulumi.test.Mocks;
import com.pulumi.test.TestOptions;
import com.pulumi.test.internal.PulumiTestInternal;
import io.berth.Berth;
import io.berth.plan.OfflinePlanner;
import io.berth.plan.PlanMocks;
import io.berth.plan.RecordingMonitor;
import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;

import static io.berth.testing.TestConfigs.baseline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A mistake in the config must stop berth before the first resource reaches the engine. */
@Timeout(60) // runs the engine; the SDK's mock engine can hang (pulumi-java#2270)
class BadConfigRegistersNothingTest {
    private static final String MESSAGE = "berth: 1 configuration problem, nothing was created:\n"
            + "  Pulumi.dev.yaml: berth:network.availabilityZones: must be between 2 and 6, got 7: "
            + "a load balancer needs at least two zones and no region offers more than six";

    private static RawConfig broken() {
        return baseline().set(7, "berth:network", "availabilityZones").raw();
    }

    @AfterEach
    void cleanup() {
        PulumiTestInternal.cleanup();
    }

    @Test
    void theOfflinePlannerRejectsABadConfigBeforeTheEngineStarts() {
        var e = catchThrowableOfType(ConfigException.class,
                () -> OfflinePlanner.plan(ShippedStacks.PROJECT_DIR, broken(), "dev", Duration.ofSeconds(30)));

        assertThat(e).hasMessage(MESSAGE);
        assertThat(e.getStackTrace()).isEmpty();
    }

    @Test
    void theProgramRegistersNothingWhenItsConfigIsBad() throws Exception {
        var raw = broken();
        var registrations = new AtomicInteger();
        var invokes = new AtomicInteger();
        var planMocks = new PlanMocks("111111111111", "eu-west-1");
        Mocks counting = new Mocks() {
            @Override
            public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
                registrations.incrementAndGet();
                return planMocks.newResourceAsync(args);
            }

            @Override
            public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
                invokes.incrementAndGet();
                return planMocks.callAsync(args);
            }
        };
        var recorder = new AtomicReference<RecordingMonitor>();

        var result = PulumiTestInternal.builder()
                .options(TestOptions.builder().projectName("berth").stackName("dev").preview(false).build())
                .mocks(counting)
                .standardLogger(PulumiTestInternal.logger(Level.OFF)) // the runtime logs the expected failure as SEVERE
                .config(raw.values())
                .monitorDecorator(defaultMonitor -> {
                    var monitor = new RecordingMonitor(counting, Log.ignore());
                    recorder.set(monitor);
                    return monitor;
                })
                .build()
                .runTestAsync(Berth.program(raw))
                .get(30, TimeUnit.SECONDS);

        assertThat(recorder.get().resources()).isEmpty();
        assertThat(registrations).hasValue(0);
        assertThat(invokes).hasValue(0);
        assertThat(result.exitCode()).isNotZero();
        // the SDK reports the failure twice: wrapped in a CompletionException and unwrapped
        assertThat(result.exceptions()).isNotEmpty().allSatisfy(e -> {
            var config = configExceptionIn(e);
            assertThat(config).hasMessage(MESSAGE);
            // ConfigException is the SDK's RunException: the runtime prints its message, and it has no stack trace
            assertThat(config).isInstanceOf(com.pulumi.exceptions.RunException.class);
            assertThat(config.getStackTrace()).isEmpty();
        });
    }

    private static ConfigException configExceptionIn(Throwable e) {
        for (var t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigException c) {
                return c;
            }
        }
        throw new AssertionError("no ConfigException in " + e, e);
    }
}
