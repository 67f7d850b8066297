package io.berth.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.berth.model.StrategyItem.FARGATE;
import static io.berth.model.StrategyItem.FARGATE_SPOT;
import static org.assertj.core.api.Assertions.assertThat;

class CapacityStrategyTest {
    private static CapacityStrategy strategy(StrategyItem... items) {
        return new CapacityStrategy("custom", List.of(items));
    }

    @Test
    void fargateSpotIsSpot() {
        assertThat(new StrategyItem(FARGATE_SPOT, 0, 1).isSpot()).isTrue();
    }

    @Test
    void fargateIsNotSpot() {
        assertThat(new StrategyItem(FARGATE, 0, 1).isSpot()).isFalse();
    }

    @Test
    void anOnDemandProviderWithNeitherBaseNorWeightLeavesTheStrategySpotOnly() {
        assertThat(strategy(new StrategyItem(FARGATE, 0, 0), new StrategyItem(FARGATE_SPOT, 0, 1)).spotOnly()).isTrue();
    }

    @Test
    void anOnDemandBaseWithoutWeightStillPlacesTasksOnDemand() {
        assertThat(strategy(new StrategyItem(FARGATE, 1, 0), new StrategyItem(FARGATE_SPOT, 0, 1)).spotOnly()).isFalse();
    }

    @Test
    void anOnDemandWeightWithoutBasePlacesTasksOnDemand() {
        assertThat(strategy(new StrategyItem(FARGATE, 0, 1), new StrategyItem(FARGATE_SPOT, 0, 1)).spotOnly()).isFalse();
    }

    @Test
    void theOnDemandBaseCountsOnlyOnDemandProviders() {
        assertThat(strategy(new StrategyItem(FARGATE, 2, 1), new StrategyItem(FARGATE_SPOT, 3, 1)).onDemandBase()).isEqualTo(2);
    }

    @Test
    void describesBasesOnlyWhereThereAreAny() {
        assertThat(strategy(new StrategyItem(FARGATE, 1, 1), new StrategyItem(FARGATE_SPOT, 0, 3)).describe())
                .isEqualTo("FARGATE base 1 weight 1, FARGATE_SPOT weight 3");
    }
}
