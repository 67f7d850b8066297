package io.berth.model;

import io.berth.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ALB evaluates listener rules from the lowest priority up: the band order (host and path,
 * host only, path only, catch-all) is what keeps a catch-all from swallowing specific routes.
 */
class ListenerPrioritiesTest {
    private static List<String> list(String semicolonSeparated) {
        return semicolonSeparated == null ? List.of() : Arrays.asList(semicolonSeparated.split(";"));
    }

    @ParameterizedTest(name = "hosts [{0}] paths [{1}] -> band {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "shop.example.com | /api/*         | 0",
            "a.example.com;b.example.com | /x;/y | 0",
            "shop.example.com | -              | 1",
            "shop.example.com | /*             | 1",
            "shop.example.com | /              | 1",
            "-                | /api/*         | 2",
            "-                | /*;/api/*      | 2",
            "-                | /*             | 4",
            "-                | /              | 4",
            "-                | *              | 4",
            "-                | /;/*           | 4"})
    void bandOfRoutes(String hosts, String paths, int band) {
        assertThat(ListenerPriorities.band(list(hosts), list(paths))).isEqualTo(band);
    }

    @ParameterizedTest(name = "{0} hosts [{1}] paths [{2}] -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "web    | shop.example.com | /web/*  | 5244",
            "web    | shop.example.com | -       | 15244",
            "web    | -                | /web/*  | 25244",
            "web    | -                | /*      | 45244",
            "api    | -                | /api/*  | 21673",
            "orders | -                | /api/orders;/api/orders/* | 22214",
            "admin  | admin.example.com | -      | 10612"})
    void priorityIsTheBandPlusASlotFromTheName(String name, String hosts, String paths, int priority) {
        assertThat(ListenerPriorities.priority(name, list(hosts), list(paths))).isEqualTo(priority);
    }

    @Test
    void bandsAreTenThousandWide() {
        assertThat(ListenerPriorities.BAND_WIDTH).isEqualTo(10_000);
    }

    @Test
    void moreSpecificRoutesAreEvaluatedFirstWhateverTheNames() {
        // "zzz" hashes high in its band, "a" low: the band decides, never the name
        var hostAndPath = ListenerPriorities.priority("zzzzzzzz", List.of("h.example.com"), List.of("/p/*"));
        var hostOnly = ListenerPriorities.priority("a", List.of("h.example.com"), List.of());
        var pathOnly = ListenerPriorities.priority("a", List.of(), List.of("/p/*"));
        var catchAll = ListenerPriorities.priority("a", List.of(), List.of("/*"));
        assertThat(List.of(hostAndPath, hostOnly, pathOnly, catchAll)).isSorted();
    }

    @Test
    void slotsStayInsideTheirBandAndAboveZero() {
        for (var name : List.of("a", "b", "web", "api", "orders", "frontend", "a-very-long-service1")) {
            assertThat(ListenerPriorities.priority(name, List.of(), List.of("/x"))).isBetween(20_001, 29_999);
            assertThat(ListenerPriorities.priority(name, List.of("h"), List.of("/x"))).isBetween(1, 9_999);
        }
    }

    @Test
    void anExplicitPriorityWins() {
        var spec = Fixtures.service("web", Map.of("expose", Map.of("type", "public", "paths", List.of("/web/*"), "priority", 7)));
        assertThat(Catalog.priorityOf(spec)).isEqualTo(7);
    }

    @Test
    void withoutAnExplicitPriorityTheDerivedOneApplies() {
        var spec = Fixtures.service("web", Map.of("expose", Map.of("type", "public", "paths", List.of("/web/*"))));
        assertThat(Catalog.priorityOf(spec)).isEqualTo(25244);
    }
}
