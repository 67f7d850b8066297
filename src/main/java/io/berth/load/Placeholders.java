package io.berth.load;

import io.berth.model.EnvironmentConfig;
import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalog's placeholders, one resolver for every field that takes them (environment values,
 * secret references, KMS keys, permission resources, build variables and build secrets):
 * {@code {env}}, {@code {region}}, {@code {account}}, {@code {service}}, for each bucket the
 * service declares {@code {bucket:<name>}} (the bucket's name in the region the catalog is resolved
 * for: the DR replica's copy names its own region's bucket) and, for each worker of the catalog,
 * {@code {queue:<worker>}} (its queue's URL, in the same region) and, for each queue the service declares
 * ({@code queues:}), {@code {queue:<service>/<name>}} (its URL, in the same region). Any other
 * {@code {word}} is a mistake and is reported with a suggestion, so a typo never lands in an ARN.
 * {@code ${word}} and {@code {{word}}} are left alone: they belong to the application (shell,
 * Spring, templates), not to berth.
 */
final class Placeholders {
    /** A {@code {word}} not preceded by {@code $} or {@code {} and not followed by {@code }}. */
    private static final Pattern TOKEN = Pattern.compile("(?<![${])\\{([A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z0-9_.-]*(?:/[A-Za-z0-9_.-]*)?)?)}(?!})");

    private final Map<String, String> values;

    private Placeholders(Map<String, String> values) {
        this.values = values;
    }

    static Placeholders of(EnvironmentConfig env, String service) {
        return of(env, service, Map.of(), java.util.Set.of());
    }

    /**
     * @param buckets the physical name in {@code env}'s region of each bucket the service declares, by catalog name
     * @param workers the catalog's workers: each one's queue URL is {@code {queue:<worker>}}, in {@code env}'s
     *                region (the DR replica's copy names the replica region's queue)
     */
    static Placeholders of(EnvironmentConfig env, String service, Map<String, String> buckets, java.util.Set<String> workers) {
        return of(env, service, buckets, workers, Map.of());
    }

    /**
     * @param queues the physical name of each queue the service declares ({@code queues:}), by catalog name: its URL is
     *               {@code {queue:<service>/<name>}}, in {@code env}'s region
     */
    static Placeholders of(EnvironmentConfig env, String service, Map<String, String> buckets, java.util.Set<String> workers,
                           Map<String, String> queues) {
        var values = new LinkedHashMap<String, String>();
        values.put("env", env.name());
        values.put("region", env.region());
        values.put("account", env.account());
        values.put("service", service);
        new java.util.TreeMap<>(buckets).forEach((name, physical) -> values.put("bucket:" + name, physical));
        new java.util.TreeSet<>(workers).forEach(w -> values.put("queue:" + w,
                io.berth.model.Names.queueUrl(env.region(), env.account(), io.berth.model.Names.queue(env.name(), w))));
        new java.util.TreeMap<>(queues).forEach((name, physical) -> values.put("queue:" + service + "/" + name,
                io.berth.model.Names.queueUrl(env.region(), env.account(), physical)));
        return new Placeholders(values);
    }

    /** The known placeholders, as written: {@code {env}, {region}, {account}, {service}}. */
    String describe() {
        return String.join(", ", values.keySet().stream().map(k -> "{" + k + "}").toList());
    }

    /**
     * {@code value} with every placeholder substituted; empty after recording one problem on
     * {@code node} per unknown placeholder.
     */
    Optional<String> resolve(ConfigNode node, String value) {
        var unknown = problems(value);
        if (!unknown.isEmpty()) {
            unknown.forEach(node::problem);
            return Optional.empty();
        }
        return Optional.of(substitute(value));
    }

    /** The problems of {@code value}'s placeholders, one per unknown one. */
    java.util.List<String> problems(String value) {
        var out = new java.util.ArrayList<String>();
        Matcher m = TOKEN.matcher(value);
        while (m.find()) {
            var name = m.group(1);
            if (!values.containsKey(name)) {
                out.add("unknown placeholder {" + name + "} in '" + value + "'" + suggestion(name)
                        + "; placeholders are " + describe());
            }
        }
        return out;
    }

    private String substitute(String value) {
        var m = TOKEN.matcher(value);
        var out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The closest known name by edit distance, or the one the word starts with ({enviroment} -> {env}). */
    private String suggestion(String name) {
        var lower = name.toLowerCase(Locale.ROOT);
        var distance = LevenshteinDistance.getDefaultInstance();
        return values.keySet().stream()
                .filter(k -> distance.apply(k, lower) <= Math.max(2, lower.length() / 3) || lower.startsWith(k)
                        || (lower.length() >= 3 && k.startsWith(lower.substring(0, 3))))
                .min(java.util.Comparator.comparingInt(k -> distance.apply(k, lower)))
                .map(k -> " (did you mean {" + k + "}?)")
                .orElse("");
    }
}
