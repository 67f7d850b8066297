package io.berth.model;

/** Names shared by the delivery code, the plan summary and the tests. */
public final class DeliveryNames {
    /** The tag the policy pack requires on privileged CodeBuild projects (codebuild-privileged-only-image-builders). */
    public static final String IMAGE_BUILDER_TAG = "berth:builds-images";
    public static final String EXECUTION_FAILED = "codepipeline-pipeline-pipeline-execution-failed";
    public static final String EXECUTION_SUCCEEDED = "codepipeline-pipeline-pipeline-execution-succeeded";
    public static final String NOTIFICATIONS_PRINCIPAL = "codestar-notifications.amazonaws.com";

    private DeliveryNames() {
    }
}
