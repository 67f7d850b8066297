package io.berth.registry;

import com.pulumi.aws.Provider;
import com.pulumi.aws.ecr.EcrFunctions;
import com.pulumi.aws.ecr.inputs.GetRepositoryPlainArgs;
import com.pulumi.deployment.InvokeOptions;
import com.pulumi.resources.InvokeArgs;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Asks a region's registry which repositories already hold an image, before any service is
 * registered: a service whose image is not there yet is created waiting for its first release (no
 * tasks, no schedules) instead of failing to pull it.
 *
 * <p>Two invokes through the region's own provider, neither of which fails on an empty account:
 * {@code aws:ecr/getRepositories} (the names that exist) and, for each of those berth asks about,
 * {@code aws:ecr/getRepository} ({@code mostRecentImageTags}: empty while the repository holds no
 * tagged image). They run while the program runs, in {@code pulumi preview} and {@code pulumi up}
 * alike, so both see the registry as it is before the run (a repository this run creates is empty).
 */
public final class ReleasedImages {
    public static final String GET_REPOSITORIES = "aws:ecr/getRepositories:getRepositories";
    public static final String GET_REPOSITORY = "aws:ecr/getRepository:getRepository";

    private ReleasedImages() {
    }

    /** Of {@code repositoryNames} (full names, {@code <env>/<repo>}), those holding at least one tagged image in the provider's region. */
    public static Set<String> holdingImages(Provider provider, Collection<String> repositoryNames) {
        var released = new TreeSet<String>();
        if (repositoryNames.isEmpty()) {
            return released;
        }
        var options = new InvokeOptions(null, provider, null);
        // Blocking here is deliberate: which resources a service gets depends on the answer.
        var existing = Set.copyOf(EcrFunctions.getRepositoriesPlain(InvokeArgs.Empty, options).join().names());
        var asked = new TreeSet<>(repositoryNames);
        asked.retainAll(existing);
        var lookups = asked.stream().map(name -> EcrFunctions.getRepositoryPlain(
                GetRepositoryPlainArgs.builder().name(name).build(), options)).toList();
        CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).join();
        for (var lookup : lookups) {
            var repository = lookup.join();
            if (repository.mostRecentImageTags() != null && !repository.mostRecentImageTags().isEmpty()) {
                released.add(repository.name());
            }
        }
        return released;
    }
}
