package io.berth.support;

import io.berth.model.EnvironmentConfig;

import java.util.Map;
import java.util.TreeMap;

/** Tags for every taggable resource: the environment's tags plus a Name and any extras. */
public final class Tags {
    private Tags() {
    }

    public static Map<String, String> of(EnvironmentConfig env, String name) {
        return of(env, name, Map.of());
    }

    public static Map<String, String> of(EnvironmentConfig env, String name, Map<String, String> extra) {
        var tags = new TreeMap<>(env.tags());
        tags.put("Name", name);
        tags.putAll(extra);
        return tags;
    }
}
