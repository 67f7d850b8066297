package io.berth.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects configuration problems so that one run reports all of them, not just the first.
 * Each problem names the file and the field path it is about.
 */
public final class Problems {
    private final List<String> messages = new ArrayList<>();

    public void add(String file, String path, String message) {
        messages.add(file + ": " + path + ": " + message);
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** Throws a {@link ConfigException} listing every problem collected so far, if any. */
    public void throwIfAny() {
        if (!messages.isEmpty()) {
            throw new ConfigException(messages);
        }
    }
}
