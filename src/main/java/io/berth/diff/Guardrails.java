package io.berth.diff;

import com.fasterxml.jackson.core.type.TypeReference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs the policy pack's offline check ({@code policies/bin/check.ts --json}) over plan files. Both
 * plans of a diff are checked with the working tree's pack and config, so what moves is what the
 * infrastructure change did (a change of the pack itself shows in {@code ./berth check}).
 */
final class Guardrails {
    static final Duration CHECK_TIMEOUT = Duration.ofMinutes(2);
    static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private final Path policies;
    private String unavailable;
    private boolean installed;

    Guardrails(Path projectDir) {
        this.policies = projectDir.resolve("policies").toAbsolutePath().normalize();
    }

    /** The violations in one plan; throws {@link Unavailable} when the pack cannot run. */
    List<Violation> check(Path plan, String stack) {
        ensureInstalled();
        var command = new java.util.ArrayList<>(List.of("node", "--import", "tsx", "bin/check.ts",
                plan.toAbsolutePath().toString(), "--json"));
        var config = policies.resolve("config").resolve(stack + ".json");
        if (Files.exists(config)) {
            command.addAll(List.of("--config", config.toString()));
        }
        Processes.Result result;
        try {
            result = Processes.run(policies, CHECK_TIMEOUT, command);
        } catch (RuntimeException e) {
            throw new Unavailable(e.getMessage());
        }
        if (result.exitCode() != 0 && result.exitCode() != 1) { // 1: mandatory violations, still a report
            throw new Unavailable("the policy check exited with " + result.exitCode() + ": " + result.tail());
        }
        try {
            return JsonDiff.JSON.readValue(result.stdout(), new TypeReference<List<Map<String, String>>>() {
            }).stream().map(m -> new Violation(m.get("policy"), m.get("level"), m.getOrDefault("resource", ""), m.get("message"))).toList();
        } catch (IOException e) {
            throw new Unavailable("the policy check printed no JSON list (does policies/bin/check.ts support --json?)");
        }
    }

    private void ensureInstalled() {
        if (unavailable != null) {
            throw new Unavailable(unavailable);
        }
        if (installed) {
            return;
        }
        if (!Files.isDirectory(policies.resolve("bin"))) {
            unavailable = "no policy pack in " + policies;
            throw new Unavailable(unavailable);
        }
        if (!Files.isDirectory(policies.resolve("node_modules").resolve("@pulumi").resolve("policy"))) {
            System.err.println("berth: installing the policy pack's dependencies (npm ci in policies/)...");
            try {
                var result = Processes.run(policies, INSTALL_TIMEOUT, List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"));
                if (!result.ok()) {
                    unavailable = "npm ci in policies/ failed: " + result.tail();
                }
            } catch (RuntimeException e) {
                unavailable = "npm ci in policies/ failed: " + e.getMessage();
            }
            if (unavailable != null) {
                throw new Unavailable(unavailable);
            }
        }
        installed = true;
    }

    /** The pack could not run (no Node, no dependencies, an older check.ts): the diff goes on without it. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }
}
