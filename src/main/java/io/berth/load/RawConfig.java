package io.berth.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A stack's config exactly as the Pulumi engine hands it to a program: full keys
 * ({@code berth:network}) mapped to strings, with structured values JSON-encoded. Both ways into
 * berth produce this one shape and then share the same loader, so they cannot disagree:
 * <ul>
 *   <li>{@link #fromEngine} under {@code pulumi up}: the {@code PULUMI_CONFIG} variable the Java
 *       language host sets (the same map {@code ctx.config()} reads);</li>
 *   <li>{@link #fromStackFile} for the offline plan and tests: {@code Pulumi.<stack>.yaml} read
 *       with SnakeYAML and encoded the way the CLI encodes it.</li>
 * </ul>
 */
public final class RawConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BERTH_SECRET = "berth settings must not be secrets; keep secret values in "
            + "SSM Parameter Store or Secrets Manager and reference them from the service catalog";

    private final String file;
    private final Map<String, String> values;

    public RawConfig(String file, Map<String, String> values) {
        this.file = file;
        this.values = Map.copyOf(new TreeMap<>(values));
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

    /** The value of {@code fullKey} as a tree: JSON objects and lists parsed, scalars as text. */
    public ConfigNode node(String fullKey, Problems problems) {
        var raw = values.get(fullKey);
        Object tree = raw;
        if (raw != null) {
            var trimmed = raw.trim();
            if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
                try {
                    tree = newYaml().load(trimmed);
                } catch (YAMLException e) {
                    problems.add(file, fullKey, "is not valid structured config: " + firstLine(e.getMessage()));
                    tree = null;
                }
            }
        }
        return ConfigNode.root(file, fullKey, tree, problems);
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
     * (a JSON array, {@code PULUMI_CONFIG_SECRET_KEYS}) is rejected as {@link #fromStackFile} rejects it.
     */
    public static RawConfig fromEngineJson(String stack, String json, String secretKeysJson) {
        var file = stackFileName(stack);
        var values = new TreeMap<String, String>();
        if (json != null && !json.isBlank()) {
            try {
                JSON.readTree(json).fields().forEachRemaining(e -> values.put(
                        cleanKey(e.getKey()), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
            } catch (JsonProcessingException e) {
                throw new ConfigException(List.of(file + ": PULUMI_CONFIG from the engine is not JSON: " + firstLine(e.getMessage())));
            }
        }
        if (secretKeysJson != null && !secretKeysJson.isBlank()) {
            var problems = new Problems();
            try {
                JSON.readTree(secretKeysJson).forEach(k -> {
                    var key = cleanKey(k.asText());
                    if (key.startsWith("berth:")) {
                        problems.add(file, "config." + key, BERTH_SECRET);
                    }
                });
            } catch (JsonProcessingException e) {
                throw new ConfigException(List.of(file + ": PULUMI_CONFIG_SECRET_KEYS from the engine is not JSON: "
                        + firstLine(e.getMessage())));
            }
            problems.throwIfAny();
        }
        return new RawConfig(file, values);
    }

    /**
     * Reads {@code Pulumi.<stack>.yaml} from {@code projectDir} and encodes it as the CLI does:
     * scalars as their text, mappings and lists as JSON. Secure values outside the berth
     * namespace are replaced by a placeholder (the offline plan cannot decrypt them); berth keys
     * must not be secrets.
     */
    public static RawConfig fromStackFile(Path projectDir, String stack) {
        var file = stackFileName(stack);
        var path = projectDir.resolve(file);
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(file + ": no such stack file in " + projectDir.toAbsolutePath().normalize()
                    + "; create it with `pulumi stack init " + stack + "` or copy Pulumi.dev.yaml"));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot be read: " + e.getMessage()));
        }
        Object doc;
        try {
            doc = newYaml().load(text);
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            throw new ConfigException(List.of(file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1)
                    + ": not valid YAML: " + e.getProblem()));
        } catch (YAMLException e) {
            throw new ConfigException(List.of(file + ": not valid YAML: " + firstLine(e.getMessage())));
        }
        var problems = new Problems();
        var root = ConfigNode.root(file, "", doc == null ? Map.of() : doc, problems);
        root.allowOnly("config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment");
        var config = root.get("config");
        var values = new TreeMap<String, String>();
        config.entries().forEach((key, node) -> {
            Object v = node.raw();
            if (key.startsWith("berth:") && containsSecure(v)) {
                problems.add(file, "config." + key, BERTH_SECRET);
            } else if (isSecure(v)) {
                values.put(key, "[secret]");
            } else if (v instanceof Map<?, ?> || v instanceof List<?>) {
                values.put(key, toJson(v));
            } else if (v != null) {
                values.put(key, String.valueOf(v));
            }
        });
        problems.throwIfAny();
        return new RawConfig(file, values);
    }

    /** A {@code {secure: ...}} value: what {@code pulumi config set --secret} writes. */
    private static boolean isSecure(Object v) {
        return v instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("secure");
    }

    /** A secure value here or anywhere inside ({@code pulumi config set --secret --path a.b}). */
    private static boolean containsSecure(Object v) {
        if (isSecure(v)) {
            return true;
        }
        if (v instanceof Map<?, ?> m) {
            return m.values().stream().anyMatch(RawConfig::containsSecure);
        }
        return v instanceof List<?> l && l.stream().anyMatch(RawConfig::containsSecure);
    }

    public static String stackFileName(String stack) {
        return "Pulumi." + stack + ".yaml";
    }

    static Yaml newYaml() {
        var options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // a key given twice is a mistake, not an override
        options.setMaxAliasesForCollections(50);
        return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(), options,
                new CliYamlResolver());
    }

    /**
     * Resolves plain scalars as the Pulumi CLI's YAML reader (Go yaml.v3) does rather than as YAML
     * 1.1, so that the offline plan reads a stack file as {@code pulumi up} does: only true and false
     * are booleans ({@code yes}, {@code no}, {@code on}, {@code off} stay text), there are no base-60
     * numbers ({@code 12:30} stays text) and no timestamps ({@code 2024-01-01} stays text).
     */
    private static final class CliYamlResolver extends Resolver {
        private static final Pattern CLI_BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
        private static final Pattern CLI_INT = Pattern.compile(
                "^(?:[-+]?0b_*[0-1][0-1_]*|[-+]?0_*[0-7][0-7_]*|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x_*[0-9a-fA-F][0-9a-fA-F_]*)$");
        private static final Pattern CLI_FLOAT = Pattern.compile(
                "^([-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
                        + "|[-+]?\\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, CLI_BOOL, "tTfF", 10);
            addImplicitResolver(Tag.INT, CLI_INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, CLI_FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.MERGE, MERGE, "<", 10);
            addImplicitResolver(Tag.NULL, NULL, "~nN\0", 10);
            addImplicitResolver(Tag.NULL, EMPTY, null, 10);
            addImplicitResolver(Tag.YAML, YAML, "!&*", 10);
        }
    }

    private static String toJson(Object v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
