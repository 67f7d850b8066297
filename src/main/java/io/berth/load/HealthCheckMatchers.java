package io.berth.load;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The HTTP codes an Application Load Balancer health check counts as healthy: codes 200 to 499,
 * either a list ({@code 200,202}) or one range ({@code 200-299})
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Matcher.html).
 */
final class HealthCheckMatchers {
    static final int LOWEST = 200;
    static final int HIGHEST = 499;
    private static final Pattern LIST = Pattern.compile("\\d{3}(,\\d{3})*");
    private static final Pattern RANGE = Pattern.compile("(\\d{3})-(\\d{3})");
    private static final String ALLOWED = "HTTP codes " + LOWEST + " to " + HIGHEST + " as one code (200), a list (200,202) "
            + "or a range (200-299)";

    private HealthCheckMatchers() {
    }

    static Optional<String> problem(String matcher) {
        var range = RANGE.matcher(matcher);
        if (range.matches()) {
            int low = Integer.parseInt(range.group(1));
            int high = Integer.parseInt(range.group(2));
            if (low < LOWEST || high > HIGHEST) {
                return Optional.of("'" + matcher + "' reaches outside " + LOWEST + "-" + HIGHEST + "; the load balancer takes " + ALLOWED);
            }
            if (low >= high) {
                return Optional.of("'" + matcher + "' is an empty or reversed range; write the lower code first, e.g. 200-299");
            }
            return Optional.empty();
        }
        if (LIST.matcher(matcher).matches()) {
            for (var code : matcher.split(",")) {
                int c = Integer.parseInt(code);
                if (c < LOWEST || c > HIGHEST) {
                    return Optional.of("'" + matcher + "' has " + code + ", outside " + LOWEST + "-" + HIGHEST
                            + "; the load balancer takes " + ALLOWED);
                }
            }
            return Optional.empty();
        }
        return Optional.of("'" + matcher + "' is not a health-check matcher; the load balancer takes " + ALLOWED);
    }
}
