package io.berth.cluster;

import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.berth.model.EnvironmentConfig;
import io.berth.plan.Plan;
import io.berth.support.Providers;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.berth.testing.Inputs.assertAllInputs;
import static io.berth.testing.Inputs.assertInputs;
import static io.berth.testing.Inputs.assertJsonInput;
import static io.berth.testing.Inputs.names;
import static io.berth.testing.Inputs.untagged;
import static io.berth.testing.Plans.LOG_GROUP;
import static io.berth.testing.Plans.scope;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Cluster component (with its HostGroups and SpotInterruptions) alone, in one run: {@code dev}
 * with every default plus two host groups, {@code batch} (every host group default) and
 * {@code isolated} (every host group setting changed), and {@code plain} with Container Insights
 * and ECS Exec logging off and the on-demand profile.
 */
@Timeout(120)
class ClusterTest {
    static final String CLUSTER = "berth:cluster:Cluster";
    static final String HOST_GROUP = "berth:cluster:HostGroup";
    static final String VPC_ID = "vpc-0123456789abcdef0";
    static final List<String> SUBNETS = List.of("subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb");
    static Plan all;
    static Plan dev;
    static Plan plain;

    @BeforeAll
    static void plan() {
        var withGroups = Fixtures.environment("dev", Map.of("berth:hostGroups", """
                {"batch": {"instanceTypes": ["m6i.large", "m5.large"]},
                 "isolated": {"instanceTypes": ["c7g.large", "m7g.large"], "architecture": "arm64", "minSize": 1, "maxSize": 20,
                              "onDemandBase": 2, "onDemandPercentage": 25, "privileged": true, "rootVolumeGiB": 100,
                              "targetCapacityPercent": 80, "managedDraining": false}}"""));
        var plainEnv = Fixtures.environment("dev", Map.of("berth:cluster", """
                {"containerInsights": "disabled", "execLogging": false, "defaultCapacity": "on-demand"}"""));
        all = Fixtures.component(withGroups, ctx -> {
            var provider = Providers.forRegion("primary", withGroups.account(), withGroups.region());
            var options = ComponentResourceOptions.builder().providers(provider).build();
            cluster("dev", withGroups, provider, options);
            cluster("plain", plainEnv, provider, options);
        });
        dev = scope(all, CLUSTER, "dev");
        plain = scope(all, CLUSTER, "plain");
    }

    private static void cluster(String name, EnvironmentConfig env, com.pulumi.resources.ProviderResource provider,
                                ComponentResourceOptions options) {
        var cluster = new Cluster(name, env, Output.of(VPC_ID), SUBNETS.stream().map(Output::of).toList(), options);
        // what a service reads from the cluster, handed on as a consumer would
        new com.pulumi.aws.ssm.Parameter(name + "-reads", com.pulumi.aws.ssm.ParameterArgs.builder()
                .type("StringList")
                .value(Output.format("%s,%s,%s", cluster.clusterName, cluster.clusterArn, cluster.interruptionTopicArn))
                .build(), com.pulumi.resources.CustomResourceOptions.builder().provider(provider).build());
    }

    @Test
    void servicesReadTheClusterOnlyOnceItsCapacityProvidersAreAssociated() {
        var reads = all.named("dev-reads");
        assertThat(reads.<String>input("value")).isEqualTo("dev-cluster,arn:aws:ecs:eu-west-1:111111111111:cluster/dev-cluster,"
                + "arn:aws:sns:eu-west-1:111111111111:dev-spot-interruptions");
        assertThat(reads.dependencies()).contains(dev.named("dev-capacity-providers").urn());
    }

    /** EC2 resolves the AMI from AWS's public parameter at each launch: no lookup while planning. */
    private static String ami(String parameter) {
        return "resolve:ssm:" + parameter;
    }

    private static String userData(Plan plan, String launchTemplate) {
        return new String(Base64.getDecoder().decode(plan.named(launchTemplate).<String>input("userData")), StandardCharsets.UTF_8);
    }

    // --- the cluster

    @Test
    void theClusterHasContainerInsightsAndLogsEveryExecSession() {
        assertInputs(dev, "dev-cluster", """
                {"settings": [{"name": "containerInsights", "value": "enabled"}],
                 "configuration": {"executeCommandConfiguration": {"logging": "OVERRIDE",
                     "logConfiguration": {"cloudWatchLogGroupName": "/berth/dev/ecs-exec"}}}}""");
        assertInputs(dev, "dev-exec-logs", """
                {"name": "/berth/dev/ecs-exec", "retentionInDays": 30}""");
    }

    @Test
    void execLoggingOffLeavesNoExecLogGroupAndContainerInsightsFollowsTheSetting() {
        assertInputs(plain, "plain-cluster", """
                {"settings": [{"name": "containerInsights", "value": "disabled"}]}""");
        assertThat(plain.ofType(LOG_GROUP)).isEmpty();
    }

    @Test
    void oneAssociationHoldsFargateFargateSpotAndEveryHostGroupWithTheDefaultStrategy() {
        assertInputs(dev, "dev-capacity-providers", """
                {"clusterName": "dev-cluster", "capacityProviders": ["FARGATE", "FARGATE_SPOT", "dev-batch", "dev-isolated"],
                 "defaultCapacityProviderStrategies": [{"capacityProvider": "FARGATE", "base": 1, "weight": 1},
                                                       {"capacityProvider": "FARGATE_SPOT", "base": 0, "weight": 3}]}""");
        assertThat(all.ofType("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders")).hasSize(2);
    }

    @Test
    void theAssociationWaitsForTheHostGroupsCapacityProviders() {
        assertThat(dev.named("dev-capacity-providers").dependencies()).contains(
                dev.named("dev-batch-capacity-provider").urn(), dev.named("dev-isolated-capacity-provider").urn());
    }

    @Test
    void theDefaultStrategyIsTheEnvironmentsProfile() {
        assertInputs(plain, "plain-capacity-providers", """
                {"clusterName": "plain-cluster", "capacityProviders": ["FARGATE", "FARGATE_SPOT"],
                 "defaultCapacityProviderStrategies": [{"capacityProvider": "FARGATE", "base": 1, "weight": 1}]}""");
    }

    @Test
    void servicesAreDiscoveredInTheEnvironmentsPrivateNamespace() {
        assertInputs(dev, "dev-namespace", """
                {"name": "dev.berth.internal", "vpc": "vpc-0123456789abcdef0", "description": "Service discovery for the dev environment"}""");
    }

    // --- host groups: launch template

    @Test
    void aDefaultHostGroupLaunchesEncrypted30GiBRootVolumesWithImdsV2Only() {
        var template = dev.named("dev-batch-launch-template");
        var inputs = untagged(template);
        assertThat(inputs.remove("userData")).isNotNull();
        assertThat(inputs).isEqualTo(io.berth.testing.Inputs.parse(dev, """
                {"description": "ECS container instances of host group batch",
                 "imageId": "%s", "instanceType": "m6i.large",
                 "iamInstanceProfile": {"arn": "arn:aws:iam:eu-west-1:111111111111:instanceprofile/dev-batch-instance-profile"},
                 "vpcSecurityGroupIds": ["${id:dev-batch-instance-sg}"],
                 "metadataOptions": {"httpEndpoint": "enabled", "httpTokens": "required", "httpPutResponseHopLimit": 1},
                 "blockDeviceMappings": [{"deviceName": "/dev/xvda",
                     "ebs": {"volumeSize": 30, "volumeType": "gp3", "encrypted": "true", "deleteOnTermination": "true"}}],
                 "tagSpecifications": [{"resourceType": "instance", "tags": {"Name": "dev-batch-instance", "berth:host-group": "batch",
                     "cost-centre": "CC-1", "environment": "dev", "managed-by": "berth", "owner": "platform-team"}}],
                 "updateDefaultVersion": true}""".formatted(ami(HostGroup.AMI_PARAMETERS.get("x86_64")))));
    }

    @Test
    void theRootVolumeSizeAndArchitectureFollowTheGroupsSettings() {
        var template = dev.named("dev-isolated-launch-template");
        assertThat(template.inputs()).containsEntry("imageId", ami(HostGroup.AMI_PARAMETERS.get("arm64")))
                .containsEntry("instanceType", "c7g.large");
        assertThat(io.berth.testing.Inputs.<Object>at(template, "blockDeviceMappings")).isEqualTo(List.of(Map.of("deviceName", "/dev/xvda",
                "ebs", Map.of("volumeSize", 100L, "volumeType", "gp3", "encrypted", "true", "deleteOnTermination", "true"))));
    }

    @Test
    void userDataJoinsTheClusterWithTheGroupsAttributeAndRefusesPrivilegedContainers() {
        assertThat(userData(dev, "dev-batch-launch-template")).isEqualTo("""
                #!/bin/bash
                cat >> /etc/ecs/ecs.config <<'EOF'
                ECS_CLUSTER=dev-cluster
                ECS_INSTANCE_ATTRIBUTES={"berth.host-group":"batch"}
                ECS_DISABLE_PRIVILEGED=true
                ECS_AWSVPC_BLOCK_IMDS=true
                ECS_ENABLE_SPOT_INSTANCE_DRAINING=true
                ECS_CONTAINER_STOP_TIMEOUT=110s
                EOF
                """);
    }

    @Test
    void onlyAPrivilegedGroupAllowsPrivilegedContainers() {
        assertThat(userData(dev, "dev-isolated-launch-template"))
                .contains("ECS_INSTANCE_ATTRIBUTES={\"berth.host-group\":\"isolated\"}\n")
                .contains("ECS_DISABLE_PRIVILEGED=false\n");
    }

    // --- host groups: Auto Scaling group

    @Test
    void aDefaultHostGroupIsAnAllOnDemandGroupOfZeroToFourAcrossThePrivateSubnets() {
        assertInputs(dev, "dev-batch-asg", """
                {"vpcZoneIdentifiers": ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"], "minSize": 0, "maxSize": 4,
                 "protectFromScaleIn": true, "capacityRebalance": true,
                 "mixedInstancesPolicy": {
                     "instancesDistribution": {"onDemandBaseCapacity": 0, "onDemandPercentageAboveBaseCapacity": 100,
                                               "spotAllocationStrategy": "price-capacity-optimized"},
                     "launchTemplate": {"launchTemplateSpecification": {"launchTemplateId": "${id:dev-batch-launch-template}", "version": "$Latest"},
                                        "overrides": [{"instanceType": "m6i.large"}, {"instanceType": "m5.large"}]}}}""");
    }

    @Test
    void onDemandBaseAndPercentageAndSizesFollowTheGroupsSettings() {
        var asg = dev.named("dev-isolated-asg");
        assertThat(asg.inputs()).containsEntry("minSize", 1L).containsEntry("maxSize", 20L);
        assertThat(io.berth.testing.Inputs.<Object>at(asg, "mixedInstancesPolicy.instancesDistribution")).isEqualTo(Map.of(
                "onDemandBaseCapacity", 2L, "onDemandPercentageAboveBaseCapacity", 25L, "spotAllocationStrategy", "price-capacity-optimized"));
    }

    @Test
    void managedScalingOwnsTheDesiredCapacity() {
        assertThat(dev.named("dev-batch-asg").options()).containsEntry("ignoreChanges", List.of("desiredCapacity"));
    }

    @Test
    void instancesAreTaggedForTheGroupAndAsManagedByEcs() {
        assertThat(dev.named("dev-batch-asg").inputs().get("tags")).isEqualTo(List.of(
                tag("Name", "dev-batch-instance"), tag("berth:host-group", "batch"), tag("cost-centre", "CC-1"),
                tag("environment", "dev"), tag("managed-by", "berth"), tag("owner", "platform-team"), tag("AmazonECSManaged", "true")));
    }

    private static Map<String, Object> tag(String key, String value) {
        return Map.of("key", key, "value", value, "propagateAtLaunch", true);
    }

    // --- host groups: capacity provider

    @Test
    void aDefaultGroupsCapacityProviderDrainsAndTargetsNinetyPercent() {
        assertAllInputs(dev, "dev-batch-capacity-provider", """
                {"name": "dev-batch",
                 "autoScalingGroupProvider": {"autoScalingGroupArn": "arn:aws:autoscaling:eu-west-1:111111111111:group/dev-batch-asg",
                     "managedTerminationProtection": "ENABLED", "managedDraining": "ENABLED",
                     "managedScaling": {"status": "ENABLED", "targetCapacity": 90, "minimumScalingStepSize": 1, "maximumScalingStepSize": 4}},
                 "tags": {"Name": "dev-batch-capacity-provider", "berth:host-group": "batch", "cost-centre": "CC-1",
                          "environment": "dev", "managed-by": "berth", "owner": "platform-team"}}""");
    }

    @Test
    void targetCapacityAndDrainingFollowTheGroupsSettingsAndStepsStopAtTen() {
        assertInputs(dev, "dev-isolated-capacity-provider", """
                {"name": "dev-isolated",
                 "autoScalingGroupProvider": {"autoScalingGroupArn": "arn:aws:autoscaling:eu-west-1:111111111111:group/dev-isolated-asg",
                     "managedTerminationProtection": "ENABLED", "managedDraining": "DISABLED",
                     "managedScaling": {"status": "ENABLED", "targetCapacity": 80, "minimumScalingStepSize": 1, "maximumScalingStepSize": 10}}}""");
    }

    // --- host groups: role and security group

    @Test
    void instancesRunWithTheEcsAndSsmManagedPoliciesOnly() {
        assertJsonInput(dev, "dev-batch-instance-role", "assumeRolePolicy", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                 "Action": "sts:AssumeRole"}]}""");
        assertInputs(dev, "dev-batch-instance-ecs", """
                {"role": "dev-batch-instance-role",
                 "policyArn": "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"}""");
        assertInputs(dev, "dev-batch-instance-ssm", """
                {"role": "dev-batch-instance-role", "policyArn": "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"}""");
        assertThat(names(dev, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")).containsExactly(
                "dev-batch-instance-ecs", "dev-batch-instance-ssm", "dev-isolated-instance-ecs", "dev-isolated-instance-ssm");
    }

    @Test
    void instancesAcceptNothingAndTalkOnlyHttpsOut() {
        assertInputs(dev, "dev-batch-instance-sg", """
                {"vpcId": "vpc-0123456789abcdef0", "description": "Container instances of host group batch: no inbound traffic"}""");
        assertInputs(dev, "dev-batch-instance-out-https", """
                {"securityGroupId": "${id:dev-batch-instance-sg}", "ipProtocol": "tcp", "fromPort": 443, "toPort": 443,
                 "cidrIpv4": "0.0.0.0/0", "description": "HTTPS to the ECS, ECR and SSM endpoints"}""");
        assertThat(dev.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).isEmpty();
    }

    @Test
    void eachHostGroupIsAComponentInsideTheCluster() {
        assertThat(names(dev, HOST_GROUP)).containsExactly("dev-batch", "dev-isolated");
        assertThat(dev.named("dev-batch").parent()).isEqualTo(dev.named("dev").urn());
        assertThat(plain.ofType(HOST_GROUP)).isEmpty();
    }

    // --- Spot interruptions

    @Test
    void fargateSpotAndEc2SpotInterruptionsGoToOneTopic() {
        assertInputs(dev, "dev-spot-interruptions", """
                {"displayName": "Spot interruptions in dev"}""");
        assertJsonInput(dev, "dev-fargate-spot-interruption", "eventPattern", """
                {"source": ["aws.ecs"], "detail-type": ["ECS Task State Change"], "detail": {"stopCode": ["SpotInterruption"]}}""");
        assertJsonInput(dev, "dev-ec2-spot-interruption", "eventPattern", """
                {"source": ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"]}""");
        assertInputs(dev, "dev-fargate-spot-interruption-to-sns", """
                {"rule": "dev-fargate-spot-interruption", "arn": "arn:aws:sns:eu-west-1:111111111111:dev-spot-interruptions"}""");
        assertInputs(dev, "dev-ec2-spot-interruption-to-sns", """
                {"rule": "dev-ec2-spot-interruption", "arn": "arn:aws:sns:eu-west-1:111111111111:dev-spot-interruptions"}""");
    }

    @Test
    void onlyTheTwoInterruptionRulesMayPublishToTheTopic() {
        assertJsonInput(dev, "dev-spot-interruptions-policy", "policy", """
                {"Version": "2012-10-17", "Statement": [{"Sid": "EventBridgePublishesInterruptions", "Effect": "Allow",
                 "Principal": {"Service": "events.amazonaws.com"}, "Action": "sns:Publish",
                 "Resource": "arn:aws:sns:eu-west-1:111111111111:dev-spot-interruptions",
                 "Condition": {"ArnEquals": {"aws:SourceArn": ["arn:aws:events:eu-west-1:111111111111:rule/dev-ec2-spot-interruption",
                                                               "arn:aws:events:eu-west-1:111111111111:rule/dev-fargate-spot-interruption"]}}}]}""");
    }
}
