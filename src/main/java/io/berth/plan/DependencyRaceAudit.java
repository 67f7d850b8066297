package io.berth.plan;

import com.pulumi.Log;
import com.pulumi.core.Output;
import com.pulumi.core.internal.Internal;
import com.pulumi.deployment.internal.DeploymentImpl;
import com.pulumi.resources.InputArgs;
import com.pulumi.resources.Resource;
import com.pulumi.resources.ResourceArgs;
import com.pulumi.resources.ResourceOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Finds resource properties whose value holds more than one {@code Output} that carries dependencies,
 * the shape that lets the SDK lose a dependency at random (why: {@link io.berth.support.PropertyDependencies},
 * the fix). The race is rare and timing-bound, so the audit checks the shape instead, on every plan: it fails
 * the plan however the timing went, and names each property.
 *
 * <p>Not counted: the property's own top-level {@code Output} (the serializer handles it first and alone), and
 * {@code Output}s without dependencies (they add nothing). An {@code Output} nested in another one with
 * dependencies is counted too, though the two are added one after the other: a property that needs it builds
 * through {@code PropertyDependencies} anyway.
 */
final class DependencyRaceAudit {
    private final Set<String> findings = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();

    /** A deployment that audits the arguments of every resource before registering it as the SDK does. */
    DeploymentImpl deployment(DeploymentImpl.DeploymentState state) {
        return new DeploymentImpl(state) {
            @Override
            public void readOrRegisterResource(Resource resource, boolean remote, Function<String, Resource> newDependency,
                                               ResourceArgs args, ResourceOptions options, Resource.LazyFields lazy,
                                               CompletableFuture<String> packageRef) {
                super.readOrRegisterResource(resource, remote, newDependency, args, options, lazy, packageRef);
                try {
                    audit(resource.pulumiResourceType() + " " + resource.pulumiResourceName(), args);
                } catch (RuntimeException e) {
                    // arguments the SDK cannot read (a required value missing): it reports them itself
                }
            }
        };
    }

    private void audit(String resource, ResourceArgs args) {
        pending.add(Internal.from(args).toNullableMapAsync(Log.ignore()).thenCompose(properties -> {
            var checks = new ArrayList<CompletableFuture<Void>>();
            properties.forEach((property, value) -> checks.add(insideOf(value).thenCompose(DependencyRaceAudit::count)
                    .thenAccept(n -> {
                        if (n > 1) {
                            findings.add(resource + ": property \"" + property + "\" holds " + n + " Outputs with dependencies");
                        }
                    })));
            return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new));
        }));
    }

    /**
     * The property's value inside its own {@code Output}: the serializer handles that one first and alone,
     * so only what it holds can race.
     */
    private static CompletableFuture<Object> insideOf(Object value) {
        return value instanceof Output<?> o
                ? Internal.of(o).getDataAsync().thenApply(d -> (Object) d.getValueNullable())
                : CompletableFuture.completedFuture(value);
    }

    /** How many {@code Output}s with dependencies {@code value} holds, at any depth. */
    private static CompletableFuture<Integer> count(Object value) {
        if (value instanceof Output<?> o) {
            return Internal.of(o).getDataAsync().thenCompose(d ->
                    count(d.getValueNullable()).thenApply(n -> n + (d.getResources().isEmpty() ? 0 : 1)));
        }
        if (value instanceof InputArgs args) {
            return Internal.from(args).toNullableMapAsync(Log.ignore()).thenCompose(m -> count(new ArrayList<>(m.values())));
        }
        if (value instanceof Map<?, ?> map) {
            return count(new ArrayList<>(map.values()));
        }
        if (value instanceof List<?> list) {
            var counts = list.stream().map(DependencyRaceAudit::count).toList();
            return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new))
                    .thenApply(done -> counts.stream().mapToInt(CompletableFuture::join).sum());
        }
        return CompletableFuture.completedFuture(0);
    }

    /** Every finding, sorted, once the program has finished (and with it every Output the audit reads). */
    List<String> findings(long timeoutMillis) throws InterruptedException {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PlanFailedException("the program finished, but the dependency audit of its resources' properties did not"
                    + " within " + timeoutMillis / 1000 + " s (an Output that never resolved?)");
        } catch (ExecutionException e) {
            throw new PlanFailedException("the dependency audit of the program's resources failed: " + e.getCause(), e.getCause());
        }
        return List.copyOf(new TreeSet<>(findings));
    }
}
