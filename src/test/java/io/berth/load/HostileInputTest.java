package io.berth.load;

import io.berth.model.EnvironmentConfig;
import io.berth.testing.Catalogs;
import io.berth.testing.TestConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz-style: random and hostile documents fed to both loaders (the stack file through
 * {@link RawConfig#fromStackFile} and {@link EnvironmentLoader}, a service file through
 * {@link CatalogLoader}) must each end in a {@link ConfigException} or a loaded result, never any
 * other throwable, and each within {@link #BOUND_MILLIS}. Seeded, so a failure can be replayed.
 */
@Timeout(600)
class HostileInputTest {
    private static final long BOUND_MILLIS = 2_000;
    private static final long SEED = 20261127L;
    private static final int RANDOM_DOCUMENTS = 400;

    private static EnvironmentConfig dev;
    private static Path stackDir;
    private static Path services;
    private static long worstMillis;
    private static String worstTime = "";
    private static long worstBytes;
    private static String worstMemory = "";
    private static int fed;

    @BeforeAll
    static void setUp() throws IOException {
        dev = Catalogs.environment("dev");
        var project = Files.createTempDirectory("berth-fuzz-");
        stackDir = project;
        services = Files.createDirectories(project.resolve("services"));
    }

    @AfterAll
    static void report() {
        System.out.printf("HostileInputTest: %d documents fed to both loaders; slowest %d ms (%s); most allocated %.1f MiB (%s)%n",
                fed, worstMillis, worstTime, worstBytes / 1048576.0, worstMemory);
    }

    /** Feeds one document to both loaders and checks how each ends. */
    private static void feed(String name, byte[] document) throws IOException {
        fed++;
        Files.write(stackDir.resolve("Pulumi.dev.yaml"), document);
        Files.write(services.resolve("api.yaml"), document);
        measure(name + " (stack file)", () -> EnvironmentLoader.load("dev", RawConfig.fromStackFile(stackDir, "dev")));
        measure(name + " (service file)", () -> CatalogLoader.load(services, dev, Set.of("dev", "beta", "prod")));
    }

    private static void measure(String name, Supplier<Object> load) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var thread = Thread.currentThread().getId();
        long bytesBefore = threads.getThreadAllocatedBytes(thread);
        long started = System.nanoTime();
        Throwable thrown = null;
        try {
            load.get();
        } catch (Throwable t) {
            thrown = t;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        long bytes = threads.getThreadAllocatedBytes(thread) - bytesBefore;
        if (thrown != null && !(thrown instanceof ConfigException)) {
            throw new AssertionError(name + ": ended in " + thrown + " instead of a configuration error", thrown);
        }
        if (thrown instanceof ConfigException e) {
            assertThat(e.problems()).as(name + ": problems").isNotEmpty()
                    .allSatisfy(p -> assertThat(p).as(name).matches("(?s)(Pulumi\\.dev\\.yaml|services/api\\.yaml)[:0-9]*: .+"));
            assertThat(e.getMessage()).as(name).doesNotContain("Exception", "\tat ");
        }
        assertThat(millis).as(name + ": milliseconds").isLessThan(BOUND_MILLIS);
        if (millis > worstMillis) {
            worstMillis = millis;
            worstTime = name;
        }
        if (bytes > worstBytes) {
            worstBytes = bytes;
            worstMemory = name;
        }
    }

    static Map<String, byte[]> hostile() {
        var out = new LinkedHashMap<String, byte[]>();
        var bomb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            bomb.append(c).append(": &").append(c).append(" [").append(("*" + (char) (c - 1) + ", ").repeat(9))
                    .append('*').append((char) (c - 1)).append("]\n");
        }
        out.put("billion laughs", utf8(bomb.toString()));
        out.put("billion laughs under config", utf8("config:\n  berth:dns:\n    " + bomb.toString().replace("\n", "\n    ")));
        var mapBomb = new StringBuilder("a: &a {k0: v, k1: v, k2: v, k3: v, k4: v, k5: v, k6: v, k7: v, k8: v, k9: v}\n");
        for (char c = 'b'; c <= 'f'; c++) {
            mapBomb.append(c).append(": &").append(c).append(" {");
            for (int i = 0; i < 10; i++) {
                mapBomb.append(i == 0 ? "" : ", ").append("k").append(i).append(": *").append((char) (c - 1));
            }
            mapBomb.append("}\n");
        }
        out.put("mapping bomb", utf8(mapBomb.toString()));
        out.put("huge scalar aliased", utf8("a: &a \"" + "x".repeat(200_000) + "\"\nb: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"));
        out.put("deep flow lists", utf8("[".repeat(200_000)));
        out.put("deep flow mappings", utf8("{a: ".repeat(50_000)));
        out.put("deep block", utf8(deepBlock(2_000)));
        out.put("deep list items", utf8("- ".repeat(100_000) + "x\n"));
        out.put("huge scalar", utf8("description: " + "x".repeat(YamlReader.MAX_FILE_BYTES - 100) + "\n"));
        out.put("huge file", new byte[20 * 1024 * 1024]);
        out.put("many keys", utf8(manyKeys(20_000)));
        out.put("long plain key", utf8("x".repeat(100_000) + ": 1\n"));
        out.put("long flow line", utf8("a: [" + "1,".repeat(100_000) + "1]\n"));
        out.put("many documents", utf8("---\na: 1\n".repeat(10_000)));
        out.put("many aliases", utf8("a: &a x\nb: [" + "*a, ".repeat(10_000) + "*a]\n"));
        out.put("recursive alias", utf8("a: &a [*a]\n"));
        out.put("alias as key", utf8("a: &a {x: 1}\n? *a\n: 1\n"));
        out.put("complex keys", utf8("? [a, b]\n: 1\n? {c: d}\n: 2\n"));
        out.put("directives", utf8("%YAML 1.1\n%TAG ! tag:evil.example,2000:\n---\na: !x 1\n"));
        out.put("java type tag", utf8("a: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]\n"));
        out.put("unclosed quote", utf8("config:\n  aws:region: \"eu-west-1\n  x: y\n"));
        out.put("unclosed flow", utf8("a: {b: [c, d\n"));
        out.put("tabs", utf8("a:\n\tb: 1\n"));
        out.put("NUL bytes", new byte[]{'a', ':', ' ', 0, 0, 0});
        out.put("ELF header", new byte[]{0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0});
        out.put("overlong UTF-8", new byte[]{'a', ':', ' ', (byte) 0xC0, (byte) 0xAF, '\n'});
        out.put("UTF-8 surrogate", new byte[]{'a', ':', ' ', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'});
        out.put("truncated UTF-8", new byte[]{'a', ':', ' ', (byte) 0xE2, (byte) 0x82});
        out.put("UTF-16", "a: 1\n".getBytes(StandardCharsets.UTF_16));
        out.put("UTF-32 BOM", new byte[]{0, 0, (byte) 0xFE, (byte) 0xFF, 0, 0, 0, 'a'});
        out.put("BOM then YAML", utf8("\uFEFFconfig:\n  aws:region: eu-west-1\n"));
        out.put("lone surrogate escape", utf8("a: \"\\ud800\"\n"));
        out.put("escape of a huge code point", utf8("a: \"\\U7FFFFFFF\"\n"));
        out.put("numbers at the edges", utf8("config:\n  berth:network: {availabilityZones: 99999999999999999999999, vpcCidr: 1e999}\n"
                + "  berth:environment: {logRetentionDays: -9223372036854775809, account: .nan}\n"));
        out.put("empty", new byte[0]);
        out.put("only a comment", utf8("# nothing\n"));
        out.put("null document", utf8("~\n"));
        out.put("a list document", utf8("- config\n"));
        out.put("config is a scalar", utf8("config: 1\n"));
        out.put("config keys of every kind", utf8("config:\n  1: a\n  true: b\n  ~: c\n  \"\": d\n  :x: e\n  a:: f\n"));
        return out;
    }

    private static String deepBlock(int levels) {
        var out = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            out.append(" ".repeat(i)).append("k:\n");
        }
        return out.toString();
    }

    private static String manyKeys(int count) {
        var out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append("k").append(i).append(": ").append(i).append('\n');
        }
        return out.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hostileDocumentsEndInAConfigurationErrorWithinTheBound() throws IOException {
        for (var e : hostile().entrySet()) {
            feed(e.getKey(), e.getValue());
        }
    }

    @Test
    void randomDocumentsEndInAConfigurationErrorOrALoadWithinTheBound() throws IOException {
        var random = new Random(SEED);
        var seeds = List.of(utf8(TestConfigs.BASELINE), utf8("""
                image: {repository: api, tag: "1.0.0"}
                port: 8080
                environment: {A: "1", B: two}
                expose: {type: public, paths: ["/api/*"]}
                scaling: {min: 1, max: 3}
                """));
        for (int i = 0; i < RANDOM_DOCUMENTS; i++) {
            var kind = i % 4;
            byte[] doc = switch (kind) {
                case 0 -> randomBytes(random);
                case 1 -> yamlSoup(random);
                case 2 -> mutate(seeds.get(random.nextInt(seeds.size())), random);
                default -> randomTree(random);
            };
            feed("random #" + i + " (kind " + kind + ", seed " + SEED + ")", doc);
        }
    }

    @Test
    void hostileEngineConfigEndsInAConfigurationError() {
        var deep = "[".repeat(100_000);
        var cases = new LinkedHashMap<String, Supplier<Object>>();
        cases.put("deep JSON from the engine", () -> RawConfig.fromEngineJson("dev", deep));
        cases.put("deep structured value", () -> EnvironmentLoader.load("dev",
                RawConfig.fromEngineJson("dev", "{\"aws:region\":\"eu-west-1\",\"berth:network\":\"" + deep + "\"}")));
        cases.put("huge number", () -> EnvironmentLoader.load("dev",
                RawConfig.fromEngineJson("dev", "{\"berth:network\":\"{\\\"availabilityZones\\\":" + "9".repeat(10_000) + "}\"}")));
        cases.put("secret keys not a list", () -> RawConfig.fromEngineJson("dev", "{}", "{\"a\":" + deep));
        for (var e : cases.entrySet()) {
            fed++;
            measure(e.getKey(), e.getValue());
        }
    }

    private static byte[] randomBytes(Random random) {
        var bytes = new byte[random.nextInt(2_000)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static final String SOUP = "{}[]:,-?&*!|>'\"%@`#\n\t ~0123456789.eE+xob_abc:::---...\\\r";

    private static byte[] yamlSoup(Random random) {
        var out = new StringBuilder();
        int length = random.nextInt(3_000);
        for (int i = 0; i < length; i++) {
            out.append(SOUP.charAt(random.nextInt(SOUP.length())));
        }
        return utf8(out.toString());
    }

    private static byte[] mutate(byte[] seed, Random random) {
        var out = new ArrayList<Byte>();
        for (byte b : seed) {
            out.add(b);
        }
        int edits = 1 + random.nextInt(8);
        for (int i = 0; i < edits && !out.isEmpty(); i++) {
            int at = random.nextInt(out.size());
            switch (random.nextInt(4)) {
                case 0 -> out.set(at, (byte) random.nextInt(256));
                case 1 -> out.add(at, (byte) SOUP.charAt(random.nextInt(SOUP.length())));
                case 2 -> out.remove(at);
                default -> {
                    int end = Math.min(out.size(), at + random.nextInt(40));
                    out.addAll(at, new ArrayList<>(out.subList(at, end)));
                }
            }
        }
        var bytes = new byte[out.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = out.get(i);
        }
        return bytes;
    }

    private static final String[] SCALARS = {"1.10", "012345678901", "0x1E", "0o17", "1_000", "yes", "on", "~", "null", "True",
            "12:30", "2024-01-01", ".inf", "-.nan", "1e999", "\"quoted\"", "'single'", "eu-west-1", "{secure: v1:x}", "&x a", "*x", "",
            "!!str 5", "\"\\u0000\"", "|\n  block", ">-\n  folded"};
    private static final String[] KEYS = {"config", "aws:region", "berth:environment", "berth:network", "berht:x", "image", "port",
            "environment", "account", "tags", "expose", "type", "<<", "? x", "1", "a b"};

    private static byte[] randomTree(Random random) {
        var out = new StringBuilder();
        tree(random, out, 0, random.nextInt(6));
        return utf8(out.toString());
    }

    private static void tree(Random random, StringBuilder out, int indent, int depth) {
        int entries = 1 + random.nextInt(4);
        for (int i = 0; i < entries; i++) {
            out.append(" ".repeat(indent));
            if (random.nextInt(5) == 0) {
                out.append("- ");
            }
            out.append(KEYS[random.nextInt(KEYS.length)]).append(":");
            if (depth > 0 && random.nextBoolean()) {
                out.append('\n');
                tree(random, out, indent + 2, depth - 1);
            } else {
                out.append(' ').append(SCALARS[random.nextInt(SCALARS.length)]).append('\n');
            }
        }
    }
}
