package io.berth.testing;

import io.berth.load.RawConfig;
import io.berth.plan.OfflinePlanner;
import io.berth.plan.Plan;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stacks shipped in the repository, each planned at most once per JVM on the SDK's mock engine
 * and shared by every test class (a plan costs about a second; surefire runs all classes in one JVM).
 * Classes that call {@link #plan} must carry a {@code @Timeout}: the engine can hang (pulumi-java#2270).
 */
public final class ShippedStacks {
    /** Where Pulumi.yaml and Pulumi.&lt;stack&gt;.yaml live: surefire runs tests from the project directory. */
    public static final Path PROJECT_DIR = Path.of(".");
    public static final List<String> ALL = List.of("dev", "beta", "prod");
    /** Where every shipped plan is written as {@code ./berth plan} would write it (pom.xml: check --plans). */
    public static final Path PLAN_FILES = Path.of("target", "test-plans");

    private static final Map<String, Plan> PLANS = new HashMap<>();
    /** Plans of edited stack files, keyed by the stack and the whole edited file. */
    private static final Map<String, Plan> EDITED = new HashMap<>();

    private ShippedStacks() {
    }

    /** Forgets the plans (mutation testing: a plan must not outlive the mutant it was made with). */
    static synchronized void reset() {
        PLANS.clear();
        EDITED.clear();
    }

    /** The plan of a shipped stack, computed on first use. A failed plan is not cached. */
    public static synchronized Plan plan(String stack) {
        var plan = PLANS.get(stack);
        if (plan == null) {
            plan = OfflinePlanner.plan(PROJECT_DIR, stack);
            PLANS.put(stack, plan);
            try {
                // mvn verify's offline policy check reads these instead of planning the stacks again
                io.berth.plan.PlanJson.write(plan, PLAN_FILES);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return plan;
    }

    /**
     * The plan of a shipped stack whose stack file has every {@code from} replaced by {@code to} (the
     * catalog as shipped), planned at most once per JVM for the same edited file: test classes that
     * need the same variant (prod with its replica active) share one mock-engine run.
     */
    public static synchronized Plan planEdited(String stack, String from, String to) throws java.io.IOException {
        var file = PROJECT_DIR.resolve("Pulumi." + stack + ".yaml");
        var original = java.nio.file.Files.readString(file);
        if (!original.contains(from)) {
            throw new IllegalArgumentException(file + " does not contain " + from);
        }
        var edited = original.replace(from, to);
        var key = stack + "\n" + edited;
        var plan = EDITED.get(key);
        if (plan == null) {
            var dir = copyProject();
            java.nio.file.Files.writeString(dir.resolve(file.getFileName()), edited);
            plan = OfflinePlanner.plan(dir, stack);
            EDITED.put(key, plan);
        }
        return plan;
    }

    /**
     * A copy of the project's stack files ({@code Pulumi*.yaml}) and catalog ({@code services/}) in
     * {@code dir}, for tests that plan a changed project.
     */
    public static Path copyProject(Path dir) throws java.io.IOException {
        return copyProject(dir, name -> true);
    }

    /** {@link #copyProject(Path)} with only the catalog entries {@code services/<name>.yaml} whose name passes {@code keep}. */
    public static Path copyProject(Path dir, java.util.function.Predicate<String> keep) throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir.resolve("services"));
        try (var files = java.nio.file.Files.list(PROJECT_DIR)) {
            for (var f : files.filter(f -> f.getFileName().toString().matches("Pulumi(\\..+)?\\.yaml")).toList()) {
                java.nio.file.Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        try (var files = java.nio.file.Files.list(PROJECT_DIR.resolve("services"))) {
            for (var f : files.filter(f -> keep.test(f.getFileName().toString().replaceFirst("\\.yaml$", ""))).toList()) {
                java.nio.file.Files.copy(f, dir.resolve("services").resolve(f.getFileName()));
            }
        }
        return dir;
    }

    /** {@link #copyProject(Path)} into a fresh temporary directory. */
    public static Path copyProject() throws java.io.IOException {
        return copyProject(java.nio.file.Files.createTempDirectory("berth-project-"));
    }

    /** The stack file read as the offline plan reads it. */
    public static RawConfig raw(String stack) {
        return RawConfig.fromStackFile(PROJECT_DIR, stack);
    }
}
