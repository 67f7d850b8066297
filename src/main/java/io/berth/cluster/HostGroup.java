package io.berth.cluster;

import com.pulumi.aws.autoscaling.Group;
import com.pulumi.aws.autoscaling.GroupArgs;
import com.pulumi.aws.autoscaling.inputs.GroupMixedInstancesPolicyArgs;
import com.pulumi.aws.autoscaling.inputs.GroupMixedInstancesPolicyInstancesDistributionArgs;
import com.pulumi.aws.autoscaling.inputs.GroupMixedInstancesPolicyLaunchTemplateArgs;
import com.pulumi.aws.autoscaling.inputs.GroupMixedInstancesPolicyLaunchTemplateLaunchTemplateSpecificationArgs;
import com.pulumi.aws.autoscaling.inputs.GroupMixedInstancesPolicyLaunchTemplateOverrideArgs;
import com.pulumi.aws.autoscaling.inputs.GroupTagArgs;
import com.pulumi.aws.ec2.LaunchTemplate;
import com.pulumi.aws.ec2.LaunchTemplateArgs;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateBlockDeviceMappingArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateBlockDeviceMappingEbsArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateIamInstanceProfileArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateMetadataOptionsArgs;
import com.pulumi.aws.ec2.inputs.LaunchTemplateTagSpecificationArgs;
import com.pulumi.aws.ecs.CapacityProvider;
import com.pulumi.aws.ecs.CapacityProviderArgs;
import com.pulumi.aws.ecs.inputs.CapacityProviderAutoScalingGroupProviderArgs;
import com.pulumi.aws.ecs.inputs.CapacityProviderAutoScalingGroupProviderManagedScalingArgs;
import com.pulumi.aws.iam.InstanceProfile;
import com.pulumi.aws.iam.InstanceProfileArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.aws.vpc.SecurityGroupEgressRule;
import com.pulumi.aws.vpc.SecurityGroupEgressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.berth.model.EnvironmentConfig;
import io.berth.model.HostGroupConfig;
import io.berth.support.Json;
import io.berth.support.PolicyDocument;
import io.berth.support.Tags;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One EC2 host group: launch template (ECS-optimised AMI from AWS's public SSM parameter, resolved by EC2 at launch; IMDSv2
 * required, encrypted root volume, user data that joins the cluster and sets the group's instance
 * attribute), its own Auto Scaling group across the private subnets with a mixed on-demand/Spot
 * policy, its own capacity provider with managed scaling, termination protection and draining,
 * and its own instance role and security group, so groups are isolated by privilege as well as by
 * workload. Services reach it through the provider plus a {@code memberOf} constraint.
 */
public final class HostGroup extends ComponentResource {
    /** AWS's public parameters naming the current ECS-optimised Amazon Linux 2023 AMIs. */
    public static final Map<String, String> AMI_PARAMETERS = Map.of(
            "x86_64", "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
            "arm64", "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id");

    public final HostGroupConfig config;
    public final String capacityProviderName;
    public final Output<String> capacityProviderId;

    public HostGroup(String name, EnvironmentConfig env, HostGroupConfig group, Output<String> clusterName, Output<String> vpcId,
                     List<Output<String>> privateSubnetIds, ComponentResourceOptions options) {
        super("berth:cluster:HostGroup", name, options);
        this.config = group;
        this.capacityProviderName = group.capacityProviderName(env.name());
        var child = CustomResourceOptions.builder().parent(this).build();
        var groupTags = Map.of("berth:host-group", group.name());

        var role = new Role(name + "-instance-role", RoleArgs.builder()
                .description("Container instances of host group " + group.name() + " in " + env.name())
                .assumeRolePolicy(PolicyDocument.trust("ec2.amazonaws.com"))
                .tags(Tags.of(env.tags(), name + "-instance-role", Map.of("berth:host-group", group.name(), "berth:role", "container-instance")))
                .build(), child);
        // AWS-managed policies: what the ECS agent and Session Manager need, maintained by AWS.
        var instancePermissions = List.<com.pulumi.resources.Resource>of(
                new RolePolicyAttachment(name + "-instance-ecs", RolePolicyAttachmentArgs.builder().role(role.name())
                        .policyArn("arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role").build(), child),
                new RolePolicyAttachment(name + "-instance-ssm", RolePolicyAttachmentArgs.builder().role(role.name())
                        .policyArn("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore").build(), child));
        var profile = new InstanceProfile(name + "-instance-profile", InstanceProfileArgs.builder()
                .role(role.name()).tags(Tags.of(env.tags(), name + "-instance-profile", groupTags)).build(), child);

        // Tasks use awsvpc and carry their service's security group; the instance itself only talks out.
        var sg = new SecurityGroup(name + "-instance-sg", SecurityGroupArgs.builder()
                .vpcId(vpcId)
                .description("Container instances of host group " + group.name() + ": no inbound traffic")
                .tags(Tags.of(env.tags(), name + "-instance-sg", groupTags))
                .build(), child);
        new SecurityGroupEgressRule(name + "-instance-out-https", SecurityGroupEgressRuleArgs.builder()
                .securityGroupId(sg.id()).ipProtocol("tcp").fromPort(443).toPort(443).cidrIpv4("0.0.0.0/0")
                .description("HTTPS to the ECS, ECR and SSM endpoints")
                .tags(Tags.of(env.tags(), name + "-instance-out-https", groupTags))
                .build(), child);

        var template = new LaunchTemplate(name + "-launch-template", LaunchTemplateArgs.builder()
                .description("ECS container instances of host group " + group.name())
                // EC2 resolves AWS's public parameter when it launches an instance: no SSM call at plan or
                // deploy time (the DR switch must not need the region that is down), and every launch takes
                // the current ECS-optimised AMI without a template change. The terraform provider stores the
                // string as given (DescribeLaunchTemplateVersions returns it unless ResolveAlias is set).
                // https://docs.aws.amazon.com/autoscaling/ec2/userguide/using-systems-manager-parameters.html
                .imageId(imageId(group))
                .instanceType(group.instanceTypes().get(0))
                .iamInstanceProfile(LaunchTemplateIamInstanceProfileArgs.builder().arn(profile.arn()).build())
                .vpcSecurityGroupIds(sg.id().applyValue(List::of))
                .metadataOptions(LaunchTemplateMetadataOptionsArgs.builder()
                        .httpEndpoint("enabled").httpTokens("required") // IMDSv2 only
                        .httpPutResponseHopLimit(1)                     // containers cannot reach instance credentials
                        .build())
                .blockDeviceMappings(LaunchTemplateBlockDeviceMappingArgs.builder()
                        .deviceName("/dev/xvda")
                        .ebs(LaunchTemplateBlockDeviceMappingEbsArgs.builder()
                                .volumeSize(group.rootVolumeGiB()).volumeType("gp3").encrypted("true").deleteOnTermination("true")
                                .build())
                        .build())
                .userData(clusterName.applyValue(cluster -> userData(cluster, group)))
                .tagSpecifications(LaunchTemplateTagSpecificationArgs.builder()
                        .resourceType("instance").tags(Tags.of(env.tags(), name + "-instance", groupTags)).build())
                .updateDefaultVersion(true)
                .tags(Tags.of(env.tags(), name + "-launch-template", groupTags))
                .build(), child);

        var asgTags = new java.util.ArrayList<GroupTagArgs>();
        Tags.of(env.tags(), name + "-instance", groupTags).forEach((k, v) ->
                asgTags.add(GroupTagArgs.builder().key(k).value(v).propagateAtLaunch(true).build()));
        // ECS sets this tag itself when managed scaling is on; declaring it avoids a perpetual diff.
        asgTags.add(GroupTagArgs.builder().key("AmazonECSManaged").value("true").propagateAtLaunch(true).build());
        var asg = new Group(name + "-asg", GroupArgs.builder()
                .vpcZoneIdentifiers(Output.all(privateSubnetIds))
                .minSize(group.minSize())
                .maxSize(group.maxSize())
                .protectFromScaleIn(true) // managed termination protection requires it (AWS rule 7)
                .capacityRebalance(true)  // replace Spot instances at risk before they are reclaimed
                .mixedInstancesPolicy(GroupMixedInstancesPolicyArgs.builder()
                        .instancesDistribution(GroupMixedInstancesPolicyInstancesDistributionArgs.builder()
                                .onDemandBaseCapacity(group.onDemandBase())
                                .onDemandPercentageAboveBaseCapacity(group.onDemandPercentage())
                                .spotAllocationStrategy("price-capacity-optimized")
                                .build())
                        .launchTemplate(GroupMixedInstancesPolicyLaunchTemplateArgs.builder()
                                .launchTemplateSpecification(GroupMixedInstancesPolicyLaunchTemplateLaunchTemplateSpecificationArgs.builder()
                                        .launchTemplateId(template.id()).version("$Latest").build())
                                .overrides(group.instanceTypes().stream()
                                        .map(t -> GroupMixedInstancesPolicyLaunchTemplateOverrideArgs.builder().instanceType(t).build())
                                        .toList())
                                .build())
                        .build())
                .tags(asgTags)
                // instances register with the cluster as the instance role: only once it may (IAM propagation)
                .build(), CustomResourceOptions.builder().parent(this).dependsOn(instancePermissions)
                // the capacity provider's managed scaling owns the desired capacity
                .ignoreChanges("desiredCapacity").build());

        var cp = new CapacityProvider(name + "-capacity-provider", CapacityProviderArgs.builder()
                .name(capacityProviderName)
                .autoScalingGroupProvider(CapacityProviderAutoScalingGroupProviderArgs.builder()
                        .autoScalingGroupArn(asg.arn())
                        .managedTerminationProtection("ENABLED")
                        .managedDraining(group.managedDraining() ? "ENABLED" : "DISABLED")
                        .managedScaling(CapacityProviderAutoScalingGroupProviderManagedScalingArgs.builder()
                                .status("ENABLED")
                                .targetCapacity(group.targetCapacityPercent())
                                .minimumScalingStepSize(1)
                                .maximumScalingStepSize(Math.max(1, Math.min(10, group.maxSize())))
                                .build())
                        .build())
                .tags(Tags.of(env.tags(), name + "-capacity-provider", groupTags))
                .build(), child);
        this.capacityProviderId = cp.name();
        registerOutputs(Map.of("capacityProvider", cp.name()));
    }

    /** The launch template's image: AWS's public ECS-optimised AMI parameter, resolved by EC2 at launch. */
    public static String imageId(HostGroupConfig group) {
        return "resolve:ssm:" + AMI_PARAMETERS.get(group.architecture());
    }

    /**
     * The ECS agent's config: join the cluster and carry the group's attribute (no IaC resource sets
     * instance attributes: AWS rule 15). Privileged containers are refused by the agent itself
     * outside privileged groups, and tasks are kept away from the instance metadata service.
     */
    public static String userData(String clusterName, HostGroupConfig group) {
        var script = "#!/bin/bash\n"
                + "cat >> /etc/ecs/ecs.config <<'EOF'\n"
                + "ECS_CLUSTER=" + clusterName + "\n"
                + "ECS_INSTANCE_ATTRIBUTES=" + Json.write(Map.of(HostGroupConfig.ATTRIBUTE, group.name())) + "\n"
                + "ECS_DISABLE_PRIVILEGED=" + !group.privileged() + "\n"
                + "ECS_AWSVPC_BLOCK_IMDS=true\n"
                + "ECS_ENABLE_SPOT_INSTANCE_DRAINING=true\n"
                + "ECS_CONTAINER_STOP_TIMEOUT=110s\n"
                + "EOF\n";
        return Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_8));
    }
}
