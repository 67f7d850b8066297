package io.berth.load;

import com.cronutils.model.definition.CronConstraintsFactory;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Schedule expressions of Application Auto Scaling scheduled actions, which share EventBridge's
 * grammar: {@code cron(<6 fields>)}, {@code rate(<value> <unit>)} and {@code at(yyyy-mm-ddThh:mm:ss)}
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScheduledAction.html,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html). Cron fields are
 * checked with cron-utils against AWS's definition; the messages name the field and its range.
 */
final class ScheduleExpressions {
    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
    private static final Pattern RATE = Pattern.compile("rate\\((.*)\\)");
    private static final Pattern AT = Pattern.compile("at\\((.*)\\)");
    private static final Pattern RATE_BODY = Pattern.compile("(\\S+) (\\S+)");
    private static final DateTimeFormatter AT_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);

    /** AWS's six cron fields: name, values and the wildcards each takes. */
    private static final List<String> FIELDS = List.of("minutes", "hours", "day-of-month", "month", "day-of-week", "year");
    private static final List<String> ALLOWED = List.of("0-59 with , - * /", "0-23 with , - * /",
            "1-31 with , - * ? / L W", "1-12 or JAN-DEC with , - * /", "1-7 or SUN-SAT with , - * ? L #", "1970-2199 with , - * /");
    private static final int DAY_OF_MONTH = 2;
    private static final int DAY_OF_WEEK = 4;

    private static final CronDefinition AWS_CRON = CronDefinitionBuilder.defineCron()
            .withMinutes().withValidRange(0, 59).and()
            .withHours().withValidRange(0, 23).and()
            .withDayOfMonth().withValidRange(1, 31).supportsL().supportsW().supportsQuestionMark().and()
            .withMonth().withValidRange(1, 12).and()
            .withDayOfWeek().withValidRange(1, 7).withMondayDoWValue(2).supportsHash().supportsL().supportsQuestionMark().and()
            .withYear().withValidRange(1970, 2199).and()
            .withCronValidation(CronConstraintsFactory.ensureEitherDayOfWeekOrDayOfMonth())
            .instance();
    private static final CronParser PARSER = new CronParser(AWS_CRON);

    private ScheduleExpressions() {
    }

    /** Whether a time zone means anything for {@code expression} (cron and at; a rate runs at fixed intervals). */
    static boolean takesTimezone(String expression) {
        return !RATE.matcher(expression).matches();
    }

    /** The problem with {@code expression}, or nothing when AWS accepts it. */
    static Optional<String> problem(String expression) {
        var cron = CRON.matcher(expression);
        if (cron.matches()) {
            return cronProblem(expression, cron.group(1));
        }
        var rate = RATE.matcher(expression);
        if (rate.matches()) {
            return rateProblem(expression, rate.group(1));
        }
        var at = AT.matcher(expression);
        if (at.matches()) {
            try {
                LocalDateTime.parse(at.group(1), AT_FORMAT);
                return Optional.empty();
            } catch (DateTimeParseException e) {
                return Optional.of("'" + expression + "' is not a date and time: at(...) takes yyyy-mm-ddThh:mm:ss, "
                        + "e.g. at(2026-12-24T18:00:00)");
            }
        }
        return Optional.of("must be cron(...), rate(...) or at(...), got '" + expression + "'");
    }

    private static Optional<String> rateProblem(String expression, String body) {
        var m = RATE_BODY.matcher(body);
        if (!m.matches()) {
            return Optional.of("'" + expression + "' is not a rate: write rate(<value> <unit>), e.g. rate(5 minutes)");
        }
        var value = m.group(1);
        var unit = m.group(2);
        if (!value.matches("[1-9]\\d{0,8}")) {
            return Optional.of("'" + expression + "': the value of a rate is a whole number above 0, got '" + value + "'");
        }
        var singular = unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
        if (!List.of("minute", "hour", "day").contains(singular)) {
            return Optional.of("'" + expression + "': the unit of a rate is minute(s), hour(s) or day(s), got '" + unit + "'");
        }
        boolean one = value.equals("1");
        if (one && !unit.equals(singular)) {
            return Optional.of("'" + expression + "': a rate of 1 takes the singular unit: rate(1 " + singular + ")");
        }
        if (!one && unit.equals(singular)) {
            return Optional.of("'" + expression + "': a rate above 1 takes the plural unit: rate(" + value + " " + singular + "s)");
        }
        return Optional.empty();
    }

    private static Optional<String> cronProblem(String expression, String body) {
        var fields = body.trim().isEmpty() ? new String[0] : body.trim().split("\\s+");
        if (fields.length != FIELDS.size()) {
            return Optional.of("'" + expression + "' has " + fields.length + " field" + (fields.length == 1 ? "" : "s")
                    + "; an AWS cron expression has six: minutes hours day-of-month month day-of-week year, "
                    + "e.g. cron(0 7 ? * MON-FRI *)");
        }
        var dom = fields[DAY_OF_MONTH];
        var dow = fields[DAY_OF_WEEK];
        if (!dom.equals("?") && !dow.equals("?")) {
            var keepWeek = fields.clone();
            keepWeek[DAY_OF_MONTH] = "?";
            var keepMonth = fields.clone();
            keepMonth[DAY_OF_WEEK] = "?";
            var fix = dom.equals("*") ? "cron(" + String.join(" ", keepWeek) + ")"
                    : dow.equals("*") ? "cron(" + String.join(" ", keepMonth) + ")"
                    : "cron(" + String.join(" ", keepWeek) + ") or cron(" + String.join(" ", keepMonth) + ")";
            return Optional.of("'" + expression + "' sets both day-of-month (" + dom + ") and day-of-week (" + dow
                    + "); AWS takes ? in exactly one of them: " + fix);
        }
        if (dom.equals("?") && dow.equals("?")) {
            var fixed = fields.clone();
            fixed[DAY_OF_MONTH] = "*";
            return Optional.of("'" + expression + "' has ? in both day-of-month and day-of-week; AWS takes ? in exactly "
                    + "one of them: cron(" + String.join(" ", fixed) + ")");
        }
        if (accepts(fields)) {
            return Optional.empty(); // one parse for a valid expression; the field-by-field probes only name a mistake
        }
        // each field alone, the others filled with values AWS accepts, so the message names the field
        for (int i = 0; i < fields.length; i++) {
            var probe = new String[] {"0", "0", "?", "*", "*", "*"};
            probe[i] = fields[i];
            if (i == DAY_OF_MONTH) {
                probe[DAY_OF_WEEK] = fields[i].equals("?") ? "*" : "?";
            } else if (i == DAY_OF_WEEK) {
                probe[DAY_OF_MONTH] = fields[i].equals("?") ? "*" : "?";
            }
            if (!accepts(probe)) {
                return Optional.of("'" + expression + "': " + FIELDS.get(i) + " '" + fields[i] + "' is not valid; "
                        + FIELDS.get(i) + " takes " + ALLOWED.get(i));
            }
        }
        return Optional.of("'" + expression + "' is not an AWS cron expression; the six fields take "
                + String.join("; ", java.util.stream.IntStream.range(0, FIELDS.size())
                .mapToObj(i -> FIELDS.get(i) + " " + ALLOWED.get(i)).toList()));
    }

    private static boolean accepts(String[] fields) {
        try {
            PARSER.parse(String.join(" ", Arrays.asList(fields))).validate();
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
