package io.berth.plan;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the mock engine's registries hold, for the invokes that ask whether a service's image has
 * been released ({@link io.berth.registry.ReleasedImages}). The offline plan's default is
 * {@link #released}: every repository of the catalog exists and holds its images in every region,
 * the day-to-day state of an environment, so the shipped plans show services running. Tests of the
 * first day use {@link #empty} (a fresh account) or name exactly what each region holds.
 *
 * @param allRegions repositories (full names) holding an image in every region, when set
 * @param byRegion   otherwise: region to repository name to the tags of its most recent image
 */
public record RegistryContents(Optional<Set<String>> allRegions, Map<String, Map<String, List<String>>> byRegion) {
    public RegistryContents {
        allRegions = allRegions.map(Set::copyOf);
        var copy = new TreeMap<String, Map<String, List<String>>>();
        byRegion.forEach((region, repos) -> copy.put(region, Map.copyOf(repos)));
        byRegion = Map.copyOf(copy);
    }

    /** Every one of these repositories exists and holds an image, in every region. */
    public static RegistryContents released(Collection<String> repositoryNames) {
        return new RegistryContents(Optional.of(Set.copyOf(repositoryNames)), Map.of());
    }

    /** A fresh account: no repository anywhere. */
    public static RegistryContents empty() {
        return new RegistryContents(Optional.empty(), Map.of());
    }

    /** These contents plus {@code repository} in {@code region}, its most recent image tagged {@code tags} (none: empty). */
    public RegistryContents with(String region, String repository, String... tags) {
        var copy = new TreeMap<>(byRegion);
        var repos = new TreeMap<>(copy.getOrDefault(region, Map.of()));
        repos.put(repository, List.of(tags));
        copy.put(region, repos);
        return new RegistryContents(Optional.empty(), copy);
    }

    /** The repositories that exist in {@code region}. */
    List<String> repositories(String region) {
        return allRegions.map(all -> all.stream().sorted().toList())
                .orElseGet(() -> byRegion.getOrDefault(region, Map.of()).keySet().stream().sorted().toList());
    }

    /** The tags of the most recent image of {@code repository} in {@code region} (empty: no image). */
    List<String> mostRecentImageTags(String region, String repository) {
        if (allRegions.isPresent()) {
            return allRegions.get().contains(repository) ? List.of("latest") : List.of();
        }
        return byRegion.getOrDefault(region, Map.of()).getOrDefault(repository, List.of());
    }
}
