package io.berth.load;

import io.berth.model.CapacityStrategy;
import io.berth.model.EnvironmentConfig;
import io.berth.model.ServiceSpec;
import io.berth.model.StrategyItem;
import io.berth.testing.Catalogs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static io.berth.testing.Catalogs.assertProblems;
import static io.berth.testing.Catalogs.files;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog parser at the edges of its limits: each limit's last accepted value loads, the next
 * one fails with the exact message; and the settings the parser derives (default CPU target,
 * deployment, statement ids) as a service gets them.
 */
class ServiceParserLimitsTest {
    private static EnvironmentConfig dev;
    private static EnvironmentConfig prod;

    private static final String API = """
            image: {repository: api, tag: "1.0.0"}
            expose: {type: internal}
            """;
    private static final String WEB = """
            image: {repository: web, tag: "1.0.0"}
            """;

    @BeforeAll
    static void environments() {
        dev = Catalogs.environment("dev");
        prod = Catalogs.environment("prod");
    }

    private static ServiceSpec load(EnvironmentConfig env, String name, String text) throws IOException {
        return Catalogs.load(env, files(name + ".yaml", text)).find(name).orElseThrow();
    }

    // --- calls

    @Test
    void aServiceThatCallsItself() {
        assertProblems(dev, files("api.yaml", API + "calls: [api]\n"),
                "services/api.yaml: calls: a service does not need to call itself");
    }

    // --- health check

    @Test
    void aHealthCheckTimeoutEqualToTheInterval() {
        assertProblems(dev, files("api.yaml", API + "healthCheck: {intervalSeconds: 10, timeoutSeconds: 10}\n"),
                "services/api.yaml: healthCheck.timeoutSeconds: must be shorter than intervalSeconds (10), got 10");
    }

    @Test
    void aHealthCheckTimeoutOneSecondUnderTheIntervalLoads() throws IOException {
        var spec = load(dev, "api", API + "healthCheck: {intervalSeconds: 10, timeoutSeconds: 9}\n");
        assertThat(spec.healthCheck().timeoutSeconds()).isEqualTo(9);
    }

    @Test
    void aContainerCheckTimeoutOf60SecondsLoads() throws IOException {
        var spec = load(dev, "api", API + "healthCheck: {command: [CMD-SHELL, \"true\"], intervalSeconds: 120, timeoutSeconds: 60}\n");
        assertThat(spec.healthCheck().timeoutSeconds()).isEqualTo(60);
    }

    @Test
    void aContainerStartPeriodOf300SecondsLoads() throws IOException {
        var spec = load(dev, "api", API + "healthCheck: {command: [CMD-SHELL, \"true\"], gracePeriodSeconds: 300}\n");
        assertThat(spec.healthCheck().gracePeriodSeconds()).isEqualTo(300);
    }

    @Test
    void egressToThePorts1And65535AndTheirRangeLoads() throws IOException {
        var spec = load(dev, "api", API + "egress: [{to: 10.40.0.0/16, ports: [1, 65535, \"1-65535\"]}]\n");
        assertThat(spec.egress()).extracting(ServiceSpec.Egress::ports).containsExactly("1", "65535", "1-65535");
    }

    @Test
    void egressToPort0Or65536DoesNotLoad() {
        assertProblems(dev, files("api.yaml", API + "egress: [{to: 10.40.0.0/16, ports: [0, \"1-65536\"]}]\n"),
                "services/api.yaml: egress[0].ports[0]: '0' is outside the ports 1..65535",
                "services/api.yaml: egress[0].ports[1]: '1-65536' is outside the ports 1..65535");
    }

    @Test
    void aHealthCheckPathOf1024CharactersLoadsAndOf1025DoesNot() throws IOException {
        var longest = "/" + "a".repeat(1023);
        assertThat(load(dev, "api", API + "healthCheck: {path: " + longest + "}\n").healthCheck().path()).isEqualTo(longest);
        assertProblems(dev, files("api.yaml", API + "healthCheck: {path: " + longest + "b}\n"),
                "services/api.yaml: healthCheck.path: must start with / and be at most 1024 characters, got '" + longest + "b'");
    }

    // --- routes

    @Test
    void fiveConditionValuesLoadAndSixDoNot() throws IOException {
        var five = "expose: {type: public, paths: [/a, /b, /c], hosts: [a.example.com, b.example.com]}\n";
        assertThat(load(dev, "web", WEB + five).expose().hosts()).hasSize(2);
        assertProblems(dev, files("web.yaml", WEB + "expose: {type: public, paths: [/a, /b, /c], hosts: [a.example.com, b.example.com, c.example.com]}\n"),
                "services/web.yaml: expose: a listener rule takes at most 5 condition values (AWS rule 20), got 6 paths and hosts; "
                        + "split the routes or use wildcards");
    }

    @Test
    void aPathPatternOf128CharactersLoadsAndOf129DoesNot() throws IOException {
        var longest = "/" + "p".repeat(127);
        assertThat(load(dev, "web", WEB + "expose: {type: public, paths: [" + longest + "]}\n").expose().paths()).containsExactly(longest);
        assertProblems(dev, files("web.yaml", WEB + "expose: {type: public, paths: [" + longest + "q]}\n"),
                "services/web.yaml: expose.paths: '" + longest + "q' is not a path pattern: start with /, at most 128 characters");
    }

    @Test
    void aHostThatIsNoHostNamePattern() {
        assertProblems(dev, files("web.yaml", WEB + "expose: {type: public, hosts: [\"shop example\"]}\n"),
                "services/web.yaml: expose.hosts: 'shop example' is not a host name pattern");
    }

    // --- scaling

    @Test
    void aServiceWithMinEqualToMaxGetsNoDefaultCpuTarget() throws IOException {
        var scaling = load(dev, "api", API + "scaling: {min: 2, max: 2}\n").scaling();
        assertThat(scaling.cpuTarget()).isEmpty();
        assertThat(scaling.min()).isEqualTo(scaling.max());
    }

    @Test
    void aServiceScalingOnMemoryGetsNoDefaultCpuTarget() throws IOException {
        var scaling = load(dev, "api", API + "scaling: {min: 1, max: 3, memoryTarget: 70}\n").scaling();
        assertThat(scaling.cpuTarget()).isEmpty();
        assertThat(scaling.memoryTarget()).contains(70);
    }

    @Test
    void aServiceScalingOnRequestsGetsNoDefaultCpuTarget() throws IOException {
        var scaling = load(dev, "web", WEB + "expose: {type: public, paths: [/web/*]}\nscaling: {min: 1, max: 3, requestsPerTarget: 500}\n")
                .scaling();
        assertThat(scaling.cpuTarget()).isEmpty();
        assertThat(scaling.requestsPerTarget()).contains(500);
    }

    @Test
    void aScheduleWhoseMinEqualsItsMaxLoads() throws IOException {
        var scaling = load(dev, "api", API + "scaling: {min: 1, max: 3, schedules: [{name: night, schedule: \"cron(0 1 * * ? *)\", min: 2, max: 2}]}\n")
                .scaling();
        assertThat(scaling.schedules()).singleElement().satisfies(s -> assertThat(List.of(s.min(), s.max())).containsExactly(2, 2));
    }

    @Test
    void aServiceAtZeroStartedByAScheduleThatRaisesTheMinimumToOneLoads() throws IOException {
        var scaling = load(dev, "api", API + "scaling: {min: 0, max: 3, schedules: [{name: day, schedule: \"cron(0 8 * * ? *)\", min: 1, max: 3}]}\n")
                .scaling();
        assertThat(scaling.min()).isZero();
    }

    @Test
    void aServiceStoppedForGoodAtZeroAndZeroLoads() throws IOException {
        var scaling = load(dev, "api", API + "scaling: {min: 0, max: 0}\n").scaling();
        assertThat(List.of(scaling.min(), scaling.max())).containsExactly(0, 0);
    }

    // --- capacity

    @Test
    void aCustomStrategyIsTheServicesCapacity() throws IOException {
        var spec = load(dev, "api", API + "capacity: {strategy: [{provider: FARGATE, base: 1, weight: 1}, {provider: FARGATE_SPOT, weight: 3}]}\n");
        assertThat(spec.capacity()).isEqualTo(new CapacityStrategy("custom", List.of(
                new StrategyItem("FARGATE", 1, 1), new StrategyItem("FARGATE_SPOT", 0, 3))));
    }

    @Test
    void aProfileAndAStrategyTogether() {
        assertProblems(dev, files("api.yaml", API + "capacity: {profile: balanced, strategy: [{provider: FARGATE, weight: 1}]}\n"),
                "services/api.yaml: capacity: set either profile or strategy, not both");
    }

    // --- deployment

    @Test
    void deploymentDefaultsWithExecInDevAndNotInProduction() throws IOException {
        assertThat(load(dev, "api", API).deployment()).isEqualTo(new ServiceSpec.Deployment(CatalogLoader.DEFAULT_MIN_HEALTHY_PERCENT,
                CatalogLoader.DEFAULT_MAX_PERCENT, CatalogLoader.DEFAULT_STOP_TIMEOUT_SECONDS,
                CatalogLoader.DEFAULT_DEREGISTRATION_DELAY_SECONDS, true, ServiceSpec.Deployment.DEFAULT_ROLLBACK_ON_ALARM,
                io.berth.model.TrafficShift.DEFAULT));
        assertThat(load(prod, "api", API).deployment().execEnabled()).isFalse();
    }

    @Test
    void aPublicSpotServiceMayDeregisterFor119SecondsNot120() throws IOException {
        var web = WEB + "expose: {type: public, paths: [/web/*]}\ncapacity: {strategy: [{provider: FARGATE, base: 1, weight: 1}, {provider: FARGATE_SPOT, weight: 1}]}\n";
        assertThat(load(dev, "web", web + "deployment: {deregistrationDelaySeconds: 119}\n").deployment().deregistrationDelaySeconds())
                .isEqualTo(119);
        assertProblems(dev, files("web.yaml", web + "deployment: {deregistrationDelaySeconds: 120}\n"),
                "services/web.yaml: deployment.deregistrationDelaySeconds: must be under 120 s for a service on Fargate Spot "
                        + "(AWS rule 10: a reclaimed task gets two minutes' warning), got 120");
    }

    @Test
    void aSpotProviderWithNeitherBaseNorWeightRunsNoSpotTask() throws IOException {
        var web = WEB + "expose: {type: public, paths: [/web/*]}\ncapacity: {strategy: [{provider: FARGATE, base: 1, weight: 1}, "
                + "{provider: FARGATE_SPOT, base: 0, weight: 0}]}\ndeployment: {deregistrationDelaySeconds: 300}\n";
        assertThat(load(dev, "web", web).deployment().deregistrationDelaySeconds()).isEqualTo(300);
    }

    @Test
    void aPublicServiceOnAnOnDemandHostGroupMayDeregisterSlowly() throws IOException {
        var web = WEB + "expose: {type: public, paths: [/web/*]}\nhostGroup: isolated\ndeployment: {deregistrationDelaySeconds: 300}\n";
        assertThat(load(dev, "web", web).deployment().deregistrationDelaySeconds()).isEqualTo(300);
    }

    @Test
    void aPublicServiceOnASpotHostGroupMustDeregisterWithinTheWarning() {
        var web = WEB + "expose: {type: public, paths: [/web/*]}\nhostGroup: batch\ndeployment: {deregistrationDelaySeconds: 300}\n";
        assertProblems(dev, files("web.yaml", web),
                "services/web.yaml: deployment.deregistrationDelaySeconds: must be under 120 s for a service on Fargate Spot "
                        + "(AWS rule 10: a reclaimed task gets two minutes' warning), got 300");
    }

    // --- host groups

    @Test
    void aHostGroupTaskOf128UnitsAnd128MiBLoads() throws IOException {
        var spec = load(dev, "api", API + "hostGroup: isolated\ncpu: 128\nmemoryMiB: 128\n");
        assertThat(List.of(spec.cpu(), spec.memoryMiB())).containsExactly(128, 128);
    }

    @Test
    void aHostGroupTaskUnder128MiB() {
        assertProblems(dev, files("api.yaml", API + "hostGroup: isolated\ncpu: 128\nmemoryMiB: 127\n"),
                "services/api.yaml: cpu: a host-group task needs at least 128 CPU units and 128 MiB, got 128/127");
    }

    @Test
    void placementOnAHostGroupIsTheServicesPlacement() throws IOException {
        var spec = load(dev, "api", API + "hostGroup: isolated\nplacement: {strategies: [spread-az], distinctInstance: true}\n");
        assertThat(spec.placement().strategies()).containsExactly("spread-az");
        assertThat(spec.placement().distinctInstance()).isTrue();
    }

    @Test
    void anUnknownPlacementStrategy() {
        assertProblems(dev, files("api.yaml", API + "hostGroup: isolated\nplacement: {strategies: [spread-everywhere]}\n"),
                "services/api.yaml: placement.strategies: 'spread-everywhere' is not a placement strategy; use "
                        + String.join(", ", ServiceSpec.Placement.STRATEGIES.keySet()));
    }

    // --- permissions

    @Test
    void statementsWithoutASidAreNumberedInOrder() throws IOException {
        var spec = load(dev, "api", API + """
                permissions:
                  - {actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:{region}:{account}:a"]}
                  - {actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:{region}:{account}:b"]}
                """);
        assertThat(spec.permissions()).extracting(ServiceSpec.Permission::sid).containsExactly("Catalog0", "Catalog1");
    }

    @Test
    void anImageRepositoryNameOf256CharactersWithThePrefixLoads() throws IOException {
        var name = "r".repeat(256 - "dev/".length());
        assertThat(load(dev, "api", API.replace("repository: api", "repository: " + name)).image().repository()).contains(name);
        assertProblems(dev, files("api.yaml", API.replace("repository: api", "repository: " + name + "s")),
                "services/api.yaml: image.repository: '" + name + "s' is not a valid ECR repository name: lowercase letters, digits "
                        + "and . _ - / separators, at most 256 characters with the environment prefix");
    }

}
