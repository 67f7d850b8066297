package io.berth.model;

import io.soabase.recordbuilder.core.RecordBuilder;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One service's pipeline in one environment: the catalog's {@code delivery:} with that
 * environment's override laid over it, defaults applied and validated.
 *
 * @param source          where releases come from: a repository and branch, or the previous environment
 * @param buildspec       path of the build specification in the service's repository; default
 *                        {@code buildspec.yml}. Source builds only: a promotion runs berth's own
 * @param buildEnvironment plain environment variables of a source build (never credentials)
 * @param buildSecrets    environment variables of a source build read from Parameter Store or Secrets Manager
 * @param testStage       an extra stage running these commands after the build; empty: no test stage
 * @param approval        a manual approval before the deploy stage; empty: the environment's default
 * @param deploy          how the image reaches the running service
 * @param testListenerPort blue/green only: the load balancer port serving the new version before the switch
 * @param promotionTags   tags this environment's pipeline puts on each deployed image because a later
 *                        environment promotes from here (computed from the other environments' overrides)
 */
@RecordBuilder
public record DeliverySpec(Source source, String buildspec, Map<String, String> buildEnvironment,
                           Map<String, BuildSecret> buildSecrets, List<String> testStage, Optional<Boolean> approval,
                           Deploy deploy, int testListenerPort, Set<String> promotionTags) {
    public static final String DEFAULT_BUILDSPEC = "buildspec.yml";
    public static final String DEFAULT_PROMOTION_TAG = "release";
    public static final int DEFAULT_TEST_LISTENER_PORT = 8443;

    public DeliverySpec {
        buildEnvironment = Map.copyOf(buildEnvironment);
        buildSecrets = Map.copyOf(buildSecrets);
        testStage = List.copyOf(testStage);
        promotionTags = Set.copyOf(promotionTags);
    }

    public enum Deploy {
        /** The ECS deploy action: a rolling deployment guarded by the circuit breaker. */
        ROLLING("rolling"),
        /** CodeDeploy blue/green: a replacement task set behind a second target group, then the switch. */
        BLUE_GREEN("blue-green");

        public final String configName;

        Deploy(String configName) {
            this.configName = configName;
        }
    }

    public enum SourceType {
        GITHUB("github"), BITBUCKET("bitbucket"), GITLAB("gitlab"), CODECOMMIT("codecommit"), PROMOTE("promote");

        public final String configName;

        SourceType(String configName) {
            this.configName = configName;
        }

        /** Reached through a CodeStar connection. */
        public boolean codestar() {
            return this == GITHUB || this == BITBUCKET || this == GITLAB;
        }
    }

    /**
     * @param type       github, bitbucket, gitlab (through a CodeStar connection), codecommit or promote
     * @param repository owner/name (CodeStar) or the CodeCommit repository name; empty for promote
     * @param branch     the branch whose commits are built; empty for promote
     * @param from       promote only: the earlier environment whose tested images this one deploys
     * @param tag        promote only: the tag that environment puts on images it has deployed
     */
    public record Source(SourceType type, Optional<String> repository, Optional<String> branch,
                         Optional<String> from, String tag) {
        public boolean promotion() {
            return type == SourceType.PROMOTE;
        }
    }

    /**
     * @param store     {@code PARAMETER_STORE} or {@code SECRETS_MANAGER}, CodeBuild's names
     * @param reference the parameter name or secret name/ARN CodeBuild resolves at build time
     * @param arn       what the build role may read
     */
    public record BuildSecret(String store, String reference, String arn) {
        public static final String PARAMETER_STORE = "PARAMETER_STORE";
        public static final String SECRETS_MANAGER = "SECRETS_MANAGER";

        /** Secrets Manager appends a random 6-character suffix to a secret's ARN: a name matches with -??????. */
        public String grantResource() {
            return store.equals(SECRETS_MANAGER) && !reference.startsWith("arn:") ? arn + "-??????" : arn;
        }
    }

    public boolean blueGreen() {
        return deploy == Deploy.BLUE_GREEN;
    }

    /** Whether the pipeline stops for a person before deploying, given the environment's default. */
    public boolean approvalRequired(DeliveryConfig env) {
        return approval.orElse(env.approval());
    }

    /** A builder holding these settings, to derive a changed copy. */
    public DeliverySpecBuilder toBuilder() {
        return DeliverySpecBuilder.builder(this);
    }
}
