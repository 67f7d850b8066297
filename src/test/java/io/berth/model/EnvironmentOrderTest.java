package io.berth.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EnvironmentOrderTest {
    @Test
    void devComesFirst() {
        assertThat(EnvironmentOrder.position("dev")).contains(0);
    }

    @Test
    void prodComesLast() {
        assertThat(EnvironmentOrder.position("prod")).contains(2);
    }

    @Test
    void aStackOutsideTheOrderHasNoPosition() {
        assertThat(EnvironmentOrder.position("staging")).isEmpty();
    }

    @Test
    void describesTheOrderForMessages() {
        assertThat(EnvironmentOrder.describe()).isEqualTo("dev < beta < prod");
    }
}
