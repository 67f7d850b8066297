package io.berth.diff;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which input changes make AWS (through the Pulumi AWS provider) replace a resource instead of
 * updating it: the provider's "forces replacement" properties for every type berth creates, as the
 * Terraform AWS provider that pulumi-aws 6.x bridges declares them (ForceNew). Nested paths name a
 * field inside an input ({@code dnsConfig.namespaceId}); a change of the enclosing input counts too.
 *
 * <p>Keep this table next to the types berth creates: a type missing here is only ever reported as
 * updated, so add a type when a component starts creating it (a test fails for a type a shipped stack
 * creates that is not here). The ECS, ELB, ECR, IAM, CodePipeline and CodeBuild entries are checked by
 * {@code ReplacementRulesTest} against the ForceNew attributes of the Terraform AWS provider v5 that
 * com.pulumi:aws 6.83.0 bridges, recorded with their source files and commits in
 * {@code src/test/resources/io/berth/diff/terraform-aws-forcenew.json}. A block that is ForceNew only as
 * a whole (added or removed) is not listed: its inner changes update in place.
 */
public final class ReplacementRules {
    /** Inputs that never force a replacement of any type. */
    private static final Set<String> NEVER = Set.of("tags", "tagsAll");

    /** Either the listed inputs force replacement, or every input except the listed ones does. */
    private record Rule(boolean allExcept, List<String> paths, String why) {
        static Rule of(String... paths) {
            return new Rule(false, List.of(paths), null);
        }

        static Rule allExcept(String why, String... paths) {
            return new Rule(true, List.of(paths), why);
        }

        boolean forces(String path) {
            if (allExcept) {
                return Stream.concat(paths.stream(), NEVER.stream()).noneMatch(p -> PropertyPaths.touches(path, p));
            }
            return paths.stream().anyMatch(p -> PropertyPaths.touches(path, p));
        }
    }

    private static final Map<String, Rule> RULES = Map.ofEntries(
            // ECS task definitions are immutable: any change registers a new revision (a replacement
            // in Pulumi's terms; the old revision is deregistered) and the ECS service then rolls out to it.
            Map.entry("aws:ecs/taskDefinition:TaskDefinition", Rule.allExcept(
                    "ECS task definitions are immutable: every change registers a new revision",
                    "skipDestroy", "trackLatest")),
            Map.entry("aws:ecs/service:Service", Rule.of("name", "cluster", "launchType", "schedulingStrategy",
                    "deploymentController.type", "iamRole")),
            Map.entry("aws:ecs/cluster:Cluster", Rule.of("name")),
            Map.entry("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", Rule.of("clusterName")),
            Map.entry("aws:lb/loadBalancer:LoadBalancer", Rule.of("name", "namePrefix", "internal", "loadBalancerType",
                    "customerOwnedIpv4Pool")),
            Map.entry("aws:lb/targetGroup:TargetGroup", Rule.of("name", "namePrefix", "port", "protocol", "protocolVersion",
                    "targetType", "vpcId", "ipAddressType")),
            Map.entry("aws:lb/listener:Listener", Rule.of("loadBalancerArn")),
            Map.entry("aws:lb/listenerRule:ListenerRule", Rule.of("listenerArn")),
            Map.entry("aws:ec2/vpc:Vpc", Rule.of("cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength")),
            Map.entry("aws:ec2/subnet:Subnet", Rule.of("cidrBlock", "availabilityZone", "availabilityZoneId", "vpcId", "outpostArn")),
            Map.entry("aws:ec2/securityGroup:SecurityGroup", Rule.of("name", "namePrefix", "description", "vpcId")),
            Map.entry("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", Rule.of("securityGroupId")),
            Map.entry("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", Rule.of("securityGroupId")),
            Map.entry("aws:ec2/routeTable:RouteTable", Rule.of("vpcId")),
            Map.entry("aws:ec2/route:Route", Rule.of("routeTableId", "destinationCidrBlock", "destinationIpv6CidrBlock",
                    "destinationPrefixListId")),
            Map.entry("aws:ec2/routeTableAssociation:RouteTableAssociation", Rule.of("subnetId", "gatewayId")),
            Map.entry("aws:ec2/natGateway:NatGateway", Rule.of("subnetId", "allocationId", "connectivityType", "privateIp")),
            Map.entry("aws:ec2/eip:Eip", Rule.of("domain", "vpc", "address", "publicIpv4Pool", "networkBorderGroup")),
            // Flow logs cannot be modified: every setting is fixed at creation.
            Map.entry("aws:ec2/flowLog:FlowLog", Rule.allExcept("flow logs cannot be modified")),
            Map.entry("aws:ec2/vpcEndpoint:VpcEndpoint", Rule.of("vpcId", "serviceName", "vpcEndpointType")),
            Map.entry("aws:ecr/repository:Repository", Rule.of("name", "encryptionConfigurations")),
            // No update in the provider: a new policy text deletes the policy and puts it again.
            Map.entry("aws:ecr/lifecyclePolicy:LifecyclePolicy", Rule.of("repository", "policy")),
            Map.entry("aws:ecr/repositoryPolicy:RepositoryPolicy", Rule.of("repository")),
            Map.entry("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate", Rule.of("prefix")),
            Map.entry("aws:cloudwatch/logGroup:LogGroup", Rule.of("name", "namePrefix", "logGroupClass")),
            Map.entry("aws:s3/bucketV2:BucketV2", Rule.of("bucket", "bucketPrefix", "objectLockEnabled")),
            Map.entry("aws:s3/bucketPolicy:BucketPolicy", Rule.of("bucket")),
            Map.entry("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", Rule.of("bucket")),
            Map.entry("aws:s3/bucketOwnershipControls:BucketOwnershipControls", Rule.of("bucket")),
            Map.entry("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", Rule.of("bucket", "expectedBucketOwner")),
            Map.entry("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
                    Rule.of("bucket", "expectedBucketOwner")),
            Map.entry("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace", Rule.of("name", "vpc")),
            Map.entry("aws:servicediscovery/service:Service", Rule.of("name", "namespaceId", "dnsConfig.namespaceId",
                    "healthCheckCustomConfig")),
            Map.entry("aws:iam/role:Role", Rule.of("name", "namePrefix", "path")),
            Map.entry("aws:iam/rolePolicy:RolePolicy", Rule.of("name", "namePrefix", "role")),
            // A KMS key's rotation, description, policy and deletion window are updated in place; only
            // what it is (its usage, spec, multi-Region, custom key store) forces a new key.
            Map.entry("aws:kms/key:Key", Rule.of("keyUsage", "customerMasterKeySpec", "keySpec", "multiRegion",
                    "customKeyStoreId", "xksKeyId")),
            Map.entry("aws:kms/alias:Alias", Rule.of("name", "namePrefix")),
            Map.entry("aws:appautoscaling/target:Target", Rule.of("resourceId", "scalableDimension", "serviceNamespace")),
            Map.entry("aws:appautoscaling/policy:Policy", Rule.of("name", "resourceId", "scalableDimension", "serviceNamespace")),
            Map.entry("aws:appautoscaling/scheduledAction:ScheduledAction", Rule.of("name", "resourceId", "scalableDimension",
                    "serviceNamespace")),
            Map.entry("aws:ec2/internetGateway:InternetGateway", Rule.of()),
            // A launch template change makes a new version of it, not a new template.
            Map.entry("aws:ec2/launchTemplate:LaunchTemplate", Rule.of("name", "namePrefix")),
            Map.entry("aws:autoscaling/group:Group", Rule.of("name", "namePrefix")),
            Map.entry("aws:ecs/capacityProvider:CapacityProvider", Rule.of("name",
                    "autoScalingGroupProvider.autoScalingGroupArn")),
            Map.entry("aws:iam/instanceProfile:InstanceProfile", Rule.of("name", "namePrefix", "path")),
            Map.entry("aws:iam/rolePolicyAttachment:RolePolicyAttachment", Rule.of("role", "policyArn")),
            Map.entry("aws:ecr/registryPolicy:RegistryPolicy", Rule.of()),
            Map.entry("aws:ecr/replicationConfiguration:ReplicationConfiguration", Rule.of()),
            Map.entry("aws:cloudwatch/eventRule:EventRule", Rule.of("name", "namePrefix", "eventBusName")),
            Map.entry("aws:cloudwatch/eventTarget:EventTarget", Rule.of("rule", "targetId", "eventBusName")),
            Map.entry("aws:sns/topic:Topic", Rule.of("name", "namePrefix", "fifoTopic")),
            Map.entry("aws:sns/topicPolicy:TopicPolicy", Rule.of("arn")),
            // monitoring (io.berth.monitoring); terraform-provider-aws v5: alarm_name, dashboard_name and a
            // subscription's topic_arn, protocol and endpoint are ForceNew
            Map.entry("aws:cloudwatch/metricAlarm:MetricAlarm", Rule.of("name")),
            // jobs and workers (not yet in terraform-aws-forcenew.json: from the provider's resource docs)
            Map.entry("aws:sqs/queue:Queue", Rule.of("name", "namePrefix", "fifoQueue")),
            Map.entry("aws:sfn/stateMachine:StateMachine", Rule.of("name", "namePrefix", "type")),
            Map.entry("aws:scheduler/schedule:Schedule", Rule.of("name", "namePrefix", "groupName")),
            Map.entry("aws:ssm/parameter:Parameter", Rule.of("name")),
            Map.entry("aws:cloudwatch/dashboard:Dashboard", Rule.of("dashboardName")),
            Map.entry("aws:sns/topicSubscription:TopicSubscription", Rule.of("topic", "protocol", "endpoint",
                    "endpointAutoConfirms", "confirmationTimeoutInMinutes")),
            Map.entry("aws:route53/record:Record", Rule.of("zoneId", "name")),
            Map.entry("aws:route53/healthCheck:HealthCheck", Rule.of("type", "referenceName")),
            Map.entry("aws:acm/certificate:Certificate", Rule.of("domainName", "subjectAlternativeNames", "keyAlgorithm",
                    "certificateAuthorityArn")),
            // delivery (io.berth.delivery)
            Map.entry("aws:codepipeline/pipeline:Pipeline", Rule.of("name")),
            Map.entry("aws:codebuild/project:Project", Rule.of("name")),
            Map.entry("aws:codestarconnections/connection:Connection", Rule.of("name", "providerType", "hostArn")),
            Map.entry("aws:codestarnotifications/notificationRule:NotificationRule", Rule.of("name", "resource")),
            Map.entry("aws:codedeploy/application:Application", Rule.of("computePlatform")),
            Map.entry("aws:codedeploy/deploymentGroup:DeploymentGroup", Rule.of("appName")),
            Map.entry("aws:s3/bucketVersioningV2:BucketVersioningV2", Rule.of("bucket", "expectedBucketOwner")),
            Map.entry("aws:s3/bucketReplicationConfig:BucketReplicationConfig", Rule.of("bucket")),
            // A provider whose region changes would have to recreate everything it manages.
            Map.entry("pulumi:providers:aws", Rule.of("region")));

    private ReplacementRules() {
    }

    /** Whether a change of {@code path} (an input path) makes AWS replace a resource of {@code type}. */
    public static boolean forcesReplacement(String type, String path) {
        var rule = RULES.get(type);
        return rule != null && !NEVER.contains(PropertyPaths.segments(path).get(0)) && rule.forces(path);
    }

    /** Why every change of this type replaces it, when the whole type is immutable; otherwise null. */
    public static String immutableWhy(String type) {
        var rule = RULES.get(type);
        return rule == null ? null : rule.why();
    }

    /**
     * The input paths the table lists for a type: those that force a replacement or, for a type that
     * {@link #immutableWhy is immutable}, those that do not (plus {@code tags} and {@code tagsAll}). For tests.
     */
    static java.util.Set<String> listedPaths(String type) {
        var rule = RULES.get(type);
        if (rule == null) {
            return java.util.Set.of();
        }
        var out = new java.util.TreeSet<>(rule.paths());
        if (rule.allExcept()) {
            out.addAll(NEVER);
        }
        return out;
    }

    /** Whether the table knows this type (types it does not know are only ever reported as updated). */
    public static boolean knows(String type) {
        return RULES.containsKey(type);
    }
}
