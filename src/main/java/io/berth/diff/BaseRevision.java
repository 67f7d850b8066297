package io.berth.diff;

import io.berth.load.ConfigException;
import io.berth.load.RawConfig;
import io.berth.plan.OfflinePlanner;
import io.berth.plan.PlanFailedException;
import io.berth.plan.PlanJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The base side of a diff: a git revision, planned with its own code and its own config, and cached
 * by commit id under {@code target/diff-cache/<commit>/}.
 *
 * <p>The revision's files are extracted with {@code git archive} into {@code <cache>/tree}. When the
 * revision's program ({@code src/main}, {@code pom.xml}) is byte-identical to the working tree's, the
 * program running this command is that code, and the base is planned in process; otherwise the
 * checkout's own planner is built ({@code mvn compile dependency:build-classpath}) and run
 * ({@code java ... BerthCli plan}), as {@code ./berth plan} would run at that revision. Every
 * subprocess is bounded in time.
 */
public final class BaseRevision {
    static final Duration GIT_TIMEOUT = Duration.ofSeconds(60);
    /** Commits whose plans and checkouts the cache keeps (the most recently used). */
    static final int CACHE_KEEP = 5;
    /** Present in revisions that plan on berth's own task runner, which is safe with {@link #COMMON_POOL_PARALLELISM}. */
    static final String OWN_TASK_RUNNER = "src/main/java/io/berth/plan/PlanRunner.java";
    static final String COMMON_POOL_PARALLELISM = "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2";

    /** A resolved revision: its full commit id and how it was chosen. */
    public record Ref(String commit, String label) {
        public String shortId() {
            return commit.substring(0, Math.min(10, commit.length()));
        }

        /** {@code 1a2b3c4d5e (merge base with main)}. */
        public String describe() {
            return shortId() + " (" + label + ")";
        }
    }

    /**
     * The base plan of one stack.
     *
     * @param plan   the plan (empty when the stack has no stack file at the base)
     * @param note   a remark for the report, or null
     * @param source {@code cache}, {@code in-process} or {@code built}
     */
    public record BasePlan(PlanSnapshot plan, String note, String source) {
    }

    /** The base could not be planned. {@code exitCode} follows {@code ./berth}'s convention. */
    public static final class Failure extends RuntimeException {
        private final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Path projectDir;
    private final Duration planTimeout;
    private final Duration buildTimeout;
    private final Consumer<String> log;

    public BaseRevision(Path projectDir, Duration planTimeout, Duration buildTimeout, Consumer<String> log) {
        this.projectDir = projectDir.toAbsolutePath().normalize();
        this.planTimeout = planTimeout;
        this.buildTimeout = buildTimeout;
        this.log = log;
    }

    public Path cacheRoot() {
        return projectDir.resolve("target").resolve("diff-cache");
    }

    // ---------------------------------------------------------------------------------------------
    // Which revision

    /**
     * {@code ref} as a commit, or by default the merge base of HEAD with {@code main}, else with
     * {@code origin/main}, else HEAD itself (then the diff shows the uncommitted changes).
     */
    public Ref resolve(String ref) {
        if (!git("rev-parse", "--is-inside-work-tree").ok()) {
            throw new Failure(1, "berth diff needs a git repository: " + projectDir + " is not inside one");
        }
        if (ref != null) {
            if (ref.isBlank() || ref.startsWith("-")) {
                throw new Failure(1, "--base needs a git revision (a branch, tag or commit), got '" + ref + "'");
            }
            var commit = git("rev-parse", "--verify", "--quiet", ref + "^{commit}");
            if (!commit.ok()) {
                throw new Failure(1, "--base " + ref + " is not a commit here (for a pull request's base, fetch it first:"
                        + " git fetch origin <branch>; in CI check out with fetch-depth: 0)");
            }
            return new Ref(commit.stdout().strip(), ref);
        }
        for (var branch : List.of("main", "origin/main")) {
            var base = git("merge-base", "HEAD", branch);
            if (base.ok()) {
                return new Ref(base.stdout().strip(), "merge base with " + branch);
            }
        }
        var head = git("rev-parse", "--verify", "--quiet", "HEAD^{commit}");
        if (!head.ok()) {
            throw new Failure(1, "this repository has no commit yet: there is no base to compare with");
        }
        return new Ref(head.stdout().strip(), "HEAD; no main or origin/main branch");
    }

    // ---------------------------------------------------------------------------------------------
    // Its plans

    /** The base plans of {@code stacks}, from the cache or planned now (all missing stacks in one run). */
    public Map<String, BasePlan> plans(Ref ref, List<String> stacks) {
        var dir = cacheRoot().resolve(ref.commit());
        var out = new LinkedHashMap<String, BasePlan>();
        var missing = new ArrayList<String>();
        for (var stack : stacks) {
            var file = dir.resolve(stack + ".json");
            if (Files.isRegularFile(file)) {
                out.put(stack, new BasePlan(PlanSnapshot.read(file), null, "cache"));
            } else {
                missing.add(stack);
            }
        }
        if (!missing.isEmpty()) {
            var tree = extract(ref, dir);
            var toPlan = new ArrayList<String>();
            for (var stack : missing) {
                if (Files.isRegularFile(tree.resolve(RawConfig.stackFileName(stack)))) {
                    toPlan.add(stack);
                } else {
                    out.put(stack, new BasePlan(PlanSnapshot.empty(stack),
                            "stack " + stack + " does not exist at the base (no " + RawConfig.stackFileName(stack) + "): everything is new",
                            "none"));
                }
            }
            if (!toPlan.isEmpty()) {
                var sameCode = sameProgram(ref);
                if (sameCode) {
                    planInProcess(ref, tree, toPlan, dir);
                } else {
                    planWithOwnCode(ref, tree, toPlan, dir);
                }
                for (var stack : toPlan) {
                    out.put(stack, new BasePlan(PlanSnapshot.read(dir.resolve(stack + ".json")), null, sameCode ? "in-process" : "built"));
                }
            }
        }
        touch(dir);
        prune(dir);
        var ordered = new LinkedHashMap<String, BasePlan>();
        stacks.forEach(s -> ordered.put(s, out.get(s)));
        return ordered;
    }

    /** Whether the revision's program (src/main, pom.xml) is byte-identical to the working tree's. */
    boolean sameProgram(Ref ref) {
        var diff = git("diff", "--quiet", ref.commit(), "--", "src/main", "pom.xml");
        if (diff.exitCode() != 0) {
            return false;
        }
        var untracked = git("ls-files", "--others", "--exclude-standard", "--", "src/main", "pom.xml");
        return untracked.ok() && untracked.stdout().isBlank();
    }

    /** The revision's files (this project's directory of it), extracted once into {@code <cache>/tree}. */
    private Path extract(Ref ref, Path dir) {
        var tree = dir.resolve("tree");
        if (Files.isRegularFile(tree.resolve(".berth-extracted"))) {
            return tree;
        }
        try {
            Files.createDirectories(dir);
            deleteTree(tree);
            var tmp = Files.createTempDirectory(dir, "tree-");
            var prefix = git("rev-parse", "--show-prefix").stdout().strip();
            var treeish = prefix.isEmpty() ? ref.commit() : ref.commit() + ":" + prefix.replaceAll("/$", "");
            var tar = dir.resolve("base.tar");
            log.accept("extracting " + ref.shortId() + " into " + projectDir.relativize(tree));
            check(git("archive", "--format=tar", "-o", tar.toString(), treeish), "git archive " + treeish);
            check(Processes.run(tmp, GIT_TIMEOUT, List.of("tar", "-xf", tar.toString())), "tar -xf");
            Files.delete(tar);
            Files.writeString(tmp.resolve(".berth-extracted"), ref.commit() + "\n");
            Files.move(tmp, tree, StandardCopyOption.ATOMIC_MOVE);
            return tree;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void planInProcess(Ref ref, Path tree, List<String> stacks, Path dir) {
        log.accept("planning " + String.join(", ", stacks) + " at " + ref.shortId()
                + " in process (its program is identical to the working tree's)");
        for (var stack : stacks) {
            try {
                var plan = OfflinePlanner.plan(tree, RawConfig.fromStackFile(tree, stack), stack, planTimeout);
                var tmp = Files.createTempDirectory(dir, "plan-");
                publish(PlanJson.write(plan, tmp), dir.resolve(stack + ".json"));
                deleteTree(tmp);
            } catch (ConfigException e) {
                throw new Failure(3, "the base revision " + ref.describe() + " does not load for " + stack + ":\n" + e.getMessage());
            } catch (PlanFailedException e) {
                throw new Failure(3, "planning the base revision " + ref.describe() + " failed: " + e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Builds the checkout's own planner (once per commit) and runs it for every stack in one JVM. */
    private void planWithOwnCode(Ref ref, Path tree, List<String> stacks, Path dir) {
        var classpath = tree.resolve("target").resolve("berth.classpath");
        var stamp = tree.resolve("target").resolve(".berth-build-stamp");
        try {
            if (!Files.isRegularFile(stamp)) {
                if (!Files.isRegularFile(tree.resolve("pom.xml"))) {
                    throw new Failure(3, "the base revision " + ref.describe() + " has no pom.xml: it cannot be planned");
                }
                log.accept("building the base revision " + ref.shortId() + " (its program differs from the working tree's)...");
                var build = run(tree, buildTimeout, List.of("mvn", "-q", "-B", "-DskipTests", "compile", "dependency:build-classpath", "-DincludeScope=runtime",
                        "-Dmdep.regenerateFile=true",
                        "-Dmdep.outputFile=" + classpath));
                Files.writeString(dir.resolve("build.log"), build.stdout() + build.stderr());
                if (!build.ok()) {
                    throw new Failure(3, "building the base revision " + ref.describe() + " failed (log: "
                            + projectDir.relativize(dir.resolve("build.log")) + "):\n" + build.tail());
                }
                Files.writeString(stamp, ref.commit() + "\n");
            }
            log.accept("planning " + String.join(", ", stacks) + " at " + ref.shortId() + " with its own planner");
            // Inside the checkout and relative: `plan --out` with an absolute path fails after writing
            // (it relativizes the file against the relative project directory).
            Files.createDirectories(tree.resolve("target"));
            var tmp = Files.createTempDirectory(tree.resolve("target"), "diff-plan-");
            var javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            var command = new ArrayList<>(List.of(javaBin, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss4m", "-Xmx1g"));
            if (Files.exists(tree.resolve(OWN_TASK_RUNNER))) {
                // a revision with berth's own task runner plans safely (and about twice as fast on 2 CPUs) with
                // the fork/join pool instead of a thread per step; older ones keep the flags they were measured with
                command.add(COMMON_POOL_PARALLELISM);
            }
            command.addAll(List.of("-cp", "target/classes" + java.io.File.pathSeparator + Files.readString(classpath).strip(),
                    "io.berth.cli.BerthCli", "plan"));
            command.addAll(stacks);
            command.addAll(List.of("--out", tree.relativize(tmp).toString(), "-q", "--timeout", String.valueOf(planTimeout.toSeconds())));
            var limit = planTimeout.multipliedBy(stacks.size()).plusSeconds(60);
            var result = run(tree, limit, command);
            if (!result.ok()) {
                throw new Failure(3, "the base revision's planner (" + ref.describe() + ") exited with " + result.exitCode()
                        + (result.exitCode() == 1 ? " (its config does not load)" : "") + ":\n" + result.tail());
            }
            for (var stack : stacks) {
                var file = tmp.resolve(stack + ".json");
                if (!Files.isRegularFile(file)) {
                    throw new Failure(3, "the base revision's planner wrote no " + stack + ".json (is it older than `./berth plan --out`?)");
                }
                publish(file, dir.resolve(stack + ".json"));
            }
            deleteTree(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Processes.Result run(Path dir, Duration timeout, List<String> command) {
        try {
            return Processes.run(dir, timeout, command);
        } catch (Processes.TimedOut e) {
            throw new Failure(3, e.getMessage());
        }
    }

    /** A plan appears in the cache whole or not at all. */
    private static void publish(Path file, Path target) throws IOException {
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Processes.Result git(String... args) {
        var command = new ArrayList<String>();
        command.add("git");
        command.addAll(List.of(args));
        try {
            return Processes.run(projectDir, GIT_TIMEOUT, command);
        } catch (UncheckedIOException e) {
            throw new Failure(1, "berth diff needs git on PATH: " + e.getMessage());
        } catch (Processes.TimedOut e) {
            throw new Failure(3, e.getMessage());
        }
    }

    private static void check(Processes.Result result, String what) {
        if (!result.ok()) {
            throw new Failure(3, what + " failed: " + result.tail());
        }
    }

    private static void touch(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                Files.setLastModifiedTime(dir, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
            }
        } catch (IOException ignored) {
            // only the pruning order depends on it
        }
    }

    /** Keeps the {@link #CACHE_KEEP} most recently used commits. */
    private void prune(Path keep) {
        try (Stream<Path> dirs = Files.list(cacheRoot())) {
            var old = dirs.filter(Files::isDirectory).filter(d -> !d.equals(keep))
                    .sorted(Comparator.comparing((Path d) -> d.toFile().lastModified()).reversed())
                    .skip(CACHE_KEEP - 1).toList();
            for (var d : old) {
                deleteTree(d);
            }
        } catch (IOException ignored) {
            // a cache that could not be pruned still works
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (var p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
