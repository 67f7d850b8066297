package io.berth.support;

import com.google.common.collect.ImmutableSet;
import com.pulumi.core.Output;
import com.pulumi.core.internal.Internal;
import com.pulumi.core.internal.OutputData;
import com.pulumi.core.internal.OutputInternal;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The dependencies of one resource property, carried by that property's own Output, so that the SDK
 * records them from one callback. One instance per property:
 *
 * <pre>{@code
 * var network = new PropertyDependencies();
 * args.networkConfiguration(network.holding(ServiceNetworkConfigurationArgs.builder()
 *         .subnets(network.add(subnetIds))
 *         .securityGroups(network.add(groupIds))
 *         .build()))
 * }</pre>
 *
 * <p>Why: the SDK (1.36.1) serializes each property with its own {@code Serializer}, whose
 * {@code dependentResources} is a plain {@code HashSet}, and every Output nested in the property adds its
 * resources to it from its own callback, on whichever thread resolves that Output. Two at once can lose
 * one: on {@code pulumi up} the resource is then created before something it needs (offline plans caught
 * it once, a pipeline without the DR capacity providers among its dependencies). {@code plan.DependencyRaceAudit}
 * fails any plan with such a property.
 *
 * <p>Why not {@code Output.tuple(a, b).applyValue(...)}: one unknown value (the id of a resource created in
 * the same update) makes the whole property unknown in {@code pulumi preview}, which hides the field that
 * changes from the reviewer and stops the policy pack's checks of that property until {@code pulumi up}.
 * Here each nested value keeps its own known, unknown or secret state; only its dependencies move to the
 * property's Output, which resolves once every value in it has, and is known.
 */
public final class PropertyDependencies {
    private final List<Output<?>> values = new ArrayList<>();

    /** {@code value} for use inside the property: the same value, its dependencies carried by {@link #holding}. */
    public <T> Output<T> add(Output<T> value) {
        values.add(value);
        return new OutputInternal<>(Internal.of(value).getDataAsync().thenApply(data ->
                OutputData.ofNullable(ImmutableSet.<Resource>of(), data.getValueNullable(), data.isKnown(), data.isSecret())));
    }

    /** The property: {@code args} (built from {@link #add}ed values), once they all resolved, with all their dependencies. */
    public <T> Output<T> holding(T args) {
        var data = values.stream().map(v -> Internal.of(v).getDataAsync()).toList();
        return new OutputInternal<>(CompletableFuture.allOf(data.toArray(CompletableFuture[]::new)).thenApply(done -> {
            var resources = ImmutableSet.<Resource>builder();
            data.forEach(d -> resources.addAll(d.join().getResources()));
            return OutputData.ofNullable(resources.build(), args, true, false);
        }));
    }
}
