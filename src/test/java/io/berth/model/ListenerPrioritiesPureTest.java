package io.berth.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerPrioritiesPureTest {
    @Test
    void hostAndPathRulesTakeTheFirstBand() {
        assertThat(ListenerPriorities.band(List.of("api.example.com"), List.of("/v1/*"))).isEqualTo(0);
    }

    @Test
    void hostRulesWithACatchAllPathTakeTheSecondBand() {
        assertThat(ListenerPriorities.band(List.of("api.example.com"), List.of("/*"))).isEqualTo(1);
    }

    @Test
    void hostRulesWithoutPathsTakeTheSecondBand() {
        assertThat(ListenerPriorities.band(List.of("api.example.com"), List.of())).isEqualTo(1);
    }

    @Test
    void pathRulesTakeTheThirdBand() {
        assertThat(ListenerPriorities.band(List.of(), List.of("/api/*"))).isEqualTo(2);
    }

    @Test
    void aSpecificPathBesideACatchAllIsStillAPathRule() {
        assertThat(ListenerPriorities.band(List.of(), List.of("/api/*", "/*"))).isEqualTo(2);
    }

    @Test
    void slashStarIsACatchAll() {
        assertThat(ListenerPriorities.band(List.of(), List.of("/*"))).isEqualTo(4);
    }

    @Test
    void slashIsACatchAll() {
        assertThat(ListenerPriorities.band(List.of(), List.of("/"))).isEqualTo(4);
    }

    @Test
    void starIsACatchAll() {
        assertThat(ListenerPriorities.band(List.of(), List.of("*"))).isEqualTo(4);
    }

    @Test
    void thePriorityIsTheBandStartPlusOnePlusTheNamesCrc32ModuloTheBandWidthLessOne() {
        // CRC-32("api") = 2902841359; 2902841359 % 9999 = 1672
        assertThat(ListenerPriorities.priority("api", List.of(), List.of("/api/*"))).isEqualTo(20_000 + 1 + 1672);
    }

    @Test
    void theSameNameInTheFirstBandGetsTheSameSlot() {
        assertThat(ListenerPriorities.priority("api", List.of("api.example.com"), List.of("/v1/*"))).isEqualTo(1673);
    }

    @Test
    void aCatchAllServiceLandsInTheFifthBand() {
        // CRC-32("web") = 365508689; 365508689 % 9999 = 5243
        assertThat(ListenerPriorities.priority("web", List.of(), List.of("/*"))).isEqualTo(40_000 + 1 + 5243);
    }
}
