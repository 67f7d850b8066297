package io.berth.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableSet;
import com.pulumi.core.Output;
import com.pulumi.core.internal.Internal;
import com.pulumi.core.internal.OutputData;
import com.pulumi.core.internal.OutputInternal;
import com.pulumi.resources.Resource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/**
 * What each value and the property carry: the values keep their own state (known, unknown, secret) without
 * dependencies; the property carries all of them, resolves once every value has, and is known.
 */
class PropertyDependenciesTest {
    private static final Resource SUBNET = Mockito.mock(Resource.class);
    private static final Resource GROUP = Mockito.mock(Resource.class);

    private static <T> Output<T> of(OutputData<T> data) {
        return new OutputInternal<>(data);
    }

    private static <T> OutputData<T> data(Output<T> output) {
        return Internal.of(output).getDataAsync().join();
    }

    @Test
    void aValueKeepsItsStateAndLosesItsDependencies() {
        var property = new PropertyDependencies();
        var known = data(property.add(of(OutputData.of(ImmutableSet.of(SUBNET), "subnet-1", true))));
        var unknown = data(property.add(of(OutputData.<String>ofNullable(ImmutableSet.of(GROUP), null, false, false))));

        assertThat(known.getValueNullable()).isEqualTo("subnet-1");
        assertThat(known.isKnown()).isTrue();
        assertThat(known.isSecret()).isTrue();
        assertThat(known.getResources()).isEmpty();
        assertThat(unknown.isKnown()).isFalse();
        assertThat(unknown.getResources()).isEmpty();
    }

    @Test
    void thePropertyCarriesEveryValuesDependenciesAndIsKnownWhenAValueIsNot() {
        var property = new PropertyDependencies();
        property.add(of(OutputData.of(ImmutableSet.of(SUBNET), "subnet-1")));
        property.add(of(OutputData.<String>ofNullable(ImmutableSet.of(GROUP), null, false, false)));

        var held = data(property.holding(List.of("args")));

        assertThat(held.getValueNullable()).isEqualTo(List.of("args"));
        assertThat(held.isKnown()).isTrue();
        assertThat(held.isSecret()).isFalse();
        assertThat(held.getResources()).containsExactlyInAnyOrder(SUBNET, GROUP);
    }

    @Test
    void thePropertyResolvesOnlyOnceEveryValueHas() {
        var property = new PropertyDependencies();
        var late = new CompletableFuture<OutputData<String>>();
        property.add(of(OutputData.of(ImmutableSet.of(SUBNET), "subnet-1")));
        property.add(new OutputInternal<>(late));

        var held = Internal.of(property.holding("args")).getDataAsync();
        assertThat(held).isNotDone();

        late.complete(OutputData.of(ImmutableSet.of(GROUP), "sg-1"));
        assertThat(held).isCompleted();
        assertThat(held.join().getResources()).containsExactlyInAnyOrder(SUBNET, GROUP);
    }
}
