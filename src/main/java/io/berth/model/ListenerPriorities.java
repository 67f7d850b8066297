package io.berth.model;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Listener rule priorities that stay put when services are added or removed: each service's
 * priority depends only on its own name and routes, never on its position in the catalog.
 *
 * <p>The ALB evaluates rules from the lowest priority number up, so more specific rules get a
 * lower band: host and path 1..9999, host only 10001..19999, path only 20001..29999, catch-all
 * ({@code /} or {@code /*}) 40001..49999. Within a band the slot comes from a hash of the name;
 * a collision is reported as a config error asking for an explicit {@code expose.priority}.
 */
public final class ListenerPriorities {
    public static final int BAND_WIDTH = 10_000;

    private ListenerPriorities() {
    }

    public static int band(List<String> hosts, List<String> paths) {
        boolean catchAll = paths.stream().allMatch(p -> p.equals("/*") || p.equals("/") || p.equals("*"));
        if (!hosts.isEmpty() && !paths.isEmpty() && !catchAll) {
            return 0;
        }
        if (!hosts.isEmpty()) {
            return 1;
        }
        return catchAll ? 4 : 2;
    }

    public static int priority(String serviceName, List<String> hosts, List<String> paths) {
        var crc = new CRC32();
        crc.update(serviceName.getBytes(StandardCharsets.UTF_8));
        return band(hosts, paths) * BAND_WIDTH + 1 + (int) (crc.getValue() % (BAND_WIDTH - 1));
    }
}
