package io.berth.testing;

import io.berth.model.EnvironmentConfig;
import io.berth.load.EnvironmentLoader;
import io.berth.load.RawConfig;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stack files for config tests: a passing baseline (shaped like dev, but fixed here so that edits
 * of the shipped stacks do not move the error tests) that each test changes in one place, and raw
 * YAML text for syntax errors. Files are written to a fresh temporary directory and read with
 * {@link RawConfig#fromStackFile}, exactly as the offline plan reads them.
 */
public final class TestConfigs {
    public static final String STACK = "dev";

    /** A valid stack file: every setting berth reads, none of its defaults. */
    public static final String BASELINE = """
            config:
              aws:region: eu-west-1
              berth:environment:
                account: "111111111111"
                production: false
                owner: platform-team
                costCentre: CC-1001
                logRetentionDays: 7
              berth:network:
                vpcCidr: 10.10.0.0/16
                availabilityZones: 2
                natGateways: single
                vpcEndpoints: false
                flowLogs:
                  trafficType: REJECT
              berth:cluster:
                containerInsights: enabled
                defaultCapacity: spot-only
            """;

    private TestConfigs() {
    }

    /** The baseline, to be changed in one place. */
    public static StackFile baseline() {
        return new StackFile(BASELINE);
    }

    /** Writes {@code yaml} as {@code Pulumi.<stack>.yaml} in a fresh directory and reads it back. */
    public static RawConfig stackYaml(String stack, String yaml) {
        return RawConfig.fromStackFile(writeStackFile(stack, yaml).getParent(), stack);
    }

    public static RawConfig stackYaml(String yaml) {
        return stackYaml(STACK, yaml);
    }

    /** Writes {@code yaml} as {@code Pulumi.<stack>.yaml} in a fresh temporary directory. */
    public static Path writeStackFile(String stack, String yaml) {
        try {
            var dir = Files.createTempDirectory("berth-test-");
            dir.toFile().deleteOnExit();
            var file = dir.resolve(RawConfig.stackFileName(stack));
            Files.writeString(file, yaml);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stack file as a YAML tree, changed one key at a time. */
    public static final class StackFile {
        private final Map<String, Object> doc;

        @SuppressWarnings("unchecked")
        private StackFile(String yaml) {
            this.doc = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        }

        /** Sets {@code config.<path...>} to {@code value}, creating mappings on the way. */
        public StackFile set(Object value, String... path) {
            parentOf(path).put(path[path.length - 1], value);
            return this;
        }

        /** Removes {@code config.<path...>}. */
        public StackFile remove(String... path) {
            parentOf(path).remove(path[path.length - 1]);
            return this;
        }

        public String yaml() {
            var options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            return new Yaml(new Representer(options), options).dump(doc);
        }

        public RawConfig raw() {
            return stackYaml(STACK, yaml());
        }

        public EnvironmentConfig load() {
            return EnvironmentLoader.load(STACK, raw());
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> parentOf(String... path) {
            var keys = new ArrayList<String>();
            keys.add("config");
            keys.addAll(List.of(path).subList(0, path.length - 1));
            Map<String, Object> node = doc;
            for (var key : keys) {
                node = (Map<String, Object>) node.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
            }
            return node;
        }
    }
}
