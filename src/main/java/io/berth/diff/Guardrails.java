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
public final class Guardrails {
    public static final Duration CHECK_TIMEOUT = Duration.ofMinutes(2);
    public static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private final Path policies;
    private String unavailable;
    private boolean installed;

    Guardrails(Path projectDir) {
        this.policies = projectDir.resolve("policies").toAbsolutePath().normalize();
    }

    /**
     * The violations in a plan that never changes (a base plan), remembered next to it: keyed by the
     * pack's own sources and config, so a changed pack checks again.
     */
    List<Violation> checkCached(Path plan, String stack) {
        Path cache;
        try {
            cache = plan.resolveSibling(stack + ".violations-" + packDigest(stack) + ".json");
            if (Files.isRegularFile(cache)) {
                return JsonDiff.JSON.readValue(cache.toFile(), new TypeReference<List<Violation>>() {
                });
            }
        } catch (IOException e) {
            return check(plan, stack);
        }
        var violations = check(plan, stack);
        try {
            var tmp = Files.createTempFile(plan.getParent(), "violations-", ".json");
            JsonDiff.JSON.writeValue(tmp.toFile(), violations);
            Files.move(tmp, cache, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ignored) {
            // not remembered: checked again next time
        }
        return violations;
    }

    /** SHA-256 of what decides a check's result besides the plan: the pack's code, lock file and this stack's config. */
    private String packDigest(String stack) throws IOException {
        var digest = sha256();
        var files = new java.util.ArrayList<Path>();
        for (var dir : List.of("src", "bin")) {
            if (Files.isDirectory(policies.resolve(dir))) {
                try (var walk = Files.walk(policies.resolve(dir))) {
                    walk.filter(Files::isRegularFile).forEach(files::add);
                }
            }
        }
        files.add(policies.resolve("package-lock.json"));
        files.add(policies.resolve("config").resolve(stack + ".json"));
        files.sort(null);
        for (var f : files) {
            digest.update(policies.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update((byte) 0);
            if (Files.isRegularFile(f)) {
                digest.update(Files.readAllBytes(f));
            }
            digest.update((byte) 0);
        }
        return java.util.HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The policy pack's offline check of {@code plan} under {@code stack}'s policy config (when the pack has one),
     * run in {@code policies}: the one command line of {@code ./berth check} and {@code ./berth diff}.
     */
    public static List<String> checkCommand(Path policies, Path plan, String stack) {
        var command = new java.util.ArrayList<>(List.of("node", "--import", "tsx", "bin/check.ts", plan.toAbsolutePath().toString()));
        var config = policies.resolve("config").resolve(stack + ".json");
        if (Files.exists(config)) {
            command.addAll(List.of("--config", config.toAbsolutePath().toString()));
        }
        return List.copyOf(command);
    }

    /** The violations in one plan; throws {@link Unavailable} when the pack cannot run. */
    List<Violation> check(Path plan, String stack) {
        ensureInstalled();
        var command = new java.util.ArrayList<>(checkCommand(policies, plan, stack));
        command.add("--json");
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
