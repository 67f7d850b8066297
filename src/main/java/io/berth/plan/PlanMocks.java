package io.berth.plan;

import com.pulumi.test.Mocks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mocks for the offline plan and the tests: every resource gets the computed attributes AWS would
 * return (ids in AWS's formats, ARNs in the resource's own region and the environment's account,
 * DNS names, repository URLs), derived from a hash of its type and name so that re-planning the
 * same input gives byte-identical output. berth's program's only invokes are the release checks
 * ({@link io.berth.registry.ReleasedImages}: ECR repositories and their images, answered from
 * {@link RegistryContents}); zones come from config and AMIs are resolved by EC2 at launch. The few
 * other answers here are for tests; any other invoke fails loudly instead of silently returning nulls.
 */
public class PlanMocks implements Mocks {
    private final String account;
    private final String defaultRegion;
    /** Region of each explicit provider, by the provider id this mock handed out. */
    private final Map<String, String> providerRegions = new ConcurrentHashMap<>();
    /** What the registries hold, for the release checks (io.berth.registry.ReleasedImages). */
    private final RegistryContents registry;

    /** Mocks whose registries are empty: a fresh account. */
    public PlanMocks(String account, String defaultRegion) {
        this(account, defaultRegion, RegistryContents.empty());
    }

    public PlanMocks(String account, String defaultRegion, RegistryContents registry) {
        this.account = account;
        this.defaultRegion = defaultRegion;
        this.registry = registry;
    }

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        var type = args.type == null ? "" : args.type;
        var name = args.name == null ? "" : args.name;
        var inputs = args.inputs == null ? Map.<String, Object>of() : args.inputs;
        var state = new HashMap<String, Object>(inputs);

        if (type.startsWith("pulumi:providers:")) {
            var id = name + "-provider-id";
            var region = inputs.get("region");
            providerRegions.put(id, region == null ? defaultRegion : unquote(String.valueOf(region)));
            return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(id), state));
        }
        if (!type.startsWith("aws:")) {
            // component resources: no state of their own
            return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(name), state));
        }
        var region = regionOf(args.provider);
        var hex = hash(type + "|" + name);
        var physical = inputs.get("name") instanceof String s ? s : name;
        var id = idFor(type, physical, hex);
        state.put("id", id);
        state.putIfAbsent("name", physical);
        state.put("arn", arnFor(type, physical, id, region));
        state.putIfAbsent("tagsAll", inputs.getOrDefault("tags", Map.of()));

        switch (type) {
            case "aws:lb/loadBalancer:LoadBalancer" -> {
                state.put("dnsName", physical + "-" + hex.substring(0, 10) + "." + region + ".elb.amazonaws.com");
                state.put("zoneId", "Z32O12XQLNTSW2");
                state.put("arnSuffix", "app/" + physical + "/" + hex.substring(0, 16));
            }
            case "aws:lb/targetGroup:TargetGroup" -> state.put("arnSuffix", "targetgroup/" + physical + "/" + hex.substring(0, 16));
            case "aws:sqs/queue:Queue" -> state.put("url", "https://sqs." + region + ".amazonaws.com/" + account + "/" + physical);
            case "aws:ecr/repository:Repository" -> {
                state.put("repositoryUrl", account + ".dkr.ecr." + region + ".amazonaws.com/" + physical);
                state.put("registryId", account);
            }
            case "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace" -> state.put("hostedZone", "Z" + hex.substring(0, 13).toUpperCase());
            case "aws:s3/bucketV2:BucketV2", "aws:s3/bucket:Bucket" -> {
                var bucket = inputs.get("bucket") instanceof String b ? b : physical;
                state.put("bucket", bucket);
                state.put("arn", "arn:aws:s3:::" + bucket);
                state.put("bucketDomainName", bucket + ".s3.amazonaws.com");
                state.put("bucketRegionalDomainName", bucket + ".s3." + region + ".amazonaws.com");
            }
            case "aws:kms/key:Key" -> state.put("keyId", id);
            case "aws:codestarconnections/connection:Connection" -> {
                state.put("arn", "arn:aws:codestar-connections:" + region + ":" + account + ":connection/" + uuid(hex));
                state.put("connectionStatus", "PENDING"); // a person completes it in the console
            }
            case "aws:codedeploy/application:Application" -> state.put("applicationId", uuid(hex));
            case "aws:codedeploy/deploymentGroup:DeploymentGroup" -> {
                state.put("deploymentGroupId", uuid(hex));
                state.put("arn", "arn:aws:codedeploy:" + region + ":" + account + ":deploymentgroup:" + inputs.get("appName") + "/"
                        + inputs.get("deploymentGroupName"));
            }
            case "aws:route53/healthCheck:HealthCheck", "aws:route53/zone:Zone" -> state.put("zoneId", id);
            // an address from the documentation ranges (RFC 5737), stable per name
            case "aws:ec2/eip:Eip" -> state.put("publicIp", List.of("192.0.2.", "198.51.100.", "203.0.113.")
                    .get(Integer.parseInt(hex.substring(0, 2), 16) % 3) + (Integer.parseInt(hex.substring(2, 4), 16) % 254 + 1));
            default -> {
            }
        }
        return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(id), state));
    }

    @Override
    public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
        var region = regionOf(args.provider);
        Map<String, Object> result = switch (String.valueOf(args.token)) {
            case "aws:index/getCallerIdentity:getCallerIdentity" -> Map.of(
                    "id", account, "accountId", account,
                    "arn", "arn:aws:sts::" + account + ":assumed-role/berth-plan/offline",
                    "userId", "AROAOFFLINEPLAN:berth");
            case "aws:index/getRegion:getRegion" -> Map.of("id", region, "name", region, "region", region,
                    "description", region, "endpoint", "ec2." + region + ".amazonaws.com");
            case "aws:index/getPartition:getPartition" -> Map.of("id", "aws", "partition", "aws",
                    "dnsSuffix", "amazonaws.com", "reverseDnsPrefix", "com.amazonaws");
            case io.berth.registry.ReleasedImages.GET_REPOSITORIES -> Map.of("id", region, "names", registry.repositories(region));
            case io.berth.registry.ReleasedImages.GET_REPOSITORY -> {
                var name = String.valueOf(args.args == null ? "" : args.args.get("name"));
                if (!registry.repositories(region).contains(name)) {
                    // as ECR answers: the data source fails on a repository that does not exist
                    throw new IllegalArgumentException("RepositoryNotFoundException: The repository with name '" + name
                            + "' does not exist in the registry in " + region);
                }
                yield Map.of("id", name, "name", name, "arn", "arn:aws:ecr:" + region + ":" + account + ":repository/" + name,
                        "registryId", account, "repositoryUrl", account + ".dkr.ecr." + region + ".amazonaws.com/" + name,
                        "imageTagMutability", "IMMUTABLE", "mostRecentImageTags", registry.mostRecentImageTags(region, name),
                        "tags", Map.of());
            }
            default -> throw new IllegalArgumentException("berth's offline plan has no mock for the invoke '"
                    + args.token + "'; add it to PlanMocks.callAsync");
        };
        return CompletableFuture.completedFuture(result);
    }

    private String regionOf(String providerRef) {
        if (providerRef == null || providerRef.isEmpty()) {
            return defaultRegion;
        }
        var idx = providerRef.lastIndexOf("::");
        var id = idx < 0 ? providerRef : providerRef.substring(idx + 2);
        return providerRegions.getOrDefault(id, defaultRegion);
    }

    private String arnFor(String type, String physical, String id, String region) {
        var module = type.substring(4, type.indexOf('/'));
        var kind = type.substring(type.lastIndexOf(':') + 1);
        return switch (type) {
            case "aws:iam/role:Role" -> "arn:aws:iam::" + account + ":role/" + physical;
            case "aws:iam/policy:Policy" -> "arn:aws:iam::" + account + ":policy/" + physical;
            case "aws:cloudwatch/logGroup:LogGroup" -> "arn:aws:logs:" + region + ":" + account + ":log-group:" + physical;
            case "aws:ecs/cluster:Cluster" -> "arn:aws:ecs:" + region + ":" + account + ":cluster/" + physical;
            case "aws:ecs/service:Service" -> "arn:aws:ecs:" + region + ":" + account + ":service/" + physical;
            case "aws:ecs/taskDefinition:TaskDefinition" -> "arn:aws:ecs:" + region + ":" + account + ":task-definition/"
                    + (physical) + ":1";
            case "aws:ecr/repository:Repository" -> "arn:aws:ecr:" + region + ":" + account + ":repository/" + physical;
            case "aws:sns/topic:Topic" -> "arn:aws:sns:" + region + ":" + account + ":" + physical;
            case "aws:kms/key:Key" -> "arn:aws:kms:" + region + ":" + account + ":key/" + id;
            case "aws:lb/loadBalancer:LoadBalancer" -> "arn:aws:elasticloadbalancing:" + region + ":" + account
                    + ":loadbalancer/app/" + physical + "/" + id;
            case "aws:lb/targetGroup:TargetGroup" -> "arn:aws:elasticloadbalancing:" + region + ":" + account
                    + ":targetgroup/" + physical + "/" + id;
            case "aws:lb/listener:Listener" -> "arn:aws:elasticloadbalancing:" + region + ":" + account
                    + ":listener/app/" + physical + "/" + id;
            case "aws:lb/listenerRule:ListenerRule" -> "arn:aws:elasticloadbalancing:" + region + ":" + account
                    + ":listener-rule/app/" + physical + "/" + id;
            case "aws:codepipeline/pipeline:Pipeline" -> "arn:aws:codepipeline:" + region + ":" + account + ":" + physical;
            case "aws:codedeploy/application:Application" -> "arn:aws:codedeploy:" + region + ":" + account + ":application:" + physical;
            case "aws:codestarnotifications/notificationRule:NotificationRule" -> "arn:aws:codestar-notifications:" + region + ":"
                    + account + ":notificationrule/" + hash(type + physical).substring(0, 40);
            case "aws:cloudwatch/eventRule:EventRule" -> "arn:aws:events:" + region + ":" + account + ":rule/" + physical;
            case "aws:sqs/queue:Queue" -> "arn:aws:sqs:" + region + ":" + account + ":" + physical;
            case "aws:sfn/stateMachine:StateMachine" -> "arn:aws:states:" + region + ":" + account + ":stateMachine:" + physical;
            case "aws:appautoscaling/target:Target" -> "arn:aws:application-autoscaling:" + region + ":" + account
                    + ":scalable-target/sb" + hash(type + physical).substring(0, 32);
            default -> "arn:aws:" + module + ":" + region + ":" + account + ":" + kind.toLowerCase() + "/" + physical;
        };
    }

    private static String idFor(String type, String physical, String hex) {
        var prefix = switch (type) {
            case "aws:ec2/vpc:Vpc" -> "vpc-";
            case "aws:ec2/subnet:Subnet" -> "subnet-";
            case "aws:ec2/internetGateway:InternetGateway" -> "igw-";
            case "aws:ec2/natGateway:NatGateway" -> "nat-";
            case "aws:ec2/eip:Eip" -> "eipalloc-";
            case "aws:ec2/routeTable:RouteTable" -> "rtb-";
            case "aws:ec2/securityGroup:SecurityGroup" -> "sg-";
            case "aws:ec2/vpcEndpoint:VpcEndpoint" -> "vpce-";
            case "aws:ec2/flowLog:FlowLog" -> "fl-";
            case "aws:ec2/launchTemplate:LaunchTemplate" -> "lt-";
            case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                 "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule" -> "sgr-";
            case "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace" -> "ns-";
            case "aws:servicediscovery/service:Service" -> "srv-";
            case "aws:kms/key:Key" -> "";
            default -> null;
        };
        if (prefix == null) {
            return physical;
        }
        if (type.equals("aws:kms/key:Key")) {
            return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                    + hex.substring(16, 20) + "-" + hex.substring(20, 32);
        }
        return prefix + "0" + hex.substring(0, 16);
    }

    private static String uuid(String hex) {
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-"
                + hex.substring(20, 32);
    }

    /** SHA-256 of {@code s} as hex: stable ids and names derived from stable input. */
    public static String hash(String s) {
        return io.berth.model.Hashes.sha256Hex(s);
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
