package io.berth.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.berth.ingress.LoadBalancer;
import io.berth.model.EnvironmentConfig;
import io.berth.model.ServiceSpec;
import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import io.berth.testing.Fixtures;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Small catalogs for the service component's tests, each planned once per test JVM and shared by
 * the test classes that read it (a mock-engine run costs seconds).
 *
 * <ul>
 *   <li>{@link #dev()}: the whole program in a dev environment (ECS Exec on) with {@link #WEB} (public,
 *   host and path, every setting changed from its default), {@link #API} (internal, all defaults) and
 *   {@link #WORKER} (no port, a fixed task count, an external image, root allowed).</li>
 *   <li>{@link #prod()}: production with host groups: {@link #AGENT} (host group, privileged,
 *   placement) and {@link #SHOP} (Fargate, defaults).</li>
 *   <li>{@link #pipelines()}: the Service component alone, deployed by pipelines: {@link #BLUE_GREEN}
 *   (CodeDeploy) and {@link #REPLICA} (rolled out by a pipeline built elsewhere, as in the DR region).</li>
 * </ul>
 */
final class ServicePlans {
    static final ObjectMapper JSON = new ObjectMapper();

    static final EnvironmentConfig DEV = Fixtures.environment();
    static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:shared/token-AbCdEf";
    static final String KMS_KEY = "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    static final ServiceSpec WEB = Fixtures.service("web", settings(
            "description", "Web shop",
            "port", 3000,
            "cpu", 512,
            "memoryMiB", 1024,
            "expose", Map.of("type", "public", "hosts", List.of("shop.example.com"), "paths", List.of("/web/*")),
            "calls", List.of("api"),
            "environment", Map.of("MODE", "{env}"),
            "secrets", Map.of(
                    "DB_PASSWORD", "secretsmanager:berth/{env}/web/db",
                    "API_TOKEN", "ssm:/berth/{env}/web/token",
                    "SHARED_TOKEN", Map.of("secretsmanager", SECRET_ARN, "kmsKey", KMS_KEY)),
            "healthCheck", Map.of("path", "/health", "matcher", "200", "intervalSeconds", 20, "timeoutSeconds", 4,
                    "healthyThreshold", 3, "unhealthyThreshold", 4, "gracePeriodSeconds", 45),
            "scaling", Map.of("min", 2, "max", 6, "cpuTarget", 60, "memoryTarget", 75, "requestsPerTarget", 500,
                    "schedules", List.of(Map.of("name", "night", "schedule", "cron(0 20 * * ? *)", "timezone", "Europe/Dublin",
                            "min", 1, "max", 2))),
            "deployment", Map.of("minimumHealthyPercent", 50, "maximumPercent", 150, "stopTimeoutSeconds", 40,
                    "deregistrationDelaySeconds", 20),
            "permissions", List.of(Map.of("sid", "ReadAssets", "actions", List.of("s3:GetObject"),
                    "resources", List.of("arn:aws:s3:::{env}-web-assets/*")))), DEV);

    /** Every setting at its catalog default. */
    static final ServiceSpec API = Fixtures.service("api");

    static final ServiceSpec WORKER = Fixtures.service("worker", settings(
            "image", Map.of("external", "public.ecr.aws/acme/worker", "tag", "2.1.0"),
            "expose", Map.of("type", "none"),
            "command", List.of("worker", "--queue", "jobs"),
            "calls", List.of("api"),
            "scaling", Map.of("min", 2, "max", 2),
            "deployment", Map.of("execEnabled", false),
            "security", Map.of("readOnlyRootFilesystem", false, "runAsRoot", true)), DEV);

    static final EnvironmentConfig PROD = Fixtures.environment("prod", Map.of(
            "berth:environment", "{\"account\":\"" + Fixtures.ACCOUNT + "\",\"production\":true,"
                    + "\"owner\":\"platform-team\",\"costCentre\":\"CC-1\"}",
            "berth:hostGroups", "{\"isolated\":{\"instanceTypes\":[\"c6i.large\"],\"privileged\":true},"
                    + "\"batch\":{\"instanceTypes\":[\"m6i.large\"]}}"));

    static final ServiceSpec AGENT = Fixtures.service("agent", settings(
            "hostGroup", "isolated",
            "expose", Map.of("type", "none"),
            "security", Map.of("privileged", true),
            "placement", Map.of("strategies", List.of("spread-az", "binpack-memory", "random"), "distinctInstance", true)), PROD);

    static final ServiceSpec SHOP = Fixtures.service("shop", settings(
            "expose", Map.of("type", "public", "paths", List.of("/shop/*"))), PROD);

    static final ServiceSpec BLUE_GREEN = Fixtures.service("bg", settings(
            "expose", Map.of("type", "public", "paths", List.of("/bg/*")),
            "delivery", Map.of("source", Map.of("type", "github", "repository", "acme/bg", "branch", "main"),
                    "deploy", "blue-green")), DEV);

    static final ServiceSpec REPLICA = Fixtures.service("copy", settings(
            "delivery", Map.of("source", Map.of("type", "github", "repository", "acme/copy", "branch", "main"))), DEV);

    private static Plan dev;
    private static Plan prod;
    private static Plan pipelines;

    private ServicePlans() {
    }

    /** Forgets the plans (mutation testing, testing/MutationIsolation: a plan must not outlive the mutant it was made with). */
    static synchronized void reset() {
        dev = null;
        prod = null;
        pipelines = null;
    }

    static synchronized Plan dev() {
        if (dev == null) {
            dev = Fixtures.plan(DEV, WEB, API, WORKER);
        }
        return dev;
    }

    static synchronized Plan prod() {
        if (prod == null) {
            prod = Fixtures.plan(PROD, AGENT, SHOP);
        }
        return prod;
    }

    /** The components alone: a load balancer and two services whose releases pipelines deploy. */
    static synchronized Plan pipelines() {
        if (pipelines == null) {
            pipelines = Fixtures.component(DEV, ctx -> {
                var options = ComponentResourceOptions.builder().build();
                var subnets = List.of(Output.of("subnet-a"), Output.of("subnet-b"));
                var lb = new LoadBalancer("dev", DEV, Output.of("vpc-1"), subnets, options);
                var repository = Optional.of(new ServiceContext.ImageRepository(Output.of("repo.example/dev/x"),
                        Output.of("arn:aws:ecr:eu-west-1:111111111111:repository/dev/x")));
                new Service("dev-bg", new ServiceContext(DEV, Output.of("vpc-1"), subnets, Output.of("cluster-arn"),
                        Output.of("dev-cluster"), Output.of("ns-1"), Optional.of(lb), repository, BLUE_GREEN.delivery()),
                        BLUE_GREEN, options);
                // a pipeline built elsewhere (the primary region's) rolls releases out to this copy
                new Service("dev-copy", new ServiceContext(DEV, Output.of("vpc-1"), subnets, Output.of("cluster-arn"),
                        Output.of("dev-cluster"), Output.of("ns-1"), Optional.of(lb), repository, Optional.empty(), true),
                        REPLICA.toBuilder().delivery(Optional.empty()).build(), options);
            });
        }
        return pipelines;
    }

    static Map<String, Object> settings(Object... keyValues) {
        var out = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put((String) keyValues[i], keyValues[i + 1]);
        }
        return out;
    }

    /** The tags berth puts on a service's resource {@code name} in {@code env} (the fixtures' owner and cost centre). */
    static Map<String, Object> tags(String env, String name, String service, String... extra) {
        var t = new TreeMap<String, Object>();
        t.put("Name", name);
        t.put("berth:service", service);
        t.put("cost-centre", "CC-1");
        t.put("environment", env);
        t.put("managed-by", "berth");
        t.put("owner", "platform-team");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            t.put(extra[i], extra[i + 1]);
        }
        return t;
    }

    /** The direct children of the service component {@code component} of this type. */
    static List<PlannedResource> children(Plan plan, String component, String type) {
        return plan.childrenOf(plan.named(component)).stream().filter(r -> r.type().equals(type)).toList();
    }

    @SuppressWarnings("unchecked")
    static <T> T json(Object text) {
        try {
            return (T) JSON.readValue(String.valueOf(text), Object.class);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** A policy document's statements by Sid. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> statements(PlannedResource rolePolicy) {
        var out = new LinkedHashMap<String, Map<String, Object>>();
        for (var s : (List<Map<String, Object>>) ((Map<String, Object>) json(rolePolicy.inputs().get("policy"))).get("Statement")) {
            out.put((String) s.get("Sid"), s);
        }
        return out;
    }

    /** The one container of a task definition. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> container(PlannedResource taskDefinition) {
        var list = (List<Map<String, Object>>) json(taskDefinition.inputs().get("containerDefinitions"));
        if (list.size() != 1) {
            throw new AssertionError("expected one container, got " + list);
        }
        return list.get(0);
    }

    @SuppressWarnings("unchecked")
    static List<String> ignoreChanges(PlannedResource r) {
        return (List<String>) r.options().get("ignoreChanges");
    }
}
