package io.berth.testing;

import io.berth.load.ReplicaDerivation;
import io.berth.model.Catalog;
import io.berth.model.DeliverySpec;
import io.berth.model.EnvironmentConfig;
import io.berth.model.ServiceSpec;
import io.berth.plan.OfflinePlanner;
import io.berth.plan.Plan;
import io.berth.plan.PlanMocks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Two small environments with pipelines, each planned once per JVM through the real program and
 * shared by the delivery component tests and the stateful-protection test.
 *
 * <ul>
 *   <li>{@code dev} (every default, so no approval): {@code gh} builds from GitHub acme/gh main with a
 *       plain build variable and marks its releases for promotion; {@code cc} builds from CodeCommit
 *       cc-repo trunk, runs a test stage and asks for an approval.</li>
 *   <li>{@code prod} (production, so approval by default): {@code web} is public and promoted from
 *       beta with blue/green; {@code quick} is promoted from beta without an approval.</li>
 * </ul>
 */
public final class SmallStacks {
    static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static Plan dev;
    private static Plan prod;

    private SmallStacks() {
    }

    /** Forgets the plans (mutation testing: a plan must not outlive the mutant it was made with). */
    static synchronized void reset() {
        dev = null;
        prod = null;
    }

    public static synchronized Plan dev() {
        if (dev == null) {
            var env = Fixtures.environment();
            var gh = Fixtures.service("gh", Map.of("delivery", Map.of(
                    "source", Map.of("type", "github", "repository", "acme/gh", "branch", "main"),
                    "buildEnvironment", Map.of("LOG_LEVEL", "debug"))), env);
            var cc = Fixtures.service("cc", Map.of("delivery", Map.of(
                    "source", Map.of("type", "codecommit", "repository", "cc-repo", "branch", "trunk"),
                    "testStage", Map.of("commands", List.of("make test")),
                    "approval", true)), env);
            dev = plan(env, markedForPromotion(gh), cc);
        }
        return dev;
    }

    public static synchronized Plan prod() {
        if (prod == null) {
            var env = Fixtures.production();
            // the catalog parser of one stack knows no beta: the sources are set to promotions on the records
            var github = Map.of("type", "github", "repository", "acme/web", "branch", "main");
            var web = promotedFromBeta(Fixtures.service("web", Map.of(
                    "expose", Map.of("type", "public", "paths", List.of("/web/*")),
                    "delivery", Map.of("source", github, "deploy", "blue-green")), env));
            var quick = promotedFromBeta(Fixtures.service("quick", Map.of("delivery", Map.of(
                    "source", github, "approval", false)), env));
            prod = plan(env, web, quick);
        }
        return prod;
    }

    /**
     * Like {@link Fixtures#plan}, with room for a loaded machine (on 2 cores shared by several builds, a
     * whole-program plan has taken 55 s): the whole-program plans of the component tests.
     */
    public static Plan plan(EnvironmentConfig env, ServiceSpec... services) {
        var catalog = new Catalog(List.of(services));
        // these services name no region: the replica may use the same specs
        return OfflinePlanner.plan(env.name(), ReplicaDerivation.derive(env, catalog, replicaEnv -> catalog), TIMEOUT);
    }

    /** Deploys the images beta tested and marked {@code release}, as {@code source: {type: promote, from: beta}} would. */
    private static ServiceSpec promotedFromBeta(ServiceSpec spec) {
        var source = new DeliverySpec.Source(DeliverySpec.SourceType.PROMOTE, Optional.empty(), Optional.empty(), Optional.of("beta"),
                DeliverySpec.DEFAULT_PROMOTION_TAG);
        return spec.toBuilder().delivery(Optional.of(spec.delivery().orElseThrow().toBuilder().source(source).build())).build();
    }

    /** A later environment promotes from this one (a catalog of several stacks computes this). */
    private static ServiceSpec markedForPromotion(ServiceSpec spec) {
        return spec.toBuilder().delivery(Optional.of(spec.delivery().orElseThrow().toBuilder().promotionTags(Set.of("release")).build())).build();
    }

    /** The ARN the mock gives the CodeStar connection of logical name {@code name}. */
    public static String connectionArn(String name) {
        var hex = PlanMocks.hash("aws:codestarconnections/connection:Connection|" + name);
        return "arn:aws:codestar-connections:eu-west-1:111111111111:connection/" + hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-"
                + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-" + hex.substring(20, 32);
    }
}
