package io.berth.diff;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch metric alarms added, changed or removed, as a reviewer reads them: what is measured (the
 * metric, or the metric-math expression and the metrics it reads), the statistic, the condition, how
 * long (period x evaluation periods) and which topics are told. A changed alarm shows its row before
 * ({@code -}) and after ({@code +}); an alarm whose shown settings did not change (tags only) gets no table.
 */
final class AlarmView {
    static final String TYPE = "aws:cloudwatch/metricAlarm:MetricAlarm";
    static final List<String> COLUMNS = List.of("Alarm", "Metric", "Statistic", "Condition", "Period x evaluations", "Notifies");

    private static final Map<String, String> OPERATORS = Map.of(
            "GreaterThanThreshold", ">", "GreaterThanOrEqualToThreshold", ">=",
            "LessThanThreshold", "<", "LessThanOrEqualToThreshold", "<=");

    private AlarmView() {
    }

    /** The table of one alarm resource; {@code before} null for an addition, {@code after} null for a removal. */
    static List<SecurityView.Table> of(String type, String name, JsonNode before, JsonNode after, SecurityView.Names names) {
        if (!type.equals(TYPE)) {
            return List.of();
        }
        var rows = new ArrayList<SecurityView.Row>();
        var old = before == null ? null : row(before.path("inputs"), names);
        var now = after == null ? null : row(after.path("inputs"), names);
        if (old != null && old.equals(now)) {
            return List.of();
        }
        if (old != null) {
            rows.add(new SecurityView.Row('-', old));
        }
        if (now != null) {
            rows.add(new SecurityView.Row('+', now));
        }
        return List.of(new SecurityView.Table("alarm `" + name + "`", COLUMNS, rows));
    }

    static List<String> row(JsonNode in, SecurityView.Names names) {
        String metric;
        String statistic;
        var period = in.path("period").asText("");
        if (in.has("metricName")) {
            metric = in.path("namespace").asText() + " " + in.path("metricName").asText();
            statistic = in.has("extendedStatistic") ? in.path("extendedStatistic").asText() : in.path("statistic").asText();
        } else {
            var expression = "";
            var reads = new ArrayList<String>();
            var stats = new ArrayList<String>();
            for (var q : in.path("metricQueries")) {
                if (q.path("returnData").asBoolean(false) && q.has("expression")) {
                    expression = q.path("expression").asText();
                } else if (q.has("metric")) {
                    var m = q.path("metric");
                    reads.add(q.path("id").asText() + " = " + m.path("namespace").asText() + " " + m.path("metricName").asText());
                    stats.add(m.path("stat").asText());
                    if (period.isEmpty()) {
                        period = m.path("period").asText("");
                    }
                } else if (q.has("expression")) {
                    reads.add(q.path("id").asText() + " = " + q.path("expression").asText());
                }
            }
            metric = expression + (reads.isEmpty() ? "" : " where " + String.join("; ", reads));
            statistic = String.join(", ", stats.stream().distinct().toList());
        }
        var operator = in.path("comparisonOperator").asText();
        var condition = OPERATORS.getOrDefault(operator, operator) + " " + number(in.path("threshold").asText(""));
        var missing = in.path("treatMissingData").asText("missing");
        if (missing.equals("breaching")) {
            condition += " (no data counts)";
        }
        var evaluations = number(in.path("evaluationPeriods").asText(""));
        var span = (period.isEmpty() ? "" : number(period) + " s x ") + evaluations;
        if (in.has("datapointsToAlarm")) {
            span += " (" + number(in.path("datapointsToAlarm").asText()) + " to alarm)";
        }
        var alarm = topics(in.path("alarmActions"), names);
        var ok = topics(in.path("okActions"), names);
        var notifies = alarm.isEmpty() ? "(nobody)" : String.join(", ", alarm);
        if (!ok.isEmpty()) {
            notifies += ok.equals(alarm) ? " (also when it clears)" : "; when it clears: " + String.join(", ", ok);
        }
        return List.of(in.path("name").asText(""), metric, statistic, condition, span, notifies);
    }

    /** A topic's name rather than its ARN ({@code arn:aws:sns:<region>:<account>:<name>}); other actions as they are. */
    private static List<String> topics(JsonNode actions, SecurityView.Names names) {
        var out = new ArrayList<String>();
        for (var a : actions) {
            var value = a.asText();
            out.add(value.startsWith("arn:aws:sns:") ? value.substring(value.lastIndexOf(':') + 1) : names.name(value));
        }
        return out;
    }

    private static String number(String s) {
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
