package io.berth.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Comparator;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan file is what diffs and policies read: it must not change unless the input does. */
@Timeout(120) // runs the engine; the SDK's mock engine can hang (pulumi-java#2270)
class PlanDeterminismTest {
    private static final String MOCK_STACK_SEGMENT = "pulumi:pulumi:Stack$";

    @Test
    void planningTheSameStackTwiceGivesByteIdenticalJson() {
        var first = PlanJson.render(ShippedStacks.plan("prod")); // the largest stack: per-zone NATs, endpoints, protection

        var second = PlanJson.render(OfflinePlanner.plan(ShippedStacks.PROJECT_DIR, "prod"));

        assertThat(second).isEqualTo(first);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void resourcesAreSortedByUrnAndUrnsAreUnique(String stack) {
        var resources = ShippedStacks.plan(stack).resources();

        assertThat(resources).isSortedAccordingTo(Comparator.comparing(PlannedResource::urn));
        assertThat(resources).extracting(PlannedResource::urn).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void urnsHaveTheRealEnginesFormWithoutTheMockStackSegment(String stack) {
        var plan = ShippedStacks.plan(stack);

        assertThat(plan.resources()).allSatisfy(r -> {
            assertThat(r.urn()).startsWith("urn:pulumi:" + stack + "::berth::").doesNotContain(MOCK_STACK_SEGMENT)
                    .endsWith("::" + r.name());
            assertThat(r.parent()).doesNotContain(MOCK_STACK_SEGMENT);
            assertThat(r.provider()).doesNotContain(MOCK_STACK_SEGMENT);
            assertThat(r.dependencies()).noneMatch(d -> d.contains(MOCK_STACK_SEGMENT));
        });
        assertThat(plan.named(stack + "-vpc").urn())
                .isEqualTo("urn:pulumi:" + stack + "::berth::berth:network:Network$aws:ec2/vpc:Vpc::" + stack + "-vpc");
        assertThat(PlanJson.render(plan)).doesNotContain(MOCK_STACK_SEGMENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void thePlanFileNamesItsFormatStackAndTarget(String stack) throws Exception {
        var plan = ShippedStacks.plan(stack);

        var json = new ObjectMapper().readTree(PlanJson.render(plan));

        assertThat(json.get("format").asText()).isEqualTo("berth-plan/1");
        assertThat(json.get("project").asText()).isEqualTo("berth");
        assertThat(json.get("stack").asText()).isEqualTo(stack);
        assertThat(json.get("region").asText()).isEqualTo("eu-west-1");
        assertThat(json.get("account").asText()).isEqualTo(plan.env().account());
        assertThat(json.get("production").asBoolean()).isEqualTo(stack.equals("prod"));
        assertThat(json.get("resources")).hasSize(plan.resources().size());
        assertThat(PlanJson.render(plan)).endsWith("}\n");
    }
}
