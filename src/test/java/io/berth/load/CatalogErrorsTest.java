package io.berth.load;

import io.berth.model.ServiceSpec;
import io.berth.testing.Catalogs;
import io.berth.model.EnvironmentConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.berth.testing.Catalogs.assertProblems;
import static io.berth.testing.Catalogs.files;
import static io.berth.testing.Catalogs.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** GIVEN a catalog with one mistake, WHEN it is loaded, THEN the exact message names file and field. */
class CatalogErrorsTest {
    private static EnvironmentConfig dev;
    private static EnvironmentConfig prod;

    private static final String WEB = """
            image: {repository: web, tag: "1.0.0"}
            port: 8080
            expose: {type: public, paths: ["/*"]}
            """;
    private static final String API = """
            image: {repository: api, tag: "1.0.0"}
            expose: {type: internal}
            """;

    @BeforeAll
    static void environments() {
        dev = Catalogs.environment("dev");
        prod = Catalogs.environment("prod");
    }

    @Test
    void aValidCatalogLoadsWithDefaults() throws IOException {
        var catalog = load(dev, files("web.yaml", WEB, "api.yaml", API));
        assertThat(catalog.services()).extracting(ServiceSpec::name).containsExactly("api", "web");
        var api = catalog.find("api").orElseThrow();
        assertThat(api.cpu()).isEqualTo(CatalogLoader.DEFAULT_CPU);
        assertThat(api.memoryMiB()).isEqualTo(CatalogLoader.DEFAULT_MEMORY_MIB);
        assertThat(api.port()).isEqualTo(CatalogLoader.DEFAULT_PORT);
        assertThat(api.security().user()).contains(CatalogLoader.DEFAULT_USER);
        assertThat(api.security().readOnlyRootFilesystem()).isTrue();
        assertThat(api.capacity()).isEqualTo(dev.cluster().defaultCapacity());
    }

    @Test
    void invalidFargateCpuMemoryPair() {
        assertProblems(dev, files("api.yaml", API + "cpu: 512\nmemoryMiB: 512\n"),
                "services/api.yaml: memoryMiB: a Fargate task with 512 CPU units takes 1024 to 4096 in steps of 1024 MiB of memory, got 512; change memoryMiB or cpu");
    }

    @Test
    void cpuThatFargateDoesNotOffer() {
        assertProblems(dev, files("api.yaml", API + "cpu: 300\n"),
                "services/api.yaml: cpu: Fargate accepts CPU units [256, 512, 1024, 2048, 4096, 8192, 16384], got 300; pick one of them and a memoryMiB that goes with it");
    }

    @Test
    void morePublicServicesThanTheListenerTakesRules() {
        var files = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i <= CatalogLoader.MAX_RULES_PER_LISTENER; i++) {
            files.put("s" + i + ".yaml", "image: {repository: s" + i + ", tag: \"1.0.0\"}\n"
                    + "expose: {type: public, paths: [\"/s" + i + "/*\"], priority: " + (20001 + i) + "}\n");
        }
        assertProblems(dev, files, "services/: expose: 101 public services exceed the default quota of 100 rules per listener "
                + "(AWS rule 20); set expose.type: internal on the services that only other services call (they are reached "
                + "through service discovery, not the load balancer)");
    }

    @Test
    void exactlyAsManyPublicServicesAsTheListenerTakesRulesLoad() throws IOException {
        var files = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i < CatalogLoader.MAX_RULES_PER_LISTENER; i++) {
            files.put("s" + i + ".yaml", "image: {repository: s" + i + ", tag: \"1.0.0\"}\n"
                    + "expose: {type: public, paths: [\"/s" + i + "/*\"], priority: " + (20001 + i) + "}\n");
        }
        assertThat(load(dev, files).services()).hasSize(CatalogLoader.MAX_RULES_PER_LISTENER);
    }

    @Test
    void twoServicesClaimingTheSameRoute() {
        assertProblems(dev, files("web.yaml", WEB, "shop.yaml", WEB.replace("repository: web", "repository: shop")),
                "services/web.yaml: expose: route host * path /* is also claimed by services/shop.yaml; each route belongs to one service");
    }

    @Test
    void callToAServiceThatDoesNotExist() {
        assertProblems(dev, files("web.yaml", WEB + "calls: [apii]\n", "api.yaml", API),
                "services/web.yaml: calls: calls 'apii', which is not in the catalog (did you mean 'api'?); services are api, web");
    }

    @Test
    void callToAWorker() {
        assertProblems(dev, files("web.yaml", WEB + "calls: [worker]\n", "worker.yaml", "image: {repository: w, tag: \"1.0.0\"}\nexpose: {type: none}\n"),
                "services/web.yaml: calls: calls 'worker', which is a worker (expose.type: none) and listens on no port");
    }

    @Test
    void unknownKeyWithSuggestion() {
        assertProblems(dev, files("api.yaml", API + "memoryMib: 1024\n"),
                "services/api.yaml: memoryMib: unknown key 'memoryMib' (did you mean 'memoryMiB'?); allowed keys here: alarms, buckets, calls, capacity, command, cpu, cpuArchitecture, delivery, deployment, description, egress, environment, environments, expose, healthCheck, hostGroup, image, job, kind, memoryMiB, name, owner, permissions, placement, port, queue, queues, replicaEgress, scaling, secrets, security, sends");
    }

    @Test
    void minAboveMax() {
        assertProblems(dev, files("api.yaml", API + "scaling: {min: 5, max: 2}\n"),
                "services/api.yaml: scaling.min: must not exceed max (2), got 5");
    }

    @Test
    void minimumZeroWithNothingToStartATask() {
        assertProblems(dev, files("api.yaml", API + "scaling: {min: 0, max: 3, cpuTarget: 70}\n"),
                "services/api.yaml: scaling.min: is 0 and nothing would ever start a task: target tracking (cpuTarget, memoryTarget, "
                        + "requestsPerTarget) acts only on the metrics of running tasks. Add a schedule that raises the minimum "
                        + "(scaling.schedules, e.g. {name: nightly, schedule: \"cron(0 1 * * ? *)\", min: 1, max: 3}), "
                        + "or set min to 1 or more (max: 0 turns the service off)");
    }

    @Test
    void minimumZeroWithSchedulesThatNeverRaiseIt() {
        assertProblems(dev, files("api.yaml", API + "scaling: {min: 0, max: 2, schedules: [{name: night, schedule: \"cron(0 1 * * ? *)\", min: 0}]}\n"),
                "services/api.yaml: scaling.min: is 0 and nothing would ever start a task: target tracking (cpuTarget, memoryTarget, "
                        + "requestsPerTarget) acts only on the metrics of running tasks. Add a schedule that raises the minimum "
                        + "(scaling.schedules, e.g. {name: nightly, schedule: \"cron(0 1 * * ? *)\", min: 1, max: 2}), "
                        + "or set min to 1 or more (max: 0 turns the service off)");
    }

    @Test
    void minimumZeroInAnOverrideIsReportedAtTheOverride() {
        assertProblems(dev, files("api.yaml", API + "environments:\n  dev:\n    scaling: {min: 0, max: 2}\n"),
                "services/api.yaml: environments.dev.scaling.min: is 0 and nothing would ever start a task: target tracking (cpuTarget, memoryTarget, "
                        + "requestsPerTarget) acts only on the metrics of running tasks. Add a schedule that raises the minimum "
                        + "(scaling.schedules, e.g. {name: nightly, schedule: \"cron(0 1 * * ? *)\", min: 1, max: 2}), "
                        + "or set min to 1 or more (max: 0 turns the service off)");
    }

    @Test
    void aMistakeInAnOverrideIsReportedAtTheOverride() {
        assertProblems(prod, files("api.yaml", API + "environments:\n  prod:\n    scaling: {min: 9, max: 3}\n"),
                "services/api.yaml: environments.prod.scaling.min: must not exceed max (3), got 9");
    }

    @Test
    void overrideForAnEnvironmentThatDoesNotExist() {
        assertProblems(dev, files("api.yaml", API + "environments:\n  prd: {cpu: 512}\n"),
                "services/api.yaml: environments.prd: no stack named 'prd' (did you mean 'prod'?); overrides are for beta, dev, prod");
    }

    @Test
    void spotOnlyInProductionMustBeDeclared() {
        assertProblems(prod, files("api.yaml", API + "capacity: spot-only\n"),
                "services/api.yaml: capacity: resolves to Spot only (FARGATE_SPOT weight 1), which production allows only when declared: a Spot reclaim can stop every task at once. Use profile balanced or spot-first, or set capacity.allowSpotOnly: true if the service tolerates it");
    }

    @Test
    void declaredSpotOnlyIsAllowedInProduction() throws IOException {
        var catalog = load(prod, files("api.yaml", API + "capacity: {profile: spot-only, allowSpotOnly: true}\n"));
        assertThat(catalog.services().get(0).capacity().spotOnly()).isTrue();
        assertThat(catalog.services().get(0).spotOnlyDeclared()).isTrue();
    }

    @Test
    void wildcardPermissionsAreRejected() {
        assertProblems(dev, files("api.yaml", API + "permissions:\n  - actions: [s3:*]\n    resources: ['*']\n"),
                "services/api.yaml: permissions[0].actions: 's3:*' grants every action of the service; name the actions the service needs",
                "services/api.yaml: permissions[0].resources: '*' grants the actions on every resource of the account; name the resources (ARNs)");
    }

    @Test
    void rootUserNeedsAnExplicitOptOut() {
        assertProblems(dev, files("api.yaml", API + "security: {user: '0'}\n"),
                "services/api.yaml: security.user: runs the container as root; set security.runAsRoot: true to opt out of non-root explicitly");
    }

    @Test
    void execIsOffInProduction() {
        assertProblems(prod, files("api.yaml", API + "deployment: {execEnabled: true}\n"),
                "services/api.yaml: deployment.execEnabled: ECS Exec is off in production environments; use it in dev or beta");
    }

    @Test
    void publicServiceWithoutRoute() {
        assertProblems(dev, files("web.yaml", "image: {repository: web, tag: \"1.0.0\"}\nexpose: {type: public}\n"),
                "services/web.yaml: expose: a public service needs at least one of paths or hosts to route on, e.g. paths: [\"/web/*\"]");
    }

    @Test
    void imageNeedsExactlyOneSource() {
        assertProblems(dev, files("api.yaml", "image: {repository: api, external: nginx}\n"),
                "services/api.yaml: image: set exactly one of repository (an image of the environment's registry, e.g. repository: api) or external (a full image reference, e.g. external: public.ecr.aws/nginx/nginx:1.27)");
    }

    @Test
    void repositoryNameAwsWouldReject() {
        assertProblems(dev, files("api.yaml", "image: {repository: Orders_API}\n"),
                "services/api.yaml: image.repository: 'Orders_API' is not a valid ECR repository name: lowercase letters, digits and . _ - / separators, at most 256 characters with the environment prefix");
    }

    @Test
    void latestNeverMovesInAnImmutableRegistry() {
        assertProblems(prod, files("api.yaml", "image: {repository: api}\n"),
                "services/api.yaml: image.tag: 'latest' never moves in prod's registry (its tags are immutable), so it would "
                        + "always mean the first image pushed under it; pin image.tag to a release tag such as 1.4.2");
    }

    @Test
    void secretReferenceMustNameItsStore() {
        assertProblems(dev, files("api.yaml", API + "secrets: {DB_PASSWORD: hunter2}\n"),
                "services/api.yaml: secrets.DB_PASSWORD: must be ssm:<parameter name> or secretsmanager:<secret name or ARN>, got 'hunter2'");
    }

    @Test
    void spotServicesDrainWithinTheTwoMinuteWarning() {
        assertProblems(dev, files("web.yaml", WEB + "deployment: {deregistrationDelaySeconds: 300}\n"),
                "services/web.yaml: deployment.deregistrationDelaySeconds: must be under 120 s for a service on Fargate Spot (AWS rule 10: a reclaimed task gets two minutes' warning), got 300");
    }

    @Test
    void invalidYamlNamesTheLine() {
        assertProblems(dev, files("api.yaml", "image: {repository: api\nport: 80\n"),
                "services/api.yaml:2:5: not valid YAML: expected ',' or '}', but got :");
    }
}
