package io.berth.model;

import io.soabase.recordbuilder.core.RecordBuilder;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service of the catalog as it runs in one environment: {@code services/<name>.yaml} with that
 * environment's override laid over it, defaults applied and validated. Defaults are the constants
 * of {@code io.berth.load.CatalogLoader} (named, not imported: model does not depend on load).
 * {@code delivery} is the service's pipeline in this environment, if it has one (and the
 * environment builds pipelines).
 */
@RecordBuilder
public record ServiceSpec(
        String name,
        String file,
        String description,
        String owner,
        Image image,
        int port,
        int cpu,
        int memoryMiB,
        String cpuArchitecture,
        List<String> command,
        Map<String, String> environment,
        Map<String, Secret> secrets,
        HealthCheck healthCheck,
        Exposure expose,
        List<String> calls,
        Scaling scaling,
        Deployment deployment,
        CapacityStrategy capacity,
        boolean spotOnlyDeclared,
        ContainerSecurity security,
        List<Permission> permissions,
        Optional<String> hostGroup,
        Placement placement,
        Optional<io.berth.model.DeliverySpec> delivery,
        Alarms alarms,
        List<Egress> egress,
        List<Bucket> buckets,
        List<DeclaredQueue> queues,

        Kind kind,
        Optional<Job> job,
        Optional<WorkQueue> queue,
        List<String> sends) {

    public enum ExposureType { PUBLIC, INTERNAL, NONE }

    /**
     * What berth runs for the entry (catalog {@code kind}). Default: {@code service}.
     * SERVICE: a long-running ECS service. JOB: no ECS service; a schedule starts one task at a time
     * ({@link Job}). WORKER: an ECS service that owns an SQS queue and scales on its backlog ({@link WorkQueue}).
     */
    public enum Kind { SERVICE, JOB, WORKER }

    /** Whether this entry is a scheduled job (no ECS service, no load balancer, no autoscaling). */
    public boolean isJob() {
        return kind == Kind.JOB;
    }

    /** Whether this entry is a queue worker (owns the queue {@code <env>-<service>}). */
    public boolean isWorker() {
        return kind == Kind.WORKER;
    }

    /**
     * A scheduled job (catalog {@code job:}): EventBridge Scheduler starts a Step Functions execution
     * that runs one ECS task and waits for it.
     *
     * @param schedule              cron(...) or rate(...), EventBridge Scheduler syntax; required
     * @param timezone              the zone cron(...) is read in. Default: {@value #DEFAULT_TIMEZONE}
     * @param flexibleWindowMinutes how late Scheduler may start a run, to spread load; 0 is exactly on time.
     *                              Default: {@value #DEFAULT_FLEXIBLE_WINDOW_MINUTES}
     * @param retries               how often a failed run (task exit code not 0, task stopped) is tried again.
     *                              Default: {@value #DEFAULT_RETRIES}
     * @param maxRunMinutes         a run still going after this is stopped and counts as failed.
     *                              Default: {@value #DEFAULT_MAX_RUN_MINUTES}
     * @param overlap               skip: a run does nothing while a task of the job still runs; allow: it starts
     *                              another. Default: skip
     * @param enabled               derived, not a catalog key: false for the DR replica's copy while the replica is
     *                              passive (the primary runs the job; the schedule is created DISABLED)
     */
    @RecordBuilder
    public record Job(String schedule, String timezone, int flexibleWindowMinutes, int retries, int maxRunMinutes,
                      Overlap overlap, boolean enabled) {
        public static final String DEFAULT_TIMEZONE = "UTC";
        public static final int DEFAULT_FLEXIBLE_WINDOW_MINUTES = 0;
        public static final int DEFAULT_RETRIES = 2;
        public static final int DEFAULT_MAX_RUN_MINUTES = 60;
        public static final Overlap DEFAULT_OVERLAP = Overlap.SKIP;

        /** A builder holding these settings, to derive a changed copy. */
        public ServiceSpecJobBuilder toBuilder() {
            return ServiceSpecJobBuilder.builder(this);
        }
    }

    /** What a job's run does while an earlier run's task is still running. */
    public enum Overlap { SKIP, ALLOW }

    /**
     * A worker's queue (catalog {@code queue:}), named {@code <env>-<service>}, with a dead-letter queue
     * {@code <env>-<service>-dlq}, both encrypted (SSE-SQS).
     *
     * @param retentionDays            how long an unprocessed message is kept. Default: {@value #DEFAULT_RETENTION_DAYS}
     * @param visibilityTimeoutSeconds how long a received message stays hidden from other tasks.
     *                                 Default: {@value #DEFAULT_VISIBILITY_TIMEOUT_SECONDS}
     * @param maxReceiveCount          receives before a message moves to the dead-letter queue.
     *                                 Default: {@value #DEFAULT_MAX_RECEIVE_COUNT}
     * @param backlogPerTask           visible messages per running task that autoscaling aims at.
     *                                 Default: {@value #DEFAULT_BACKLOG_PER_TASK}
     */
    @RecordBuilder
    public record WorkQueue(int retentionDays, int visibilityTimeoutSeconds, int maxReceiveCount, int backlogPerTask) {
        public static final int DEFAULT_RETENTION_DAYS = 4;
        public static final int DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 60;
        public static final int DEFAULT_MAX_RECEIVE_COUNT = 5;
        public static final int DEFAULT_BACKLOG_PER_TASK = 10;
        /** The dead-letter queue keeps messages as long as SQS allows: 14 days. */
        public static final int DEAD_LETTER_RETENTION_DAYS = 14;
        public static final WorkQueue DEFAULTS = new WorkQueue(DEFAULT_RETENTION_DAYS, DEFAULT_VISIBILITY_TIMEOUT_SECONDS,
                DEFAULT_MAX_RECEIVE_COUNT, DEFAULT_BACKLOG_PER_TASK);

        /** A builder holding these settings, to derive a changed copy. */
        public ServiceSpecWorkQueueBuilder toBuilder() {
            return ServiceSpecWorkQueueBuilder.builder(this);
        }
    }

    /** A builder holding this service's settings, to derive a changed copy (the DR replica, tests). */
    public ServiceSpecBuilder toBuilder() {
        return ServiceSpecBuilder.builder(this);
    }

    /**
     * Either a repository of the environment's registry ({@code repository}, created by berth) or
     * an external image reference ({@code external}); {@code tag} is the initial tag.
     */
    @RecordBuilder
    public record Image(Optional<String> repository, Optional<String> external, String tag) {
        /** A builder holding these settings, to derive a changed copy. */
        public ServiceSpecImageBuilder toBuilder() {
            return ServiceSpecImageBuilder.builder(this);
        }

    }

    /**
     * A secret injected by the task execution role: an SSM parameter or a Secrets Manager secret.
     *
     * @param byName the catalog named the secret rather than giving its full ARN
     */
    public record Secret(String source, String arn, Optional<String> kmsKeyArn, boolean byName) {
        public static final String SSM = "ssm";
        public static final String SECRETS_MANAGER = "secretsmanager";

        /**
         * The resource to grant {@code GetSecretValue} on. Secrets Manager appends a random
         * 6-character suffix to a secret's ARN, so a secret known by name is matched with
         * {@code -??????}; a full ARN is granted as given.
         */
        public String grantResource() {
            return source.equals(SECRETS_MANAGER) && byName ? arn + "-??????" : arn;
        }
    }

    @RecordBuilder
    public record HealthCheck(String path, String matcher, int intervalSeconds, int timeoutSeconds,
                              int healthyThreshold, int unhealthyThreshold, int gracePeriodSeconds,
                              List<String> containerCommand) {
        /** A builder holding these settings, to derive a changed copy. */
        public ServiceSpecHealthCheckBuilder toBuilder() {
            return ServiceSpecHealthCheckBuilder.builder(this);
        }

    }

    /** How the service is reached: behind the load balancer, through service discovery, or not at all. */
    @RecordBuilder
    public record Exposure(ExposureType type, List<String> paths, List<String> hosts, Optional<Integer> priority) {
        /** A builder holding these settings, to derive a changed copy. */
        public ServiceSpecExposureBuilder toBuilder() {
            return ServiceSpecExposureBuilder.builder(this);
        }

        public boolean isPublic() {
            return type == ExposureType.PUBLIC;
        }

        public boolean hasPort() {
            return type != ExposureType.NONE;
        }
    }

    public record Schedule(String name, String schedule, String timezone, int min, int max) {
    }

    /**
     * @param min / max          task count range; desiredCount starts at min and then belongs to
     *                           Application Auto Scaling
     * @param cpuTarget          target average CPU percent, or empty
     * @param memoryTarget       target average memory percent, or empty
     * @param requestsPerTarget  target ALB requests per task per minute (public services), or empty
     */
    @RecordBuilder
    public record Scaling(int min, int max, Optional<Integer> cpuTarget, Optional<Integer> memoryTarget,
                          Optional<Integer> requestsPerTarget, List<Schedule> schedules) {
        /** A builder holding these settings, to derive a changed copy. */
        public ServiceSpecScalingBuilder toBuilder() {
            return ServiceSpecScalingBuilder.builder(this);
        }

        /** Autoscaling owns the task count whenever the range or a schedule can change it. */
        public boolean autoscaled() {
            return min != max || !schedules.isEmpty();
        }
    }

    /**
     * @param rollbackOnAlarm a release that sets off one of the service's deployment alarms is rolled back:
     *                        ECS deployment alarms on a rolling service behind the load balancer, CodeDeploy's
     *                        alarm configuration on a blue/green one. Default: {@value #DEFAULT_ROLLBACK_ON_ALARM}
     * @param trafficShift    blue/green only: how CodeDeploy moves production traffic to the new version
     *                        ({@link TrafficShift}). Default: {@value TrafficShift#ALL_AT_ONCE}
     */
    @RecordBuilder
    public record Deployment(int minimumHealthyPercent, int maximumPercent, int stopTimeoutSeconds,
                             int deregistrationDelaySeconds, boolean execEnabled, boolean rollbackOnAlarm,
                             TrafficShift trafficShift) {
        public static final boolean DEFAULT_ROLLBACK_ON_ALARM = true;

        /** A builder holding these settings, to derive a changed copy. */
        public ServiceSpecDeploymentBuilder toBuilder() {
            return ServiceSpecDeploymentBuilder.builder(this);
        }

    }

    /**
     * @param user       the uid:gid the container runs as; empty only when the service opts out of non-root
     * @param privileged a privileged container: only on a host group that allows it
     */
    @RecordBuilder
    public record ContainerSecurity(boolean readOnlyRootFilesystem, Optional<String> user, boolean privileged) {
        /** A builder holding these settings, to derive a changed copy. */
        public ServiceSpecContainerSecurityBuilder toBuilder() {
            return ServiceSpecContainerSecurityBuilder.builder(this);
        }

    }

    /**
     * Where tasks of a host-group service go inside the group (never on Fargate, AWS rule 12).
     *
     * @param strategies       ordered placement strategies: spread-az, spread-instance, binpack-memory,
     *                         binpack-cpu, random (at most 5, AWS rule 14)
     * @param distinctInstance at most one task of the service per instance
     */
    public record Placement(List<String> strategies, boolean distinctInstance) {
        public static final Placement NONE = new Placement(List.of(), false);
        /** Placement strategy names of the catalog, to ECS's (type, field). */
        public static final Map<String, List<String>> STRATEGIES = new java.util.TreeMap<>(Map.of(
                "spread-az", List.of("spread", "attribute:ecs.availability-zone"),
                "spread-instance", List.of("spread", "instanceId"),
                "binpack-memory", List.of("binpack", "memory"),
                "binpack-cpu", List.of("binpack", "cpu"),
                "random", List.of("random", "")));
    }

    /** Runs on an EC2 host group instead of Fargate. */
    public boolean onHostGroup() {
        return hostGroup.isPresent();
    }

    /**
     * The service's alarms (catalog {@code alarms:}), notifying its owner's topic and the
     * environment's. Thresholds apply to one-minute data points over {@code evaluationMinutes}.
     *
     * @param enabled           Default: on
     * @param cpuPercent        average CPU above this alarms. Default: {@value #DEFAULT_CPU_PERCENT}
     * @param memoryPercent     average memory above this alarms. Default: {@value #DEFAULT_MEMORY_PERCENT}
     * @param errorRatePercent  public services: target 5xx responses above this share of requests.
     *                          Default: {@value #DEFAULT_ERROR_RATE_PERCENT}
     * @param p99LatencyMillis  public services: 99th-percentile target response time above this.
     *                          Default: {@value #DEFAULT_P99_LATENCY_MILLIS}
     * @param evaluationMinutes how long a threshold must be crossed. Default: {@value #DEFAULT_EVALUATION_MINUTES}
     */
    @RecordBuilder
    public record Alarms(boolean enabled, int cpuPercent, int memoryPercent, int errorRatePercent, int p99LatencyMillis,
                         int evaluationMinutes) {
        public static final int DEFAULT_CPU_PERCENT = 90;
        public static final int DEFAULT_MEMORY_PERCENT = 90;
        public static final int DEFAULT_ERROR_RATE_PERCENT = 5;
        public static final int DEFAULT_P99_LATENCY_MILLIS = 2000;
        public static final int DEFAULT_EVALUATION_MINUTES = 5;
        public static final Alarms DEFAULTS = new Alarms(true, DEFAULT_CPU_PERCENT, DEFAULT_MEMORY_PERCENT,
                DEFAULT_ERROR_RATE_PERCENT, DEFAULT_P99_LATENCY_MILLIS, DEFAULT_EVALUATION_MINUTES);
    }

    /**
     * One security-group egress rule the catalog declares ({@code egress:}, one per port or port
     * range of a declaration), on top of TCP 443 to anywhere and the declared {@code calls}.
     * Default: none.
     *
     * @param to          an IPv4 or IPv6 CIDR block, a prefix list ({@code pl-...}) or a security group ({@code sg-...})
     * @param protocol    {@code tcp} or {@code udp}
     * @param fromPort    first port of the range
     * @param toPort      last port of the range ({@code fromPort} for a single port)
     * @param description what the traffic is for (the rule's description)
     */
    public record Egress(String to, String protocol, int fromPort, int toPort, String description) {
        public static final String WORLD_IPV4 = "0.0.0.0/0";
        public static final String WORLD_IPV6 = "::/0";

        public boolean prefixList() {
            return to.startsWith("pl-");
        }

        public boolean securityGroup() {
            return to.startsWith("sg-");
        }

        public boolean ipv6() {
            return !prefixList() && !securityGroup() && to.contains(":");
        }

        /** To every address: allowed beyond TCP 443 only where the environment allows it. */
        public boolean world() {
            return to.equals(WORLD_IPV4) || to.equals(WORLD_IPV6);
        }

        /** What the rule allows, independent of its place in the catalog: its resource names are keyed by it. */
        public String key() {
            return to + "|" + protocol + "|" + fromPort + "-" + toPort;
        }

        /** {@code 5432} or {@code 8000-8100}. */
        public String ports() {
            return fromPort == toPort ? String.valueOf(fromPort) : fromPort + "-" + toPort;
        }
    }

    /**
     * A bucket the service owns ({@code buckets:}), created in each environment (and in the DR region
     * where the environment has a replica), granted to the task role only. Default: none.
     *
     * @param name              the catalog's name (placeholder {@code {bucket:<name>}})
     * @param access            what the task role may do on it. Default: read-write
     * @param bucketName        the physical name in this region ({@link Names#bucket})
     * @param expireDays        objects expire after this many days. Default: kept
     * @param versioned         object versions are kept (replication needs it on both sides)
     * @param replicaBucketName the DR region's copy objects replicate to, where the environment has a replica
     */
    public record Bucket(String name, Access access, String bucketName, Optional<Integer> expireDays, boolean versioned,
                         Optional<String> replicaBucketName) {
        public static final Access DEFAULT_ACCESS = Access.READ_WRITE;
        /** Non-current object versions of a versioned bucket expire after {@value} days. */
        public static final int NONCURRENT_VERSION_DAYS = 30;

        public String arn() {
            return "arn:aws:s3:::" + bucketName;
        }

        /** The task role's statement ids for this bucket: {@code Bucket<Name>Objects}, {@code Bucket<Name>List}. */
        public List<String> grantSids() {
            var camel = java.util.Arrays.stream(name.split("-")).filter(p -> !p.isEmpty())
                    .map(p -> Character.toUpperCase(p.charAt(0)) + p.substring(1)).collect(java.util.stream.Collectors.joining());
            return List.of("Bucket" + camel + "Objects", "Bucket" + camel + "List");
        }
    }

    /**
     * An SQS queue the service owns ({@code queues:}), on any kind of entry, named
     * {@code <env>-<service>-<name>} ({@link Names#declaredQueue}), with a dead-letter queue {@code <queue>-dlq};
     * both encrypted (SSE-SQS), protected in production. The task role may send to it and consume it (its ARN
     * only). Default: none. The settings take {@link WorkQueue}'s defaults.
     *
     * @param name                     the catalog's name (placeholder {@code {queue:<service>/<name>}})
     * @param queueName                the physical name ({@link Names#declaredQueue})
     * @param retentionDays            how long an unprocessed message is kept. Default: {@value WorkQueue#DEFAULT_RETENTION_DAYS}
     * @param visibilityTimeoutSeconds how long a received message stays hidden. Default: {@value WorkQueue#DEFAULT_VISIBILITY_TIMEOUT_SECONDS}
     * @param maxReceiveCount          receives before a message moves to the dead-letter queue.
     *                                 Default: {@value WorkQueue#DEFAULT_MAX_RECEIVE_COUNT}
     */
    public record DeclaredQueue(String name, String queueName, int retentionDays, int visibilityTimeoutSeconds, int maxReceiveCount) {
        /** The task role's statement id for this queue: {@code Queue<Name>} in CamelCase. */
        public String grantSid() {
            return "Queue" + java.util.Arrays.stream(name.split("-")).filter(p -> !p.isEmpty())
                    .map(p -> Character.toUpperCase(p.charAt(0)) + p.substring(1)).collect(java.util.stream.Collectors.joining());
        }
    }

    /** What a service may do on a bucket it owns: object actions on {@code <arn>/*}, listing on the bucket. */
    public enum Access {
        READ_WRITE("read-write", List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"), true),
        READ_ONLY("read-only", List.of("s3:GetObject"), true),
        WRITE_ONLY("write-only", List.of("s3:PutObject", "s3:AbortMultipartUpload"), false);

        public final String configName;
        public final List<String> objectActions;
        public final boolean lists;

        Access(String configName, List<String> objectActions, boolean lists) {
            this.configName = configName;
            this.objectActions = objectActions;
            this.lists = lists;
        }

        public static Optional<Access> of(String configName) {
            return java.util.Arrays.stream(values()).filter(a -> a.configName.equals(configName)).findFirst();
        }
    }

    /** A statement of the task role: what the application itself may do. */
    public record Permission(String sid, List<String> actions, List<String> resources) {
    }
}
