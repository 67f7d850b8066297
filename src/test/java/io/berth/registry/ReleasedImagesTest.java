package io.berth.registry;

import io.berth.model.Catalog;
import io.berth.plan.OfflinePlanner;
import io.berth.plan.RegistryContents;
import io.berth.support.Providers;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ReleasedImages reads from a region's registry, in one run: {@code dev/api} holds a tagged
 * image, {@code dev/empty} exists without one, {@code dev/missing} does not exist.
 */
@Timeout(120)
class ReleasedImagesTest {
    static final Map<String, Set<String>> ANSWERS = new ConcurrentHashMap<>();

    @BeforeAll
    static void plan() {
        ANSWERS.clear();
        var env = Fixtures.environment();
        var registry = RegistryContents.empty().with(env.region(), "dev/api", "v1", "v2").with(env.region(), "dev/empty");
        OfflinePlanner.run(env.name(), env, new Catalog(List.of()), Map.of(), ctx -> {
            var provider = Providers.forRegion("primary", env.account(), env.region());
            ANSWERS.put("asked", ReleasedImages.holdingImages(provider, List.of("dev/missing", "dev/empty", "dev/api")));
            ANSWERS.put("none", ReleasedImages.holdingImages(provider, List.of()));
        }, Duration.ofSeconds(120), registry);
    }

    @Test
    void onlyARepositoryHoldingATaggedImageCountsAsReleased() {
        assertThat(ANSWERS.get("asked")).containsExactly("dev/api");
    }

    @Test
    void askingAboutNoRepositoryAnswersNone() {
        assertThat(ANSWERS.get("none")).isEmpty();
    }
}
