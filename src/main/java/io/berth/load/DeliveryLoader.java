package io.berth.load;

import io.berth.model.DeliveryConfig;
import io.berth.model.DeliverySpec;
import io.berth.model.EnvironmentOrder;
import io.berth.model.CatalogNames;
import io.berth.model.DeliverySpec.BuildSecret;
import io.berth.model.DeliverySpec.Deploy;
import io.berth.model.DeliverySpec.Source;
import io.berth.model.DeliverySpec.SourceType;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Reads and validates delivery settings: the environment's {@code berth:delivery} and each
 * service's {@code delivery:} (after its environment override is laid over it). Every problem is
 * recorded on the node it is about, so messages carry the file and field path.
 */
public final class DeliveryLoader {
    public static final List<String> ENVIRONMENT_KEYS = List.of("enabled", "approval", "connections", "artifactRetentionDays",
            "testTrafficCidrs");
    public static final List<String> SERVICE_KEYS = List.of("enabled", "source", "buildspec", "buildEnvironment", "buildSecrets",
            "testStage", "approval", "deploy", "testListenerPort");
    static final List<String> SOURCE_KEYS = List.of("type", "repository", "branch", "from", "tag");

    /** The names the policy pack treats as credentials (codebuild-no-plaintext-credentials). */
    private static final Pattern CONNECTION_ARN = Pattern.compile("arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\\d{12}:connection/[A-Za-z0-9-]+");
    private static final Pattern HOST_ARN = Pattern.compile("arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\\d{12}:host/[A-Za-z0-9/-]+");
    private static final Pattern REPOSITORY_PATH = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+");
    private static final Pattern CODECOMMIT_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9._/-]{1,255}");
    private static final Pattern BUILDSPEC = Pattern.compile("[A-Za-z0-9_./-]+\\.ya?ml");

    private DeliveryLoader() {
    }

    // ---------------------------------------------------------------------------------------------
    // berth:delivery

    public static DeliveryConfig loadEnvironment(ConfigNode node, boolean production) {
        if (!node.isPresent()) {
            return DeliveryConfig.defaults(production);
        }
        node.allowOnly(ENVIRONMENT_KEYS);
        var connections = new TreeMap<String, DeliveryConfig.Connection>();
        var connectionsNode = node.get("connections");
        connectionsNode.allowOnly(DeliveryConfig.PROVIDERS.keySet());
        connectionsNode.entries().forEach((provider, c) -> {
            if (!DeliveryConfig.PROVIDERS.containsKey(provider)) {
                return; // reported by allowOnly
            }
            if (c.raw() != null && !(c.raw() instanceof Map<?, ?>)) {
                c.problem("must be a mapping (empty for a connection berth creates), e.g. " + provider + ": {}");
                return;
            }
            c.allowOnly("arn", "hostArn");
            var arn = c.get("arn").optionalString();
            var host = c.get("hostArn").optionalString();
            arn.filter(a -> !CONNECTION_ARN.matcher(a).matches()).ifPresent(a -> c.get("arn").problem(
                    "must be a CodeStar connection ARN (arn:aws:codestar-connections:<region>:<account>:connection/<id>), got '" + a + "'"));
            host.filter(h -> !HOST_ARN.matcher(h).matches()).ifPresent(h -> c.get("hostArn").problem(
                    "must be a CodeStar host ARN (arn:aws:codestar-connections:<region>:<account>:host/<id>), got '" + h + "'"));
            if (arn.isPresent() && host.isPresent()) {
                c.problem("set at most one of arn (use an existing connection) or hostArn (berth creates a connection to that host)");
            }
            connections.put(provider, new DeliveryConfig.Connection(arn, host));
        });
        var cidrsNode = node.get("testTrafficCidrs");
        var cidrs = cidrsNode.distinctStringList();
        for (var c : cidrs) {
            var a = Cidrs.block(c).orElse(null);
            if (a == null) {
                cidrsNode.problem("'" + c + "' is not a CIDR block such as 10.0.0.0/8");
            } else if (a.getNetworkPrefixLength() == 0) {
                cidrsNode.problem("'" + c + "' opens the test listeners to the whole internet: they serve a release before "
                        + "anyone approved it; name the networks your testers use");
            }
        }
        return new DeliveryConfig(node.get("enabled").bool(true), node.get("approval").bool(production), connections,
                node.get("artifactRetentionDays").integer(DeliveryConfig.DEFAULT_ARTIFACT_RETENTION_DAYS, 1, 3650), cidrs);
    }

    // ---------------------------------------------------------------------------------------------
    // delivery: in a service file

    /**
     * What the service's own settings decide about its pipeline.
     *
     * @param service        the service name
     * @param environment    the environment being loaded
     * @param ownRepository  the service has {@code image.repository} (a pipeline pushes there)
     * @param exposure       expose.type as written (public, internal, none)
     * @param requestScaling scales on load balancer requests per target
     * @param placeholders   the catalog's placeholder resolver ({env}, {region}, {account}, {service}): the value
     *                       substituted, or empty after a problem on the node about an unknown placeholder
     */
    public record ServiceFacts(String service, String environment, boolean ownRepository, String exposure,
                               boolean requestScaling, BiFunction<ConfigNode, String, Optional<String>> placeholders,
                               String region, String account, boolean testTrafficCanArrive) {
        /** Facts of a service in an environment whose VPC reaches the load balancer through NAT gateways. */
        public ServiceFacts(String service, String environment, boolean ownRepository, String exposure,
                            boolean requestScaling, BiFunction<ConfigNode, String, Optional<String>> placeholders,
                            String region, String account) {
            this(service, environment, ownRepository, exposure, requestScaling, placeholders, region, account, true);
        }
    }

    /**
     * @param knownEnvironments stack names with a stack file
     * @param promotionTags     tags later environments promote with (see {@link #promotionTag})
     * @return the pipeline, or empty when the service has none here (no {@code delivery:}, or {@code enabled: false})
     */
    public static Optional<DeliverySpec> loadService(ConfigNode node, ServiceFacts facts, Set<String> knownEnvironments,
                                                     Set<String> promotionTags) {
        if (!node.isPresent() || !node.expectMapping()) {
            return Optional.empty();
        }
        node.allowOnly(SERVICE_KEYS);
        if (!node.get("enabled").bool(true)) {
            return Optional.empty();
        }
        var source = loadSource(node.get("source"), facts, knownEnvironments);

        var buildspecNode = node.get("buildspec");
        var buildspec = buildspecNode.string(DeliverySpec.DEFAULT_BUILDSPEC);
        if (!BUILDSPEC.matcher(buildspec).matches() || buildspec.startsWith("/") || Arrays.asList(buildspec.split("/")).contains("..")) {
            buildspecNode.problem("must be a .yml or .yaml path inside the service's repository, e.g. buildspec.yml, got '" + buildspec + "'");
        }

        var envNode = node.get("buildEnvironment");
        var buildEnvironment = new TreeMap<String, String>();
        envNode.stringMap().forEach((k, v) -> {
            if (!CatalogNames.ENV_VAR.matcher(k).matches()) {
                envNode.get(k).problem("'" + k + "' is not a valid environment variable name (letters, digits, _; not starting with a digit)");
            } else if (k.startsWith("BERTH_") || k.startsWith("CODEBUILD_")) {
                envNode.get(k).problem("names starting with BERTH_ or CODEBUILD_ are set by berth and CodeBuild; rename it");
            } else if (CatalogNames.CREDENTIAL_NAME.matcher(k).matches()) {
                envNode.get(k).problem("looks like a credential and would be stored in clear text in the build project; move it to "
                        + "buildSecrets as ssm:<parameter name> or secretsmanager:<secret name>");
            } else {
                facts.placeholders().apply(envNode.get(k), v).ifPresent(resolved -> buildEnvironment.put(k, resolved));
            }
        });
        var secretsNode = node.get("buildSecrets");
        var secrets = new TreeMap<String, BuildSecret>();
        secretsNode.entries().forEach((k, v) -> {
            if (!CatalogNames.ENV_VAR.matcher(k).matches()) {
                v.problem("'" + k + "' is not a valid environment variable name");
            } else if (buildEnvironment.containsKey(k)) {
                v.problem("'" + k + "' is also a plain build variable; keep it in one place");
            } else {
                buildSecret(v, facts).ifPresent(s -> secrets.put(k, s));
            }
        });

        var testNode = node.get("testStage");
        testNode.allowOnly("enabled", "commands");
        var commands = testNode.get("commands").stringList();
        var testEnabled = testNode.get("enabled").bool(!commands.isEmpty());
        if (testEnabled && commands.isEmpty()) {
            testNode.problem("a test stage needs commands, e.g. commands: [\"make integration-test\"]; or set enabled: false");
        }

        var deployNode = node.get("deploy");
        var deploy = deployNode.oneOf(Deploy.ROLLING.configName, List.of(Deploy.ROLLING.configName, Deploy.BLUE_GREEN.configName))
                .equals(Deploy.BLUE_GREEN.configName) ? Deploy.BLUE_GREEN : Deploy.ROLLING;
        if (deploy == Deploy.BLUE_GREEN && !facts.exposure().equals("public")) {
            deployNode.problem("blue-green needs the service behind the load balancer (expose.type: public), got expose.type "
                    + facts.exposure() + ": CodeDeploy shifts load balancer traffic between two target groups; use deploy: rolling");
        } else if (deploy == Deploy.BLUE_GREEN && !facts.testTrafficCanArrive()) {
            deployNode.problem("blue-green serves each release on a test listener first, but nobody could reach it in "
                    + facts.environment() + ": the load balancer is internet-facing and the VPC has no NAT gateway (berth:network.natGateways: "
                    + "none) to reach it from; name the networks your testers use in berth:delivery.testTrafficCidrs, or use deploy: rolling");
        } else if (deploy == Deploy.BLUE_GREEN && facts.requestScaling()) {
            deployNode.problem("blue-green alternates two target groups, but scaling.requestsPerTarget follows only the first: "
                    + "after every other release it would read zero requests and scale in; scale on cpuTarget or memoryTarget");
        }
        var portNode = node.get("testListenerPort");
        var port = portNode.integer(DeliverySpec.DEFAULT_TEST_LISTENER_PORT, 1024, 65535);
        if (portNode.isPresent() && deploy != Deploy.BLUE_GREEN) {
            portNode.problem("applies only to deploy: blue-green");
        }
        if (!facts.ownRepository()) {
            node.problem("a pipeline pushes the service's image to " + facts.environment()
                    + "/<repository> in the environment's registry: set image.repository (this service runs an external image)");
        }
        var approval = node.get("approval").optionalBool();
        if (source.isEmpty()) {
            return Optional.empty();
        }
        if (source.get().promotion()) {
            // a promotion runs berth's own build (a retag, never a rebuild): the source build's settings do not apply
            buildEnvironment.clear();
            secrets.clear();
        }
        return Optional.of(new DeliverySpec(source.get(), buildspec, buildEnvironment, secrets,
                testEnabled ? commands : List.of(), approval, deploy, port, promotionTags));
    }

    private static Optional<Source> loadSource(ConfigNode node, ServiceFacts facts, Set<String> knownEnvironments) {
        if (!node.isPresent()) {
            node.problem("is required: where releases come from, e.g. {type: github, repository: acme/" + facts.service()
                    + ", branch: main} or {type: promote, from: dev}");
            return Optional.empty();
        }
        if (!node.expectMapping()) {
            return Optional.empty();
        }
        node.allowOnly(SOURCE_KEYS);
        var names = Arrays.stream(SourceType.values()).map(t -> t.configName).toList();
        var typeNode = node.get("type");
        if (!typeNode.isPresent()) {
            typeNode.problem("is required: one of " + String.join(", ", names));
            return Optional.empty();
        }
        var typeName = typeNode.oneOf("", names);
        if (typeName.isEmpty()) {
            return Optional.empty();
        }
        var type = SourceType.valueOf(typeName.toUpperCase(java.util.Locale.ROOT));
        if (type == SourceType.PROMOTE) {
            for (var key : List.of("repository", "branch")) {
                if (node.get(key).isPresent()) {
                    node.get(key).problem("applies only to github, bitbucket, gitlab and codecommit sources; a promotion "
                            + "deploys what the earlier environment tested");
                }
            }
            var fromNode = node.get("from");
            var from = fromNode.requireString("the earlier environment whose tested images this one deploys, e.g. "
                    + EnvironmentOrder.ORDER.get(0));
            if (!from.isEmpty()) {
                validatePromotion(fromNode, from, facts.environment(), knownEnvironments);
            }
            var tagNode = node.get("tag");
            var tag = tagNode.string(DeliverySpec.DEFAULT_PROMOTION_TAG);
            if (!CatalogNames.IMAGE_TAG.matcher(tag).matches()) {
                tagNode.problem("'" + tag + "' is not a valid image tag: up to 128 letters, digits, _ . -, not starting with . or -");
            }
            return Optional.of(new Source(type, Optional.empty(), Optional.empty(), Optional.of(from), tag));
        }
        for (var key : List.of("from", "tag")) {
            if (node.get(key).isPresent()) {
                node.get(key).problem("applies only to type: promote");
            }
        }
        var repoNode = node.get("repository");
        var branchNode = node.get("branch");
        String repository;
        if (type.codestar()) {
            repository = repoNode.requireString("the repository as owner/name, e.g. acme/" + facts.service());
            if (!repository.isEmpty() && !REPOSITORY_PATH.matcher(repository).matches()) {
                repoNode.problem("must be owner/name (for GitLab: group/subgroup/name), got '" + repository + "'");
            }
        } else {
            repository = repoNode.requireString("the CodeCommit repository name, e.g. " + facts.service());
            if (!repository.isEmpty() && !CODECOMMIT_NAME.matcher(repository).matches()) {
                repoNode.problem("must be a CodeCommit repository name (up to 100 letters, digits, _ . -), got '" + repository + "'");
            }
        }
        var branch = branchNode.requireString("the branch whose commits are built and deployed, e.g. main");
        if (!branch.isEmpty() && !BRANCH.matcher(branch).matches()) {
            branchNode.problem("'" + branch + "' is not a branch name");
        }
        return Optional.of(new Source(type, Optional.of(repository), Optional.of(branch), Optional.empty(),
                DeliverySpec.DEFAULT_PROMOTION_TAG));
    }

    private static void validatePromotion(ConfigNode fromNode, String from, String environment, Set<String> knownEnvironments) {
        if (!knownEnvironments.contains(from)) {
            fromNode.problem("no stack named '" + from + "'" + ConfigNode.suggestion(from, knownEnvironments)
                    + "; promotion deploys images another environment tested: use one of "
                    + String.join(", ", new TreeSet<>(knownEnvironments)));
            return;
        }
        var here = EnvironmentOrder.position(environment);
        var there = EnvironmentOrder.position(from);
        if (here.isEmpty() || there.isEmpty()) {
            var outside = here.isEmpty() ? environment : from;
            fromNode.problem("'" + outside + "' has no place in the delivery order " + EnvironmentOrder.describe()
                    + " (io.berth.model.EnvironmentOrder), so it takes part in no promotion; build it from source instead");
        } else if (there.get() >= here.get()) {
            fromNode.problem(from + (from.equals(environment) ? " is this environment" : " comes after " + environment)
                    + " in the delivery order " + EnvironmentOrder.describe()
                    + "; promote from an earlier environment" + (here.get() == 0 ? " (there is none: build " + environment
                    + " from source)" : ", e.g. " + EnvironmentOrder.ORDER.get(here.get() - 1)));
        }
    }

    private static Optional<BuildSecret> buildSecret(ConfigNode node, ServiceFacts facts) {
        if (!(node.raw() instanceof String text) || !(text.startsWith("ssm:") || text.startsWith("secretsmanager:"))) {
            node.problem("must be ssm:<parameter name> or secretsmanager:<secret name or ARN>, got "
                    + (node.raw() instanceof String s ? "'" + s + "'" : "a " + (node.raw() instanceof Map<?, ?> ? "mapping" : "value")));
            return Optional.empty();
        }
        var ssm = text.startsWith("ssm:");
        var written = text.substring(text.indexOf(':') + 1);
        if (written.isBlank()) {
            node.problem(SecretReferences.emptyProblem(text));
            return Optional.empty();
        }
        var resolved = facts.placeholders().apply(node, written);
        if (resolved.isEmpty()) {
            return Optional.empty();
        }
        var ref = resolved.get();
        if (ref.startsWith("arn:")) {
            var problem = Arns.secretProblem(written, ref, ssm ? "ssm" : "secretsmanager");
            if (problem.isPresent()) {
                node.problem(problem.get());
                return Optional.empty();
            }
        }
        if (ssm) {
            var name = ref.startsWith("arn:") ? ref.substring(ref.indexOf(":parameter") + ":parameter".length()) : ref;
            var arn = ref.startsWith("arn:") ? ref
                    : "arn:aws:ssm:" + facts.region() + ":" + facts.account() + ":parameter/" + (ref.startsWith("/") ? ref.substring(1) : ref);
            return Optional.of(new BuildSecret(BuildSecret.PARAMETER_STORE, name, arn));
        }
        var arn = ref.startsWith("arn:") ? ref : "arn:aws:secretsmanager:" + facts.region() + ":" + facts.account() + ":secret:" + ref;
        return Optional.of(new BuildSecret(BuildSecret.SECRETS_MANAGER, ref, arn));
    }

    /**
     * The tag a service's delivery settings for another environment promote from {@code environment}
     * with, read leniently from that environment's merged settings (its own load reports its mistakes).
     */
    public static Optional<String> promotionTag(Object mergedDelivery, String environment) {
        if (!(mergedDelivery instanceof Map<?, ?> d) || Boolean.FALSE.equals(d.get("enabled"))
                || "false".equals(String.valueOf(d.get("enabled")))) {
            return Optional.empty();
        }
        if (d.get("source") instanceof Map<?, ?> s && "promote".equals(s.get("type")) && environment.equals(String.valueOf(s.get("from")))) {
            return Optional.of(s.get("tag") instanceof String t ? t : DeliverySpec.DEFAULT_PROMOTION_TAG);
        }
        return Optional.empty();
    }
}
