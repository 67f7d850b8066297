package io.berth.service;

import com.pulumi.aws.appautoscaling.Policy;
import com.pulumi.aws.appautoscaling.PolicyArgs;
import com.pulumi.aws.appautoscaling.ScheduledAction;
import com.pulumi.aws.appautoscaling.ScheduledActionArgs;
import com.pulumi.aws.appautoscaling.Target;
import com.pulumi.aws.appautoscaling.TargetArgs;
import com.pulumi.aws.appautoscaling.inputs.PolicyTargetTrackingScalingPolicyConfigurationArgs;
import com.pulumi.aws.appautoscaling.inputs.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs;
import com.pulumi.aws.appautoscaling.inputs.ScheduledActionScalableTargetActionArgs;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.ecs.ServiceArgs;
import com.pulumi.aws.ecs.TaskDefinition;
import com.pulumi.aws.ecs.TaskDefinitionArgs;
import com.pulumi.aws.ecs.inputs.ServiceAlarmsArgs;
import com.pulumi.aws.ecs.inputs.ServiceCapacityProviderStrategyArgs;
import com.pulumi.aws.ecs.inputs.ServiceDeploymentCircuitBreakerArgs;
import com.pulumi.aws.ecs.inputs.ServiceDeploymentControllerArgs;
import com.pulumi.aws.ecs.inputs.ServiceLoadBalancerArgs;
import com.pulumi.aws.ecs.inputs.ServiceNetworkConfigurationArgs;
import com.pulumi.aws.ecs.inputs.ServiceServiceRegistriesArgs;
import com.pulumi.aws.ecs.inputs.ServiceOrderedPlacementStrategyArgs;
import com.pulumi.aws.ecs.inputs.ServicePlacementConstraintArgs;
import com.pulumi.aws.ecs.inputs.TaskDefinitionPlacementConstraintArgs;
import com.pulumi.aws.ecs.inputs.TaskDefinitionRuntimePlatformArgs;
import com.pulumi.aws.ecs.inputs.TaskDefinitionVolumeArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.lb.ListenerRule;
import com.pulumi.aws.lb.ListenerRuleArgs;
import com.pulumi.aws.lb.TargetGroup;
import com.pulumi.aws.lb.TargetGroupArgs;
import com.pulumi.aws.lb.inputs.ListenerRuleActionArgs;
import com.pulumi.aws.lb.inputs.ListenerRuleConditionArgs;
import com.pulumi.aws.lb.inputs.ListenerRuleConditionHostHeaderArgs;
import com.pulumi.aws.lb.inputs.ListenerRuleConditionPathPatternArgs;
import com.pulumi.aws.lb.inputs.TargetGroupHealthCheckArgs;
import com.pulumi.aws.servicediscovery.inputs.ServiceDnsConfigArgs;
import com.pulumi.aws.servicediscovery.inputs.ServiceDnsConfigDnsRecordArgs;
import com.pulumi.aws.vpc.SecurityGroupEgressRule;
import com.pulumi.aws.vpc.SecurityGroupEgressRuleArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.berth.model.Catalog;
import io.berth.model.ServiceSpec;
import io.berth.support.PolicyDocument;
import io.berth.support.PropertyDependencies;
import io.berth.support.Stateful;
import io.berth.support.Tags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Everything one catalog service needs in one environment: log group, task execution role (only
 * its image, its log group, its own secrets), task role (only what the catalog declares), security
 * group, target group and listener rule (public), Cloud Map service (A records), task definition,
 * ECS service with circuit breaker and rollback, and Application Auto Scaling.
 *
 * <p>Ownership: once autoscaling exists, {@code desiredCount} belongs to Application Auto Scaling
 * and is ignored on later updates, so a {@code pulumi up} never resets a scaled-out service. Once a
 * delivery pipeline deploys the service, the running task definition belongs to the pipeline
 * ({@code ignoreChanges: taskDefinition}; with CodeDeploy blue/green also the load balancer settings
 * and the listener rule's target): berth keeps registering its revision of the family, and the
 * pipeline renders every release from that revision (io.berth.delivery).
 *
 * <p>First release: a service whose image is not in its registry yet ({@link ServiceContext#awaitingFirstRelease},
 * asked of the registry by io.berth.registry.ReleasedImages) is created waiting: {@code desiredCount} 0,
 * autoscaling minimum 0 and no scheduled actions, so no task fails to pull and nothing churns. Its
 * pipeline's Start step, or the next {@code pulumi up} once the image is there, brings it to its minimum
 * (docs/first-day.md). The ECS service depends on its roles' policies, so its first tasks never run
 * before IAM has them.
 */
public final class Service extends ComponentResource {
    public static final String SCALABLE_DIMENSION = "ecs:service:DesiredCount";

    public final ServiceSpec spec;
    public final Output<String> securityGroupId;
    public final Output<String> serviceName;
    public final Output<String> taskDefinitionArn;
    /** Hooks for the service's delivery pipeline. */
    public final Output<String> serviceArn;
    public final String taskFamily;
    public final Output<String> taskRoleArn;
    /**
     * The service's network and capacity settings in CodeDeploy AppSpec form (JSON, valid as YAML
     * flow style): a blue/green replacement task set gets exactly the service's own.
     */
    public final Output<String> appspecNetworkConfiguration;
    public final String appspecCapacityProviderStrategy;
    public final Output<String> executionRoleArn;
    /** The target group of a public service (blue, for CodeDeploy), else null. */
    public final TargetGroup targetGroup;
    /** The second target group of a blue/green service (CodeDeploy's replacement), else null. */
    public final TargetGroup greenTargetGroup;
    /** The listener rule of a public service, else null. */
    public final ListenerRule listenerRule;
    /** The Application Auto Scaling target of an autoscaled service (its ARN), else empty. */
    public final Optional<Output<String>> scalableTargetArn;
    /**
     * The alarms whose ALARM state marks a release of this service as bad: ECS rolls a rolling deployment
     * back on them, CodeDeploy a blue/green one. Empty: releases watch no alarm (the circuit breaker or
     * CodeDeploy's failure rollback only).
     */
    public final List<String> deploymentAlarmNames;
    /** Completed by the program once the deployment alarms exist (they read this service's target group). */
    private final CompletableFuture<List<Resource>> deploymentAlarms = new CompletableFuture<>();
    /** The buckets the service owns in this region, by catalog name. */
    public final Map<String, io.berth.storage.PrivateBucket> buckets;
    /** A worker's queue, else empty. */
    public final Optional<String> queueUrl;
    /** The queues the entry declares under {@code queues:}, their URLs by catalog name (sorted). */
    public final Map<String, String> declaredQueueUrls;
    /** A job's one-off run (the exact {@code aws} command), else empty. */
    public final Optional<String> oneOffRun;
    /** A job's release handle: the SSM parameter naming the task definition it runs, else empty. */
    public final Optional<String> jobReleaseParameter;
    private final boolean awaitingFirstRelease;
    private final SecurityGroup securityGroup;
    private final String name;
    private final ServiceContext ctx;

    public Service(String name, ServiceContext ctx, ServiceSpec spec, ComponentResourceOptions options) {
        this(name, ctx, spec, List.of(), options);
    }

    /**
     * @param deploymentAlarmNames alarms (in this region) that mark a release as bad; when not empty the
     *                             program must call {@link #deploymentAlarmsCreated} once they exist: a rolling
     *                             service's ECS service waits for them
     */
    public Service(String name, ServiceContext ctx, ServiceSpec spec, List<String> deploymentAlarmNames,
                   ComponentResourceOptions options) {
        super("berth:service:Service", name, options);
        this.deploymentAlarmNames = List.copyOf(deploymentAlarmNames);
        this.name = name;
        this.ctx = ctx;
        this.spec = spec;
        this.awaitingFirstRelease = ctx.awaitingFirstRelease();
        var env = ctx.env();
        var child = CustomResourceOptions.builder().parent(this).build();

        // the service's team owns its resources: the owner tag says so (the environment's owner otherwise)
        var serviceTags = ownTags();

        var logGroup = new LogGroup(name + "-logs", LogGroupArgs.builder()
                .name("/berth/" + env.name() + "/services/" + spec.name())
                .retentionInDays(env.logRetentionDays())
                .tags(Tags.of(env.tags(), name + "-logs", serviceTags))
                .build(), Stateful.options(env.protectStatefulResources(), this));

        this.buckets = ownBuckets();
        var queue = spec.queue().map(q -> new WorkerQueue(name, env, spec, q, serviceTags, this));
        this.queueUrl = queue.map(q -> io.berth.model.Names.queueUrl(env.region(), env.account(), q.queueName));
        // the queues the entry declares (queues:), each with its dead-letter queue; no scaling on them
        var declared = new java.util.TreeMap<String, String>();
        spec.queues().forEach(q -> declared.put(q.name(),
                io.berth.model.Names.queueUrl(env.region(), env.account(), new WorkerQueue(name, env, q, serviceTags, this).queueName)));
        this.declaredQueueUrls = java.util.Collections.unmodifiableMap(declared);

        // the roles' inline policies: the ECS service acts with both roles, so it waits for them (IAM propagation)
        var permissions = new ArrayList<Resource>();
        var executionRole = executionRole(logGroup, child, permissions);
        var taskRole = taskRole(child, permissions);
        this.taskRoleArn = taskRole.arn();
        this.executionRoleArn = executionRole.arn();
        var blueGreen = ctx.delivery().map(io.berth.model.DeliverySpec::blueGreen).orElse(false);

        this.securityGroup = new SecurityGroup(name + "-sg", SecurityGroupArgs.builder()
                .vpcId(ctx.vpcId())
                .description("Tasks of " + spec.name() + " in " + env.name())
                .tags(Tags.of(env.tags(), name + "-sg", serviceTags))
                .build(), child);
        this.securityGroupId = securityGroup.id();
        // Outbound HTTPS for AWS APIs and image pulls; calls to other services get their own rules.
        new SecurityGroupEgressRule(name + "-out-https", SecurityGroupEgressRuleArgs.builder()
                .securityGroupId(securityGroup.id())
                .ipProtocol("tcp").fromPort(443).toPort(443).cidrIpv4("0.0.0.0/0")
                .description("HTTPS to AWS APIs and the internet")
                .tags(Tags.of(env.tags(), name + "-out-https", serviceTags))
                .build(), child);
        declaredEgress(serviceTags, child);

        TargetGroup targetGroup = null;
        TargetGroup green = null;
        ListenerRule rule = null;
        if (spec.expose().isPublic()) {
            var lb = ctx.loadBalancer().orElseThrow();
            targetGroup = targetGroup(child, "-tg");
            if (blueGreen) {
                green = targetGroup(child, "-tg-green"); // CodeDeploy's replacement task sets register here
            }
            // CodeDeploy rewrites the rule's forward action on every blue/green switch (AWS rule 21)
            rule = listenerRule(lb.serviceListenerArn, targetGroup, blueGreen
                    ? CustomResourceOptions.builder().parent(this).ignoreChanges("actions").build() : child);
            allowFrom("alb", lb.securityGroupId);
            lb.allowTargets(spec.name(), securityGroup.id(), spec.port());
        }
        com.pulumi.aws.servicediscovery.Service discovery = null;
        // CodeDeploy's replacement task sets are not registered in Cloud Map: a blue/green service is
        // reached through its load balancer only, so it gets no discovery name (callers use the ALB).
        if (spec.expose().hasPort() && !blueGreen) {
            discovery = new com.pulumi.aws.servicediscovery.Service(name + "-discovery", com.pulumi.aws.servicediscovery.ServiceArgs.builder()
                    .name(spec.name())
                    .description(spec.description().isEmpty() ? spec.name() + " in " + env.name() : spec.description())
                    .dnsConfig(ServiceDnsConfigArgs.builder()
                            .namespaceId(ctx.namespaceId())
                            .routingPolicy("MULTIVALUE")
                            // awsvpc tasks register A records; SRV would need bridge or host mode (AWS rule 23)
                            .dnsRecords(ServiceDnsConfigDnsRecordArgs.builder().type("A").ttl(10).build())
                            .build())
                    .forceDestroy(true)
                    .tags(Tags.of(env.tags(), name + "-discovery", serviceTags))
                    .build(), child);
        }

        var image = ctx.repository()
                .map(repo -> repo.url().applyValue(url -> url + ":" + spec.image().tag()))
                .orElse(Output.of(spec.image().external().map(ext -> ext.contains(":") || ext.contains("@") ? ext
                        : ext + ":" + spec.image().tag()).orElse("")));
        var containerDefinitions = Output.tuple(image, logGroup.name())
                .applyValue(t -> ContainerDefinitions.render(spec, t.t1, t.t2, env.region()));
        var taskArgs = TaskDefinitionArgs.builder();
        // Task definitions may only carry memberOf (AWS rule 13), and never on Fargate (rule 12).
        spec.hostGroup().ifPresent(g -> taskArgs.placementConstraints(TaskDefinitionPlacementConstraintArgs.builder()
                .type("memberOf").expression(ctx.env().hostGroups().get(g).memberOfExpression()).build()));
        var task = new TaskDefinition(name + "-task", taskArgs
                .family(env.name() + "-" + spec.name())
                .cpu(String.valueOf(spec.cpu()))
                .memory(String.valueOf(spec.memoryMiB()))
                .networkMode("awsvpc")
                .requiresCompatibilities(spec.onHostGroup() ? "EC2" : "FARGATE")
                .runtimePlatform(TaskDefinitionRuntimePlatformArgs.builder()
                        .operatingSystemFamily("LINUX").cpuArchitecture(spec.cpuArchitecture()).build())
                .executionRoleArn(executionRole.arn())
                .taskRoleArn(taskRole.arn())
                .containerDefinitions(containerDefinitions)
                .volumes(ContainerDefinitions.volumes(spec).stream()
                        .map(v -> TaskDefinitionVolumeArgs.builder().name(v).build()).toList())
                .tags(Tags.of(env.tags(), name + "-task", serviceTags))
                .build(), child);
        this.taskDefinitionArn = task.arn();
        this.taskFamily = env.name() + "-" + spec.name();
        this.targetGroup = targetGroup;
        this.greenTargetGroup = green;
        this.listenerRule = rule;

        if (spec.isJob()) {
            // a job: no ECS service, no load balancer, no autoscaling; a schedule runs its task (JobRun)
            var job = new JobRun(name, env, spec, ctx, task.arn(), taskRole.arn(), executionRole.arn(), securityGroup.id(),
                    serviceTags, permissions, this);
            this.oneOffRun = Optional.of(JobRun.oneOffCommand(env, spec));
            this.jobReleaseParameter = Optional.of(job.parameterName);
            this.serviceName = Output.of("");
            this.serviceArn = Output.of("");
            this.scalableTargetArn = Optional.empty();
            this.appspecNetworkConfiguration = Output.of("");
            this.appspecCapacityProviderStrategy = "";
            registerOutputs(Map.of("taskDefinitionArn", taskDefinitionArn, "stateMachineArn", job.stateMachineArn));
            return;
        }
        this.oneOffRun = Optional.empty();
        this.jobReleaseParameter = Optional.empty();
        this.appspecNetworkConfiguration = Output.tuple(Output.all(ctx.privateSubnetIds()), securityGroup.id())
                .applyValue(t -> io.berth.support.Json.write(Map.of("AwsvpcConfiguration", Map.of(
                        "Subnets", t.t1, "SecurityGroups", List.of(t.t2), "AssignPublicIp", "DISABLED"))));
        this.appspecCapacityProviderStrategy = io.berth.support.Json.write(spec.capacity().items().stream()
                .map(i -> Map.of("CapacityProvider", i.capacityProvider(), "Base", i.base(), "Weight", i.weight())).toList());
        var network = new PropertyDependencies(); // one Output for the property's dependencies: see there
        var serviceArgs = ServiceArgs.builder()
                .cluster(ctx.clusterArn())
                .taskDefinition(task.arn())
                // waiting for its first release: no task would find its image (no tasks, no failing deployment)
                .desiredCount(ctx.awaitingFirstRelease() ? 0 : spec.scaling().min())
                .capacityProviderStrategies(spec.capacity().items().stream()
                        .map(i -> ServiceCapacityProviderStrategyArgs.builder()
                                .capacityProvider(i.capacityProvider()).base(i.base()).weight(i.weight()).build())
                        .toList())
                .networkConfiguration(network.holding(ServiceNetworkConfigurationArgs.builder()
                        .subnets(network.add(Output.all(ctx.privateSubnetIds())))
                        .securityGroups(network.add(securityGroup.id().applyValue(List::of)))
                        .assignPublicIp(false)
                        .build()))
                .deploymentMinimumHealthyPercent(spec.deployment().minimumHealthyPercent())
                .deploymentMaximumPercent(spec.deployment().maximumPercent())
                .enableExecuteCommand(spec.deployment().execEnabled())
                .enableEcsManagedTags(true)
                .propagateTags("SERVICE")
                .waitForSteadyState(false)
                .tags(Tags.of(env.tags(), name + "-service", serviceTagsWithCapacity()));
        if (blueGreen) {
            // The circuit breaker works only with the ECS controller (AWS rule 21): CodeDeploy's
            // automatic rollback on a failed deployment does its job for blue/green services.
            serviceArgs.deploymentController(ServiceDeploymentControllerArgs.builder().type("CODE_DEPLOY").build());
        } else {
            if (!this.deploymentAlarmNames.isEmpty()) {
                // a release that sets off one of these alarms fails and rolls back, like one the circuit breaker stops
                serviceArgs.alarms(ServiceAlarmsArgs.builder().alarmNames(this.deploymentAlarmNames).enable(true).rollback(true).build());
            }
            serviceArgs.deploymentCircuitBreaker(ServiceDeploymentCircuitBreakerArgs.builder().enable(true).rollback(true).build())
                    // lets a changed capacity strategy or placement update the service in place (the
                    // provider replaces the service otherwise) by rolling out new tasks
                    .forceNewDeployment(true);
        }
        if (spec.onHostGroup()) {
            // Pinned to the group's instances (AWS rule 16): its capacity provider plus memberOf on its attribute.
            var constraints = new ArrayList<ServicePlacementConstraintArgs>();
            constraints.add(ServicePlacementConstraintArgs.builder().type("memberOf")
                    .expression(env.hostGroups().get(spec.hostGroup().get()).memberOfExpression()).build());
            if (spec.placement().distinctInstance()) {
                constraints.add(ServicePlacementConstraintArgs.builder().type("distinctInstance").build());
            }
            serviceArgs.placementConstraints(constraints)
                    .orderedPlacementStrategies(spec.placement().strategies().stream().map(strategyName -> {
                        var typeAndField = ServiceSpec.Placement.STRATEGIES.get(strategyName);
                        var strategy = ServiceOrderedPlacementStrategyArgs.builder().type(typeAndField.get(0));
                        if (!typeAndField.get(1).isEmpty()) {
                            strategy.field(typeAndField.get(1));
                        }
                        return strategy.build();
                    }).toList());
        }
        if (targetGroup != null) {
            serviceArgs.loadBalancers(ServiceLoadBalancerArgs.builder()
                            .targetGroupArn(targetGroup.arn()).containerName(spec.name()).containerPort(spec.port()).build())
                    .healthCheckGracePeriodSeconds(spec.healthCheck().gracePeriodSeconds());
        }
        if (discovery != null) {
            serviceArgs.serviceRegistries(ServiceServiceRegistriesArgs.builder().registryArn(discovery.arn()).build());
        }
        var serviceOptions = CustomResourceOptions.builder().parent(this);
        var ignored = new ArrayList<String>();
        if (spec.scaling().autoscaled()) {
            ignored.add("desiredCount"); // owned by Application Auto Scaling (AWS rule 22)
        }
        if (ctx.pipelineOwned()) {
            // owned by the delivery pipeline (the primary's, for the DR replica): pulumi up never rolls back a release
            ignored.add("taskDefinition");
        }
        if (blueGreen) {
            ignored.add("loadBalancers"); // CodeDeploy switches the service between the two target groups
            // under CODE_DEPLOY, AWS lets only a CodeDeploy deployment change these (AWS rule 21)
            ignored.add("capacityProviderStrategies");
            ignored.add("networkConfiguration");
        }
        if (!ignored.isEmpty()) {
            serviceOptions.ignoreChanges(ignored);
        }
        var dependsOn = new ArrayList<Resource>(permissions); // its tasks pull, log and run with the roles: after their policies
        if (rule != null) {
            dependsOn.add(rule); // the target group must be attached before the service uses it
        }
        if (!blueGreen && !this.deploymentAlarmNames.isEmpty()) {
            // ECS looks the alarms up by name: they exist before the service names them
            serviceOptions.dependsOn(deploymentAlarms().applyValue(alarms -> {
                var all = new ArrayList<>(dependsOn);
                all.addAll(alarms);
                return List.copyOf(all);
            }));
        } else {
            serviceOptions.dependsOn(dependsOn);
        }
        var ecsService = new com.pulumi.aws.ecs.Service(name + "-service", serviceArgs.build(), serviceOptions.build());
        this.serviceName = ecsService.name();
        this.serviceArn = Output.tuple(ctx.clusterName(), ecsService.name())
                .applyValue(t -> "arn:aws:ecs:" + env.region() + ":" + env.account() + ":service/" + t.t1 + "/" + t.t2);

        this.scalableTargetArn = spec.scaling().autoscaled()
                ? Optional.of(autoscaling(ecsService, targetGroup, child, queue).arn()) : Optional.empty();
        registerOutputs(Map.of("serviceName", serviceName, "taskDefinitionArn", taskDefinitionArn));
    }

    /** The program created the alarms named in {@link #deploymentAlarmNames} (none: it created none). */
    public void deploymentAlarmsCreated(List<? extends Resource> alarms) {
        deploymentAlarms.complete(List.<Resource>copyOf(alarms));
    }

    /** The deployment alarms, once the program has created them. */
    public Output<List<Resource>> deploymentAlarms() {
        return Output.of(deploymentAlarms);
    }

    /** Whether this service waits for its first release: its image is not in its registry yet. */
    public boolean awaitingFirstRelease() {
        return awaitingFirstRelease;
    }

    /** Admits {@code source}'s security group on this service's port (the load balancer or a declared caller). */
    public void allowFrom(String sourceName, Output<String> sourceSecurityGroupId) {
        var env = ctx.env();
        var ruleName = name + "-from-" + sourceName;
        new SecurityGroupIngressRule(ruleName, SecurityGroupIngressRuleArgs.builder()
                .securityGroupId(securityGroup.id())
                .referencedSecurityGroupId(sourceSecurityGroupId)
                .ipProtocol("tcp").fromPort(spec.port()).toPort(spec.port())
                .description("Port " + spec.port() + " from " + sourceName)
                .tags(Tags.of(env.tags(), ruleName, ownTags()))
                .build(), CustomResourceOptions.builder().parent(this).build());
    }

    /**
     * The catalog's egress declarations, one rule each, named by what they allow
     * ({@code <name>-egress-<hash of destination, protocol and ports>}): reordering the catalog renames nothing.
     */
    private void declaredEgress(Map<String, String> serviceTags, CustomResourceOptions child) {
        var env = ctx.env();
        for (var rule : spec.egress()) {
            var ruleName = name + "-egress-" + io.berth.model.Hashes.sha256Hex(rule.key()).substring(0, 8);
            var args = SecurityGroupEgressRuleArgs.builder()
                    .securityGroupId(securityGroup.id())
                    .ipProtocol(rule.protocol()).fromPort(rule.fromPort()).toPort(rule.toPort())
                    .description(rule.description())
                    .tags(Tags.of(env.tags(), ruleName, serviceTags));
            if (rule.securityGroup()) {
                args.referencedSecurityGroupId(rule.to());
            } else if (rule.prefixList()) {
                args.prefixListId(rule.to());
            } else if (rule.ipv6()) {
                args.cidrIpv6(rule.to());
            } else {
                args.cidrIpv4(rule.to());
            }
            new SecurityGroupEgressRule(ruleName, args.build(), child);
        }
    }

    /**
     * The buckets the service declares: private (io.berth.storage.PrivateBucket: public access blocked,
     * SSE-S3, TLS only), protected and retained in production, versioned where they replicate.
     */
    private Map<String, io.berth.storage.PrivateBucket> ownBuckets() {
        var out = new LinkedHashMap<String, io.berth.storage.PrivateBucket>();
        for (var b : spec.buckets()) {
            out.put(b.name(), io.berth.storage.PrivateBucket.create(this, ctx.env(), name + "-bucket-" + b.name(), b.bucketName(),
                    Optional.empty(), b.versioned(), "service-bucket", b.expireDays(),
                    Optional.of(ServiceSpec.Bucket.NONCURRENT_VERSION_DAYS), arn -> List.of(), ownTags()));
        }
        return out;
    }

    /**
     * S3 cross-region replication of each bucket to {@code replica}'s copy (the same service in the DR
     * region): a role S3 assumes that may read this bucket's versions and replicate into that bucket
     * only, and the replication rule (every object, deletions included). Both buckets keep versions.
     */
    public void replicateBucketsTo(Service replica) {
        var env = ctx.env();
        for (var b : spec.buckets()) {
            var source = buckets.get(b.name());
            var destination = replica.buckets.get(b.name());
            if (b.replicaBucketName().isEmpty() || destination == null) {
                continue;
            }
            var prefix = name + "-bucket-" + b.name() + "-replication";
            var child = CustomResourceOptions.builder().parent(this).build();
            var role = new Role(prefix + "-role", RoleArgs.builder()
                    .description("S3 replication of " + b.bucketName() + " to " + b.replicaBucketName().get())
                    .assumeRolePolicy(PolicyDocument.trustFromAccount("s3.amazonaws.com", env.account()))
                    .tags(Tags.of(env.tags(), prefix + "-role", ownTags("berth:role", "bucket-replication")))
                    .build(), child);
            var sourceArn = source.bucket().arn();
            var destinationArn = destination.bucket().arn();
            var policy = new RolePolicy(prefix + "-policy", RolePolicyArgs.builder().role(role.id())
                    .policy(PolicyDocument.create()
                            .allow("ReadReplicationConfiguration", List.of("s3:GetReplicationConfiguration", "s3:ListBucket"),
                                    List.of(sourceArn))
                            .allow("ReadSourceVersions", List.of("s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl",
                                    "s3:GetObjectVersionTagging"), List.of(sourceArn.applyValue(a -> a + "/*")))
                            .allow("WriteReplica", List.of("s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"),
                                    List.of(destinationArn.applyValue(a -> a + "/*")))
                            .toJson())
                    .build(), child);
            var dependsOn = new ArrayList<Resource>(List.of(policy));
            source.versioning().ifPresent(dependsOn::add);
            destination.versioning().ifPresent(dependsOn::add);
            new com.pulumi.aws.s3.BucketReplicationConfig(prefix, com.pulumi.aws.s3.BucketReplicationConfigArgs.builder()
                    .bucket(source.bucket().id())
                    .role(role.arn())
                    .rules(com.pulumi.aws.s3.inputs.BucketReplicationConfigRuleArgs.builder()
                            .id("to-" + replica.ctx.env().region())
                            .status("Enabled")
                            .filter(com.pulumi.aws.s3.inputs.BucketReplicationConfigRuleFilterArgs.builder().prefix("").build())
                            .deleteMarkerReplication(com.pulumi.aws.s3.inputs.BucketReplicationConfigRuleDeleteMarkerReplicationArgs
                                    .builder().status("Enabled").build())
                            .destination(com.pulumi.aws.s3.inputs.BucketReplicationConfigRuleDestinationArgs.builder()
                                    .bucket(destinationArn).build())
                            .build())
                    .build(), CustomResourceOptions.builder().parent(this).dependsOn(dependsOn).build());
        }
    }

    /** Lets this service reach {@code target} on its port (the matching ingress rule lives with the target). */
    public void allowTo(Service target) {
        var env = ctx.env();
        var ruleName = name + "-to-" + target.spec.name();
        new SecurityGroupEgressRule(ruleName, SecurityGroupEgressRuleArgs.builder()
                .securityGroupId(securityGroup.id())
                .referencedSecurityGroupId(target.securityGroupId)
                .ipProtocol("tcp").fromPort(target.spec.port()).toPort(target.spec.port())
                .description("Port " + target.spec.port() + " to " + target.spec.name())
                .tags(Tags.of(env.tags(), ruleName, ownTags()))
                .build(), CustomResourceOptions.builder().parent(this).build());
    }

    /** The service's tags: which service, and its team as owner. */
    private Map<String, String> ownTags(String... extra) {
        var tags = new LinkedHashMap<String, String>();
        tags.put("berth:service", spec.name());
        tags.put("owner", spec.owner());
        for (int i = 0; i + 1 < extra.length; i += 2) {
            tags.put(extra[i], extra[i + 1]);
        }
        return tags;
    }

    private Map<String, String> serviceTagsWithCapacity() {
        var tags = new LinkedHashMap<String, String>();
        tags.putAll(ownTags());
        tags.put("berth:capacity", spec.capacity().profile());
        if (spec.spotOnlyDeclared()) {
            tags.put("berth:spot-only", "declared");
        }
        return tags;
    }

    private Role executionRole(LogGroup logGroup, CustomResourceOptions child, List<Resource> permissions) {
        var env = ctx.env();
        var role = new Role(name + "-execution-role", RoleArgs.builder()
                .description("ECS agent for " + spec.name() + " in " + env.name() + ": pull its image, write its logs, read its secrets")
                .assumeRolePolicy(PolicyDocument.trustFromAccount("ecs-tasks.amazonaws.com", env.account()))
                .tags(Tags.of(env.tags(), name + "-execution-role", ownTags("berth:role", "task-execution")))
                .build(), child);
        var doc = PolicyDocument.create();
        ctx.repository().ifPresent(repo -> doc
                // GetAuthorizationToken is account-wide: AWS offers no resource-level permission for it.
                .allow("EcrToken", List.of("ecr:GetAuthorizationToken"), List.of(Output.of("*")))
                .allow("PullOwnImage", List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"),
                        List.of(repo.arn())));
        doc.allow("WriteOwnLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                List.of(logGroup.arn().applyValue(arn -> arn + ":log-stream:*")));
        var ssm = spec.secrets().values().stream().filter(s -> s.source().equals(ServiceSpec.Secret.SSM))
                .map(s -> Output.of(s.arn())).distinct().toList();
        if (!ssm.isEmpty()) {
            doc.allow("ReadOwnParameters", List.of("ssm:GetParameters"), ssm);
        }
        var sm = spec.secrets().values().stream().filter(s -> s.source().equals(ServiceSpec.Secret.SECRETS_MANAGER))
                // Secrets Manager appends a random 6-character suffix to secret ARNs.
                .map(s -> Output.of(s.grantResource())).distinct().toList();
        if (!sm.isEmpty()) {
            doc.allow("ReadOwnSecrets", List.of("secretsmanager:GetSecretValue"), sm);
        }
        var keys = spec.secrets().values().stream().flatMap(s -> s.kmsKeyArn().stream()).distinct().map(Output::of).toList();
        if (!keys.isEmpty()) {
            doc.allow("DecryptOwnSecrets", List.of("kms:Decrypt"), keys);
        }
        permissions.add(new RolePolicy(name + "-execution-policy", RolePolicyArgs.builder().role(role.id()).policy(doc.toJson()).build(), child));
        return role;
    }

    private Role taskRole(CustomResourceOptions child, List<Resource> permissions) {
        var env = ctx.env();
        var role = new Role(name + "-task-role", RoleArgs.builder()
                .description("The " + spec.name() + " application in " + env.name() + ": only what its catalog entry declares")
                .assumeRolePolicy(PolicyDocument.trustFromAccount("ecs-tasks.amazonaws.com", env.account()))
                .tags(Tags.of(env.tags(), name + "-task-role", ownTags("berth:role", "task")))
                .build(), child);
        var doc = PolicyDocument.create();
        for (var p : spec.permissions()) {
            doc.allow(p.sid(), p.actions(), p.resources().stream().map(Output::of).toList());
        }
        // each owned bucket: its objects (<arn>/*) and, for readers, listing it (<arn>); nothing else of S3
        for (var b : spec.buckets()) {
            var arn = buckets.get(b.name()).bucket().arn();
            doc.allow(b.grantSids().get(0), b.access().objectActions, List.of(arn.applyValue(a -> a + "/*")));
            if (b.access().lists) {
                doc.allow(b.grantSids().get(1), List.of("s3:ListBucket"), List.of(arn));
            }
        }
        if (spec.deployment().execEnabled()) {
            // ECS Exec's SSM channels have no resource-level permissions: AWS documents "*" here.
            doc.allow("EcsExecChannels", List.of("ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
                    "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"), List.of(Output.of("*")));
            if (env.cluster().execLogging()) {
                // The agent inside the task writes the session log as the task role; listing log groups
                // has no resource-level permission.
                var execLogs = "arn:aws:logs:" + env.region() + ":" + env.account() + ":log-group:/berth/" + env.name() + "/ecs-exec";
                doc.allow("EcsExecLogGroups", List.of("logs:DescribeLogGroups"), List.of(Output.of("*")));
                doc.allow("EcsExecSessionLogs", List.of("logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"),
                        List.of(Output.of(execLogs + ":*")));
            }
        }
        spec.queue().ifPresent(q -> doc.allow("ConsumeOwnQueue", List.of("sqs:ReceiveMessage", "sqs:DeleteMessage",
                "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"), List.of(Output.of(
                io.berth.model.Names.queueArn(env.region(), env.account(), io.berth.model.Names.queue(env.name(), spec.name()))))));
        for (var q : spec.queues()) {
            // a declared queue: its owner sends to it and consumes it, that queue's ARN only
            doc.allow(q.grantSid(), List.of("sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage",
                    "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"), List.of(Output.of(
                    io.berth.model.Names.queueArn(env.region(), env.account(), q.queueName()))));
        }
        for (var worker : spec.sends()) {
            // declared producer: send to exactly that worker's queue (as calls opens exactly one port)
            doc.allow(sendSid(worker), List.of("sqs:SendMessage", "sqs:GetQueueAttributes"), List.of(Output.of(
                    io.berth.model.Names.queueArn(env.region(), env.account(), io.berth.model.Names.queue(env.name(), worker)))));
        }
        if (!spec.permissions().isEmpty() || !spec.buckets().isEmpty() || spec.deployment().execEnabled() || spec.isWorker() || !spec.sends().isEmpty()
                || !spec.queues().isEmpty()) {
            permissions.add(new RolePolicy(name + "-task-policy", RolePolicyArgs.builder().role(role.id()).policy(doc.toJson()).build(), child));
        }
        return role;
    }

    /** The statement id of a {@code sends} grant: SendTo + the worker's name in CamelCase (IAM takes letters and digits). */
    static String sendSid(String worker) {
        var out = new StringBuilder("SendTo");
        for (var part : worker.split("-")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    private TargetGroup targetGroup(CustomResourceOptions child, String suffix) {
        var env = ctx.env();
        var hc = spec.healthCheck();
        return new TargetGroup(name + suffix, TargetGroupArgs.builder()
                .name(io.berth.model.Names.targetGroup(name, spec.port(), suffix.equals("-tg") ? "" : suffix))
                .vpcId(ctx.vpcId())
                .port(spec.port())
                .protocol("HTTP")
                .targetType("ip") // awsvpc tasks register by IP (AWS rule 18)
                .deregistrationDelay(spec.deployment().deregistrationDelaySeconds())
                .healthCheck(TargetGroupHealthCheckArgs.builder()
                        .enabled(true).path(hc.path()).matcher(hc.matcher()).protocol("HTTP")
                        .interval(hc.intervalSeconds()).timeout(hc.timeoutSeconds())
                        .healthyThreshold(hc.healthyThreshold()).unhealthyThreshold(hc.unhealthyThreshold())
                        .build())
                .tags(Tags.of(env.tags(), name + suffix, ownTags()))
                .build(), child);
    }

    private ListenerRule listenerRule(Output<String> listenerArn, TargetGroup tg, CustomResourceOptions options) {
        var env = ctx.env();
        var conditions = new ArrayList<ListenerRuleConditionArgs>();
        if (!spec.expose().hosts().isEmpty()) {
            conditions.add(ListenerRuleConditionArgs.builder()
                    .hostHeader(ListenerRuleConditionHostHeaderArgs.builder().values(spec.expose().hosts()).build()).build());
        }
        if (!spec.expose().paths().isEmpty()) {
            conditions.add(ListenerRuleConditionArgs.builder()
                    .pathPattern(ListenerRuleConditionPathPatternArgs.builder().values(spec.expose().paths()).build()).build());
        }
        return new ListenerRule(name + "-rule", ListenerRuleArgs.builder()
                .listenerArn(listenerArn)
                .priority(Catalog.priorityOf(spec))
                .conditions(conditions)
                .actions(ListenerRuleActionArgs.builder().type("forward").targetGroupArn(tg.arn()).build())
                .tags(Tags.of(env.tags(), name + "-rule", ownTags()))
                .build(), options);
    }

    private Target autoscaling(com.pulumi.aws.ecs.Service ecsService, TargetGroup targetGroup, CustomResourceOptions child,
                               Optional<WorkerQueue> queue) {
        var env = ctx.env();
        var scaling = spec.scaling();
        var resourceId = Output.tuple(ctx.clusterName(), ecsService.name())
                .applyValue(t -> "service/" + t.t1 + "/" + t.t2);
        var waiting = ctx.awaitingFirstRelease();
        var target = new Target(name + "-scaling", TargetArgs.builder()
                .serviceNamespace("ecs")
                .scalableDimension(SCALABLE_DIMENSION)
                .resourceId(resourceId)
                // waiting for its first release: a minimum of 0 keeps autoscaling from starting tasks
                // that cannot pull their image; the first pulumi up after the release restores it
                .minCapacity(waiting ? 0 : scaling.min())
                .maxCapacity(scaling.max())
                .tags(Tags.of(env.tags(), name + "-scaling", ownTags()))
                .build(), scaling.schedules().isEmpty() || waiting ? child : CustomResourceOptions.builder().parent(this)
                // scheduled actions move the range during the day: a refreshed pulumi up must not reset it
                // (while waiting there are no schedules, so the first pulumi up after the release sets the range)
                .ignoreChanges("minCapacity", "maxCapacity").build());
        scaling.cpuTarget().ifPresent(t -> trackingPolicy("cpu", "ECSServiceAverageCPUUtilization", t, Output.of(""), target, child));
        scaling.memoryTarget().ifPresent(t -> trackingPolicy("memory", "ECSServiceAverageMemoryUtilization", t, Output.of(""), target, child));
        if (scaling.requestsPerTarget().isPresent() && targetGroup != null) {
            var label = Output.tuple(ctx.loadBalancer().orElseThrow().arnSuffix, targetGroup.arnSuffix())
                    .applyValue(t -> t.t1 + "/" + t.t2);
            trackingPolicy("requests", "ALBRequestCountPerTarget", scaling.requestsPerTarget().get(), label, target, child);
        }
        // a worker scales on its backlog and starts from zero; not while waiting for its first release (no image to run)
        queue.filter(q -> !waiting).ifPresent(q -> q.scaling(name, env, spec, ctx.clusterName(), ecsService.name(), target, child));
        // a schedule would start tasks without an image: schedules come with the first pulumi up after the release
        for (var schedule : waiting ? List.<ServiceSpec.Schedule>of() : scaling.schedules()) {
            new ScheduledAction(name + "-schedule-" + schedule.name(), ScheduledActionArgs.builder()
                    .name(env.name() + "-" + spec.name() + "-" + schedule.name())
                    .serviceNamespace("ecs")
                    .scalableDimension(SCALABLE_DIMENSION)
                    .resourceId(target.resourceId())
                    .schedule(schedule.schedule())
                    .timezone(schedule.timezone())
                    .scalableTargetAction(ScheduledActionScalableTargetActionArgs.builder()
                            .minCapacity(schedule.min()).maxCapacity(schedule.max()).build())
                    .build(), child);
        }
        return target;
    }

    private void trackingPolicy(String kind, String metric, int targetValue, Output<String> resourceLabel,
                                Target target, CustomResourceOptions child) {
        var metricSpec = PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs.builder()
                .predefinedMetricType(metric);
        if (metric.equals("ALBRequestCountPerTarget")) {
            metricSpec.resourceLabel(resourceLabel);
        }
        new Policy(name + "-scale-" + kind, PolicyArgs.builder()
                .name(ctx.env().name() + "-" + spec.name() + "-" + kind)
                .policyType("TargetTrackingScaling")
                .serviceNamespace(target.serviceNamespace())
                .scalableDimension(target.scalableDimension())
                .resourceId(target.resourceId())
                .targetTrackingScalingPolicyConfiguration(PolicyTargetTrackingScalingPolicyConfigurationArgs.builder()
                        .targetValue((double) targetValue)
                        .predefinedMetricSpecification(metricSpec.build())
                        .scaleInCooldown(300)
                        .scaleOutCooldown(60)
                        .build())
                .build(), child);
    }
}
