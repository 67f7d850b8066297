package io.berth.service;

import io.berth.testing.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FixturesSmokeTest {
    @Test
    void planOfOneServiceHasItsTaskDefinition() {
        var plan = Fixtures.plan(Fixtures.environment(), Fixtures.service("api"));
        assertThat(plan.named("dev-api-task").type()).isEqualTo("aws:ecs/taskDefinition:TaskDefinition");
    }
}
