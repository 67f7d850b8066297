package io.berth.support;

import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.resources.CustomResourceOptions;
import io.berth.diff.AliasUrns;
import io.berth.plan.Plan;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The support layer's values as the engine sees them: trust and topic policies (exact JSON), the
 * providers (STS region for the primary while its region is down) and the aliases of moved resources,
 * in one small run: providers {@code plain} and {@code sts}, a log group {@code moved} that was
 * {@code old-logs} under a former {@code berth:test:Gone} component, and a component-level alias.
 */
@Timeout(120)
class SupportValuesTest {
    static Plan plan;

    @BeforeAll
    static void plan() {
        var env = Fixtures.environment();
        plan = Fixtures.component(env, ctx -> {
            var plain = Providers.forRegion("plain", env.account(), "eu-west-1");
            Providers.forRegion("sts", env.account(), "eu-west-1", Optional.of("eu-central-1"));
            new LogGroup("moved", LogGroupArgs.builder().name("moved").build(), CustomResourceOptions.builder()
                    .provider(plain).aliases(FormerNames.under("berth:test:Gone", "dev", "old-logs")).build());
            new LogGroup("renamed", LogGroupArgs.builder().name("renamed").build(), CustomResourceOptions.builder()
                    .provider(plain).aliases(FormerNames.topLevel("berth:test:Old", "old-name")).build());
        });
    }

    @Test
    void aTrustPolicyLetsTheServiceAssumeTheRole() {
        assertThat(PolicyDocument.trust("ecs-tasks.amazonaws.com")).isEqualTo("{\"Statement\":[{\"Action\":\"sts:AssumeRole\","
                + "\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"}}],\"Version\":\"2012-10-17\"}");
    }

    @Test
    void aTrustPolicyFromAnAccountHoldsTheSourceAccountCondition() {
        assertThat(PolicyDocument.trustFromAccount("codebuild.amazonaws.com", "111111111111")).isEqualTo(
                "{\"Statement\":[{\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"111111111111\"}},"
                        + "\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"codebuild.amazonaws.com\"}}],\"Version\":\"2012-10-17\"}");
    }

    @Test
    void aTopicPolicyLetsTheServicesPublishForThisAccountOnly() {
        assertThat(PolicyDocument.topicPublishFromAccount("Alarms", List.of("cloudwatch.amazonaws.com", "events.amazonaws.com"),
                "arn:aws:sns:eu-west-1:111111111111:t", "111111111111")).isEqualTo(
                "{\"Statement\":[{\"Action\":\"sns:Publish\",\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"111111111111\"}},"
                        + "\"Effect\":\"Allow\",\"Principal\":{\"Service\":[\"cloudwatch.amazonaws.com\",\"events.amazonaws.com\"]},"
                        + "\"Resource\":\"arn:aws:sns:eu-west-1:111111111111:t\",\"Sid\":\"Alarms\"}],\"Version\":\"2012-10-17\"}");
    }

    @Test
    void aProviderChecksItsIdentityInItsOwnRegionUnlessToldOtherwise() {
        assertThat(plan.named("plain").inputs()).doesNotContainKey("stsRegion").containsEntry("region", "eu-west-1");
        assertThat(plan.named("sts").inputs()).containsEntry("region", "eu-west-1").containsEntry("stsRegion", "eu-central-1");
    }

    @Test
    void aMovedResourceKeepsTheUrnItHadUnderItsFormerParent() {
        var urn = plan.named("moved").urn();
        var prefix = urn.substring(0, urn.indexOf("::", urn.indexOf("::") + 2) + 2);
        assertThat(AliasUrns.of(plan.named("moved"))).containsExactly(prefix + "berth:test:Gone$aws:cloudwatch/logGroup:LogGroup::old-logs");
        assertThat(AliasUrns.of(plan.named("renamed"))).containsExactly(prefix + "berth:test:Old::old-name");
        assertThat(plan.named("moved").provider()).startsWith(prefix + "pulumi:providers:aws::plain::");
    }
}
