package io.berth.service;

import io.berth.load.ConfigException;
import io.berth.model.ServiceSpec;
import io.berth.model.StrategyItem;
import io.berth.testing.Catalogs;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.berth.service.ServicePlans.DEV;
import static io.berth.service.ServicePlans.PROD;
import static io.berth.service.ServicePlans.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The load side's rules for one service, which decide what the service component plans: derived
 * scaling, secret references and their grants, permissions, exec, host-group capacity and placement,
 * and the catalog-wide listener priority rule (no engine: the real loader on in-memory entries).
 */
class ServiceRulesTest {
    private static void assertProblems(String name, Map<String, Object> settings, String... expected) {
        assertThatThrownBy(() -> Fixtures.service(name, settings, DEV))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(expected));
    }

    @Test
    void withoutScalingAServiceRunsOneToFourTasksTrackingSeventyPercentCpu() {
        var scaling = Fixtures.service("api").scaling();
        assertThat(scaling).isEqualTo(new ServiceSpec.Scaling(1, 4, Optional.of(70), Optional.empty(), Optional.empty(), List.of()));
        assertThat(scaling.autoscaled()).isTrue();
    }

    @Test
    void aMinimumAboveTheDefaultMaximumRaisesTheMaximumToIt() {
        var scaling = Fixtures.service("api", settings("scaling", Map.of("min", 6))).scaling();
        assertThat(scaling.min()).isEqualTo(6);
        assertThat(scaling.max()).isEqualTo(6);
        // a fixed count needs no target tracking
        assertThat(scaling.cpuTarget()).isEmpty();
        assertThat(scaling.autoscaled()).isFalse();
    }

    @Test
    void aDeclaredTargetReplacesTheDefaultCpuTarget() {
        var scaling = Fixtures.service("api", settings("scaling", Map.of("memoryTarget", 80))).scaling();
        assertThat(scaling.cpuTarget()).isEmpty();
        assertThat(scaling.memoryTarget()).contains(80);
    }

    @Test
    void aScheduleDefaultsToTheServicesRangeInUtc() {
        var scaling = Fixtures.service("api", settings("scaling", Map.of("min", 2, "max", 5,
                "schedules", List.of(Map.of("name", "weekend", "schedule", "cron(0 0 ? * SAT *)"))))).scaling();
        assertThat(scaling.schedules()).containsExactly(new ServiceSpec.Schedule("weekend", "cron(0 0 ? * SAT *)", "UTC", 2, 5));
        assertThat(scaling.autoscaled()).isTrue();
    }

    @Test
    void aScheduleMakesAFixedCountAutoscaled() {
        var scaling = Fixtures.service("api", settings("scaling", Map.of("min", 2, "max", 2,
                "schedules", List.of(Map.of("name", "night", "schedule", "cron(0 20 * * ? *)", "min", 0, "max", 0))))).scaling();
        assertThat(scaling.autoscaled()).isTrue();
    }

    @Test
    void requestScalingNeedsThePublicLoadBalancer() {
        assertProblems("api", settings("scaling", Map.of("requestsPerTarget", 100)),
                "services/api.yaml: scaling.requestsPerTarget: scaling on load balancer requests needs expose.type: public");
    }

    @Test
    void secretsByNameBecomeArnsInTheEnvironmentsAccountAndRegion() {
        var secrets = Fixtures.service("api", settings("secrets", Map.of(
                "A", "ssm:/berth/{env}/api/a",
                "B", "ssm:berth/{env}/api/b",
                "C", "secretsmanager:berth/{env}/api/c"))).secrets();
        assertThat(secrets.get("A")).isEqualTo(new ServiceSpec.Secret("ssm",
                "arn:aws:ssm:eu-west-1:111111111111:parameter/berth/dev/api/a", Optional.empty(), true));
        assertThat(secrets.get("B").arn()).isEqualTo("arn:aws:ssm:eu-west-1:111111111111:parameter/berth/dev/api/b");
        assertThat(secrets.get("C")).isEqualTo(new ServiceSpec.Secret("secretsmanager",
                "arn:aws:secretsmanager:eu-west-1:111111111111:secret:berth/dev/api/c", Optional.empty(), true));
    }

    /** Secrets Manager appends a random suffix to a secret's ARN: the grant for a name matches it. */
    @Test
    void grantsMatchTheSecretsManagerSuffixOnlyForSecretsKnownByName() {
        var secrets = Fixtures.service("api", settings("secrets", Map.of(
                "BY_NAME", "secretsmanager:berth/dev/api/db",
                "BY_ARN", "secretsmanager:" + ServicePlans.SECRET_ARN,
                "PARAM", "ssm:/berth/dev/api/p"))).secrets();
        assertThat(secrets.get("BY_NAME").grantResource()).isEqualTo("arn:aws:secretsmanager:eu-west-1:111111111111:secret:berth/dev/api/db-??????");
        assertThat(secrets.get("BY_ARN").grantResource()).isEqualTo(ServicePlans.SECRET_ARN);
        assertThat(secrets.get("BY_ARN").byName()).isFalse();
        assertThat(secrets.get("PARAM").grantResource()).isEqualTo("arn:aws:ssm:eu-west-1:111111111111:parameter/berth/dev/api/p");
    }

    @Test
    void aSecretsKeyMustBeAKmsArn() {
        assertProblems("api", settings("secrets", Map.of("A", Map.of("ssm", "/x", "kmsKey", "alias/mine"))),
                "services/api.yaml: secrets.A.kmsKey: must be a KMS key ARN (arn:aws:kms:...), got 'alias/mine'");
    }

    @Test
    void permissionsGetSidsAndTheirPlaceholdersFilledIn() {
        var permissions = Fixtures.service("api", settings("permissions", List.of(
                Map.of("actions", List.of("sqs:SendMessage"), "resources", List.of("arn:aws:sqs:{region}:{account}:{env}-{service}")),
                Map.of("sid", "ReadBucket", "actions", List.of("s3:GetObject"), "resources", List.of("arn:aws:s3:::b/*"))))).permissions();
        assertThat(permissions).containsExactly(
                new ServiceSpec.Permission("Catalog0", List.of("sqs:SendMessage"), List.of("arn:aws:sqs:eu-west-1:111111111111:dev-api")),
                new ServiceSpec.Permission("ReadBucket", List.of("s3:GetObject"), List.of("arn:aws:s3:::b/*")));
    }

    @Test
    void execIsOnOutsideProductionAndOffInIt() {
        assertThat(Fixtures.service("api").deployment().execEnabled()).isTrue();
        assertThat(Fixtures.service("api", Map.of(), PROD).deployment().execEnabled()).isFalse();
    }

    @Test
    void aHostGroupServiceRunsOnTheGroupsOwnCapacityProvider() {
        var agent = ServicePlans.AGENT;
        assertThat(agent.capacity().profile()).isEqualTo("host-group:isolated");
        assertThat(agent.capacity().items()).containsExactly(new StrategyItem("prod-isolated", 1, 1));
        assertThat(agent.placement()).isEqualTo(new ServiceSpec.Placement(List.of("spread-az", "binpack-memory", "random"), true));
    }

    @Test
    void privilegedContainersCannotRunOnFargate() {
        assertProblems("api", settings("security", Map.of("privileged", true)),
                "services/api.yaml: security.privileged: privileged containers cannot run on Fargate; put the service on a host "
                        + "group that allows them (privileged: true in berth:hostGroups)");
    }

    @Test
    void privilegedContainersNeedAGroupThatAllowsThem() {
        assertThatThrownBy(() -> Fixtures.service("agent", settings("hostGroup", "batch", "expose", Map.of("type", "none"),
                "security", Map.of("privileged", true)), PROD))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "services/agent.yaml: security.privileged: host group batch does not allow privileged containers; "
                                + "use a group with privileged: true (isolated)"));
    }

    @Test
    void placementIsForHostGroupsOnly() {
        assertProblems("api", settings("placement", Map.of("strategies", List.of("spread-az"))),
                "services/api.yaml: placement: placement constraints and strategies are not supported on Fargate (AWS rule 12); "
                        + "set hostGroup or remove placement");
    }

    @Test
    void aListenerRuleTakesAtMostFiveConditionValues() {
        assertProblems("web", settings("expose", Map.of("type", "public", "hosts", List.of("a.example.com", "b.example.com"),
                        "paths", List.of("/a", "/b", "/c", "/d"))),
                "services/web.yaml: expose: a listener rule takes at most 5 condition values (AWS rule 20), got 6 paths and hosts; "
                        + "split the routes or use wildcards");
    }

    @Test
    void twoServicesCannotShareAListenerPriority() {
        var web = "image: {repository: %s, tag: \"1.0.0\"}\nexpose: {type: public, paths: [\"/%s/*\"], priority: 7}\n";
        Catalogs.assertProblems(DEV, Catalogs.files("web.yaml", web.formatted("web", "web"), "shop.yaml", web.formatted("shop", "shop")),
                "services/web.yaml: expose.priority: listener rule priority 7 is also used by services/shop.yaml; "
                        + "set a distinct expose.priority (1..50000) on one of them");
    }
}
