package io.berth.service;

import com.pulumi.core.Output;
import io.berth.model.DeliverySpec;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Who owns a service's running task definition: a pipeline here, one elsewhere, or berth. */
class ServiceContextTest {
    private static ServiceContext context(Optional<DeliverySpec> delivery) {
        return new ServiceContext(ServicePlans.DEV, Output.of("vpc-1"), List.of(Output.of("subnet-a")), Output.of("cluster-arn"),
                Output.of("dev-cluster"), Output.of("ns-1"), Optional.empty(), Optional.empty(), delivery);
    }

    @Test
    void aServiceNoPipelineDeploysIsOwnedByBerth() {
        var ctx = new ServiceContext(ServicePlans.DEV, Output.of("vpc-1"), List.of(Output.of("subnet-a")), Output.of("cluster-arn"),
                Output.of("dev-cluster"), Output.of("ns-1"), Optional.empty(), Optional.empty());
        assertThat(ctx.delivery()).isEmpty();
        assertThat(ctx.releasedByPipeline()).isFalse();
        assertThat(ctx.pipelineOwned()).isFalse();
    }

    @Test
    void itsOwnPipelineOwnsIt() {
        var ctx = context(ServicePlans.REPLICA.delivery());
        assertThat(ctx.releasedByPipeline()).isTrue();
        assertThat(ctx.pipelineOwned()).isTrue();
    }

    @Test
    void aPipelineBuiltElsewhereOwnsIt() {
        var ctx = new ServiceContext(ServicePlans.DEV, Output.of("vpc-1"), List.of(Output.of("subnet-a")), Output.of("cluster-arn"),
                Output.of("dev-cluster"), Output.of("ns-1"), Optional.empty(), Optional.empty(), Optional.empty(), true);
        assertThat(ctx.pipelineOwned()).isTrue();
    }

    @Test
    void withoutDeliveryTheConvenienceConstructorIsNotPipelineOwned() {
        assertThat(context(Optional.empty()).pipelineOwned()).isFalse();
    }
}
