package io.berth.testing;

import io.berth.model.Catalog;
import io.berth.load.CatalogLoader;
import io.berth.load.ConfigException;
import io.berth.model.EnvironmentConfig;
import io.berth.load.EnvironmentLoader;
import io.berth.load.RawConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Small catalogs for catalog tests: service files written to a fresh {@code services/} and loaded for one environment. */
public final class Catalogs {
    private Catalogs() {
    }

    /** A shipped stack's environment settings, as the loader reads them. */
    public static EnvironmentConfig environment(String stack) {
        return EnvironmentLoader.load(stack, RawConfig.fromStackFile(ShippedStacks.PROJECT_DIR, stack));
    }

    /** {@code files("api.yaml", text, "web.yaml", text)}: file names and their text, in order. */
    public static Map<String, String> files(String... nameAndText) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < nameAndText.length; i += 2) {
            map.put(nameAndText[i], nameAndText[i + 1]);
        }
        return map;
    }

    public static Catalog load(EnvironmentConfig env, Map<String, String> files) throws IOException {
        var dir = Files.createDirectories(Files.createTempDirectory("berth-catalog-").resolve("services"));
        for (var e : files.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
        return CatalogLoader.load(dir, env, Set.of("dev", "beta", "prod"));
    }

    /** Loading fails with exactly these problems, in this order. */
    public static void assertProblems(EnvironmentConfig env, Map<String, String> files, String... expected) {
        assertThatThrownBy(() -> load(env, files))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(expected));
    }
}
