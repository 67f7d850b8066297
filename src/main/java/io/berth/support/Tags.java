package io.berth.support;

import java.util.Map;
import java.util.TreeMap;

/** Tags for every taggable resource: the environment's tags plus a Name and any extras. */
public final class Tags {
    private Tags() {
    }

    public static Map<String, String> of(Map<String, String> environmentTags, String name) {
        return of(environmentTags, name, Map.of());
    }

    public static Map<String, String> of(Map<String, String> environmentTags, String name, Map<String, String> extra) {
        var tags = new TreeMap<>(environmentTags);
        tags.put("Name", name);
        tags.putAll(extra);
        return tags;
    }
}
