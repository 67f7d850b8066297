package io.berth.load;

/** Rules the service's {@code secrets} and the pipeline's {@code buildSecrets} share. */
final class SecretReferences {
    private SecretReferences() {
    }

    /** {@code ssm:} or {@code secretsmanager:} with nothing after it. */
    static String emptyProblem(String written) {
        return written.startsWith("ssm:")
                ? "'" + written + "' names no parameter; write ssm:<parameter name>, e.g. ssm:/berth/{env}/api/token"
                : "'" + written + "' names no secret; write secretsmanager:<secret name or ARN>, e.g. secretsmanager:berth/{env}/api/db-password";
    }
}
