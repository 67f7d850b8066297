package io.berth.catalog;

import io.berth.capacity.CapacityProfiles;
import io.berth.capacity.CapacityStrategy;
import io.berth.capacity.StrategyItem;
import io.berth.catalog.ServiceSpec.ContainerSecurity;
import io.berth.catalog.ServiceSpec.Deployment;
import io.berth.catalog.ServiceSpec.Exposure;
import io.berth.catalog.ServiceSpec.ExposureType;
import io.berth.catalog.ServiceSpec.HealthCheck;
import io.berth.catalog.ServiceSpec.Image;
import io.berth.catalog.ServiceSpec.Permission;
import io.berth.catalog.ServiceSpec.Scaling;
import io.berth.catalog.ServiceSpec.Schedule;
import io.berth.catalog.ServiceSpec.Secret;
import io.berth.config.ConfigException;
import io.berth.config.ConfigNode;
import io.berth.config.EnvironmentConfig;
import io.berth.config.Problems;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.file.Files;
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
            "deployment", "capacity", "security", "permissions", "hostGroup", "placement", "delivery", "environments");

    /** Placement strategy names of the catalog, to ECS's (type, field). */
    public static final Map<String, List<String>> PLACEMENT_STRATEGIES = new java.util.TreeMap<>(Map.of(
            "spread-az", List.of("spread", "attribute:ecs.availability-zone"),
            "spread-instance", List.of("spread", "instanceId"),
            "binpack-memory", List.of("binpack", "memory"),
            "binpack-cpu", List.of("binpack", "cpu"),
            "random", List.of("random", "")));

    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,18}[a-z0-9]");
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*");
    private static final Pattern IMAGE_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PATH_PATTERN = Pattern.compile("/[A-Za-z0-9_\\-.$/~\"'@:+*?&%=]*");
    private static final Pattern HOST_PATTERN = Pattern.compile("[A-Za-z0-9*?.-]{1,128}");
    private static final Pattern ACTION = Pattern.compile("[a-z0-9-]+:[A-Za-z0-9*]+");
    private static final Pattern SCHEDULE = Pattern.compile("(cron|rate|at)\\(.+\\)");
    private static final Pattern USER = Pattern.compile("[0-9]+(:[0-9]+)?|[a-z_][a-z0-9_-]*(:[a-z_][a-z0-9_-]*)?");

    private CatalogLoader() {
    }

    /**
     * @param dir                 the catalog directory ({@code services/})
     * @param knownEnvironments   stack names with a {@code Pulumi.<stack>.yaml}; overrides for any
     *                            other name are misspellings
     */
    public static Catalog load(Path dir, EnvironmentConfig env, Set<String> knownEnvironments) {
        var problems = new Problems();
        var services = new ArrayList<ServiceSpec>();
        List<Path> files;
        try (Stream<Path> list = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(List.of(dir + ": cannot list the service catalog: " + e.getMessage()));
        }
        for (var file : files) {
            var display = dir.getFileName() + "/" + file.getFileName();
            var fileName = file.getFileName().toString();
            if (fileName.endsWith(".yml")) {
                problems.add(display, "(file name)", "service files end in .yaml; rename it to "
                        + fileName.substring(0, fileName.length() - 4) + ".yaml");
                continue;
            }
            var name = fileName.substring(0, fileName.length() - ".yaml".length());
            var doc = read(file, display, problems);
            if (doc == null) {
                continue;
            }
            loadService(name, display, doc, env, knownEnvironments, problems).ifPresent(services::add);
        }
        problems.throwIfAny();
        validateCatalog(services, env.name(), problems);
        problems.throwIfAny();
        return new Catalog(services);
    }

    private static Object read(Path file, String display, Problems problems) {
        try {
            var options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            Object doc = new Yaml(new SafeConstructor(options)).load(Files.readString(file));
            if (!(doc instanceof Map<?, ?>)) {
                problems.add(display, "(document)", "a service file is a mapping of settings (name, image, port...), got "
                        + (doc == null ? "an empty file" : "a " + doc.getClass().getSimpleName().toLowerCase(Locale.ROOT)));
                return null;
            }
            return doc;
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            problems.add(display + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1), "(yaml)", "not valid YAML: " + e.getProblem());
        } catch (YAMLException | IOException e) {
            problems.add(display, "(yaml)", "cannot be read: " + e.getMessage());
        }
        return null;
    }

    static Optional<ServiceSpec> loadService(String name, String file, Object doc, EnvironmentConfig env,
                                             Set<String> knownEnvironments, Problems problems) {
        var base = ConfigNode.root(file, "", doc, problems);
        base.allowOnly(SERVICE_KEYS);
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
                overrides.get(e).problem("no stack named '" + e + "'" + suggestion(e, knownEnvironments)
                        + "; overrides are for " + String.join(", ", new java.util.TreeSet<>(knownEnvironments))));
        overrides.entries().values().forEach(o -> o.allowOnly(SERVICE_KEYS.stream()
                .filter(k -> !k.equals("environments")).toList()));
        Object override = overrides.get(env.name()).raw();
        if (override != null && !(override instanceof Map<?, ?>)) {
            overrides.get(env.name()).problem("must be a mapping of the settings this environment changes");
            override = null;
        }
        if (override instanceof Map<?, ?> o) {
            for (var key : List.of("name", "environments")) {
                if (o.containsKey(key)) {
                    overrides.get(env.name()).get(key).problem("cannot be overridden per environment");
                }
            }
        }
        var merged = mergeOverride(doc, override);

        // Later environments that promote from this one: this pipeline tags what it deployed for them.
        var promotionTags = new java.util.TreeSet<String>();
        for (var other : knownEnvironments) {
            var otherOverride = overrides.get(other).raw();
            if (!other.equals(env.name()) && (otherOverride == null || otherOverride instanceof Map<?, ?>)
                    && mergeOverride(doc, otherOverride) instanceof Map<?, ?> m) {
                io.berth.delivery.DeliveryLoader.promotionTag(m.get("delivery"), env.name()).ifPresent(promotionTags::add);
            }
        }

        var local = new Problems();
        var node = ConfigNode.root(file, "", merged, local);
        var spec = parse(name, file, node, env, knownEnvironments, promotionTags);
        spec.delivery().flatMap(d -> d.source().from()).ifPresent(from -> {
            var fromOverride = overrides.get(from).raw();
            var there = mergeOverride(doc, fromOverride instanceof Map<?, ?> ? fromOverride : null);
            if (!(there instanceof Map<?, ?> m && m.get("delivery") instanceof Map<?, ?> d && !"false".equals(String.valueOf(d.get("enabled"))))) {
                node.get("delivery").get("source").get("from").problem(from + " has no pipeline for " + name
                        + ", so nothing there tests and tags its images for promotion; give it a delivery source in " + from);
            }
        });
        final Object overrideTree = override;
        problems.addAll(local, path -> overrideTree != null && containsPath(overrideTree, path)
                ? "environments." + env.name() + "." + path : path);
        return local.isEmpty() ? Optional.of(spec) : Optional.empty();
    }

    private static ServiceSpec parse(String name, String file, ConfigNode s, EnvironmentConfig env, Set<String> knownEnvironments,
                                     Set<String> promotionTags) {
        // top-level keys are checked on the base and on each override before merging
        var description = s.get("description").string("");
        var owner = s.get("owner").string(env.tags().get("owner"));

        // image
        var imageNode = s.get("image");
        imageNode.allowOnly("repository", "external", "tag");
        var repository = imageNode.get("repository").optionalString();
        var external = imageNode.get("external").optionalString();
        if (repository.isPresent() == external.isPresent()) {
            imageNode.problem("set exactly one of repository (an image of the environment's registry, e.g. repository: "
                    + name + ") or external (a full image reference, e.g. external: public.ecr.aws/nginx/nginx:1.27)");
        }
        repository.filter(r -> !REPOSITORY.matcher(r).matches() || (env.name() + "/" + r).length() > 256).ifPresent(r ->
                imageNode.get("repository").problem("'" + r + "' is not a valid ECR repository name: lowercase letters, digits "
                        + "and . _ - / separators, at most 256 characters with the environment prefix"));
        var tag = imageNode.get("tag").string(DEFAULT_IMAGE_TAG);
        if (!IMAGE_TAG.matcher(tag).matches()) {
            imageNode.get("tag").problem("'" + tag + "' is not a valid image tag: up to 128 letters, digits, _ . -, not starting with . or -");
        }
        var image = new Image(repository, external, tag);

        // container
        var exposeNode = s.get("expose");
        exposeNode.allowOnly("type", "paths", "hosts", "priority");
        var exposeType = ExposureType.valueOf(exposeNode.get("type").oneOf("internal", List.of("public", "internal", "none"))
                .toUpperCase(Locale.ROOT));
        var port = s.get("port").integer(DEFAULT_PORT, 1, 65535);
        var cpu = s.get("cpu").optionalInteger(1, 16384).orElse(DEFAULT_CPU);
        var memory = s.get("memoryMiB").optionalInteger(1, 122880).orElse(DEFAULT_MEMORY_MIB);
        var hostGroupNode = s.get("hostGroup");
        var hostGroup = hostGroupNode.optionalString();
        hostGroup.filter(g -> !env.hostGroups().containsKey(g)).ifPresent(g -> hostGroupNode.problem("no host group '" + g
                + "' in " + env.name() + (env.hostGroups().isEmpty() ? ", which declares none in berth:hostGroups"
                : "; its host groups are " + String.join(", ", env.hostGroups().keySet()))));
        if (hostGroup.isPresent()) {
            if (cpu < 128 || memory < 128) {
                s.get("cpu").problem("a host-group task needs at least 128 CPU units and 128 MiB, got " + cpu + "/" + memory);
            }
        } else if (!FargateSizes.cpuValues().contains(cpu)) {
            s.get("cpu").problem("Fargate accepts CPU units " + FargateSizes.cpuValues() + ", got " + cpu);
        } else if (!FargateSizes.isValid(cpu, memory)) {
            s.get("memoryMiB").problem("a Fargate task with " + cpu + " CPU units takes " + FargateSizes.describeMemory(cpu)
                    + " MiB of memory, got " + memory + "; change memoryMiB or cpu");
        }
        var arch = s.get("cpuArchitecture").oneOf("X86_64", List.of("X86_64", "ARM64"));
        var command = s.get("command").stringList();
        var envNode = s.get("environment");
        var environment = envNode.stringMap();
        environment.keySet().stream().filter(k -> !ENV_VAR.matcher(k).matches()).forEach(k ->
                envNode.get(k).problem("'" + k + "' is not a valid environment variable name (letters, digits, _; not starting with a digit)"));
        environment.replaceAll((k, v) -> substitute(v, env, name));

        var secrets = new TreeMap<String, Secret>();
        var secretsNode = s.get("secrets");
        secretsNode.entries().forEach((key, value) -> {
            if (!ENV_VAR.matcher(key).matches()) {
                value.problem("'" + key + "' is not a valid environment variable name");
            } else if (environment.containsKey(key)) {
                value.problem("'" + key + "' is also a plain environment variable; keep it in one place");
            }
            parseSecret(value, env, name).ifPresent(sec -> secrets.put(key, sec));
        });

        var hcNode = s.get("healthCheck");
        hcNode.allowOnly("path", "matcher", "intervalSeconds", "timeoutSeconds", "healthyThreshold", "unhealthyThreshold",
                "gracePeriodSeconds", "command");
        var interval = hcNode.get("intervalSeconds").integer(DEFAULT_HEALTH_INTERVAL_SECONDS, 5, 300);
        var timeout = hcNode.get("timeoutSeconds").integer(DEFAULT_HEALTH_TIMEOUT_SECONDS, 2, 120);
        if (timeout >= interval) {
            hcNode.get("timeoutSeconds").problem("must be shorter than intervalSeconds (" + interval + "), got " + timeout);
        }
        var hcPath = hcNode.get("path").string(DEFAULT_HEALTH_PATH);
        if (!hcPath.startsWith("/") || hcPath.length() > 1024) {
            hcNode.get("path").problem("must start with / and be at most 1024 characters, got '" + hcPath + "'");
        }
        var healthCheck = new HealthCheck(hcPath, hcNode.get("matcher").string(DEFAULT_HEALTH_MATCHER), interval, timeout,
                hcNode.get("healthyThreshold").integer(DEFAULT_HEALTHY_THRESHOLD, 2, 10),
                hcNode.get("unhealthyThreshold").integer(DEFAULT_UNHEALTHY_THRESHOLD, 2, 10),
                hcNode.get("gracePeriodSeconds").integer(DEFAULT_GRACE_PERIOD_SECONDS, 0, 2_147_483),
                hcNode.get("command").stringList());

        var paths = exposeNode.get("paths").stringList();
        var hosts = exposeNode.get("hosts").stringList();
        var priority = exposeNode.get("priority").optionalInteger(1, 50000);
        if (exposeType == ExposureType.PUBLIC) {
            if (paths.isEmpty() && hosts.isEmpty()) {
                exposeNode.problem("a public service needs at least one of paths or hosts to route on, e.g. paths: [\"/"
                        + name + "/*\"]");
            }
            if (paths.size() + hosts.size() > 5) {
                exposeNode.problem("a listener rule takes at most 5 condition values (AWS rule 20), got "
                        + (paths.size() + hosts.size()) + " paths and hosts; split the routes or use wildcards");
            }
            paths.stream().filter(p -> !PATH_PATTERN.matcher(p).matches() || p.length() > 128).forEach(p ->
                    exposeNode.get("paths").problem("'" + p + "' is not a path pattern: start with /, at most 128 characters"));
            hosts.stream().filter(h -> !HOST_PATTERN.matcher(h).matches()).forEach(h ->
                    exposeNode.get("hosts").problem("'" + h + "' is not a host name pattern"));
        } else if (!paths.isEmpty() || !hosts.isEmpty() || priority.isPresent()) {
            exposeNode.problem("paths, hosts and priority apply only to type: public; this service is "
                    + exposeType.name().toLowerCase(Locale.ROOT));
        }
        var expose = new Exposure(exposeType, paths, hosts, priority);

        var calls = s.get("calls").stringList();
        calls.stream().filter(c -> c.equals(name)).forEach(c -> s.get("calls").problem("a service does not need to call itself"));

        // scaling
        var sc = s.get("scaling");
        sc.allowOnly("min", "max", "cpuTarget", "memoryTarget", "requestsPerTarget", "schedules");
        var min = sc.get("min").integer(DEFAULT_MIN_TASKS, 0, 1000);
        var max = sc.get("max").integer(Math.max(DEFAULT_MAX_TASKS, min), 0, 1000);
        if (min > max) {
            sc.get("min").problem("must not exceed max (" + max + "), got " + min);
        }
        var cpuTarget = sc.get("cpuTarget").optionalInteger(10, 95);
        var memoryTarget = sc.get("memoryTarget").optionalInteger(10, 95);
        var requests = sc.get("requestsPerTarget").optionalInteger(1, 1_000_000);
        if (requests.isPresent() && exposeType != ExposureType.PUBLIC) {
            sc.get("requestsPerTarget").problem("scaling on load balancer requests needs expose.type: public");
        }
        if (cpuTarget.isEmpty() && memoryTarget.isEmpty() && requests.isEmpty() && min != max) {
            cpuTarget = Optional.of(DEFAULT_CPU_TARGET_PERCENT);
        }
        var schedules = new ArrayList<Schedule>();
        for (var item : sc.get("schedules").items()) {
            item.allowOnly("name", "schedule", "timezone", "min", "max");
            var sName = item.get("name").requireString("a short name for the schedule, e.g. business-hours");
            var expr = item.get("schedule").requireString("cron(...), rate(...) or at(...)");
            if (!expr.isEmpty() && !SCHEDULE.matcher(expr).matches()) {
                item.get("schedule").problem("must be cron(...), rate(...) or at(...), got '" + expr + "'");
            }
            var sMin = item.get("min").integer(min, 0, 1000);
            var sMax = item.get("max").integer(max, 0, 1000);
            if (sMin > sMax) {
                item.get("min").problem("must not exceed max (" + sMax + "), got " + sMin);
            }
            schedules.add(new Schedule(sName, expr, item.get("timezone").string("UTC"), sMin, sMax));
        }
        var scaling = new Scaling(min, max, cpuTarget, memoryTarget, requests, schedules);

        // capacity
        var capacityNode = s.get("capacity");
        CapacityStrategy capacity = env.cluster().defaultCapacity();
        boolean spotOnlyDeclared = false;
        if (capacityNode.raw() instanceof String) {
            capacity = CapacityProfiles.resolve(capacityNode.oneOf(capacity.profile(), List.copyOf(CapacityProfiles.names())))
                    .orElse(capacity);
        } else if (capacityNode.isPresent()) {
            capacityNode.allowOnly("profile", "strategy", "allowSpotOnly");
            spotOnlyDeclared = capacityNode.get("allowSpotOnly").bool(false);
            if (capacityNode.get("profile").isPresent() && capacityNode.get("strategy").isPresent()) {
                capacityNode.problem("set either profile or strategy, not both");
            } else if (capacityNode.get("strategy").isPresent()) {
                capacity = parseStrategy(capacityNode.get("strategy")).orElse(capacity);
            } else if (capacityNode.get("profile").isPresent()) {
                capacity = CapacityProfiles.resolve(capacityNode.get("profile").oneOf(capacity.profile(),
                        List.copyOf(CapacityProfiles.names()))).orElse(capacity);
            }
        }
        if (hostGroup.isPresent() && capacityNode.isPresent()) {
            capacityNode.problem("a host-group service runs on its group's capacity provider; a strategy cannot mix Auto "
                    + "Scaling group and Fargate providers (AWS rule 4): remove capacity, or remove hostGroup to run on Fargate");
        }
        if (hostGroup.isPresent() && env.hostGroups().containsKey(hostGroup.get())) {
            var group = env.hostGroups().get(hostGroup.get());
            capacity = new CapacityStrategy("host-group:" + group.name(),
                    List.of(new StrategyItem(group.capacityProviderName(env.name()), 1, 1)));
        }
        if (arch.equals("ARM64") && hostGroup.isEmpty() && capacity.spotOnly()) {
            // AWS documentation disagrees on Graviton for Fargate Spot (aws-rules.md rule 11): berth
            // only lets ARM64 use Spot next to an on-demand base, so a missing Spot pool never stops it.
            capacityNode.problem("ARM64 tasks on Fargate run Spot only with an on-demand base in berth (Spot support for "
                    + "Graviton varies by region); use spot-first or balanced");
        }
        if (hostGroup.isPresent() && env.hostGroups().containsKey(hostGroup.get())
                && !env.hostGroups().get(hostGroup.get()).architecture().equalsIgnoreCase(arch)) {
            s.get("cpuArchitecture").problem("host group " + hostGroup.get() + " runs " + env.hostGroups().get(hostGroup.get()).architecture()
                    + " instances, got " + arch);
        }
        if (!capacity.profile().startsWith("host-group:") && env.production() && capacity.spotOnly() && !spotOnlyDeclared) {
            capacityNode.problem("resolves to Spot only (" + capacity.describe() + "), which production allows only when "
                    + "declared: a Spot reclaim can stop every task at once. Use profile balanced or spot-first, or set "
                    + "capacity.allowSpotOnly: true if the service tolerates it");
        }

        // deployment
        var dep = s.get("deployment");
        dep.allowOnly("minimumHealthyPercent", "maximumPercent", "stopTimeoutSeconds", "deregistrationDelaySeconds", "execEnabled");
        var minHealthy = dep.get("minimumHealthyPercent").integer(DEFAULT_MIN_HEALTHY_PERCENT, 0, 100);
        var maxPercent = dep.get("maximumPercent").integer(DEFAULT_MAX_PERCENT, 100, 200);
        if (minHealthy == 100 && maxPercent == 100) {
            dep.get("maximumPercent").problem("with minimumHealthyPercent 100, maximumPercent must exceed 100 or no "
                    + "deployment can ever start a new task");
        }
        var stop = dep.get("stopTimeoutSeconds").integer(DEFAULT_STOP_TIMEOUT_SECONDS, 2, SPOT_WARNING_SECONDS);
        var dereg = dep.get("deregistrationDelaySeconds").integer(DEFAULT_DEREGISTRATION_DELAY_SECONDS, 0, 3600);
        boolean usesSpot = capacity.items().stream().anyMatch(i -> i.isSpot() && (i.weight() > 0 || i.base() > 0))
                || hostGroup.map(g -> env.hostGroups().get(g)).map(g -> g.onDemandPercentage() < 100).orElse(false);
        if (usesSpot && exposeType == ExposureType.PUBLIC && dereg >= SPOT_WARNING_SECONDS) {
            dep.get("deregistrationDelaySeconds").problem("must be under " + SPOT_WARNING_SECONDS + " s for a service on "
                    + "Fargate Spot (AWS rule 10: a reclaimed task gets two minutes' warning), got " + dereg);
        }
        var exec = dep.get("execEnabled").optionalBool();
        if (env.production() && exec.orElse(false)) {
            dep.get("execEnabled").problem("ECS Exec is off in production environments; use it in dev or beta");
        }
        var deployment = new Deployment(minHealthy, maxPercent, stop, dereg, exec.orElse(!env.production()));

        // security
        var sec = s.get("security");
        sec.allowOnly("readOnlyRootFilesystem", "user", "runAsRoot", "privileged");
        var privileged = sec.get("privileged").bool(false);
        if (privileged) {
            if (hostGroup.isEmpty()) {
                sec.get("privileged").problem("privileged containers cannot run on Fargate; put the service on a host group "
                        + "that allows them (privileged: true in berth:hostGroups)");
            } else if (env.hostGroups().containsKey(hostGroup.get()) && !env.hostGroups().get(hostGroup.get()).privileged()) {
                sec.get("privileged").problem("host group " + hostGroup.get() + " does not allow privileged containers; use a group "
                        + "with privileged: true (" + String.join(", ", env.hostGroups().values().stream()
                        .filter(io.berth.config.HostGroupConfig::privileged).map(io.berth.config.HostGroupConfig::name).toList()) + ")");
            }
        }
        var runAsRoot = sec.get("runAsRoot").bool(false);
        var user = sec.get("user").string(DEFAULT_USER);
        if (!USER.matcher(user).matches()) {
            sec.get("user").problem("must be uid[:gid] or a user name, got '" + user + "'");
        } else if (!runAsRoot && (user.equals("0") || user.startsWith("0:") || user.startsWith("root"))) {
            sec.get("user").problem("runs the container as root; set security.runAsRoot: true to opt out of non-root explicitly");
        }
        var security = new ContainerSecurity(sec.get("readOnlyRootFilesystem").bool(true),
                runAsRoot ? Optional.empty() : Optional.of(user), privileged);

        // placement, host groups only
        var placementNode = s.get("placement");
        placementNode.allowOnly("strategies", "distinctInstance");
        var strategies = placementNode.get("strategies").stringList();
        var placement = new ServiceSpec.Placement(strategies, placementNode.get("distinctInstance").bool(false));
        if (placementNode.isPresent() && hostGroup.isEmpty()) {
            placementNode.problem("placement constraints and strategies are not supported on Fargate (AWS rule 12); "
                    + "set hostGroup or remove placement");
        }
        strategies.stream().filter(x -> !PLACEMENT_STRATEGIES.containsKey(x)).forEach(x -> placementNode.get("strategies")
                .problem("'" + x + "' is not a placement strategy; use " + String.join(", ", PLACEMENT_STRATEGIES.keySet())));
        if (strategies.size() > 5) {
            placementNode.get("strategies").problem("a service takes at most 5 placement strategies (AWS rule 14), got " + strategies.size());
        }

        // task role permissions
        var permissions = new ArrayList<Permission>();
        var permsNode = s.get("permissions");
        int i = 0;
        for (var item : permsNode.items()) {
            item.allowOnly("sid", "actions", "resources");
            var actions = item.get("actions").stringList();
            var resources = item.get("resources").stringList().stream().map(r -> substitute(r, env, name)).toList();
            if (actions.isEmpty() || resources.isEmpty()) {
                item.problem("a permission needs actions and resources");
            }
            for (var a : actions) {
                if (!ACTION.matcher(a).matches()) {
                    item.get("actions").problem("'" + a + "' is not an IAM action such as sqs:ReceiveMessage");
                } else if (a.endsWith(":*")) {
                    item.get("actions").problem("'" + a + "' grants every action of the service; name the actions the service needs");
                }
            }
            if (resources.contains("*")) {
                item.get("resources").problem("'*' grants the actions on every resource of the account; name the resources (ARNs)");
            }
            var sid = item.get("sid").string("Catalog" + (i++));
            permissions.add(new Permission(sid.replaceAll("[^A-Za-z0-9]", ""), actions, resources));
        }

        // delivery: validated even where the environment turns pipelines off, so a mistake shows up everywhere
        var delivery = io.berth.delivery.DeliveryLoader.loadService(s.get("delivery"),
                new io.berth.delivery.DeliveryLoader.ServiceFacts(name, env.name(), repository.isPresent(),
                        exposeType.name().toLowerCase(Locale.ROOT), requests.isPresent(), v -> substitute(v, env, name),
                        env.region(), env.account()),
                knownEnvironments, promotionTags).filter(d -> env.delivery().enabled());

        return new ServiceSpec(name, file, description, owner, image, port, cpu, memory, arch, command, environment,
                secrets, healthCheck, expose, calls, scaling, deployment, capacity, spotOnlyDeclared, security, permissions,
                hostGroup, placement, delivery);
    }

    private static Optional<Secret> parseSecret(ConfigNode node, EnvironmentConfig env, String service) {
        String source;
        String ref;
        Optional<String> kms = Optional.empty();
        if (node.raw() instanceof String text) {
            var idx = text.indexOf(':');
            if (idx < 0 || !(text.startsWith("ssm:") || text.startsWith("secretsmanager:"))) {
                node.problem("must be ssm:<parameter name> or secretsmanager:<secret name or ARN>, got '" + text + "'");
                return Optional.empty();
            }
            source = text.substring(0, idx);
            ref = text.substring(idx + 1);
        } else {
            node.allowOnly("ssm", "secretsmanager", "kmsKey");
            var ssm = node.get("ssm").optionalString();
            var sm = node.get("secretsmanager").optionalString();
            if (ssm.isPresent() == sm.isPresent()) {
                node.problem("set exactly one of ssm (a parameter name) or secretsmanager (a secret name or ARN)");
                return Optional.empty();
            }
            source = ssm.isPresent() ? Secret.SSM : Secret.SECRETS_MANAGER;
            ref = ssm.orElseGet(sm::get);
            kms = node.get("kmsKey").optionalString();
            kms.filter(k -> !k.startsWith("arn:aws:kms:")).ifPresent(k ->
                    node.get("kmsKey").problem("must be a KMS key ARN (arn:aws:kms:...), got '" + k + "'"));
        }
        ref = substitute(ref, env, service);
        String arn;
        if (ref.startsWith("arn:")) {
            arn = ref;
        } else if (source.equals(Secret.SSM)) {
            arn = "arn:aws:ssm:" + env.region() + ":" + env.account() + ":parameter/" + (ref.startsWith("/") ? ref.substring(1) : ref);
        } else {
            arn = "arn:aws:secretsmanager:" + env.region() + ":" + env.account() + ":secret:" + ref;
        }
        return Optional.of(new Secret(source, arn, kms));
    }

    private static Optional<CapacityStrategy> parseStrategy(ConfigNode node) {
        var items = new ArrayList<StrategyItem>();
        for (var item : node.items()) {
            item.allowOnly("provider", "base", "weight");
            var provider = item.get("provider").oneOf(StrategyItem.FARGATE, List.of(StrategyItem.FARGATE, StrategyItem.FARGATE_SPOT));
            items.add(new StrategyItem(provider, item.get("base").integer(0, 0, 100_000), item.get("weight").integer(0, 0, 1000)));
        }
        if (items.isEmpty()) {
            node.problem("a strategy needs at least one provider, e.g. [{provider: FARGATE, base: 1, weight: 1}]");
            return Optional.empty();
        }
        if (items.size() > 20) {
            node.problem("a strategy holds at most 20 providers (AWS rule 3), got " + items.size());
        }
        if (items.stream().filter(x -> x.base() > 0).count() > 1) {
            node.problem("at most one provider of a strategy may have a base above 0 (AWS rule 2)");
        }
        if (items.stream().noneMatch(x -> x.weight() > 0)) {
            node.problem("at least one provider of a strategy needs a weight above 0 (AWS rule 2)");
        }
        if (items.stream().map(StrategyItem::capacityProvider).distinct().count() != items.size()) {
            node.problem("each provider appears at most once in a strategy");
        }
        return Optional.of(new CapacityStrategy("custom", items));
    }

    private static void validateCatalog(List<ServiceSpec> services, String environment, Problems problems) {
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
                var prefix = io.berth.delivery.Pipeline.artifactPrefix(environment + "-" + s.name());
                var other = artifactPrefixes.putIfAbsent(prefix, s);
                if (other != null) {
                    problems.add(s.file(), "delivery", "its pipeline would share the artifact prefix '" + prefix + "' with "
                            + other.file() + "'s (CodePipeline keys artifacts by the first 20 characters of the pipeline name, and "
                            + "each pipeline may read only its own); shorten one service name");
                }
            }
            s.delivery().filter(io.berth.delivery.DeliverySpec::blueGreen).ifPresent(d -> {
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
                            + suggestion(callee, byName.keySet()) + "; services are " + String.join(", ", new java.util.TreeSet<>(byName.keySet())));
                } else if (!target.expose().hasPort()) {
                    problems.add(s.file(), "calls", "calls '" + callee + "', which is a worker (expose.type: none) and listens on no port");
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
                    + MAX_RULES_PER_LISTENER + " rules per listener (AWS rule 20)");
        }
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

    /** {env}, {region}, {account} and {service} in ARNs, parameter names and variables. */
    static String substitute(String value, EnvironmentConfig env, String service) {
        return value.replace("{env}", env.name()).replace("{region}", env.region())
                .replace("{account}", env.account()).replace("{service}", service);
    }

    private static String suggestion(String given, Set<String> allowed) {
        var d = org.apache.commons.text.similarity.LevenshteinDistance.getDefaultInstance();
        return allowed.stream().filter(a -> d.apply(a, given) <= 2).findFirst().map(a -> " (did you mean '" + a + "'?)").orElse("");
    }
}
