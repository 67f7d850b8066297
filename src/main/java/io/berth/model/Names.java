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

    /** {@code <env>-dr}: the prefix of the DR replica's copy of everything (its components and resources). */
    public static String replica(String environment) {
        return environment + "-dr";
    }

    /** {@code <env>-<service>}: the queue a worker owns (SQS names: at most 80 of letters, digits, - and _). */
    public static String queue(String environment, String service) {
        return scoped(environment, service);
    }

    /** {@code <env>-<service>-<name>}: a queue a service declares ({@code queues:}). */
    public static String declaredQueue(String environment, String service, String name) {
        return queue(environment, service) + "-" + name;
    }

    /** {@code <queue>-dlq}: where a queue's messages go after too many failed receives. */
    public static String deadLetterQueue(String queueName) {
        return queueName + "-dlq";
    }

    /** The URL of a queue of this account and region (SQS's own form, which the SDKs accept). */
    public static String queueUrl(String region, String account, String queueName) {
        return "https://sqs." + region + ".amazonaws.com/" + account + "/" + queueName;
    }

    /** The ARN of a queue of this account and region. */
    public static String queueArn(String region, String account, String queueName) {
        return "arn:aws:sqs:" + region + ":" + account + ":" + queueName;
    }

    /** AWS's limit on a target group's name. */
    public static final int TARGET_GROUP_NAME_LENGTH = 32;
    /** A component name that fits here keeps its whole name, {@code -} and 7 hash characters. */
    static final int TARGET_GROUP_FULL_LENGTH = TARGET_GROUP_NAME_LENGTH - 8;
    /** A longer one is cut to 20 characters and gets 11 hash characters (44 bits) over its whole name. */
    static final int TARGET_GROUP_CUT_LENGTH = TARGET_GROUP_NAME_LENGTH - 12;

    /**
     * The name of a service's target group, at most 32 characters (AWS rule 19), too short for
     * Pulumi's auto-naming of {@code <env>[-dr]-<service>-tg}: {@code <component>-<hash>}, the hash
     * taken over the properties that force a replacement (port, protocol, target type), so that a
     * replacement gets a new name and can be created before the old one is deleted.
     *
     * <p>A component longer than 24 characters is cut to 20, and then its full name goes into a
     * longer hash (11 characters): two services that share a prefix ({@code prod-dr-customer-profile-api}
     * and {@code -web}) get different names, and a collision of 44 bits is not a practical concern.
     * Components that fit keep the name they always had, so no shipped name changes. The loader
     * still checks that no two names of a region collide, so one never reaches AWS.
     *
     * @param component {@code <env>-<service>} or {@code <env>-dr-<service>}
     * @param variant   empty for the service's target group; another role (CodeDeploy's green one,
     *                  {@code -tg-green}) goes into the hash, so the two names differ
     */
    public static String targetGroup(String component, int port, String variant) {
        var cut = component.length() > TARGET_GROUP_FULL_LENGTH;
        var base = cut ? component.substring(0, TARGET_GROUP_CUT_LENGTH) : component;
        while (base.endsWith("-")) {
            base = base.substring(0, base.length() - 1);
        }
        var hashed = (cut ? component + "|" : "") + port + "|HTTP|ip" + (variant.isEmpty() ? "" : "|" + variant);
        return base + "-" + Hashes.sha256Hex(hashed).substring(0, cut ? 11 : 7);
    }

    /** The S3 key prefix CodePipeline uses for a pipeline's artifacts: the first 20 characters of its name. */
    public static String artifactPrefix(String pipelineName) {
        return pipelineName.substring(0, Math.min(ARTIFACT_PREFIX_LENGTH, pipelineName.length()));
    }

    /** S3's limit on a bucket's name (AWS rule 19). */
    public static final int BUCKET_NAME_LENGTH = 63;

    /**
     * The globally unique name of a bucket a service owns, in one region:
     * {@code berth-<env>-<service>-<bucket>-<account>-<region>} (the convention of berth's other
     * buckets). Where that exceeds 63 characters, the {@code berth-<env>-<service>-<bucket>} part is
     * cut and followed by 7 hash characters over it whole, so two long names never meet; account and
     * region are always kept whole, so the primary's and the DR replica's copies always differ.
     */
    public static String bucket(String environment, String service, String bucket, String account, String region) {
        var head = "berth-" + environment + "-" + service + "-" + bucket;
        var tail = "-" + account + "-" + region;
        if (head.length() + tail.length() <= BUCKET_NAME_LENGTH) {
            return head + tail;
        }
        var cut = head.substring(0, BUCKET_NAME_LENGTH - tail.length() - 8);
        while (cut.endsWith("-")) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "-" + Hashes.sha256Hex(head).substring(0, 7) + tail;
    }
}
