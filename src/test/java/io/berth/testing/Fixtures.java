package io.berth.testing;

import com.pulumi.Context;
import io.berth.load.CatalogLoader;
import io.berth.load.EnvironmentLoader;
import io.berth.load.RawConfig;
import io.berth.load.ReplicaDerivation;
import io.berth.model.Catalog;
import io.berth.model.EnvironmentConfig;
import io.berth.model.ServiceSpec;
import io.berth.model.StackSettings;
import io.berth.plan.OfflinePlanner;
import io.berth.plan.Plan;
import io.berth.plan.RegistryContents;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Small in-memory inputs for component tests: an environment and service specs with berth's real
 * defaults (they go through the real loaders, from maps rather than files), changed with the
 * records' builders, and planned through the real program or one component on the mock engine.
 *
 * <pre>{@code
 * var env = Fixtures.environment();
 * var api = Fixtures.service("api", Map.of("expose", Map.of("type", "public", "paths", List.of("/api/*"))));
 * var plan = Fixtures.plan(env, api);
 * }</pre>
 */
public final class Fixtures {
    public static final String ACCOUNT = "111111111111";
    public static final String REGION = "eu-west-1";
    /** Bound on one mock-engine run in a test (the SDK can hang, pulumi-java#2270). */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Fixtures() {
    }

    /** A dev environment with every default: 2 zones, one NAT gateway, no DR, no host groups. */
    public static EnvironmentConfig environment() {
        return environment("dev", Map.of());
    }

    /** A production environment with every default. */
    public static EnvironmentConfig production() {
        return environment("prod", Map.of("berth:environment", "{\"account\":\"" + ACCOUNT + "\",\"production\":true,"
                + "\"owner\":\"platform-team\",\"costCentre\":\"CC-1\"}"));
    }

    /** A production environment named prod: these engine-style config values over every default. */
    public static EnvironmentConfig production(Map<String, String> config) {
        var values = new LinkedHashMap<String, String>();
        values.put("berth:environment", "{\"account\":\"" + ACCOUNT + "\",\"production\":true,"
                + "\"owner\":\"platform-team\",\"costCentre\":\"CC-1\"}");
        values.putAll(config);
        return environment("prod", values);
    }

    /**
     * An environment named {@code stack} from engine-style config values ({@code berth:network} to a
     * JSON string), laid over a minimal valid set (region, account, owner, cost centre).
     */
    public static EnvironmentConfig environment(String stack, Map<String, String> config) {
        var values = new LinkedHashMap<String, String>();
        values.put("aws:region", REGION);
        values.put("berth:environment", "{\"account\":\"" + ACCOUNT + "\",\"owner\":\"platform-team\",\"costCentre\":\"CC-1\"}");
        values.putAll(config);
        return EnvironmentLoader.load(stack, new RawConfig(RawConfig.stackFileName(stack), values));
    }

    /** A service with the catalog's defaults: an image in the environment's registry, internal, on Fargate. */
    public static ServiceSpec service(String name) {
        return service(name, Map.of());
    }

    /** A service from catalog settings ({@code expose}, {@code scaling}...) over an image in the registry. */
    public static ServiceSpec service(String name, Map<String, Object> settings) {
        return service(name, settings, environment());
    }

    public static ServiceSpec service(String name, Map<String, Object> settings, EnvironmentConfig env) {
        return CatalogLoader.parse(name, document(name, settings), env);
    }

    private static Map<String, Object> document(String name, Map<String, Object> settings) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("image", Map.of("repository", name, "tag", "1.0.0"));
        doc.putAll(settings);
        return doc;
    }

    /** The whole program (primary, replica when the environment has one, delivery) on these services. */
    public static Plan plan(EnvironmentConfig env, ServiceSpec... services) {
        return plan(env, List.of(services));
    }

    public static Plan plan(EnvironmentConfig env, List<ServiceSpec> services) {
        if (env.dr().isPresent()) {
            // a parsed spec is resolved for one region; the replica's copy must be parsed again for its own
            throw new IllegalArgumentException("an environment with berth:dr needs its services as documents, parsed once "
                    + "per region: use Fixtures.stack(env, documents)");
        }
        return OfflinePlanner.plan(env.name(), StackSettings.primaryOnly(env, new Catalog(services)), TIMEOUT);
    }

    /**
     * Finished settings from catalog documents (name to settings, over an image in the registry, as
     * {@link #service(String, Map, EnvironmentConfig)}), resolved like the loader does: once for the
     * primary and, with {@code berth:dr}, again for the replica's region.
     */
    public static StackSettings stack(EnvironmentConfig env, Map<String, Map<String, Object>> documents) {
        var primary = new Catalog(services(env, documents));
        var workers = workers(documents);
        return ReplicaDerivation.derive(env, primary, replicaEnv -> new Catalog(documents.entrySet().stream()
                .map(e -> CatalogLoader.parseReplica(e.getKey(), document(e.getKey(), e.getValue()), replicaEnv, env.region(), workers))
                .toList()));
    }

    /**
     * Several catalog entries parsed together (name to settings, over an image in the registry), so that
     * each may name the workers' queues ({@code {queue:<worker>}}) as the file loader allows.
     */
    public static List<ServiceSpec> services(EnvironmentConfig env, Map<String, Map<String, Object>> documents) {
        var workers = workers(documents);
        return documents.entrySet().stream()
                .map(e -> CatalogLoader.parse(e.getKey(), document(e.getKey(), e.getValue()), env, workers)).toList();
    }

    private static java.util.Set<String> workers(Map<String, Map<String, Object>> documents) {
        var out = new java.util.TreeSet<String>();
        documents.forEach((name, doc) -> {
            if ("worker".equals(doc.get("kind"))) {
                out.add(name);
            }
        });
        return out;
    }

    /**
     * The whole program on these services, the registries holding {@code registry}: {@code
     * RegistryContents.empty()} is a fresh account's first {@code pulumi up}.
     */
    public static Plan plan(EnvironmentConfig env, RegistryContents registry, ServiceSpec... services) {
        if (env.dr().isPresent()) {
            throw new IllegalArgumentException("an environment with berth:dr needs its services as documents, parsed once "
                    + "per region: use Fixtures.plan(Fixtures.stack(env, documents), registry)");
        }
        return plan(StackSettings.primaryOnly(env, new Catalog(List.of(services))), registry);
    }

    /** Finished settings through the real program, the registries holding {@code registry}. */
    public static Plan plan(StackSettings settings, RegistryContents registry) {
        return OfflinePlanner.plan(settings.env().name(), settings, TIMEOUT, registry);
    }

    /** Finished settings through the real program. */
    public static Plan plan(StackSettings settings) {
        return OfflinePlanner.plan(settings.env().name(), settings, TIMEOUT);
    }

    /** One component (or a few) alone on the mock engine: {@code program} creates them. */
    public static Plan component(EnvironmentConfig env, Consumer<Context> program) {
        return OfflinePlanner.run(env.name(), env, new Catalog(List.of()), Map.of(), program, TIMEOUT);
    }
}
