package io.berth.model;

import io.berth.model.DeliverySpec.BuildSecret;
import io.berth.model.DeliverySpec.Deploy;
import io.berth.model.DeliverySpec.Source;
import io.berth.model.DeliverySpec.SourceType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DeliverySpecTest {
    private static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:ci/npm-token";

    private static DeliverySpec spec(Deploy deploy, Optional<Boolean> approval) {
        var source = new Source(SourceType.GITHUB, Optional.of("acme/api"), Optional.of("main"), Optional.empty(), "release");
        return new DeliverySpec(source, "buildspec.yml", Map.of(), Map.of(), List.of(), approval, deploy, 8443, Set.of());
    }

    @Test
    void aSecretsManagerSecretKnownByNameIsGrantedWithTheRandomSuffixWildcard() {
        var secret = new BuildSecret(BuildSecret.SECRETS_MANAGER, "ci/npm-token", SECRET_ARN);

        assertThat(secret.grantResource()).isEqualTo(SECRET_ARN + "-??????");
    }

    @Test
    void aSecretsManagerSecretGivenByArnIsGrantedAsGiven() {
        var secret = new BuildSecret(BuildSecret.SECRETS_MANAGER, SECRET_ARN, SECRET_ARN);

        assertThat(secret.grantResource()).isEqualTo(SECRET_ARN);
    }

    @Test
    void aParameterIsGrantedAsGiven() {
        var arn = "arn:aws:ssm:eu-west-1:111111111111:parameter/ci/token";
        var secret = new BuildSecret(BuildSecret.PARAMETER_STORE, "/ci/token", arn);

        assertThat(secret.grantResource()).isEqualTo(arn);
    }

    @Test
    void blueGreenDeploysAreBlueGreen() {
        assertThat(spec(Deploy.BLUE_GREEN, Optional.empty()).blueGreen()).isTrue();
    }

    @Test
    void rollingDeploysAreNotBlueGreen() {
        assertThat(spec(Deploy.ROLLING, Optional.empty()).blueGreen()).isFalse();
    }

    @Test
    void theServiceCanSkipAnApprovalTheEnvironmentWants() {
        assertThat(spec(Deploy.ROLLING, Optional.of(false)).approvalRequired(DeliveryConfig.defaults(true))).isFalse();
    }

    @Test
    void theServiceCanAskForAnApprovalTheEnvironmentDoesNotWant() {
        assertThat(spec(Deploy.ROLLING, Optional.of(true)).approvalRequired(DeliveryConfig.defaults(false))).isTrue();
    }

    @Test
    void withoutItsOwnChoiceTheServiceFollowsTheEnvironment() {
        assertThat(spec(Deploy.ROLLING, Optional.empty()).approvalRequired(DeliveryConfig.defaults(true))).isTrue();
    }

    @Test
    void gitHubBitbucketAndGitLabAreReachedThroughCodeStar() {
        assertThat(SourceType.GITHUB.codestar()).isTrue();
        assertThat(SourceType.BITBUCKET.codestar()).isTrue();
        assertThat(SourceType.GITLAB.codestar()).isTrue();
    }

    @Test
    void codeCommitAndPromotionAreNotReachedThroughCodeStar() {
        assertThat(SourceType.CODECOMMIT.codestar()).isFalse();
        assertThat(SourceType.PROMOTE.codestar()).isFalse();
    }

    @Test
    void aPromoteSourceIsAPromotion() {
        var source = new Source(SourceType.PROMOTE, Optional.empty(), Optional.empty(), Optional.of("dev"), "release");

        assertThat(source.promotion()).isTrue();
    }

    @Test
    void aRepositorySourceIsNotAPromotion() {
        var source = new Source(SourceType.CODECOMMIT, Optional.of("api"), Optional.of("main"), Optional.empty(), "release");

        assertThat(source.promotion()).isFalse();
    }

    @Test
    void environmentsWithoutDeliverySettingsBuildPipelinesAndApproveOnlyInProduction() {
        assertThat(DeliveryConfig.defaults(true)).isEqualTo(new DeliveryConfig(true, true, Map.of(), 30, List.of()));
        assertThat(DeliveryConfig.defaults(false)).isEqualTo(new DeliveryConfig(true, false, Map.of(), 30, List.of()));
    }
}
