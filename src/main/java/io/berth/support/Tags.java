package io.berth.support;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tags for every taggable resource: the environment's tags plus a Name and any extras. Each call
 * returns a new map that cannot be changed: the engine serializes resource inputs on its own
 * threads, and a map shared and changed meanwhile breaks that (issue 19).
 */
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
        return Collections.unmodifiableSortedMap(tags);
    }
}
