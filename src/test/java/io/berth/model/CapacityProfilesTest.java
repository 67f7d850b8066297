package io.berth.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;

import static io.berth.model.StrategyItem.FARGATE;
import static io.berth.model.StrategyItem.FARGATE_SPOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CapacityProfilesTest {
    static Set<String> profiles() {
        return CapacityProfiles.names();
    }

    private static CapacityStrategy profile(String name) {
        return CapacityProfiles.resolve(name).orElseThrow();
    }

    @Test
    void offersFourProfilesInOrderOfSpotShare() {
        assertThat(CapacityProfiles.names()).containsExactly("on-demand", "balanced", "spot-first", "spot-only");
    }

    @Test
    void eachProfileResolvesToItsStrategy() {
        assertThat(profile("on-demand").items()).containsExactly(new StrategyItem(FARGATE, 1, 1));
        assertThat(profile("balanced").items()).containsExactly(new StrategyItem(FARGATE, 1, 1), new StrategyItem(FARGATE_SPOT, 0, 1));
        assertThat(profile("spot-first").items()).containsExactly(new StrategyItem(FARGATE, 1, 1), new StrategyItem(FARGATE_SPOT, 0, 3));
        assertThat(profile("spot-only").items()).containsExactly(new StrategyItem(FARGATE_SPOT, 0, 1));
        assertThat(CapacityProfiles.names()).allSatisfy(name -> assertThat(profile(name).profile()).isEqualTo(name));
    }

    @Test
    void anUnknownProfileResolvesToNothing() {
        assertThat(CapacityProfiles.resolve("cheap")).isEmpty();
        assertThat(CapacityProfiles.resolve("Spot-Only")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void everyProfileIsAStrategyEcsAccepts(String name) {
        var items = profile(name).items();

        // aws-rules 2, 3, 4: at most one non-zero base (0..100000), weights 0..1000 with one > 0,
        // at most 20 providers, Fargate providers only.
        assertThat(items).hasSizeBetween(1, 20);
        assertThat(items.stream().filter(i -> i.base() > 0).count()).isLessThanOrEqualTo(1);
        assertThat(items).allSatisfy(i -> {
            assertThat(i.base()).isBetween(0, 100_000);
            assertThat(i.weight()).isBetween(0, 1000);
            assertThat(i.capacityProvider()).isIn(FARGATE, FARGATE_SPOT);
        });
        assertThat(items).anySatisfy(i -> assertThat(i.weight()).isPositive());
        assertThat(items.stream().map(StrategyItem::capacityProvider).distinct().count()).isEqualTo(items.size());
    }

    @ParameterizedTest
    @MethodSource("profiles")
    void everyMixedProfileKeepsOneOnDemandTaskSoSpotCannotTakeAServiceToZero(String name) {
        var strategy = profile(name);

        if (strategy.spotOnly()) {
            assertThat(name).isEqualTo("spot-only");
            assertThat(strategy.onDemandBase()).isZero();
        } else {
            assertThat(strategy.onDemandBase()).isEqualTo(1);
        }
    }

    @Test
    void onlySpotOnlyIsSpotOnly() {
        assertThat(profiles()).filteredOn(name -> profile(name).spotOnly()).containsExactly("spot-only");
    }

    @Test
    void aZeroWeightOnDemandEntryDoesNotMakeAStrategyMixed() {
        var strategy = new CapacityStrategy("custom", List.of(new StrategyItem(FARGATE, 0, 0), new StrategyItem(FARGATE_SPOT, 0, 2)));

        assertThat(strategy.spotOnly()).isTrue();
        assertThat(strategy.onDemandBase()).isZero();
    }

    @Test
    void anOnDemandBaseWithoutWeightStillCountsAsOnDemand() {
        var strategy = new CapacityStrategy("custom", List.of(new StrategyItem(FARGATE, 2, 0), new StrategyItem(FARGATE_SPOT, 0, 1)));

        assertThat(strategy.spotOnly()).isFalse();
        assertThat(strategy.onDemandBase()).isEqualTo(2);
    }

    @Test
    void describesStrategiesForPlanSummaries() {
        assertThat(profile("spot-first").describe()).isEqualTo("FARGATE base 1 weight 1, FARGATE_SPOT weight 3");
        assertThat(profile("spot-only").describe()).isEqualTo("FARGATE_SPOT weight 1");
    }

    @Test
    void strategiesAreImmutable() {
        var items = new java.util.ArrayList<>(List.of(new StrategyItem(FARGATE, 1, 1)));
        var strategy = new CapacityStrategy("custom", items);
        items.add(new StrategyItem(FARGATE_SPOT, 0, 1));

        assertThat(strategy.items()).hasSize(1);
        assertThatThrownBy(() -> strategy.items().add(new StrategyItem(FARGATE_SPOT, 0, 1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void onlyFargateSpotIsSpot() {
        assertThat(new StrategyItem(FARGATE_SPOT, 0, 1).isSpot()).isTrue();
        assertThat(new StrategyItem(FARGATE, 0, 1).isSpot()).isFalse();
    }
}
