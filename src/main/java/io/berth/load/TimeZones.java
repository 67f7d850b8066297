package io.berth.load;

import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * Time zones of scheduled actions: IANA names as {@link ZoneId} knows them (Europe/Dublin, UTC).
 * Offsets such as +01:00 are refused: Application Auto Scaling takes zone names, and a fixed
 * offset would ignore daylight saving time.
 */
final class TimeZones {
    private static final Set<String> NAMES = ZoneId.getAvailableZoneIds();

    private TimeZones() {
    }

    static Optional<String> problem(String zone) {
        if (NAMES.contains(zone)) {
            return Optional.empty();
        }
        return Optional.of("'" + zone + "' is not an IANA time zone name" + ConfigNode.suggestion(zone, NAMES)
                + "; use a name such as Europe/Dublin, America/New_York or UTC");
    }
}
