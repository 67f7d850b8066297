package io.berth.load;

import io.berth.model.Catalog;
import io.berth.model.CatalogNames;
import io.berth.model.FargateSizes;
import io.berth.model.ServiceSpec;
import io.berth.model.ServiceSpecBuilder;
import io.berth.model.CapacityProfiles;
import io.berth.model.CapacityStrategy;
import io.berth.model.StrategyItem;
import io.berth.model.TrafficShift;
import io.berth.model.ServiceSpec.ContainerSecurity;
import io.berth.model.ServiceSpec.Deployment;
import io.berth.model.ServiceSpec.Exposure;
import io.berth.model.ServiceSpec.ExposureType;
import io.berth.model.ServiceSpec.HealthCheck;
import io.berth.model.ServiceSpec.Image;
import io.berth.model.ServiceSpec.Permission;
import io.berth.model.ServiceSpec.Placement;
import io.berth.model.ServiceSpec.Scaling;
import io.berth.model.ServiceSpec.Schedule;
import io.berth.model.ServiceSpec.Secret;
import io.berth.model.EnvironmentConfig;
import io.berth.model.HostGroupConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static io.berth.load.CatalogLoader.*;

/**
 * Reads one service's merged catalog entry (base with the environment's override laid over it)
 * into a {@link ServiceSpec}, one section per method. Every mistake is recorded on the node it is
 * about; the loader reports them all together. Sections read in dependency order: exposure and
 * host group first, because capacity, deployment and security rules depend on them.
 */
final class ServiceParser {
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*");
    private static final Pattern PATH_PATTERN = Pattern.compile("/[A-Za-z0-9_\\-.$/~\"'@:+*?&%=]*");
    private static final Pattern HOST_PATTERN = Pattern.compile("[A-Za-z0-9*?.-]{1,128}");
    private static final Pattern ACTION = Pattern.compile("[a-z0-9-]+:[A-Za-z0-9*]+");
    private static final Pattern SID = Pattern.compile("[A-Za-z0-9]+");
    private static final Pattern SCHEDULE_NAME = Pattern.compile("[^:/|\\p{Cntrl}]{1,200}");
    private static final Pattern USER = Pattern.compile("[0-9]+(:[0-9]+)?|[a-z_][a-z0-9_-]*(:[a-z_][a-z0-9_-]*)?");

    private final String name;
    private final ConfigNode s;
    private final EnvironmentConfig env;
    /** Set once the service's buckets are read: {@code {bucket:<name>}} resolves to their names. */
    private Placeholders placeholders;
    /** When parsing the DR replica's copy: the primary region it stands in for, which it must not depend on. */
    private final Optional<String> standsInFor;

    // read early, used by later sections
    private ServiceSpec.Kind kind;
    private ExposureType exposeType;
    private Optional<String> hostGroup;
    private String arch;

    ServiceParser(String name, ConfigNode node, EnvironmentConfig env) {
        this(name, node, env, Optional.empty());
    }

    /**
     * @param standsInFor for the DR replica's copy of the catalog: the primary region. A reference to it
     *                    in a secret, a KMS key, an environment variable or a permission is a problem: the
     *                    replica exists for the hour that region is down.
     */
    ServiceParser(String name, ConfigNode node, EnvironmentConfig env, Optional<String> standsInFor) {
        this(name, node, env, standsInFor, Set.of());
    }

    /** The catalog's workers, whose queues {@code {queue:<worker>}} names. */
    private final Set<String> workers;

    /** @param workers the catalog's workers, whose queues {@code {queue:<worker>}} names */
    ServiceParser(String name, ConfigNode node, EnvironmentConfig env, Optional<String> standsInFor, Set<String> workers) {
        this.name = name;
        this.s = node;
        this.env = env;
        this.workers = Set.copyOf(workers);
        this.placeholders = Placeholders.of(env, name, Map.of(), this.workers);
        this.standsInFor = standsInFor;
    }

    ServiceSpec parse(String file, Set<String> knownEnvironments, Set<String> promotionTags) {
        // buckets first: every field that takes placeholders may name them
        var buckets = buckets();
        var queues = declaredQueues();
        placeholders = Placeholders.of(env, name, buckets.stream()
                .collect(java.util.stream.Collectors.toMap(ServiceSpec.Bucket::name, ServiceSpec.Bucket::bucketName, (a, b) -> a)),
                workers, queues.stream().collect(java.util.stream.Collectors.toMap(
                        ServiceSpec.DeclaredQueue::name, ServiceSpec.DeclaredQueue::queueName, (a, b) -> a)));
        // top-level keys are checked on the base and on each override before merging
        var description = s.get("description").string("");
        var owner = s.get("owner").string(env.tags().get("owner"));
        EnvironmentLoader.tagValueProblem(owner).ifPresent(s.get("owner")::problem);
        var image = image();
        kind = ServiceSpec.Kind.valueOf(s.get("kind").oneOf("service", List.of("service", "job", "worker")).toUpperCase(Locale.ROOT));
        exposeType = ExposureType.valueOf(s.get("expose").get("type").oneOf(kind == ServiceSpec.Kind.SERVICE ? "internal" : "none",
                List.of("public", "internal", "none")).toUpperCase(Locale.ROOT));
        if (kind != ServiceSpec.Kind.SERVICE && exposeType != ExposureType.NONE) {
            s.get("expose").get("type").problem("a " + kindName() + " listens on no port and gets no traffic, got '"
                    + exposeType.name().toLowerCase(Locale.ROOT) + "'; remove expose (a " + kindName() + " is expose.type: none), "
                    + "or set kind: service");
        }
        var port = s.get("port").integer(DEFAULT_PORT, 1, 65535);
        if (exposeType == ExposureType.NONE && s.get("port").isPresent()) {
            s.get("port").problem(kind != ServiceSpec.Kind.SERVICE
                    ? "a " + kindName() + " listens on no port, so berth maps none; remove port"
                    : "a worker (expose.type: none) listens on no port, so berth maps none; remove port, or "
                    + "set expose.type: internal or public");
        }
        hostGroup = hostGroup();
        var cpu = s.get("cpu").optionalInteger(1, 16384).orElse(DEFAULT_CPU);
        var memory = s.get("memoryMiB").optionalInteger(1, 122880).orElse(DEFAULT_MEMORY_MIB);
        checkTaskSize(cpu, memory);
        arch = s.get("cpuArchitecture").oneOf("X86_64", List.of("X86_64", "ARM64"));
        var command = s.get("command").stringList();
        var environment = environment();
        var secrets = secrets(environment);
        checkTaskDefinitionRoom(command, environment);
        var healthCheck = healthCheck(port);
        var expose = exposure();
        var calls = s.get("calls").distinctStringList();
        calls.stream().filter(c -> c.equals(name)).forEach(c -> s.get("calls").problem("a service does not need to call itself"));
        var scaling = scaling();
        var job = job();
        var queue = queue();
        var sends = s.get("sends").distinctStringList();
        sends.stream().filter(x -> x.equals(name)).forEach(x -> s.get("sends").problem("'" + x + "' is this worker's own queue; "
                + "a worker may read and write its own queue without sends: remove it"));
        var capacityNode = s.get("capacity");
        boolean spotOnlyDeclared = capacityNode.isPresent() && !(capacityNode.raw() instanceof String)
                && capacityNode.get("allowSpotOnly").bool(false);
        var capacity = capacity(capacityNode, spotOnlyDeclared);
        var deployment = deployment(capacity);
        var security = security();
        var placement = placement();
        var permissions = permissions(buckets, queues);
        var egress = egress();
        // delivery: validated even where the environment turns pipelines off, so a mistake shows up everywhere
        var declaredDelivery = DeliveryLoader.loadService(s.get("delivery"),
                new DeliveryLoader.ServiceFacts(name, env.name(), image.repository().isPresent(),
                        exposeType.name().toLowerCase(Locale.ROOT), scaling.requestsPerTarget().isPresent(),
                        placeholders::resolve, env.region(), env.account(),
                        env.network().natGateways() != io.berth.model.NetworkConfig.NatStrategy.NONE || !env.delivery().testTrafficCidrs().isEmpty()),
                knownEnvironments, promotionTags);
        var delivery = declaredDelivery.filter(d -> env.delivery().enabled());
        if (deployment.trafficShift().type() != TrafficShift.Type.ALL_AT_ONCE
                && !declaredDelivery.map(io.berth.model.DeliverySpec::blueGreen).orElse(false)) {
            s.get("deployment").get("trafficShift").problem(deployment.trafficShift().setting() + " shifts traffic with CodeDeploy, "
                    + "which deploys only blue/green services; this service deploys rolling in " + env.name()
                    + ": set delivery.deploy: blue-green (a public service with a pipeline), or remove deployment.trafficShift");
        }

        return ServiceSpecBuilder.builder()
                .name(name).file(file).description(description).owner(owner).image(image).port(port)
                .cpu(cpu).memoryMiB(memory).cpuArchitecture(arch).command(command)
                .environment(environment).secrets(secrets).healthCheck(healthCheck).expose(expose).calls(calls)
                .scaling(scaling).deployment(deployment).capacity(capacity).spotOnlyDeclared(spotOnlyDeclared)
                .security(security).permissions(permissions).hostGroup(hostGroup).placement(placement).delivery(delivery)
                .alarms(alarms())
                .egress(egress).buckets(buckets).queues(queues)
                .kind(kind).job(job).queue(queue).sends(sends)
                .build();
    }

    private Image image() {
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
        var tagNode = imageNode.get("tag");
        var tag = tagNode.string(DEFAULT_IMAGE_TAG);
        boolean tagValid = CatalogNames.IMAGE_TAG.matcher(tag).matches();
        if (!tagValid) {
            tagNode.problem("'" + tag + "' is not a valid image tag: up to 128 letters, digits, _ . -, not starting with . or -");
        } else if (repository.isPresent() && env.registry().immutableTags() && tag.equals("latest")) {
            tagNode.problem("'latest' never moves in " + env.name() + "'s registry (its tags are immutable), so it "
                    + "would always mean the first image pushed under it; pin image.tag to a release tag such as 1.4.2");
        }
        return new Image(repository, external.flatMap(e -> externalReference(imageNode, e, tag, tagValid)), tag);
    }

    /** The complete external reference (tag or digest included), or empty after recording its problem. */
    private static Optional<String> externalReference(ConfigNode imageNode, String external, String tag, boolean tagValid) {
        var parsed = ImageReference.parse(external);
        if (parsed.problem().isPresent()) {
            imageNode.get("external").problem(parsed.problem().get());
            return Optional.empty();
        }
        var reference = parsed.reference().orElseThrow();
        var tagNode = imageNode.get("tag");
        if (reference.pinned() && tagNode.isPresent()) {
            if (!tagValid) {
                return Optional.empty(); // the tag's own problem is the one to fix first
            }
            tagNode.problem("'" + tagNode.raw() + "' contradicts image.external '" + external + "', which already pins "
                    + (reference.tag().isPresent() ? "the tag " + reference.tag().get() : "a digest")
                    + "; keep the tag in one place: remove image.tag, or the tag from image.external");
            return Optional.empty();
        }
        return reference.pinned() ? Optional.of(external) : tagValid ? Optional.of(external + ":" + tag) : Optional.empty();
    }

    private Optional<String> hostGroup() {
        var node = s.get("hostGroup");
        var group = node.optionalString();
        group.filter(g -> !env.hostGroups().containsKey(g)).ifPresent(g -> node.problem("no host group '" + g
                + "' in " + env.name() + (env.hostGroups().isEmpty() ? ", which declares none in berth:hostGroups"
                : "; its host groups are " + String.join(", ", env.hostGroups().keySet()))));
        return group;
    }

    /** The group this service runs on, when it names one that exists. */
    private Optional<HostGroupConfig> group() {
        return hostGroup.map(g -> env.hostGroups().get(g));
    }

    private void checkTaskSize(int cpu, int memory) {
        if (hostGroup.isPresent()) {
            if (cpu < 128 || memory < 128) {
                s.get("cpu").problem("a host-group task needs at least 128 CPU units and 128 MiB, got " + cpu + "/" + memory);
            }
        } else if (!FargateSizes.cpuValues().contains(cpu)) {
            s.get("cpu").problem("Fargate accepts CPU units " + FargateSizes.cpuValues() + ", got " + cpu
                    + "; pick one of them and a memoryMiB that goes with it");
        } else if (!FargateSizes.isValid(cpu, memory)) {
            s.get("memoryMiB").problem("a Fargate task with " + cpu + " CPU units takes " + FargateSizes.describeMemory(cpu)
                    + " MiB of memory, got " + memory + (s.get("memoryMiB").isPresent() ? "" : " (the default)")
                    + "; change memoryMiB or cpu");
        }
    }

    /**
     * ECS takes a task definition of at most 64 KiB in all; berth keeps half of it for what the catalog
     * writes freely (environment values and the command), the rest for the container, log, health-check
     * and secret settings it generates, so a plan that loads is never refused by ECS for its size.
     */
    static final int FREE_TEXT_BUDGET_BYTES = 32 * 1024;

    private void checkTaskDefinitionRoom(List<String> command, Map<String, String> environment) {
        long bytes = 0;
        for (var e : environment.entrySet()) {
            bytes += utf8(e.getKey()) + utf8(e.getValue()) + "{\"name\":\"\",\"value\":\"\"},".length();
        }
        for (var part : command) {
            bytes += utf8(part) + 3;
        }
        if (bytes > FREE_TEXT_BUDGET_BYTES) {
            s.get("environment").problem(String.format(java.util.Locale.ROOT, "the environment variables and the command take "
                    + "%,d bytes of the task definition; ECS takes a whole task definition up to 64 KiB, and berth keeps %,d "
                    + "bytes of it for these (the rest holds the container, log, health-check and secret settings): move "
                    + "large values to SSM Parameter Store and name them under secrets (ssm:/...)", bytes, FREE_TEXT_BUDGET_BYTES));
        }
    }

    private static int utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private Map<String, String> environment() {
        var environment = new TreeMap<String, String>();
        var environmentNode = s.get("environment");
        environmentNode.stringMap().forEach((key, value) -> {
            var node = environmentNode.get(key);
            if (!CatalogNames.ENV_VAR.matcher(key).matches()) {
                node.problem("'" + key + "' is not a valid environment variable name (letters, digits, _; not starting with a digit)");
            } else if (ReservedEnvironment.problem(key).isPresent()) {
                node.problem(ReservedEnvironment.problem(key).get());
            } else {
                placeholders.resolve(node, value).ifPresent(v -> {
                    environment.put(key, v);
                    primaryRegionIn(v).ifPresent(region -> node.problem(replicaProblem("this variable names " + region,
                            "write {region} where the region goes, so each region's copy names its own")));
                });
            }
        });
        return environment;
    }

    private Map<String, Secret> secrets(Map<String, String> environment) {
        var secrets = new TreeMap<String, Secret>();
        s.get("secrets").entries().forEach((key, value) -> {
            if (!CatalogNames.ENV_VAR.matcher(key).matches()) {
                value.problem("'" + key + "' is not a valid environment variable name");
            } else if (ReservedEnvironment.problem(key).isPresent()) {
                value.problem(ReservedEnvironment.problem(key).get());
            } else if (environment.containsKey(key)) {
                value.problem("'" + key + "' is also a plain environment variable; keep it in one place");
            } else {
                parseSecret(value).ifPresent(sec -> secrets.put(key, sec));
            }
        });
        return secrets;
    }

    private Optional<Secret> parseSecret(ConfigNode node) {
        String source;
        String ref;
        ConfigNode refNode = node;
        Optional<String> kms = Optional.empty();
        if (node.raw() instanceof String text) {
            var idx = text.indexOf(':');
            if (idx < 0 || !(text.startsWith("ssm:") || text.startsWith("secretsmanager:"))) {
                node.problem("must be ssm:<parameter name> or secretsmanager:<secret name or ARN>, got '" + text + "'");
                return Optional.empty();
            }
            source = text.substring(0, idx);
            ref = text.substring(idx + 1);
            if (ref.isBlank()) {
                node.problem(SecretReferences.emptyProblem(text));
                return Optional.empty();
            }
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
            refNode = node.get(source);
            var kmsNode = node.get("kmsKey");
            var kmsWritten = kmsNode.optionalString();
            kms = kmsWritten.flatMap(k -> placeholders.resolve(kmsNode, k));
            if (kmsWritten.isPresent() && kms.isPresent() && Arns.kmsKeyProblem(kmsWritten.get(), kms.get()).isPresent()) {
                kmsNode.problem(Arns.kmsKeyProblem(kmsWritten.get(), kms.get()).get());
                return Optional.empty();
            }
            if (kmsWritten.isPresent() && kms.isEmpty()) {
                return Optional.empty();
            }
            kms.flatMap(this::primaryRegionIn).ifPresent(region -> kmsNode.problem(replicaProblem(
                    "the secret's key is in " + region, "use a multi-Region key (mrk-...) and write its ARN with {region}, "
                            + "e.g. arn:aws:kms:{region}:{account}:key/mrk-...; replica secrets are encrypted with a key of their own region")));
        }
        var written = ref;
        var resolved = placeholders.resolve(refNode, ref);
        if (resolved.isEmpty()) {
            return Optional.empty();
        }
        ref = resolved.get();
        if (ref.startsWith("arn:")) {
            var problem = Arns.secretProblem(written, ref, source);
            if (problem.isPresent()) {
                refNode.problem(problem.get());
                return Optional.empty();
            }
        }
        String arn;
        if (ref.startsWith("arn:")) {
            arn = ref;
        } else if (source.equals(Secret.SSM)) {
            arn = "arn:aws:ssm:" + env.region() + ":" + env.account() + ":parameter/" + (ref.startsWith("/") ? ref.substring(1) : ref);
        } else {
            arn = "arn:aws:secretsmanager:" + env.region() + ":" + env.account() + ":secret:" + ref;
        }
        primaryRegionIn(arn).ifPresent(region -> node.problem(replicaProblem("it would read this "
                + (source.equals(Secret.SSM) ? "parameter" : "secret") + " from " + region + " when a task starts",
                source.equals(Secret.SSM)
                        ? "name the parameter (ssm:/path, resolved in each region) or write {region} in its ARN, and put the "
                        + "parameter in " + env.region() + " too (Parameter Store does not replicate)"
                        : "name the secret (secretsmanager:<name>, resolved in each region) or write {region} in its ARN, and "
                        + "replicate the secret to " + env.region() + " (Secrets Manager replica regions keep the name and ARN suffix)")));
        return Optional.of(new Secret(source, arn, kms, !ref.startsWith("arn:")));
    }

    /** For the replica's copy: the primary region when {@code value} names it. */
    private Optional<String> primaryRegionIn(String value) {
        return standsInFor.filter(value::contains);
    }

    private String replicaProblem(String what, String fix) {
        return "the DR replica in " + env.region() + " stands in for " + standsInFor.orElseThrow() + " while that region is down, but "
                + what + "; " + fix;
    }

    /** ECS's bounds for a container health check (timeout 2-60 s, start period 0-300 s). */
    static final int CONTAINER_CHECK_MAX_TIMEOUT_SECONDS = 60;
    static final int CONTAINER_CHECK_MAX_START_PERIOD_SECONDS = 300;

    private HealthCheck healthCheck(int port) {
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
        var matcherNode = hcNode.get("matcher");
        var matcher = matcherNode.string(DEFAULT_HEALTH_MATCHER);
        HealthCheckMatchers.problem(matcher).ifPresent(matcherNode::problem);
        var command = hcNode.get("command").stringList();
        if (!command.isEmpty() && !List.of("CMD", "CMD-SHELL", "NONE").contains(command.get(0))) {
            hcNode.get("command").problem("starts with '" + command.get(0) + "'; an ECS container health check starts with "
                    + "CMD (then the program and its arguments) or CMD-SHELL (then one shell command), e.g. "
                    + "[\"CMD-SHELL\", \"curl -f localhost:" + port + "/health\"]");
        }
        var grace = hcNode.get("gracePeriodSeconds").integer(DEFAULT_GRACE_PERIOD_SECONDS, 0, 2_147_483);
        if (!command.isEmpty()) {
            // the container check is ECS's, with tighter bounds than the load balancer's (ECS API, HealthCheck)
            if (timeout > CONTAINER_CHECK_MAX_TIMEOUT_SECONDS) {
                hcNode.get("timeoutSeconds").problem("with healthCheck.command it is also the container check's timeout, which "
                        + "ECS takes from 2 to " + CONTAINER_CHECK_MAX_TIMEOUT_SECONDS + " seconds, got " + timeout
                        + "; set " + CONTAINER_CHECK_MAX_TIMEOUT_SECONDS + " or less");
            }
            if (grace > CONTAINER_CHECK_MAX_START_PERIOD_SECONDS) {
                hcNode.get("gracePeriodSeconds").problem("with healthCheck.command it is also the container's start period, "
                        + "which ECS takes from 0 to " + CONTAINER_CHECK_MAX_START_PERIOD_SECONDS + " seconds, got " + grace
                        + "; set " + CONTAINER_CHECK_MAX_START_PERIOD_SECONDS + " or less");
            }
        }
        return new HealthCheck(hcPath, matcher, interval, timeout,
                hcNode.get("healthyThreshold").integer(DEFAULT_HEALTHY_THRESHOLD, 2, 10),
                hcNode.get("unhealthyThreshold").integer(DEFAULT_UNHEALTHY_THRESHOLD, 2, 10),
                grace, command);
    }

    private Exposure exposure() {
        var exposeNode = s.get("expose");
        exposeNode.allowOnly("type", "paths", "hosts", "priority");
        var paths = exposeNode.get("paths").distinctStringList();
        var hosts = exposeNode.get("hosts").distinctStringList();
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
        return new Exposure(exposeType, paths, hosts, priority);
    }

    private String kindName() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** A job's schedule and run rules (kind: job only). */
    private Optional<ServiceSpec.Job> job() {
        var node = s.get("job");
        if (kind != ServiceSpec.Kind.JOB) {
            if (node.isPresent()) {
                node.problem("applies to kind: job, and this entry is a " + kindName() + "; set kind: job, or remove job");
            }
            return Optional.empty();
        }
        if (!node.isPresent()) {
            node.problem("a job needs a schedule, e.g. job: {schedule: \"cron(0 1 * * ? *)\", timezone: Europe/Dublin}");
            return Optional.empty();
        }
        node.allowOnly("schedule", "timezone", "flexibleWindowMinutes", "retries", "maxRunMinutes", "overlap");
        var expr = node.get("schedule").requireString("cron(...) or rate(...), e.g. cron(0 1 * * ? *)");
        if (!expr.isEmpty()) {
            if (!expr.startsWith("cron(") && !expr.startsWith("rate(") && !expr.startsWith("at(")) {
                node.get("schedule").problem("must be cron(...) or rate(...), got '" + expr + "'; e.g. cron(0 1 * * ? *) "
                        + "(01:00 every day, in job.timezone) or rate(6 hours)");
            } else if (expr.startsWith("at(")) {
                node.get("schedule").problem("'" + expr + "' runs once; a job repeats: use cron(...) or rate(...), and start a "
                        + "single run by hand with the command the plan prints");
            } else {
                ScheduleExpressions.problem(expr).ifPresent(node.get("schedule")::problem);
            }
        }
        var zoneNode = node.get("timezone");
        var zone = zoneNode.string(ServiceSpec.Job.DEFAULT_TIMEZONE);
        if (zoneNode.isPresent() && !expr.isEmpty() && !ScheduleExpressions.takesTimezone(expr)) {
            zoneNode.problem("applies to cron(...) schedules; " + expr + " runs at fixed intervals whatever the zone: remove timezone");
        } else {
            TimeZones.problem(zone).ifPresent(zoneNode::problem);
        }
        // EventBridge Scheduler: a flexible window of 1..1440 minutes, or OFF
        var window = node.get("flexibleWindowMinutes").integer(ServiceSpec.Job.DEFAULT_FLEXIBLE_WINDOW_MINUTES, 0, 1440);
        // Scheduler retries a failed invocation itself; these are retries of a failed run (Step Functions Retry)
        var retries = node.get("retries").integer(ServiceSpec.Job.DEFAULT_RETRIES, 0, 10);
        // a standard Step Functions execution lasts at most a year; a day is plenty for a batch and bounds a stuck task
        var maxRun = node.get("maxRunMinutes").integer(ServiceSpec.Job.DEFAULT_MAX_RUN_MINUTES, 1, 1440);
        var overlap = ServiceSpec.Overlap.valueOf(node.get("overlap").oneOf("skip", List.of("skip", "allow")).toUpperCase(Locale.ROOT));
        return Optional.of(new ServiceSpec.Job(expr, zone, window, retries, maxRun, overlap, true));
    }

    /** A worker's queue settings (kind: worker only); defaults when the entry has no queue section. */
    private Optional<ServiceSpec.WorkQueue> queue() {
        var node = s.get("queue");
        if (kind != ServiceSpec.Kind.WORKER) {
            if (node.isPresent()) {
                node.problem("applies to kind: worker, and this entry is a " + kindName() + "; set kind: worker, or remove queue");
            }
            return Optional.empty();
        }
        node.allowOnly("retentionDays", "visibilityTimeoutSeconds", "maxReceiveCount", "backlogPerTask");
        if (env.cluster().containerInsights().equals("disabled")) {
            s.get("kind").problem("a worker scales on its backlog per running task, and the running-task count comes from "
                    + "Container Insights, which " + env.name() + " turns off; set berth:cluster.containerInsights to enabled "
                    + "or enhanced in Pulumi." + env.name() + ".yaml, or set kind: service");
        }
        var d = ServiceSpec.WorkQueue.DEFAULTS;
        var visibility = node.get("visibilityTimeoutSeconds").integer(d.visibilityTimeoutSeconds(), 0, 43_200);
        return Optional.of(new ServiceSpec.WorkQueue(
                node.get("retentionDays").integer(d.retentionDays(), 1, 14),
                visibility,
                node.get("maxReceiveCount").integer(d.maxReceiveCount(), 1, 1000),
                node.get("backlogPerTask").integer(d.backlogPerTask(), 1, 100_000)));
    }

    private ServiceSpec.Alarms alarms() {
        var node = s.get("alarms");
        node.allowOnly("enabled", "cpuPercent", "memoryPercent", "errorRatePercent", "p99LatencyMillis", "evaluationMinutes");
        var d = ServiceSpec.Alarms.DEFAULTS;
        var alarms = new ServiceSpec.Alarms(node.get("enabled").bool(d.enabled()),
                node.get("cpuPercent").integer(d.cpuPercent(), 1, 100),
                node.get("memoryPercent").integer(d.memoryPercent(), 1, 100),
                node.get("errorRatePercent").integer(d.errorRatePercent(), 1, 100),
                node.get("p99LatencyMillis").integer(d.p99LatencyMillis(), 1, 600_000),
                node.get("evaluationMinutes").integer(d.evaluationMinutes(), 1, 1440));
        if (exposeType != ExposureType.PUBLIC) {
            // these two read the load balancer's metrics: nothing to measure for a service it does not route to
            for (var key : List.of("errorRatePercent", "p99LatencyMillis")) {
                if (node.get(key).isPresent()) {
                    node.get(key).problem("applies to services behind the load balancer (expose.type: public); remove it");
                }
            }
        }
        return alarms;
    }

    private Scaling scaling() {
        var sc = s.get("scaling");
        if (kind == ServiceSpec.Kind.JOB && sc.isPresent()) {
            sc.problem("a job runs one task per run and has no ECS service to scale; remove scaling (job.overlap: allow "
                    + "lets runs overlap)");
            return new Scaling(0, 0, Optional.empty(), Optional.empty(), Optional.empty(), List.of());
        }
        if (kind == ServiceSpec.Kind.JOB) {
            return new Scaling(0, 0, Optional.empty(), Optional.empty(), Optional.empty(), List.of());
        }
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
        // a worker scales on its queue's backlog per task (and starts from zero on a waiting message)
        if (kind != ServiceSpec.Kind.WORKER && cpuTarget.isEmpty() && memoryTarget.isEmpty() && requests.isEmpty() && min != max) {
            cpuTarget = Optional.of(DEFAULT_CPU_TARGET_PERCENT);
        }
        var schedules = new ArrayList<Schedule>();
        var scheduleNames = new java.util.HashSet<String>();
        for (var item : sc.get("schedules").items()) {
            item.allowOnly("name", "schedule", "timezone", "min", "max");
            var sName = item.get("name").requireString("a short name for the schedule, e.g. business-hours");
            if (!sName.isEmpty() && (!SCHEDULE_NAME.matcher(sName).matches() || !sName.strip().equals(sName))) {
                item.get("name").problem("'" + sName + "' is not a schedule name: it becomes part of the scheduled action's "
                        + "name, where AWS refuses : / |, control characters and surrounding spaces; e.g. business-hours");
            } else if (!sName.isEmpty() && !scheduleNames.add(sName)) {
                item.get("name").problem("'" + sName + "' names another schedule of this service too; give each schedule its own name");
            }
            var expr = item.get("schedule").requireString("cron(...), rate(...) or at(...)");
            if (!expr.isEmpty()) {
                ScheduleExpressions.problem(expr).ifPresent(item.get("schedule")::problem);
            }
            var zoneNode = item.get("timezone");
            var zone = zoneNode.string("UTC");
            if (zoneNode.isPresent() && !expr.isEmpty() && !ScheduleExpressions.takesTimezone(expr)) {
                zoneNode.problem("applies to cron(...) and at(...) schedules; " + expr + " runs at fixed intervals "
                        + "whatever the zone: remove timezone");
            } else {
                TimeZones.problem(zone).ifPresent(zoneNode::problem);
            }
            var sMin = item.get("min").integer(min, 0, 1000);
            var sMax = item.get("max").integer(max, 0, 1000);
            if (sMin > sMax) {
                if (item.get("min").isPresent() && item.get("max").isPresent()) {
                    item.get("min").problem("must not exceed max (" + sMax + "), got " + sMin);
                } else if (item.get("min").isPresent()) {
                    item.get("min").problem(sMin + " exceeds scaling.max (" + max + "), which the schedule keeps as its max; "
                            + "set the schedule's max too");
                } else {
                    item.get("max").problem(sMax + " is below scaling.min (" + min + "), which the schedule keeps as its min; "
                            + "set the schedule's min too");
                }
            }
            schedules.add(new Schedule(sName, expr, zone, sMin, sMax));
        }
        // Starting from zero: target tracking needs metrics of running tasks (a service at 0 has none, so
        // it never scales out); only a schedule raising the minimum can start a service whose minimum is 0.
        if (kind != ServiceSpec.Kind.WORKER && min == 0 && max > 0 && schedules.stream().noneMatch(sch -> sch.min() > 0)) {
            sc.get("min").problem("is 0 and nothing would ever start a task: target tracking (cpuTarget, memoryTarget, "
                    + "requestsPerTarget) acts only on the metrics of running tasks. Add a schedule that raises the minimum "
                    + "(scaling.schedules, e.g. {name: nightly, schedule: \"cron(0 1 * * ? *)\", min: 1, max: " + max + "}), "
                    + "or set min to 1 or more (max: 0 turns the service off)");
        }
        return new Scaling(min, max, cpuTarget, memoryTarget, requests, schedules);
    }

    private CapacityStrategy capacity(ConfigNode capacityNode, boolean spotOnlyDeclared) {
        CapacityStrategy capacity = env.cluster().defaultCapacity();
        if (capacityNode.raw() instanceof String) {
            capacity = CapacityProfiles.resolve(capacityNode.oneOf(capacity.profile(), List.copyOf(CapacityProfiles.names())))
                    .orElse(capacity);
        } else if (capacityNode.isPresent()) {
            capacityNode.allowOnly("profile", "strategy", "allowSpotOnly");
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
        var group = group();
        if (group.isPresent()) {
            capacity = new CapacityStrategy("host-group:" + group.get().name(),
                    List.of(new StrategyItem(group.get().capacityProviderName(env.name()), 1, 1)));
            if (!group.get().architecture().equalsIgnoreCase(arch)) {
                s.get("cpuArchitecture").problem("host group " + group.get().name() + " runs " + group.get().architecture()
                        + " instances, got " + arch);
            }
        }
        if (arch.equals("ARM64") && hostGroup.isEmpty() && capacity.spotOnly()) {
            // AWS documentation disagrees on Graviton for Fargate Spot (aws-rules.md rule 11): berth
            // only lets ARM64 use Spot next to an on-demand base, so a missing Spot pool never stops it.
            capacityNode.problem("ARM64 tasks on Fargate run Spot only with an on-demand base in berth (Spot support for "
                    + "Graviton varies by region); use spot-first or balanced");
        }
        if (!capacity.profile().startsWith("host-group:") && env.production() && capacity.spotOnly() && !spotOnlyDeclared) {
            capacityNode.problem("resolves to Spot only (" + capacity.describe() + "), which production allows only when "
                    + "declared: a Spot reclaim can stop every task at once. Use profile balanced or spot-first, or set "
                    + "capacity.allowSpotOnly: true if the service tolerates it");
        }
        return capacity;
    }

    private static Optional<CapacityStrategy> parseStrategy(ConfigNode node) {
        var items = new ArrayList<StrategyItem>();
        boolean itemsValid = true;
        for (var item : node.items()) {
            item.allowOnly("provider", "base", "weight");
            var provider = item.get("provider").oneOf(StrategyItem.FARGATE, List.of(StrategyItem.FARGATE, StrategyItem.FARGATE_SPOT));
            var base = item.get("base").optionalInteger(0, 100_000);
            var weight = item.get("weight").optionalInteger(0, 1000);
            itemsValid &= base.isPresent() == item.get("base").isPresent() && weight.isPresent() == item.get("weight").isPresent();
            items.add(new StrategyItem(provider, base.orElse(0), weight.orElse(0)));
        }
        if (!itemsValid) {
            return Optional.empty(); // the item's own problem says what to fix; whole-strategy rules would only echo it
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

    private Deployment deployment(CapacityStrategy capacity) {
        var dep = s.get("deployment");
        dep.allowOnly("minimumHealthyPercent", "maximumPercent", "stopTimeoutSeconds", "deregistrationDelaySeconds", "execEnabled",
                "rollbackOnAlarm", "trafficShift");
        var minHealthy = dep.get("minimumHealthyPercent").integer(DEFAULT_MIN_HEALTHY_PERCENT, 0, 100);
        var maxPercent = dep.get("maximumPercent").integer(DEFAULT_MAX_PERCENT, 100, 200);
        if (minHealthy == 100 && maxPercent == 100) {
            dep.get("maximumPercent").problem("with minimumHealthyPercent 100, maximumPercent must exceed 100 or no "
                    + "deployment can ever start a new task");
        }
        var stop = dep.get("stopTimeoutSeconds").integer(DEFAULT_STOP_TIMEOUT_SECONDS, 2, SPOT_WARNING_SECONDS);
        var dereg = dep.get("deregistrationDelaySeconds").integer(DEFAULT_DEREGISTRATION_DELAY_SECONDS, 0, 3600);
        boolean usesSpot = capacity.items().stream().anyMatch(i -> i.isSpot() && (i.weight() > 0 || i.base() > 0))
                || group().map(g -> g.onDemandPercentage() < 100).orElse(false);
        if (usesSpot && exposeType == ExposureType.PUBLIC && dereg >= SPOT_WARNING_SECONDS) {
            dep.get("deregistrationDelaySeconds").problem("must be under " + SPOT_WARNING_SECONDS + " s for a service on "
                    + "Fargate Spot (AWS rule 10: a reclaimed task gets two minutes' warning), got " + dereg);
        }
        var exec = dep.get("execEnabled").optionalBool();
        if (env.production() && exec.orElse(false)) {
            dep.get("execEnabled").problem("ECS Exec is off in production environments; use it in dev or beta");
        }
        var shiftNode = dep.get("trafficShift");
        var shift = shiftNode.optionalString().map(value -> TrafficShift.parse(value).orElseGet(() -> {
            shiftNode.problem("'" + value + "' is not a traffic shift; use all-at-once, canary-<percent>-<minutes>m or "
                    + "linear-<percent>-<minutes>m (percent 1-99, minutes 1-" + TrafficShift.MAX_MINUTES + "), e.g. "
                    + String.join(", ", new java.util.TreeSet<>(TrafficShift.PREDEFINED.keySet())) + " (AWS's predefined ones)");
            return TrafficShift.DEFAULT;
        })).orElse(TrafficShift.DEFAULT);
        return new Deployment(minHealthy, maxPercent, stop, dereg, exec.orElse(!env.production()),
                dep.get("rollbackOnAlarm").bool(Deployment.DEFAULT_ROLLBACK_ON_ALARM), shift);
    }

    private ContainerSecurity security() {
        var sec = s.get("security");
        sec.allowOnly("readOnlyRootFilesystem", "user", "runAsRoot", "privileged");
        var privileged = sec.get("privileged").bool(false);
        if (privileged) {
            if (hostGroup.isEmpty()) {
                sec.get("privileged").problem("privileged containers cannot run on Fargate; put the service on a host group "
                        + "that allows them (privileged: true in berth:hostGroups)");
            } else if (group().isPresent() && !group().get().privileged()) {
                sec.get("privileged").problem("host group " + hostGroup.get() + " does not allow privileged containers; use a group "
                        + "with privileged: true (" + String.join(", ", env.hostGroups().values().stream()
                        .filter(HostGroupConfig::privileged).map(HostGroupConfig::name).toList()) + ")");
            }
        }
        var runAsRoot = sec.get("runAsRoot").bool(false);
        var user = sec.get("user").string(DEFAULT_USER);
        if (!USER.matcher(user).matches()) {
            sec.get("user").problem("must be uid[:gid] or a user name, got '" + user + "'");
        } else if (!runAsRoot && (user.equals("0") || user.startsWith("0:") || user.startsWith("root"))) {
            sec.get("user").problem("runs the container as root; set security.runAsRoot: true to opt out of non-root explicitly");
        }
        return new ContainerSecurity(sec.get("readOnlyRootFilesystem").bool(true),
                runAsRoot ? Optional.empty() : Optional.of(user), privileged);
    }

    /** Placement applies to host groups only (AWS rule 12). */
    private Placement placement() {
        var placementNode = s.get("placement");
        placementNode.allowOnly("strategies", "distinctInstance");
        var strategies = placementNode.get("strategies").distinctStringList();
        if (placementNode.isPresent() && hostGroup.isEmpty()) {
            placementNode.problem("placement constraints and strategies are not supported on Fargate (AWS rule 12); "
                    + "set hostGroup or remove placement");
        }
        strategies.stream().filter(x -> !Placement.STRATEGIES.containsKey(x)).forEach(x -> placementNode.get("strategies")
                .problem("'" + x + "' is not a placement strategy; use " + String.join(", ", Placement.STRATEGIES.keySet())));
        if (strategies.size() > 5) {
            placementNode.get("strategies").problem("a service takes at most 5 placement strategies (AWS rule 14), got " + strategies.size());
        }
        return new Placement(strategies, placementNode.get("distinctInstance").bool(false));
    }

    /** The task role's statements: named actions on named resources (ARNs), nothing service-wide. */
    private List<Permission> permissions(List<ServiceSpec.Bucket> buckets, List<ServiceSpec.DeclaredQueue> queues) {
        var permissions = new ArrayList<Permission>();
        var sids = new java.util.HashSet<String>();
        int i = 0;
        for (var item : s.get("permissions").items()) {
            item.allowOnly("sid", "actions", "resources");
            var actions = item.get("actions").stringList();
            var resourcesNode = item.get("resources");
            var written = resourcesNode.stringList();
            if (actions.isEmpty() || written.isEmpty()) {
                item.problem("a permission needs actions and resources");
            }
            for (var a : actions) {
                if (!ACTION.matcher(a).matches()) {
                    item.get("actions").problem("'" + a + "' is not an IAM action such as sqs:ReceiveMessage");
                } else if (a.endsWith(":*")) {
                    item.get("actions").problem("'" + a + "' grants every action of the service; name the actions the service needs");
                }
            }
            var resources = new ArrayList<String>();
            for (var r : written) {
                if (r.equals("*")) {
                    resourcesNode.problem("'*' grants the actions on every resource of the account; name the resources (ARNs)");
                    continue;
                }
                placeholders.resolve(resourcesNode, r).ifPresent(resolved -> {
                    Arns.iamResourceProblem(r, resolved).ifPresent(resourcesNode::problem);
                    primaryRegionIn(resolved).ifPresent(region -> resourcesNode.problem(replicaProblem("this grant names " + region,
                            "write {region} in the ARN, so each region's copy grants its own resources")));
                    resources.add(resolved);
                });
            }
            var sidNode = item.get("sid");
            var sid = sidNode.string("Catalog" + (i++));
            if (!SID.matcher(sid).matches()) {
                sidNode.problem("'" + sid + "' is not a statement id: IAM takes letters and digits only, e.g. SendOrders");
            } else if (!sids.add(sid)) {
                sidNode.problem("'" + sid + "' is the id of another statement too; IAM needs each statement id once in a policy");
            } else if (buckets.stream().anyMatch(b -> b.grantSids().contains(sid))) {
                sidNode.problem("'" + sid + "' is the id berth gives the grant of a bucket this service declares; choose another id");
            } else if (queues.stream().anyMatch(q -> q.grantSid().equals(sid))) {
                sidNode.problem("'" + sid + "' is the id berth gives the grant of a queue this service declares; choose another id");
            }
            permissions.add(new Permission(sid, actions, resources));
        }
        return permissions;
    }

    private static final Pattern PREFIX_LIST = Pattern.compile("pl-[0-9a-f]{8}(?:[0-9a-f]{9})?");
    private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-f]{8}(?:[0-9a-f]{9})?");
    private static final Pattern PORT_RANGE = Pattern.compile("(\\d{1,5})-(\\d{1,5})");
    /** The characters EC2 takes in a security-group rule's description (at most 255). */
    private static final Pattern RULE_DESCRIPTION = Pattern.compile("[A-Za-z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]{1,255}");
    private static final List<String> PROTOCOLS = List.of("tcp", "udp");
    private static final String TO_ALLOWED = "an IPv4 or IPv6 CIDR block (10.40.0.0/16), a prefix list (pl-0123456789abcdef0) "
            + "or a security group (sg-0123456789abcdef0)";

    /**
     * The service's egress declarations in this region: {@code egress}, or in the DR replica's copy
     * {@code replicaEgress} where the entry declares it (security groups and prefix lists are regional,
     * so the replica cannot use the primary's). One rule per port or port range.
     */
    private List<ServiceSpec.Egress> egress() {
        var replicaNode = s.get("replicaEgress");
        boolean replica = standsInFor.isPresent();
        if (replicaNode.isPresent() && !replica && env.dr().isEmpty()) {
            replicaNode.problem("applies to the DR replica, and " + env.name() + " has none (no berth:dr); declare it under "
                    + "environments.<env>.replicaEgress of an environment with a replica, or remove it");
        }
        var node = replica && replicaNode.isPresent() ? replicaNode : s.get("egress");
        var rules = new ArrayList<ServiceSpec.Egress>();
        var seen = new java.util.HashSet<String>();
        for (var item : node.items()) {
            item.allowOnly("to", "ports", "protocol", "description");
            var toNode = item.get("to");
            var to = toNode.requireString(TO_ALLOWED);
            var protocol = item.get("protocol").oneOf("tcp", PROTOCOLS);
            var descriptionNode = item.get("description");
            var description = descriptionNode.string("to " + to);
            if (descriptionNode.isPresent() && !RULE_DESCRIPTION.matcher(description).matches()) {
                descriptionNode.problem("'" + description + "' is not a security-group rule description: at most 255 of "
                        + "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*; e.g. orders database");
            }
            var target = egressTarget(toNode, to);
            var ranges = portRanges(item.get("ports"));
            if (target.isEmpty() || ranges.isEmpty()) {
                continue;
            }
            if (replica && !replicaNode.isPresent() && (to.startsWith("sg-") || to.startsWith("pl-"))) {
                toNode.problem(replicaProblem("'" + to + "' is a " + (to.startsWith("sg-") ? "security group" : "prefix list")
                        + " of " + standsInFor.get() + " (ids are regional)", "declare the replica's own egress under "
                        + "environments." + env.name() + ".replicaEgress"));
                continue;
            }
            for (var range : ranges) {
                var rule = new ServiceSpec.Egress(target.get(), protocol, range[0], range[1], description);
                if (rule.world() && protocol.equals("tcp") && range[0] == 443 && range[1] == 443 && to.equals(ServiceSpec.Egress.WORLD_IPV4)) {
                    toNode.problem("TCP 443 to 0.0.0.0/0 is open for every service already (AWS APIs, image pulls); remove "
                            + "this declaration");
                } else if (rule.world() && !(protocol.equals("tcp") && range[0] == 443 && range[1] == 443)
                        && !env.network().allowWorldEgress()) {
                    toNode.problem("'" + to + "' on " + protocol.toUpperCase(Locale.ROOT) + " " + rule.ports() + " sends to every "
                            + "address of the internet; " + env.name() + " allows that only on TCP 443. Name the network you "
                            + "send to (a CIDR block, prefix list or security group), or set berth:network.allowWorldEgress: true "
                            + "in Pulumi." + env.name() + ".yaml if the environment accepts it");
                } else if (!seen.add(rule.key())) {
                    toNode.problem(protocol.toUpperCase(Locale.ROOT) + " " + rule.ports() + " to '" + to + "' is declared "
                            + "twice; keep one declaration");
                } else {
                    rules.add(rule);
                }
            }
        }
        return rules;
    }

    /** The canonical form of an egress destination, or empty after recording its problem. */
    private static Optional<String> egressTarget(ConfigNode node, String to) {
        if (to.isEmpty()) {
            return Optional.empty();
        }
        if (to.startsWith("pl-") || to.startsWith("sg-")) {
            var pattern = to.startsWith("pl-") ? PREFIX_LIST : SECURITY_GROUP;
            if (!pattern.matcher(to).matches()) {
                node.problem("'" + to + "' is not a " + (to.startsWith("pl-") ? "prefix list id: pl- and 8 or 17 lowercase "
                        + "hex digits, e.g. pl-0123456789abcdef0" : "security group id: sg- and 8 or 17 lowercase hex digits, "
                        + "e.g. sg-0123456789abcdef0"));
                return Optional.empty();
            }
            return Optional.of(to);
        }
        var address = Cidrs.parse(to).orElse(null);
        if (address == null) {
            node.problem("'" + to + "' is not " + TO_ALLOWED + "; a single address is written with its prefix, e.g. 10.40.0.12/32");
            return Optional.empty();
        }
        if (!address.isPrefixBlock()) {
            node.problem("'" + to + "' has host bits set; did you mean " + address.toPrefixBlock().toCanonicalString() + "?");
            return Optional.empty();
        }
        return Optional.of(address.toCanonicalString());
    }

    /** {@code [5432, "8000-8100"]} as [from, to] pairs, or empty after recording the problems. */
    private static List<int[]> portRanges(ConfigNode node) {
        if (!node.isPresent()) {
            node.problem("is required: the ports to send to, e.g. [5432] or [\"8000-8100\"]");
            return List.of();
        }
        var out = new ArrayList<int[]>();
        boolean valid = true;
        var items = node.items();
        if (items.isEmpty() && node.raw() instanceof List<?>) {
            node.problem("names no port; list the ports to send to, e.g. [5432] or [\"8000-8100\"]");
            return List.of();
        }
        for (var item : items) {
            var raw = item.raw();
            var text = String.valueOf(raw);
            var range = PORT_RANGE.matcher(text);
            int from;
            int to;
            if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                from = to = (int) Math.max(Math.min(n.longValue(), Integer.MAX_VALUE), Integer.MIN_VALUE);
            } else if (text.matches("\\d{1,5}")) {
                from = to = Integer.parseInt(text);
            } else if (range.matches()) {
                from = Integer.parseInt(range.group(1));
                to = Integer.parseInt(range.group(2));
            } else {
                item.problem("'" + text + "' is not a port or a port range; write a port 1..65535 (5432) or a range in quotes "
                        + "(\"8000-8100\")");
                valid = false;
                continue;
            }
            if (from < 1 || to > 65535 || from > 65535 || to < 1) {
                item.problem("'" + text + "' is outside the ports 1..65535");
                valid = false;
            } else if (from > to) {
                item.problem("'" + text + "' is a reversed range; write the lower port first: \"" + to + "-" + from + "\"");
                valid = false;
            } else {
                out.add(new int[]{from, to});
            }
        }
        return valid ? out : List.of();
    }

    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z][a-z0-9-]{0,18}[a-z0-9]");

    /**
     * The buckets the service owns, named for this region ({@link io.berth.model.Names#bucket}); where
     * the environment has a DR replica, each replicates to its copy there, and both sides keep versions.
     */
    private List<ServiceSpec.Bucket> buckets() {
        var buckets = new ArrayList<ServiceSpec.Bucket>();
        var names = new java.util.HashSet<String>();
        for (var item : s.get("buckets").items()) {
            item.allowOnly("name", "access", "expireDays");
            var nameNode = item.get("name");
            var bucket = nameNode.requireString("a short name for the bucket, e.g. reports");
            var accessNode = item.get("access");
            var access = ServiceSpec.Access.of(accessNode.oneOf(ServiceSpec.Bucket.DEFAULT_ACCESS.configName,
                    java.util.Arrays.stream(ServiceSpec.Access.values()).map(a -> a.configName).toList()))
                    .orElse(ServiceSpec.Bucket.DEFAULT_ACCESS);
            var expireDays = item.get("expireDays").optionalInteger(1, 36500);
            if (bucket.isEmpty()) {
                continue;
            }
            if (!BUCKET_NAME.matcher(bucket).matches()) {
                nameNode.problem("'" + bucket + "' is not a bucket name: 2 to 20 lowercase letters, digits or hyphens, starting "
                        + "with a letter (berth makes it globally unique: berth-<env>-<service>-<name>-<account>-<region>), "
                        + "e.g. reports");
                continue;
            }
            if (!names.add(bucket)) {
                nameNode.problem("'" + bucket + "' names another bucket of this service too; give each bucket its own name");
                continue;
            }
            var physical = io.berth.model.Names.bucket(env.name(), name, bucket, env.account(), env.region());
            var replicaName = env.dr().map(dr -> io.berth.model.Names.bucket(env.name(), name, bucket, env.account(), dr.region()));
            buckets.add(new ServiceSpec.Bucket(bucket, access, physical, expireDays,
                    replicaName.isPresent() || standsInFor.isPresent(), replicaName));
        }
        return buckets;
    }

    private static final Pattern QUEUE_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,18}[a-z0-9])?");

    /**
     * The queues the service owns ({@code queues:}, any kind), named {@code <env>-<service>-<name>}; the
     * settings default to a worker queue's ({@link ServiceSpec.WorkQueue}).
     */
    private List<ServiceSpec.DeclaredQueue> declaredQueues() {
        var queues = new ArrayList<ServiceSpec.DeclaredQueue>();
        var names = new java.util.HashSet<String>();
        var d = ServiceSpec.WorkQueue.DEFAULTS;
        for (var item : s.get("queues").items()) {
            item.allowOnly("name", "retentionDays", "visibilityTimeoutSeconds", "maxReceiveCount");
            var nameNode = item.get("name");
            var queue = nameNode.requireString("a short name for the queue, e.g. events");
            var retention = item.get("retentionDays").integer(d.retentionDays(), 1, 14);
            var visibility = item.get("visibilityTimeoutSeconds").integer(d.visibilityTimeoutSeconds(), 0, 43_200);
            var maxReceive = item.get("maxReceiveCount").integer(d.maxReceiveCount(), 1, 1000);
            if (queue.isEmpty()) {
                continue;
            }
            if (!QUEUE_NAME.matcher(queue).matches() || queue.equals("dlq") || queue.endsWith("-dlq")) {
                nameNode.problem("'" + queue + "' is not a queue name: 1 to 20 lowercase letters, digits or hyphens, starting "
                        + "and ending with a letter or digit, not dlq or ending in -dlq (berth names it <env>-<service>-<name> "
                        + "and its dead-letter queue <env>-<service>-<name>-dlq), e.g. events");
                continue;
            }
            if (!names.add(queue)) {
                nameNode.problem("'" + queue + "' names another queue of this service too; give each queue its own name");
                continue;
            }
            queues.add(new ServiceSpec.DeclaredQueue(queue, io.berth.model.Names.declaredQueue(env.name(), name, queue),
                    retention, visibility, maxReceive));
        }
        return queues;
    }
}
