package io.berth.load;

import io.berth.model.Catalog;
import io.berth.model.Names;
import io.berth.model.ServiceSpec;
import io.berth.model.EnvironmentConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The service catalog's load pipeline: read {@code services/*.yaml} -> lay the environment's
 * override over the base -> apply defaults -> validate each service -> validate the catalog as a
 * whole (routes, priorities, calls). Problems in an override are reported at their path inside
 * {@code environments.<env>}, so the message points at the line to fix.
 */
public final class CatalogLoader {
    public static final String DEFAULT_IMAGE_TAG = "latest";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_CPU = 256;
    public static final int DEFAULT_MEMORY_MIB = 512;
    public static final String DEFAULT_HEALTH_PATH = "/";
    public static final String DEFAULT_HEALTH_MATCHER = "200-399";
    public static final int DEFAULT_HEALTH_INTERVAL_SECONDS = 15;
    public static final int DEFAULT_HEALTH_TIMEOUT_SECONDS = 5;
    public static final int DEFAULT_HEALTHY_THRESHOLD = 2;
    public static final int DEFAULT_UNHEALTHY_THRESHOLD = 3;
    public static final int DEFAULT_GRACE_PERIOD_SECONDS = 30;
    public static final int DEFAULT_MIN_TASKS = 1;
    public static final int DEFAULT_MAX_TASKS = 4;
    public static final int DEFAULT_CPU_TARGET_PERCENT = 70;
    public static final int DEFAULT_MIN_HEALTHY_PERCENT = 100;
    public static final int DEFAULT_MAX_PERCENT = 200;
    public static final int DEFAULT_STOP_TIMEOUT_SECONDS = 30;
    public static final int DEFAULT_DEREGISTRATION_DELAY_SECONDS = 30;
    /** Fargate Spot gives two minutes' warning (AWS rule 10): stop and drain must fit inside it. */
    public static final int SPOT_WARNING_SECONDS = 120;
    public static final String DEFAULT_USER = "1000:1000";
    /** Default ALB quota of rules per listener (AWS rule 20). */
    public static final int MAX_RULES_PER_LISTENER = 100;

    static final List<String> SERVICE_KEYS = List.of("name", "description", "owner", "image", "port", "cpu", "memoryMiB",
            "cpuArchitecture", "command", "environment", "secrets", "healthCheck", "expose", "calls", "scaling",
            "deployment", "capacity", "security", "permissions", "hostGroup", "placement", "delivery", "alarms", "egress",
            "replicaEgress", "buckets", "queues", "environments",
            "kind", "job", "queue", "sends");

    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,18}[a-z0-9]");

    private CatalogLoader() {
    }

    /**
     * @param dir                 the catalog directory ({@code services/})
     * @param knownEnvironments   stack names with a {@code Pulumi.<stack>.yaml}; overrides for any
     *                            other name are misspellings
     */
    public static Catalog load(Path dir, EnvironmentConfig env, Set<String> knownEnvironments) {
        return load(dir, env, knownEnvironments, Optional.empty());
    }

    /**
     * The catalog again, for the DR replica: {@code replicaEnv} is the replica's environment (same
     * name, its own region), so placeholders, secret and parameter ARNs resolve in the DR region; a
     * reference to {@code primaryRegion} that would leave the replica depending on it is a problem.
     */
    public static Catalog loadReplica(Path dir, EnvironmentConfig replicaEnv, String primaryRegion, Set<String> knownEnvironments) {
        return load(dir, replicaEnv, knownEnvironments, Optional.of(primaryRegion));
    }

    private static Catalog load(Path dir, EnvironmentConfig env, Set<String> knownEnvironments, Optional<String> standsInFor) {
        var problems = new Problems();
        var services = new ArrayList<ServiceSpec>();
        var project = dir.toAbsolutePath().normalize().getParent();
        List<Path> entries;
        try (Stream<Path> list = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
            entries = list.sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(List.of(dir + ": cannot list the service catalog: " + e.getMessage()));
        }
        var documents = new LinkedHashMap<Path, Object>();
        for (var file : entries) {
            var fileName = file.getFileName().toString();
            var display = dir.getFileName() + "/" + fileName;
            var misplaced = misplaced(file, fileName);
            if (misplaced.isPresent()) {
                problems.add(display + (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ? "/" : ""),
                        Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ? "(folder)" : "(file name)", misplaced.get());
                continue;
            }
            var doc = read(project, file, display, problems);
            if (doc != null) {
                documents.put(file, doc);
            }
        }
        // the workers first: their queues are placeholders ({queue:<worker>}) in every entry
        var workers = new java.util.TreeSet<String>();
        documents.forEach((file, doc) -> workers.addAll(workers(serviceName(file), doc)));
        for (var e : documents.entrySet()) {
            var name = serviceName(e.getKey());
            loadService(name, dir.getFileName() + "/" + e.getKey().getFileName(), e.getValue(), env, knownEnvironments,
                    standsInFor, workers, problems).ifPresent(services::add);
        }
        problems.throwIfAny();
        validateCatalog(services, env, problems);
        problems.throwIfAny();
        return new Catalog(services);
    }

    /**
     * One catalog entry from an in-memory document, as {@code services/<name>.yaml} would give it in
     * {@code env}: the same parsing, defaults and checks as {@link #load}, without files.
     *
     * @throws ConfigException with every problem of the entry
     */
    public static ServiceSpec parse(String name, Map<String, Object> doc, EnvironmentConfig env) {
        return parse(name, doc, env, Optional.empty(), workers(name, doc));
    }

    /** {@link #parse} in a catalog whose workers are {@code workers} (their queues are placeholders). */
    public static ServiceSpec parse(String name, Map<String, Object> doc, EnvironmentConfig env, Set<String> workers) {
        return parse(name, doc, env, Optional.empty(), workers);
    }

    private static String serviceName(Path file) {
        var fileName = file.getFileName().toString();
        return fileName.substring(0, fileName.length() - ".yaml".length());
    }

    /** {@code name} when its entry says kind: worker (kind is the same in every environment). */
    private static Set<String> workers(String name, Object doc) {
        return doc instanceof Map<?, ?> m && "worker".equals(String.valueOf(YamlReader.plain(m.get("kind")))) ? Set.of(name) : Set.of();
    }

    /** {@link #parse} for the DR replica's copy (see {@link #loadReplica}). */
    public static ServiceSpec parseReplica(String name, Map<String, Object> doc, EnvironmentConfig replicaEnv, String primaryRegion) {
        return parse(name, doc, replicaEnv, Optional.of(primaryRegion), workers(name, doc));
    }

    /** {@link #parseReplica} in a catalog whose workers are {@code workers}. */
    public static ServiceSpec parseReplica(String name, Map<String, Object> doc, EnvironmentConfig replicaEnv, String primaryRegion,
                                           Set<String> workers) {
        return parse(name, doc, replicaEnv, Optional.of(primaryRegion), workers);
    }

    private static ServiceSpec parse(String name, Map<String, Object> doc, EnvironmentConfig env, Optional<String> standsInFor,
                                     Set<String> workers) {
        var problems = new Problems();
        var spec = loadService(name, "services/" + name + ".yaml", doc, env, Set.of(env.name()), standsInFor, workers, problems);
        problems.throwIfAny();
        return spec.orElseThrow();
    }

    /**
     * Why an entry of {@code services/} is not a service file, if it is not: everything there must be
     * {@code <name>.yaml}, so that no file is silently left out of the catalog.
     */
    static Optional<String> misplaced(Path file, String fileName) {
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of("a folder; berth reads only services/<name>.yaml, not folders: move its service files up "
                    + "into services/ or the folder out of services/");
        }
        if (fileName.endsWith(".yaml") && fileName.length() > ".yaml".length()) {
            return Optional.empty();
        }
        var dot = fileName.lastIndexOf('.');
        var base = dot > 0 ? fileName.substring(0, dot) : fileName;
        var extension = dot > 0 ? fileName.substring(dot + 1) : "";
        if (extension.equals("yml")) {
            return Optional.of("service files end in .yaml; rename it to " + base + ".yaml");
        }
        if (extension.equalsIgnoreCase("yaml") || extension.equalsIgnoreCase("yml")) {
            return Optional.of("service files end in .yaml, in lower case; rename it to " + base.toLowerCase(Locale.ROOT) + ".yaml");
        }
        return Optional.of("not a service file: berth reads every file in services/ as <name>.yaml and allows nothing else "
                + "there; rename it to " + base.toLowerCase(Locale.ROOT) + ".yaml if it is a service, otherwise move it out of services/");
    }

    private static Object read(Path project, Path file, String display, Problems problems) {
        Object doc;
        try {
            doc = YamlReader.read(project, file, display, YamlReader.Schema.CORE);
        } catch (ConfigException e) {
            problems.addAll(e);
            return null;
        }
        if (!(doc instanceof Map<?, ?>)) {
            problems.add(display, "(document)", "a service file is a mapping of settings (name, image, port...), got "
                    + (doc == null ? "an empty file" : doc instanceof List<?> ? "a list" : "a single value"));
            return null;
        }
        return doc;
    }

    static Optional<ServiceSpec> loadService(String name, String file, Object doc, EnvironmentConfig env,
                                             Set<String> knownEnvironments, Optional<String> standsInFor, Problems problems) {
        return loadService(name, file, doc, env, knownEnvironments, standsInFor, Set.of(), problems);
    }

    static Optional<ServiceSpec> loadService(String name, String file, Object doc, EnvironmentConfig env,
                                             Set<String> knownEnvironments, Optional<String> standsInFor, Set<String> workers,
                                             Problems problems) {
        var base = ConfigNode.root(file, "", doc, problems);
        base.allowOnly(SERVICE_KEYS);
        base.rejectNoValues();
        if (!SERVICE_NAME.matcher(name).matches()) {
            problems.add(file, "(file name)", "'" + name + "' must be 2 to 20 lowercase letters, digits or hyphens, starting "
                    + "with a letter: the name becomes a DNS label and part of AWS names limited to 32 characters");
            return Optional.empty();
        }
        base.get("name").optionalString().filter(n -> !n.equals(name)).ifPresent(n ->
                base.get("name").problem("must match the file name '" + name + "', got '" + n + "'; rename the file or the service"));

        // Lay the environment's override over the base; check override keys against the same schema.
        var overrides = base.get("environments");
        overrides.entries().keySet().stream().filter(e -> !knownEnvironments.contains(e)).forEach(e ->
                overrides.get(e).problem("no stack named '" + e + "'" + ConfigNode.suggestion(e, knownEnvironments)
                        + "; overrides are for " + String.join(", ", new java.util.TreeSet<>(knownEnvironments))));
        overrides.entries().values().forEach(o -> o.allowOnly(SERVICE_KEYS.stream()
                .filter(k -> !k.equals("environments")).toList()));
        Object override = overrides.get(env.name()).raw();
        if (override != null && !(override instanceof Map<?, ?>)) {
            overrides.get(env.name()).problem("must be a mapping of the settings this environment changes");
            override = null;
        }
        if (override instanceof Map<?, ?> o) {
            for (var key : List.of("name", "environments", "kind")) {
                if (o.containsKey(key)) {
                    overrides.get(env.name()).get(key).problem("cannot be overridden per environment");
                }
            }
            if (o.containsKey("kind")) { // reported above: read the entry as the kind its base declares
                var withoutKind = new LinkedHashMap<Object, Object>(o);
                withoutKind.remove("kind");
                override = withoutKind;
            }
        }
        var merged = mergeOverride(doc, override);

        // Later environments that promote from this one: this pipeline tags what it deployed for them.
        var promotionTags = new java.util.TreeSet<String>();
        for (var other : knownEnvironments) {
            var otherOverride = overrides.get(other).raw();
            if (!other.equals(env.name()) && (otherOverride == null || otherOverride instanceof Map<?, ?>)
                    && mergeOverride(doc, otherOverride) instanceof Map<?, ?> m) {
                io.berth.load.DeliveryLoader.promotionTag(m.get("delivery"), env.name()).ifPresent(promotionTags::add);
            }
        }

        var local = new Problems();
        var node = ConfigNode.root(file, "", merged, local);
        var spec = new ServiceParser(name, node, env, standsInFor, workers).parse(file, knownEnvironments, promotionTags);
        spec.delivery().flatMap(d -> d.source().from()).ifPresent(from -> {
            var fromOverride = overrides.get(from).raw();
            var there = mergeOverride(doc, fromOverride instanceof Map<?, ?> ? fromOverride : null);
            if (!(there instanceof Map<?, ?> m && m.get("delivery") instanceof Map<?, ?> d
                    && !Boolean.FALSE.equals(YamlReader.plain(d.get("enabled"))) && !"false".equals(d.get("enabled")))) {
                node.get("delivery").get("source").get("from").problem(from + " has no pipeline for " + name
                        + ", so nothing there tests and tags its images for promotion; give it a delivery source in " + from);
            }
        });
        final Object overrideTree = override;
        problems.addAll(local, path -> overrideTree != null && containsPath(overrideTree, path)
                ? "environments." + env.name() + "." + path : path);
        return local.isEmpty() ? Optional.of(spec) : Optional.empty();
    }

    /**
     * A declared queue {@code <env>-<service>-<name>} must not take the name of a worker's queue
     * {@code <env>-<worker>} (or its dead-letter queue) or of another service's declared queue, nor
     * may its dead-letter queue {@code <env>-<service>-<name>-dlq}.
     */
    private static void uniqueQueueNames(List<ServiceSpec> services, EnvironmentConfig env, Problems problems) {
        var taken = new HashMap<String, String>();
        services.stream().filter(ServiceSpec::isWorker).forEach(w -> {
            var queue = Names.queue(env.name(), w.name());
            taken.put(queue, "the queue of worker " + w.name() + " (" + w.file() + ")");
            taken.put(Names.deadLetterQueue(queue), "the dead-letter queue of worker " + w.name() + " (" + w.file() + ")");
        });
        for (var s : services) {
            for (int i = 0; i < s.queues().size(); i++) {
                var q = s.queues().get(i);
                var dlq = Names.deadLetterQueue(q.queueName());
                var other = taken.putIfAbsent(q.queueName(), "queue " + q.name() + " of " + s.file());
                var otherDlq = other != null ? null
                        : taken.putIfAbsent(dlq, "the dead-letter queue of queue " + q.name() + " of " + s.file());
                if (other != null || otherDlq != null) {
                    problems.add(s.file(), "queues[" + i + "].name", "'" + q.name() + "' makes the queue "
                            + (other != null ? q.queueName() + ", which is already " + other : dlq + ", which is already " + otherDlq)
                            + "; choose another name");
                }
            }
        }
    }

    private static void validateCatalog(List<ServiceSpec> services, EnvironmentConfig env, Problems problems) {
        var environment = env.name();
        uniqueTargetGroupNames(services, env, problems);
        uniqueQueueNames(services, env, problems);
        var byName = new HashMap<String, ServiceSpec>();
        services.forEach(s -> byName.put(s.name(), s));
        var routes = new HashMap<String, ServiceSpec>();
        var priorities = new HashMap<Integer, ServiceSpec>();
        int publicCount = 0;
        var testPorts = new HashMap<Integer, ServiceSpec>();
        var artifactPrefixes = new HashMap<String, ServiceSpec>();
        for (var s : services) {
            if (s.delivery().isPresent()) {
                // CodePipeline keys artifacts under the first 20 characters of the pipeline name (<env>-<service>)
                var prefix = Names.artifactPrefix(Names.scoped(environment, s.name()));
                var other = artifactPrefixes.putIfAbsent(prefix, s);
                if (other != null) {
                    problems.add(s.file(), "delivery", "its pipeline would share the artifact prefix '" + prefix + "' with "
                            + other.file() + "'s (CodePipeline keys artifacts by the first 20 characters of the pipeline name, and "
                            + "each pipeline may read only its own); shorten one service name");
                }
            }
            s.delivery().filter(io.berth.model.DeliverySpec::blueGreen).ifPresent(d -> {
                var other = testPorts.putIfAbsent(d.testListenerPort(), s);
                if (other != null) {
                    problems.add(s.file(), "delivery.testListenerPort", "test listener port " + d.testListenerPort()
                            + " is also used by " + other.file() + "; each blue/green service needs its own port on the load balancer");
                }
            });
            for (var callee : s.calls()) {
                var target = byName.get(callee);
                if (target == null) {
                    problems.add(s.file(), "calls", "calls '" + callee + "', which is not in the catalog"
                            + ConfigNode.suggestion(callee, byName.keySet()) + "; services are " + String.join(", ", new java.util.TreeSet<>(byName.keySet())));
                } else if (target.isJob()) {
                    problems.add(s.file(), "calls", "calls '" + callee + "', which is a job (kind: job) and listens on no port");
                } else if (!target.expose().hasPort()) {
                    problems.add(s.file(), "calls", "calls '" + callee + "', which is a worker (expose.type: none) and listens on no port");
                }
            }
            for (var worker : s.sends()) {
                var target = byName.get(worker);
                var workers = new java.util.TreeSet<>(services.stream().filter(ServiceSpec::isWorker).map(ServiceSpec::name).toList());
                var allowed = workers.isEmpty() ? "the catalog has no worker (kind: worker)" : "workers are " + String.join(", ", workers);
                if (target == null) {
                    problems.add(s.file(), "sends", "sends to '" + worker + "', which is not in the catalog"
                            + ConfigNode.suggestion(worker, workers) + "; " + allowed);
                } else if (!target.isWorker()) {
                    problems.add(s.file(), "sends", "sends to '" + worker + "', which is a " + target.kind().name().toLowerCase(Locale.ROOT)
                            + " and owns no queue; " + allowed + " (set kind: worker in " + target.file() + " to give it one)");
                }
            }
            if (!s.expose().isPublic()) {
                continue;
            }
            publicCount++;
            var hosts = s.expose().hosts().isEmpty() ? List.of("*") : s.expose().hosts();
            var paths = s.expose().paths().isEmpty() ? List.of("/*") : s.expose().paths();
            for (var h : hosts) {
                for (var p : paths) {
                    var key = h.toLowerCase(Locale.ROOT) + p;
                    var other = routes.putIfAbsent(key, s);
                    if (other != null && other != s) {
                        problems.add(s.file(), "expose", "route host " + h + " path " + p + " is also claimed by "
                                + other.file() + "; each route belongs to one service");
                    }
                }
            }
            var priority = Catalog.priorityOf(s);
            var clash = priorities.putIfAbsent(priority, s);
            if (clash != null) {
                problems.add(s.file(), "expose.priority", "listener rule priority " + priority + " is also used by "
                        + clash.file() + "; set a distinct expose.priority (1..50000) on one of them");
            }
        }
        if (publicCount > MAX_RULES_PER_LISTENER) {
            problems.add("services/", "expose", publicCount + " public services exceed the default quota of "
                    + MAX_RULES_PER_LISTENER + " rules per listener (AWS rule 20); set expose.type: internal on the services "
                    + "that only other services call (they are reached through service discovery, not the load balancer)");
        }
    }

    /**
     * Target group names are cut to fit 32 characters ({@link Names#targetGroup}); the hash makes a
     * collision all but impossible, and this check makes it a clear error instead of AWS refusing the
     * second group: per region, the primary's (with CodeDeploy's green groups) and the replica's.
     */
    private static void uniqueTargetGroupNames(List<ServiceSpec> services, EnvironmentConfig env, Problems problems) {
        var regions = new java.util.LinkedHashMap<String, String>();
        regions.put(env.region(), env.name());
        env.dr().ifPresent(dr -> regions.put(dr.region(), Names.replica(env.name())));
        regions.forEach((region, prefix) -> {
            var taken = new HashMap<String, ServiceSpec>();
            boolean replica = !prefix.equals(env.name());
            for (var s : services.stream().filter(x -> x.expose().isPublic()).toList()) {
                var component = Names.scoped(prefix, s.name());
                var names = new ArrayList<String>(List.of(Names.targetGroup(component, s.port(), "")));
                if (!replica && s.delivery().map(io.berth.model.DeliverySpec::blueGreen).orElse(false)) {
                    names.add(Names.targetGroup(component, s.port(), "-tg-green"));
                }
                for (var n : names) {
                    var other = taken.putIfAbsent(n, s);
                    if (other != null && other != s) {
                        problems.add(s.file(), "expose", "its target group in " + region + " would be named '" + n + "' like "
                                + other.file() + "'s (names are cut to 32 characters and end in a hash); rename one of the services");
                    }
                }
            }
        });
    }

    /**
     * A service file with one environment's override laid over it. A delivery source is one thing
     * (a repository or a promotion), so an override's {@code delivery.source} replaces the base's whole.
     */
    @SuppressWarnings("unchecked")
    static Object mergeOverride(Object doc, Object override) {
        var merged = merge(doc, override);
        if (merged instanceof Map<?, ?> m && override instanceof Map<?, ?> o && o.get("delivery") instanceof Map<?, ?> od
                && od.containsKey("source") && m.get("delivery") instanceof Map<?, ?> md) {
            ((Map<String, Object>) md).put("source", deepCopy(od.get("source")));
        }
        if (merged instanceof Map<?, ?> m) {
            m.remove("environments");
        }
        return merged;
    }

    /** Deep merge: mappings merge key by key, anything else in the override replaces the base. */
    @SuppressWarnings("unchecked")
    static Object merge(Object base, Object override) {
        if (override == null) {
            return deepCopy(base);
        }
        if (base instanceof Map<?, ?> b && override instanceof Map<?, ?> o) {
            var out = (Map<String, Object>) deepCopy(b);
            o.forEach((k, v) -> out.put(String.valueOf(k), merge(out.get(String.valueOf(k)), v)));
            return out;
        }
        return deepCopy(override);
    }

    private static Object deepCopy(Object v) {
        if (v instanceof Map<?, ?> m) {
            var out = new LinkedHashMap<String, Object>();
            m.forEach((k, x) -> out.put(String.valueOf(k), deepCopy(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return new ArrayList<>(l.stream().map(CatalogLoader::deepCopy).toList());
        }
        return v;
    }

    /** Whether {@code path} (a.b[0].c) exists in the override tree, so the problem belongs to the override. */
    static boolean containsPath(Object tree, String path) {
        Object cur = tree;
        for (var part : path.split("\\.")) {
            var m = java.util.regex.Pattern.compile("([^\\[]+)((?:\\[\\d+])*)").matcher(part);
            if (!m.matches() || !(cur instanceof Map<?, ?> map) || !map.containsKey(m.group(1))) {
                return false;
            }
            cur = map.get(m.group(1));
            var idx = java.util.regex.Pattern.compile("\\[(\\d+)]").matcher(m.group(2));
            while (idx.find()) {
                int i = Integer.parseInt(idx.group(1));
                if (!(cur instanceof List<?> list) || i >= list.size()) {
                    return false;
                }
                cur = list.get(i);
            }
        }
        return true;
    }
}
