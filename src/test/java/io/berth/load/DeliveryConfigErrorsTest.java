package io.berth.load;

import io.berth.model.DeliveryConfig;
import io.berth.model.DeliverySpec;
import io.berth.model.ServiceSpec;
import io.berth.testing.Catalogs;
import io.berth.model.EnvironmentConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static io.berth.testing.TestConfigs.baseline;
import static io.berth.testing.Catalogs.assertProblems;
import static io.berth.testing.Catalogs.files;
import static io.berth.testing.Catalogs.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * GIVEN delivery settings with one mistake (in a service file or in berth:delivery), WHEN they are
 * loaded, THEN the exact message names the file, the field path, what is wrong and the fix.
 */
class DeliveryConfigErrorsTest {
    private static EnvironmentConfig dev;
    private static EnvironmentConfig beta;
    private static EnvironmentConfig prod;

    private static final String API = """
            image: {repository: api, tag: "1.0.0"}
            expose: {type: internal}
            """;
    private static final String WEB = """
            image: {repository: web, tag: "1.0.0"}
            expose: {type: public, paths: ["/web/*"]}
            """;
    private static final String GITHUB = """
            delivery:
              source: {type: github, repository: acme/api, branch: main}
            """;

    @BeforeAll
    static void environments() {
        dev = Catalogs.environment("dev");
        beta = Catalogs.environment("beta");
        prod = Catalogs.environment("prod");
    }

    private static DeliverySpec delivery(EnvironmentConfig env, String text) throws IOException {
        return load(env, files("api.yaml", text)).find("api").flatMap(ServiceSpec::delivery).orElseThrow();
    }

    // ---------------------------------------------------------------------------------------------
    // promotion

    @Test
    void promotionFromAStackThatDoesNotExist() {
        assertProblems(beta, files("api.yaml", API + "delivery:\n  source: {type: promote, from: qa}\n"),
                "services/api.yaml: delivery.source.from: no stack named 'qa'; promotion deploys images another environment "
                        + "tested: use one of beta, dev, prod");
    }

    @Test
    void promotionFromAMisspeltStack() {
        assertProblems(beta, files("api.yaml", API + "delivery:\n  source: {type: promote, from: dve}\n"),
                "services/api.yaml: delivery.source.from: no stack named 'dve' (did you mean 'dev'?); promotion deploys images "
                        + "another environment tested: use one of beta, dev, prod");
    }

    @Test
    void promotionFromALaterEnvironment() {
        assertProblems(beta, files("api.yaml", API + GITHUB + "environments:\n  beta:\n    delivery:\n      source: {type: promote, from: prod}\n"),
                "services/api.yaml: environments.beta.delivery.source.from: prod comes after beta in the delivery order "
                        + "dev < beta < prod; promote from an earlier environment, e.g. dev");
    }

    @Test
    void promotionFromItself() {
        assertProblems(dev, files("api.yaml", API + "delivery:\n  source: {type: promote, from: dev}\n"),
                "services/api.yaml: delivery.source.from: dev is this environment in the delivery order dev < beta < prod; "
                        + "promote from an earlier environment (there is none: build dev from source)");
    }

    @Test
    void promotionFromAnEnvironmentWhereTheServiceHasNoPipeline() {
        assertProblems(beta, files("api.yaml", API + "environments:\n  beta:\n    delivery:\n      source: {type: promote, from: dev}\n"),
                "services/api.yaml: environments.beta.delivery.source.from: dev has no pipeline for api, so nothing there tests "
                        + "and tags its images for promotion; give it a delivery source in dev");
    }

    @Test
    void promotionTakesNoRepositoryOrBranch() {
        assertProblems(beta, files("api.yaml", API + GITHUB
                        + "environments:\n  beta:\n    delivery:\n      source: {type: promote, from: dev, branch: main}\n"),
                "services/api.yaml: environments.beta.delivery.source.branch: applies only to github, bitbucket, gitlab and "
                        + "codecommit sources; a promotion deploys what the earlier environment tested");
    }

    @Test
    void anOverridesSourceReplacesTheBaseSourceWhole() throws IOException {
        var spec = delivery(beta, API + GITHUB + "environments:\n  beta:\n    delivery:\n      source: {type: promote, from: dev}\n");
        assertThat(spec.source()).isEqualTo(new DeliverySpec.Source(DeliverySpec.SourceType.PROMOTE, java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.of("dev"), "release"));
    }

    @Test
    void anEnvironmentTagsWhatItDeployedForEachLaterEnvironmentThatPromotesFromIt() throws IOException {
        var text = API + GITHUB + "environments:\n  beta:\n    delivery:\n      source: {type: promote, from: dev, tag: tested-in-dev}\n"
                + "  prod:\n    delivery:\n      source: {type: promote, from: beta}\n";
        assertThat(delivery(dev, text).promotionTags()).containsExactly("tested-in-dev");
        assertThat(delivery(beta, text).promotionTags()).containsExactly("release");
        assertThat(delivery(prod, text).promotionTags()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // sources

    @Test
    void codeStarSourceWithoutRepository() {
        assertProblems(dev, files("api.yaml", API + "delivery:\n  source: {type: github, branch: main}\n"),
                "services/api.yaml: delivery.source.repository: is required: the repository as owner/name, e.g. acme/api");
    }

    @Test
    void codeStarSourceWithoutBranch() {
        assertProblems(dev, files("api.yaml", API + "delivery:\n  source: {type: gitlab, repository: acme/api}\n"),
                "services/api.yaml: delivery.source.branch: is required: the branch whose commits are built and deployed, e.g. main");
    }

    @Test
    void sourceTypeThatDoesNotExist() {
        assertProblems(dev, files("api.yaml", API + "delivery:\n  source: {type: githb, repository: acme/api, branch: main}\n"),
                "services/api.yaml: delivery.source.type: must be one of github, bitbucket, gitlab, codecommit, promote, "
                        + "got 'githb' (did you mean 'github'?)");
    }

    @Test
    void deliveryWithoutASource() {
        assertProblems(dev, files("api.yaml", API + "delivery:\n  deploy: rolling\n"),
                "services/api.yaml: delivery.source: is required: where releases come from, e.g. {type: github, "
                        + "repository: acme/api, branch: main} or {type: promote, from: dev}");
    }

    // ---------------------------------------------------------------------------------------------
    // unknown keys

    @Test
    void unknownKeyInDelivery() {
        assertProblems(dev, files("api.yaml", API + GITHUB + "  aproval: true\n"),
                "services/api.yaml: delivery.aproval: unknown key 'aproval' (did you mean 'approval'?); allowed keys here: "
                        + "approval, buildEnvironment, buildSecrets, buildspec, deploy, enabled, source, testListenerPort, testStage");
    }

    @Test
    void unknownKeyInTheSource() {
        assertProblems(dev, files("api.yaml", API + "delivery:\n  source: {type: github, repository: acme/api, branche: main}\n"),
                "services/api.yaml: delivery.source.branche: unknown key 'branche' (did you mean 'branch'?); allowed keys here: "
                        + "branch, from, repository, tag, type",
                "services/api.yaml: delivery.source.branch: is required: the branch whose commits are built and deployed, e.g. main");
    }

    @Test
    void unknownKeyInAnOverridesDelivery() {
        // nested keys of an override are checked when that environment loads, like every other setting
        assertProblems(prod, files("api.yaml", API + GITHUB + "environments:\n  prod:\n    delivery: {deploi: blue-green}\n"),
                "services/api.yaml: environments.prod.delivery.deploi: unknown key 'deploi' (did you mean 'deploy'?); allowed keys "
                        + "here: approval, buildEnvironment, buildSecrets, buildspec, deploy, enabled, source, testListenerPort, testStage");
    }

    // ---------------------------------------------------------------------------------------------
    // deploy

    @Test
    void blueGreenForAServiceWithoutALoadBalancer() {
        assertProblems(dev, files("api.yaml", API + GITHUB + "  deploy: blue-green\n"),
                "services/api.yaml: delivery.deploy: blue-green needs the service behind the load balancer (expose.type: public), "
                        + "got expose.type internal: CodeDeploy shifts load balancer traffic between two target groups; use deploy: rolling");
    }

    @Test
    void blueGreenWhereNobodyCouldReachTheTestListener() {
        var noNat = io.berth.testing.Fixtures.environment("dev", Map.of("berth:network", "{\"natGateways\":\"none\",\"vpcEndpoints\":true}"));
        assertProblems(noNat, files("web.yaml", WEB + GITHUB.replace("acme/api", "acme/web") + "  deploy: blue-green\n"),
                "services/web.yaml: delivery.deploy: blue-green serves each release on a test listener first, but nobody could reach it "
                        + "in dev: the load balancer is internet-facing and the VPC has no NAT gateway (berth:network.natGateways: none) "
                        + "to reach it from; name the networks your testers use in berth:delivery.testTrafficCidrs, or use deploy: rolling");
    }

    @Test
    void blueGreenWithoutNatGatewaysReachedFromNamedNetworks() throws IOException {
        var named = io.berth.testing.Fixtures.environment("dev", Map.of("berth:network", "{\"natGateways\":\"none\",\"vpcEndpoints\":true}",
                "berth:delivery", "{\"testTrafficCidrs\":[\"10.0.0.0/8\"]}"));
        assertThat(load(named, files("web.yaml", WEB + GITHUB.replace("acme/api", "acme/web") + "  deploy: blue-green\n"))
                .find("web").flatMap(ServiceSpec::delivery).orElseThrow().blueGreen()).isTrue();
    }

    @Test
    void blueGreenWithRequestScaling() {
        assertProblems(dev, files("web.yaml", WEB + "scaling: {min: 1, max: 3, requestsPerTarget: 100}\n"
                        + GITHUB.replace("acme/api", "acme/web") + "  deploy: blue-green\n"),
                "services/web.yaml: delivery.deploy: blue-green alternates two target groups, but scaling.requestsPerTarget follows "
                        + "only the first: after every other release it would read zero requests and scale in; scale on cpuTarget or memoryTarget");
    }

    @Test
    void testListenerPortOnlyForBlueGreen() {
        assertProblems(dev, files("api.yaml", API + GITHUB + "  testListenerPort: 9000\n"),
                "services/api.yaml: delivery.testListenerPort: applies only to deploy: blue-green");
    }

    @Test
    void twoBlueGreenServicesOnOneTestPort() {
        var shop = WEB.replace("web", "shop") + GITHUB.replace("acme/api", "acme/shop") + "  deploy: blue-green\n";
        var web = WEB + GITHUB.replace("acme/api", "acme/web") + "  deploy: blue-green\n";
        assertProblems(dev, files("shop.yaml", shop, "web.yaml", web),
                "services/web.yaml: delivery.testListenerPort: test listener port 8443 is also used by services/shop.yaml; "
                        + "each blue/green service needs its own port on the load balancer");
    }

    // ---------------------------------------------------------------------------------------------
    // builds

    @Test
    void deliveryNeedsTheServicesOwnRepository() {
        assertProblems(dev, files("api.yaml", "image: {external: public.ecr.aws/nginx/nginx}\nexpose: {type: internal}\n" + GITHUB),
                "services/api.yaml: delivery: a pipeline pushes the service's image to dev/<repository> in the environment's "
                        + "registry: set image.repository (this service runs an external image)");
    }

    @Test
    void credentialInAPlainBuildVariable() {
        assertProblems(dev, files("api.yaml", API + GITHUB + "  buildEnvironment: {NPM_TOKEN: abc123}\n"),
                "services/api.yaml: delivery.buildEnvironment.NPM_TOKEN: looks like a credential and would be stored in clear "
                        + "text in the build project; move it to buildSecrets as ssm:<parameter name> or secretsmanager:<secret name>");
    }

    @Test
    void buildSecretMustNameItsStore() {
        assertProblems(dev, files("api.yaml", API + GITHUB + "  buildSecrets: {NPM_TOKEN: abc123}\n"),
                "services/api.yaml: delivery.buildSecrets.NPM_TOKEN: must be ssm:<parameter name> or secretsmanager:<secret name "
                        + "or ARN>, got 'abc123'");
    }

    @Test
    void pipelinesWhoseArtifactPrefixesCollide() {
        var a = "image: {repository: pa, tag: \"1.0.0\"}\nexpose: {type: none}\ndelivery:\n  source: {type: github, repository: acme/a, branch: main}\n";
        assertProblems(dev, files("payments-gateway-a.yaml", a, "payments-gateway-b.yaml", a.replace("pa}", "pb}")),
                "services/payments-gateway-b.yaml: delivery: its pipeline would share the artifact prefix 'dev-payments-gateway' "
                        + "with services/payments-gateway-a.yaml's (CodePipeline keys artifacts by the first 20 characters of the "
                        + "pipeline name, and each pipeline may read only its own); shorten one service name");
    }

    @Test
    void testStageNeedsCommands() {
        assertProblems(dev, files("api.yaml", API + GITHUB + "  testStage: {enabled: true}\n"),
                "services/api.yaml: delivery.testStage: a test stage needs commands, e.g. commands: [\"make integration-test\"]; "
                        + "or set enabled: false");
    }

    // ---------------------------------------------------------------------------------------------
    // defaults and switches

    @Test
    void defaultsAndTheApprovalFollowTheEnvironment() throws IOException {
        var spec = delivery(dev, API + GITHUB);
        assertThat(spec.buildspec()).isEqualTo("buildspec.yml");
        assertThat(spec.deploy()).isEqualTo(DeliverySpec.Deploy.ROLLING);
        assertThat(spec.testStage()).isEmpty();
        assertThat(spec.approvalRequired(dev.delivery())).isFalse();
        assertThat(delivery(prod, API + "delivery:\n  source: {type: codecommit, repository: api, branch: main}\n")
                .approvalRequired(prod.delivery())).isTrue();
        assertThat(delivery(prod, API + "delivery:\n  source: {type: codecommit, repository: api, branch: main}\n  approval: false\n")
                .approvalRequired(prod.delivery())).isFalse();
    }

    @Test
    void aServiceCanSwitchItsPipelineOffInOneEnvironment() throws IOException {
        var catalog = load(dev, files("api.yaml", API + GITHUB + "environments:\n  dev:\n    delivery: {enabled: false}\n"));
        assertThat(catalog.find("api").orElseThrow().delivery()).isEmpty();
    }

    @Test
    void anEnvironmentWithDeliveryOffBuildsNoPipelineButStillChecksTheCatalog() throws IOException {
        var off = baseline().set(false, "berth:delivery", "enabled").load();
        assertThat(load(off, files("api.yaml", API + GITHUB)).find("api").orElseThrow().delivery()).isEmpty();
        assertProblems(off, files("api.yaml", API + GITHUB + "  deploy: blue-green\n"),
                "services/api.yaml: delivery.deploy: blue-green needs the service behind the load balancer (expose.type: public), "
                        + "got expose.type internal: CodeDeploy shifts load balancer traffic between two target groups; use deploy: rolling");
    }

    // ---------------------------------------------------------------------------------------------
    // berth:delivery in the stack file

    private static void assertStackProblem(io.berth.testing.TestConfigs.StackFile file, String... expected) {
        var e = catchThrowableOfType(ConfigException.class, () -> EnvironmentLoader.load("dev", file.raw()));
        assertThat(e).isNotNull();
        assertThat(e.problems()).containsExactly(expected);
    }

    @Test
    void unknownKeyInBerthDelivery() {
        assertStackProblem(baseline().set(true, "berth:delivery", "aproval"),
                "Pulumi.dev.yaml: berth:delivery.aproval: unknown key 'aproval' (did you mean 'approval'?); allowed keys here: "
                        + "approval, artifactRetentionDays, connections, enabled, testTrafficCidrs");
    }

    @Test
    void connectionForAProviderThatDoesNotExist() {
        assertStackProblem(baseline().set(Map.of(), "berth:delivery", "connections", "githup"),
                "Pulumi.dev.yaml: berth:delivery.connections.githup: unknown key 'githup' (did you mean 'github'?); allowed keys "
                        + "here: bitbucket, github, gitlab");
    }

    @Test
    void connectionArnThatIsNotOne() {
        assertStackProblem(baseline().set("acme", "berth:delivery", "connections", "github", "arn"),
                "Pulumi.dev.yaml: berth:delivery.connections.github.arn: must be a CodeStar connection ARN "
                        + "(arn:aws:codestar-connections:<region>:<account>:connection/<id>), got 'acme'");
    }

    @Test
    void testListenersOpenToTheInternet() {
        assertStackProblem(baseline().set(List.of("0.0.0.0/0"), "berth:delivery", "testTrafficCidrs"),
                "Pulumi.dev.yaml: berth:delivery.testTrafficCidrs: '0.0.0.0/0' opens the test listeners to the whole internet: "
                        + "they serve a release before anyone approved it; name the networks your testers use");
    }

    @Test
    void artifactRetentionOutOfRange() {
        assertStackProblem(baseline().set(0, "berth:delivery", "artifactRetentionDays"),
                "Pulumi.dev.yaml: berth:delivery.artifactRetentionDays: must be between 1 and 3650, got 0");
    }

    @Test
    void berthDeliveryDefaults() {
        var env = baseline().load();
        assertThat(env.delivery()).isEqualTo(DeliveryConfig.defaults(false));
        assertThat(env.delivery().enabled()).isTrue();
        assertThat(env.delivery().artifactRetentionDays()).isEqualTo(30);
        assertThat(prod.delivery().approval()).isTrue();
    }
}
