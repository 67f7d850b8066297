package io.berth.model;

/**
 * Naming rules every layer shares, so a name is computed in one place only. Logical names are part
 * of each resource's URN: changing a rule here renames (and so replaces) resources in every live
 * stack unless the components add aliases.
 */
public final class Names {
    /** CodePipeline keeps a pipeline's artifacts under the first 20 characters of its name. */
    public static final int ARTIFACT_PREFIX_LENGTH = 20;

    private Names() {
    }

    /** {@code <env>-<service>}: the prefix of everything one service owns in one environment. */
    public static String scoped(String environment, String service) {
        return environment + "-" + service;
    }

    /** The S3 key prefix CodePipeline uses for a pipeline's artifacts: the first 20 characters of its name. */
    public static String artifactPrefix(String pipelineName) {
        return pipelineName.substring(0, Math.min(ARTIFACT_PREFIX_LENGTH, pipelineName.length()));
    }
}
