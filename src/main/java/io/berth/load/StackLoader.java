package io.berth.load;

import io.berth.model.StackSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The one load pipeline of a stack: stack settings, then the catalog as this environment sees it,
 * then the settings derived from both (the DR replica, with the catalog resolved again for its
 * region). Every mistake is a {@link ConfigException} thrown before anything is registered.
 */
public final class StackLoader {
    /** The service catalog, relative to the project directory (where Pulumi.yaml is). */
    public static final String CATALOG_DIR = "services";

    private StackLoader() {
    }

    public static StackSettings load(Path projectDir, String stack, RawConfig raw) {
        var env = EnvironmentLoader.load(stack, raw);
        var known = knownStacks(projectDir, stack);
        var catalog = CatalogLoader.load(projectDir.resolve(CATALOG_DIR), env, known);
        return ReplicaDerivation.derive(env, catalog,
                replicaEnv -> CatalogLoader.loadReplica(projectDir.resolve(CATALOG_DIR), replicaEnv, env.region(), known));
    }

    /** Stack names that have a stack file: per-environment overrides for any other name are typos. */
    static Set<String> knownStacks(Path projectDir, String current) {
        var names = new TreeSet<String>();
        names.add(current);
        try (Stream<Path> files = Files.list(projectDir.toAbsolutePath())) {
            files.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith("Pulumi.") && f.endsWith(".yaml") && !f.equals("Pulumi.yaml"))
                    .forEach(f -> names.add(f.substring("Pulumi.".length(), f.length() - ".yaml".length())));
        } catch (IOException e) {
            // no listing: only the current stack is known
        }
        return names;
    }
}
