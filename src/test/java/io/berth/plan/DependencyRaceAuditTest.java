package io.berth.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pulumi.Context;
import com.pulumi.aws.ssm.Parameter;
import com.pulumi.aws.ssm.ParameterArgs;
import com.pulumi.aws.sqs.Queue;
import com.pulumi.aws.sqs.QueueArgs;
import com.pulumi.aws.ecs.Service;
import com.pulumi.aws.ecs.ServiceArgs;
import com.pulumi.aws.ecs.inputs.ServiceNetworkConfigurationArgs;
import com.pulumi.core.Output;
import io.berth.model.Catalog;
import io.berth.support.PropertyDependencies;
import io.berth.testing.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A plan fails when a resource property holds several pending Outputs, the shape in which the SDK's serializer
 * can lose a dependency at random; built as one Output, the same property plans with both dependencies.
 */
class DependencyRaceAuditTest {
    private static Plan run(Consumer<Context> program) {
        var env = Fixtures.environment();
        return OfflinePlanner.run(env.name(), env, new Catalog(List.of()), Map.of(), program, Fixtures.TIMEOUT);
    }

    private static Queue queue(String name) {
        return new Queue(name, QueueArgs.builder().name(name).build());
    }

    @Test
    void twoPendingOutputsInOnePropertyFailThePlanNamingTheProperty() {
        assertThatThrownBy(() -> run(ctx -> {
            var subnets = queue("subnets");
            var group = queue("group");
            new Service("svc", ServiceArgs.builder()
                    .networkConfiguration(ServiceNetworkConfigurationArgs.builder()
                            .subnets(subnets.arn().applyValue(List::of))
                            .securityGroups(group.arn().applyValue(List::of))
                            .build())
                    .build());
        })).isInstanceOf(PlanFailedException.class).hasMessage("the program gave 1 resource property of stack dev several "
                + "Outputs with dependencies, so the SDK can lose one of them at random; build each such property through "
                + "io.berth.support.PropertyDependencies:\n"
                + "  aws:ecs/service:Service svc: property \"networkConfiguration\" holds 2 Outputs with dependencies");
    }

    @Test
    void theSamePropertyThroughPropertyDependenciesPlansWithBothDependencies() {
        var plan = run(ctx -> {
            var subnets = queue("subnets");
            var group = queue("group");
            var network = new PropertyDependencies();
            new Service("svc", ServiceArgs.builder()
                    .networkConfiguration(network.holding(ServiceNetworkConfigurationArgs.builder()
                            .subnets(network.add(subnets.arn().applyValue(List::of)))
                            .securityGroups(network.add(group.arn().applyValue(List::of)))
                            .build()))
                    .build());
        });
        assertThat(plan.resources()).filteredOn(r -> r.name().equals("svc")).singleElement()
                .satisfies(r -> assertThat(r.dependencies()).containsExactly(
                        "urn:pulumi:dev::berth::aws:sqs/queue:Queue::group", "urn:pulumi:dev::berth::aws:sqs/queue:Queue::subnets"));
    }

    @Test
    void theSamePropertyAsOneOutputPlans() {
        var plan = run(ctx -> {
            var subnets = queue("subnets");
            var group = queue("group");
            new Service("svc", ServiceArgs.builder()
                    .networkConfiguration(Output.tuple(subnets.arn(), group.arn()).applyValue(t -> ServiceNetworkConfigurationArgs.builder()
                            .subnets(List.of(t.t1)).securityGroups(List.of(t.t2)).build()))
                    .build());
        });
        assertThat(plan.named("svc").dependencies()).hasSize(2);
    }

    @Test
    void oneOutputBesidePlainValuesAndOutputsWithoutDependenciesPlans() {
        var plan = run(ctx -> {
            var arn = queue("target").arn();
            new Parameter("p", ParameterArgs.builder().type("String").name("p")
                    .value(Output.tuple(arn, Output.of("plain")).applyValue(t -> t.t1 + t.t2)).build());
            new Service("svc", ServiceArgs.builder()
                    .networkConfiguration(ServiceNetworkConfigurationArgs.builder()
                            .subnets(arn.applyValue(List::of))
                            .securityGroups(Output.of(List.of("sg-1")))
                            .build())
                    .build());
        });
        assertThat(plan.resources()).extracting(PlannedResource::name).containsExactlyInAnyOrder("p", "svc", "target");
    }
}
