package io.berth.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A stack's config exactly as the Pulumi engine hands it to a program: full keys
 * ({@code berth:network}) mapped to strings, with structured values JSON-encoded. Both ways into
 * berth produce this one shape and then share the same loader, so they cannot disagree:
 * <ul>
 *   <li>{@link #fromEngine} under {@code pulumi up}: the {@code PULUMI_CONFIG} variable the Java
 *       language host sets (the same map {@code ctx.config()} reads);</li>
 *   <li>{@link #fromStackFile} for the offline plan and tests: {@code Pulumi.<stack>.yaml} read
 *       by {@link YamlReader} as the Pulumi CLI reads it (Go yaml.v3) and encoded as the CLI encodes it.</li>
 * </ul>
 */
public final class RawConfig {
    /** JSON as the engine passes it, bounded as {@link YamlReader} bounds a file. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(YamlReader.MAX_DEPTH + 2)
                    .maxStringLength(YamlReader.MAX_EXPANDED_CHARS)
                    .maxNumberLength(400)
                    .maxDocumentLength(4L * YamlReader.MAX_EXPANDED_CHARS)
                    .build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());
    private static final String BERTH_SECRET = "berth settings must not be secrets; keep secret values in "
            + "SSM Parameter Store or Secrets Manager and reference them from the service catalog";
    /** What the Pulumi CLI accepts as a stack name; anything else cannot name a stack file. */
    private static final Pattern PULUMI_STACK_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    private final String file;
    private final Map<String, String> values;
    private final Set<String> secretKeys;

    public RawConfig(String file, Map<String, String> values) {
        this(file, values, Set.of());
    }

    /** @param secretKeys keys the stack file or the engine marks secret (outside berth's own namespace) */
    public RawConfig(String file, Map<String, String> values, Set<String> secretKeys) {
        this.file = file;
        this.values = Map.copyOf(new TreeMap<>(values));
        this.secretKeys = Set.copyOf(secretKeys);
    }

    /** The file users edit to change these values; every error message names it. */
    public String file() {
        return file;
    }

    /** Every key, namespaced ({@code aws:region}, {@code berth:network}), to its engine string. */
    public Map<String, String> values() {
        return new TreeMap<>(values);
    }

    public Optional<String> get(String fullKey) {
        return Optional.ofNullable(values.get(fullKey));
    }

    /**
     * The value of {@code fullKey} as a tree: JSON objects and lists parsed, scalars as text. Text
     * settings in it take only text: a number or a boolean here may have been written differently
     * (the engine passes {@code 012}, {@code 0x0A} and {@code 10} alike as 10), so it is refused.
     * A key berth reads must not be a secret (the offline plan cannot decrypt it).
     */
    public ConfigNode node(String fullKey, Problems problems) {
        if (secretKeys.contains(fullKey)) {
            problems.add(file, fullKey, "must not be a secret: berth reads it before anything is created and the offline "
                    + "plan cannot decrypt secrets; set it in plain text with `pulumi config set " + fullKey + " <value>`");
            return ConfigNode.strictRoot(file, fullKey, null, new Problems()); // nothing more to say about it
        }
        var raw = values.get(fullKey);
        Object tree = raw;
        if (raw != null) {
            var trimmed = raw.trim();
            if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
                try {
                    tree = JSON.readValue(trimmed, Object.class);
                } catch (JsonProcessingException e) {
                    problems.add(file, fullKey, "is not valid structured config: " + firstLine(e.getOriginalMessage()));
                    tree = null;
                }
            }
        }
        var node = ConfigNode.strictRoot(file, fullKey, tree, problems);
        node.rejectNoValues();
        return node;
    }

    /**
     * The config the Pulumi language host passes to the program in {@code PULUMI_CONFIG}, with the
     * keys it marks secret in {@code PULUMI_CONFIG_SECRET_KEYS}.
     */
    public static RawConfig fromEngine(String stack) {
        return fromEngineJson(stack, System.getenv("PULUMI_CONFIG"), System.getenv("PULUMI_CONFIG_SECRET_KEYS"));
    }

    /** As {@link #fromEngineJson(String, String, String)} with no secret keys. */
    public static RawConfig fromEngineJson(String stack, String json) {
        return fromEngineJson(stack, json, null);
    }

    /**
     * Parses the {@code PULUMI_CONFIG} JSON the language host passes: an object of full keys to
     * strings (structured values JSON-encoded). Separate from {@link #fromEngine} so it can be
     * tested without setting environment variables. A berth key listed in {@code secretKeysJson}
     * (a JSON array, {@code PULUMI_CONFIG_SECRET_KEYS}) is rejected as {@link #fromStackFile} rejects it;
     * the engine names only the setting, not the field inside it.
     */
    public static RawConfig fromEngineJson(String stack, String json, String secretKeysJson) {
        var file = stackFileName(stack);
        var values = new TreeMap<String, String>();
        if (json != null && !json.isBlank()) {
            try {
                JSON.readTree(json).fields().forEachRemaining(e -> values.put(
                        cleanKey(e.getKey()), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
            } catch (JsonProcessingException e) {
                throw new ConfigException(List.of(file + ": PULUMI_CONFIG from the engine is not JSON: " + firstLine(e.getOriginalMessage())));
            }
        }
        var secrets = new TreeSet<String>();
        if (secretKeysJson != null && !secretKeysJson.isBlank()) {
            var problems = new Problems();
            try {
                JSON.readTree(secretKeysJson).forEach(k -> {
                    var key = cleanKey(k.asText());
                    if (key.startsWith("berth:")) {
                        problems.add(file, "config." + key, BERTH_SECRET);
                    } else {
                        secrets.add(key);
                    }
                });
            } catch (JsonProcessingException e) {
                throw new ConfigException(List.of(file + ": PULUMI_CONFIG_SECRET_KEYS from the engine is not JSON: "
                        + firstLine(e.getOriginalMessage())));
            }
            problems.throwIfAny();
        }
        return new RawConfig(file, values, secrets);
    }

    /**
     * Reads {@code Pulumi.<stack>.yaml} from {@code projectDir} as the Pulumi CLI reads it and
     * encodes it as the CLI encodes it: a scalar as the text written, a mapping or list as JSON with
     * the values the CLI's YAML reader gives them. Secure values outside the berth namespace are
     * replaced by a placeholder (the offline plan cannot decrypt them); berth keys must not be
     * secrets, and the message names the field that is.
     */
    public static RawConfig fromStackFile(Path projectDir, String stack) {
        stackNameProblem(stack).ifPresent(p -> {
            throw new ConfigException(List.of(p));
        });
        var file = stackFileName(stack);
        var path = projectDir.resolve(file);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new ConfigException(List.of(file + ": no such stack file in " + projectDir.toAbsolutePath().normalize()
                    + "; create it with `pulumi stack init " + stack + "` or copy Pulumi.dev.yaml"));
        }
        var doc = YamlReader.read(projectDir, path, file, YamlReader.Schema.PULUMI_CLI);
        var problems = new Problems();
        var root = ConfigNode.root(file, "", doc == null ? Map.of() : doc, problems);
        root.allowOnly("config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment");
        var config = root.get("config");
        var values = new TreeMap<String, String>();
        var secrets = new TreeSet<String>();
        if (config.expectMapping() && doc instanceof Map<?, ?> top && top.get("config") instanceof Map<?, ?> entries) {
            entries.forEach((k, v) -> {
                var key = String.valueOf(k);
                if (key.indexOf(':') <= 0) {
                    problems.add(file, "config." + key, "a config key is <namespace>:<name>, e.g. berth:" + key
                            + " or aws:region; the Pulumi CLI refuses a key without a namespace");
                    return;
                }
                var plain = YamlReader.plain(v);
                var secure = securePath(plain, key);
                if (key.startsWith("berth:") && secure.isPresent()) {
                    problems.add(file, "config." + secure.get(), BERTH_SECRET);
                } else if (isSecure(plain)) {
                    values.put(key, "[secret]");
                    secrets.add(key);
                } else if (v instanceof Map<?, ?> || v instanceof List<?>) {
                    var nonFinite = nonFinitePath(v, key);
                    if (nonFinite.isPresent()) {
                        problems.add(file, "config." + nonFinite.get(), "YAML reads this unquoted value as a number that is not "
                                + "finite, which the Pulumi CLI cannot encode (pulumi fails with 'json: unsupported value'); "
                                + "write it in quotes if it is text");
                    } else {
                        values.put(key, toJson(plain));
                    }
                } else if (v instanceof YamlReader.Unquoted u) {
                    values.put(key, u.text()); // the CLI decodes a scalar into a string: the text as written
                } else {
                    values.put(key, v == null ? "" : String.valueOf(v)); // null decodes into an empty string
                }
            });
        }
        problems.throwIfAny();
        return new RawConfig(file, values, secrets);
    }

    /**
     * Why {@code stack} cannot name a stack file, if it cannot: the Pulumi CLI's stack names are
     * letters, digits, hyphens, underscores and periods, so a slash or {@code ..} never reaches a file.
     */
    public static Optional<String> stackNameProblem(String stack) {
        if (stack != null && PULUMI_STACK_NAME.matcher(stack).matches() && !stack.startsWith(".")) {
            return Optional.empty();
        }
        return Optional.of("'" + stack + "' is not a stack name: a stack name is letters, digits, hyphens, underscores and "
                + "periods, and berth reads it from Pulumi.<stack>.yaml in the project directory (e.g. dev, beta, prod)");
    }

    /** A {@code {secure: ...}} value: what {@code pulumi config set --secret} writes. */
    private static boolean isSecure(Object v) {
        return v instanceof Map<?, ?> m && m.size() == 1 && m.get("secure") instanceof String;
    }

    /** Where the first secure value is, here or anywhere inside ({@code pulumi config set --secret --path a.b}). */
    private static Optional<String> securePath(Object v, String path) {
        return firstPath(v, path, RawConfig::isSecure);
    }

    /** Where a plain .inf or .nan is inside a structured value: Go's JSON encoder refuses them. */
    private static Optional<String> nonFinitePath(Object v, String path) {
        return firstPath(v, path, x -> x instanceof YamlReader.Unquoted u && u.value() instanceof Double d
                && (d.isNaN() || d.isInfinite()));
    }

    /** The path ({@code key.a[0].b}) of the first value in a config tree that {@code test} accepts. */
    private static Optional<String> firstPath(Object v, String path, java.util.function.Predicate<Object> test) {
        if (test.test(v)) {
            return Optional.of(path);
        }
        if (v instanceof Map<?, ?> m) {
            for (var e : m.entrySet()) {
                var found = firstPath(e.getValue(), path + "." + e.getKey(), test);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                var found = firstPath(l.get(i), path + "[" + i + "]", test);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    public static String stackFileName(String stack) {
        return "Pulumi." + stack + ".yaml";
    }

    /**
     * JSON as Go's {@code json.Marshal} writes the CLI's decoded value: a float that is a whole
     * number below 1e21 is written without a fraction ({@code 12345678901}, not {@code 1.2345678901E10}),
     * so that it reads back as the same number whichever way berth was entered.
     */
    private static String toJson(Object v) {
        try {
            return JSON.writeValueAsString(goNumbers(v));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object goNumbers(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e21) {
            return new BigDecimal(Double.toString(d)).toBigInteger(); // Go writes the shortest decimal, not the binary value
        }
        if (v instanceof Map<?, ?> m) {
            var out = new TreeMap<String, Object>();
            m.forEach((k, x) -> out.put(String.valueOf(k), goNumbers(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(RawConfig::goNumbers).toList();
        }
        return v;
    }

    // The engine may send "project:config:key"; the SDK strips ":config" the same way.
    private static String cleanKey(String key) {
        var idx = key.indexOf(':');
        if (idx > 0 && key.startsWith("config:", idx + 1)) {
            return key.substring(0, idx) + ":" + key.substring(idx + 1 + "config:".length());
        }
        return key;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        var nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
