package io.berth.load;

import java.util.List;
import java.util.Optional;

/**
 * Environment variable names a service must not set (in {@code environment} or {@code secrets}):
 * the ones Amazon ECS sets in every task
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-environment-variables.html), whose
 * override would, for instance, point the SDK's container credential provider away from the task
 * role; and the ones through which the AWS SDKs take credentials before the task role
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-static-credentials.html and
 * feature-container-credentials.html), which would replace the task role's declared permissions.
 */
final class ReservedEnvironment {
    static final List<String> SET_BY_ECS = List.of("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "ECS_CONTAINER_METADATA_URI_V4",
            "ECS_CONTAINER_METADATA_URI", "ECS_AGENT_URI", "AWS_EXECUTION_ENV", "AWS_DEFAULT_REGION", "AWS_REGION");
    static final List<String> CREDENTIALS = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");

    private ReservedEnvironment() {
    }

    static Optional<String> problem(String name) {
        if (SET_BY_ECS.contains(name)) {
            return Optional.of("'" + name + "' is set by Amazon ECS in every task, and a value here would override it; "
                    + "remove it and read the value ECS sets");
        }
        if (CREDENTIALS.contains(name)) {
            return Optional.of("'" + name + "' would make the AWS SDKs use other credentials than the task role's; remove it "
                    + "and grant what the service needs under permissions");
        }
        return Optional.empty();
    }
}
