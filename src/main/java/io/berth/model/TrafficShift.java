package io.berth.model;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How CodeDeploy moves a blue/green service's production traffic to the new version (catalog
 * {@code deployment.trafficShift}): {@code all-at-once}, {@code canary-<percent>-<minutes>m} (that share
 * first, the rest after the wait) or {@code linear-<percent>-<minutes>m} (that share more after every
 * wait). The five shifts AWS predefines for ECS use its configurations; any other is a custom
 * deployment configuration berth creates.
 *
 * @param type    all at once, canary or linear
 * @param percent the canary's share, or each linear step's; 100 for all at once
 * @param minutes the wait after the canary or between linear steps; 0 for all at once
 */
public record TrafficShift(Type type, int percent, int minutes) {
    public static final String ALL_AT_ONCE = "all-at-once";
    public static final TrafficShift DEFAULT = new TrafficShift(Type.ALL_AT_ONCE, 100, 0);
    /** berth's bound on the wait: a release holds its pipeline while traffic shifts. */
    public static final int MAX_MINUTES = 120;
    /** The settings AWS predefines for ECS (CodeDeploy user guide, "Deployment configurations on an Amazon ECS compute platform"). */
    public static final Map<String, String> PREDEFINED = Map.of(
            ALL_AT_ONCE, "CodeDeployDefault.ECSAllAtOnce",
            "canary-10-5m", "CodeDeployDefault.ECSCanary10Percent5Minutes",
            "canary-10-15m", "CodeDeployDefault.ECSCanary10Percent15Minutes",
            "linear-10-1m", "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
            "linear-10-3m", "CodeDeployDefault.ECSLinear10PercentEvery3Minutes");
    private static final Pattern FORM = Pattern.compile("(canary|linear)-([0-9]{1,3})-([0-9]{1,4})m");

    public enum Type { ALL_AT_ONCE, CANARY, LINEAR }

    /** The catalog's spelling: {@code canary-10-5m}. */
    public String setting() {
        return type == Type.ALL_AT_ONCE ? ALL_AT_ONCE
                : type.name().toLowerCase(java.util.Locale.ROOT) + "-" + percent + "-" + minutes + "m";
    }

    /** AWS's predefined configuration for this shift, if there is one (else berth creates a custom one). */
    public Optional<String> predefinedConfig() {
        return Optional.ofNullable(PREDEFINED.get(setting()));
    }

    /**
     * Reads a catalog value; empty when it is not of the form {@code all-at-once}, {@code canary-<percent>-<minutes>m}
     * or {@code linear-<percent>-<minutes>m} with a percent of 1-99 and 1-{@value #MAX_MINUTES} minutes.
     */
    public static Optional<TrafficShift> parse(String value) {
        if (value.equals(ALL_AT_ONCE)) {
            return Optional.of(DEFAULT);
        }
        var m = FORM.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        int percent = Integer.parseInt(m.group(2));
        int minutes = Integer.parseInt(m.group(3));
        if (percent < 1 || percent > 99 || minutes < 1 || minutes > MAX_MINUTES) {
            return Optional.empty();
        }
        return Optional.of(new TrafficShift(m.group(1).equals("canary") ? Type.CANARY : Type.LINEAR, percent, minutes));
    }
}
