package io.berth.delivery;

import io.berth.model.DeliverySpec;
import com.pulumi.aws.codedeploy.Application;
import com.pulumi.aws.codedeploy.ApplicationArgs;
import com.pulumi.aws.codedeploy.DeploymentConfig;
import com.pulumi.aws.codedeploy.DeploymentConfigArgs;
import com.pulumi.aws.codedeploy.DeploymentGroup;
import com.pulumi.aws.codedeploy.DeploymentGroupArgs;
import com.pulumi.aws.codedeploy.inputs.DeploymentConfigTrafficRoutingConfigArgs;
import com.pulumi.aws.codedeploy.inputs.DeploymentConfigTrafficRoutingConfigTimeBasedCanaryArgs;
import com.pulumi.aws.codedeploy.inputs.DeploymentConfigTrafficRoutingConfigTimeBasedLinearArgs;
import com.pulumi.aws.codedeploy.inputs.DeploymentGroupAlarmConfigurationArgs;
import com.pulumi.aws.codedeploy.inputs.DeploymentGroupAutoRollbackConfigurationArgs;
import com.pulumi.aws.codedeploy.inputs.DeploymentGroupBlueGreenDeploymentConfigArgs;
import com.pulumi.aws.codedeploy.inputs.DeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOptionArgs;
import com.pulumi.aws.codedeploy.inputs.DeploymentGroupBlueGreenDeploymentConfigTerminateBlueInstancesOnDeploymentSuccessArgs;
import com.pulumi.aws.codedeploy.inputs.DeploymentGroupDeploymentStyleArgs;
import com.pulumi.aws.codedeploy.inputs.DeploymentGroupEcsServiceArgs;
import com.pulumi.aws.codedeploy.inputs.DeploymentGroupLoadBalancerInfoArgs;
import com.pulumi.aws.codedeploy.inputs.DeploymentGroupLoadBalancerInfoTargetGroupPairInfoArgs;
import com.pulumi.aws.codedeploy.inputs.DeploymentGroupLoadBalancerInfoTargetGroupPairInfoProdTrafficRouteArgs;
import com.pulumi.aws.codedeploy.inputs.DeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroupArgs;
import com.pulumi.aws.codedeploy.inputs.DeploymentGroupLoadBalancerInfoTargetGroupPairInfoTestTrafficRouteArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.lb.Listener;
import com.pulumi.aws.lb.ListenerArgs;
import com.pulumi.aws.lb.inputs.ListenerDefaultActionArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.berth.model.ServiceSpec;
import io.berth.model.EnvironmentConfig;
import io.berth.model.TrafficShift;
import io.berth.support.PolicyDocument;
import io.berth.support.Tags;
import io.berth.service.Service;
import io.berth.support.PropertyDependencies;

import java.util.List;
import java.util.Map;

/**
 * CodeDeploy blue/green for one ECS service (AWS rule 21): the service runs under the CODE_DEPLOY
 * controller with two target groups (its own and a green one, both in {@link Service}); CodeDeploy
 * starts each release as a replacement task set behind the idle target group, exposes it on the
 * test listener, switches the production listener rule over, and rolls back on its own when the
 * deployment fails (the circuit breaker's job under the ECS controller).
 */
final class BlueGreen {
    private BlueGreen() {
    }

    /** @param deploymentConfigName the deployment configuration the group shifts traffic with (AWS's or berth's) */
    record Resources(Output<String> applicationName, Output<String> applicationArn, Output<String> deploymentGroupName,
                     Output<String> deploymentGroupArn, Output<String> testListenerArn, String deploymentConfigName) {
    }

    /**
     * The deployment configuration of a traffic shift: AWS's predefined one, or {@code <env>-<service>-<shift>}
     * that berth creates ({@code canary-20-10m}).
     */
    static String deploymentConfigName(EnvironmentConfig env, ServiceSpec spec) {
        var shift = spec.deployment().trafficShift();
        return shift.predefinedConfig().orElse(env.name() + "-" + spec.name() + "-" + shift.setting());
    }

    static Resources create(String name, EnvironmentConfig env, ServiceSpec spec, DeliverySpec d, Service service,
                            Pipeline.Target target, Resource parent) {
        var child = CustomResourceOptions.builder().parent(parent).build();
        var tags = Map.of("berth:service", spec.name(), "owner", spec.owner());
        var lb = target.loadBalancer().orElseThrow();
        var https = env.ingress().https();

        // The test listener serves the replacement before the switch; like the main listener (same
        // certificate and TLS policy), but only to the test networks, never to the internet. The load
        // balancer is internet-facing: callers inside the VPC reach its public addresses through the NAT
        // gateways, so it sees them as the NAT gateways' Elastic IPs (never as the VPC's block).
        var listener = ListenerArgs.builder()
                .loadBalancerArn(lb.arn)
                .port(d.testListenerPort())
                .protocol(https ? "HTTPS" : "HTTP")
                .defaultActions(ListenerDefaultActionArgs.builder().type("forward").targetGroupArn(service.greenTargetGroup.arn()).build())
                .tags(Tags.of(env.tags(), name + "-test-listener", tags));
        if (https) {
            listener.sslPolicy(env.ingress().sslPolicy()).certificateArn(env.ingress().certificateArn().get());
        }
        var testListener = new Listener(name + "-test-listener", listener.build(), CustomResourceOptions.builder().parent(parent)
                .ignoreChanges("defaultActions") // CodeDeploy points it at the replacement on every release
                .build());
        var nats = target.natPublicIps();
        for (int i = 0; i < nats.size(); i++) {
            testTrafficFrom(name + "-test-in-nat-" + (i + 1), nats.get(i).applyValue(ip -> ip + "/32"),
                    "Test listener of " + spec.name() + " from the VPC (NAT gateway " + (i + 1) + ")", env, d, lb, tags, child);
        }
        var cidrs = env.delivery().testTrafficCidrs();
        for (int i = 0; i < cidrs.size(); i++) {
            testTrafficFrom(name + "-test-in-" + (i + 1), Output.of(cidrs.get(i)), "Test listener of " + spec.name() + " from " + cidrs.get(i),
                    env, d, lb, tags, child);
        }

        var taskSets = Output.tuple(target.clusterName(), service.serviceName).applyValue(t ->
                "arn:aws:ecs:" + env.region() + ":" + env.account() + ":task-set/" + t.t1 + "/" + t.t2 + "/*");
        var doc = PolicyDocument.create()
                .allow("OwnServiceTaskSets", List.of("ecs:CreateTaskSet", "ecs:DeleteTaskSet", "ecs:DescribeServices",
                        "ecs:UpdateServicePrimaryTaskSet"), List.of(service.serviceArn, taskSets))
                // Elastic Load Balancing's Describe actions have no resource-level permissions: AWS requires "*".
                .allow("ReadLoadBalancing", List.of("elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeRules",
                        "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth"), List.of(Output.of("*")))
                // The switch: the service's own production rule and its test listener (CodeDeploy also
                // calls ModifyListener on the production listener, whose 404 default it leaves alone).
                .allow("SwitchOwnRule", List.of("elasticloadbalancing:ModifyRule"), List.of(service.listenerRule.arn()))
                .allow("SwitchOwnListeners", List.of("elasticloadbalancing:ModifyListener"), List.of(lb.serviceListenerArn, testListener.arn()))
                .allow("PassOwnTaskRoles", List.of("iam:PassRole"), List.of(service.taskRoleArn, service.executionRoleArn),
                        Map.of("StringEquals", Map.of("iam:PassedToService", Pipeline.PASSED_TO)));
        var watchesAlarms = !service.deploymentAlarmNames.isEmpty();
        if (watchesAlarms) {
            // stops and rolls back a release on the service's own alarms (metric alarms: DescribeAlarms takes their ARNs)
            doc.allow("ReadOwnAlarms", List.of("cloudwatch:DescribeAlarms"), service.deploymentAlarmNames.stream()
                    .map(alarm -> Output.of("arn:aws:cloudwatch:" + env.region() + ":" + env.account() + ":alarm:" + alarm)).toList());
        }
        var role = new Role(name + "-codedeploy-role", RoleArgs.builder()
                .name(Pipeline.roleName(env, spec, "codedeploy"))
                .description("CodeDeploy switches " + spec.name() + " in " + env.name() + " between its two target groups")
                .assumeRolePolicy(PolicyDocument.trust("codedeploy.amazonaws.com"))
                .tags(Tags.of(env.tags(), name + "-codedeploy-role", Map.of("berth:service", spec.name(), "owner", spec.owner(), "berth:role", "delivery-codedeploy")))
                .build(), child);
        var policy = new RolePolicy(name + "-codedeploy-policy", RolePolicyArgs.builder().role(role.id()).policy(doc.toJson()).build(), child);

        var application = new Application(name + "-codedeploy", ApplicationArgs.builder()
                .name(env.name() + "-" + spec.name())
                .computePlatform("ECS")
                .tags(Tags.of(env.tags(), name + "-codedeploy", tags))
                .build(), child);
        var shift = spec.deployment().trafficShift();
        var configName = deploymentConfigName(env, spec);
        Output<String> config = Output.of(configName);
        if (shift.predefinedConfig().isEmpty()) {
            var routing = DeploymentConfigTrafficRoutingConfigArgs.builder();
            if (shift.type() == TrafficShift.Type.CANARY) {
                routing.type("TimeBasedCanary").timeBasedCanary(DeploymentConfigTrafficRoutingConfigTimeBasedCanaryArgs.builder()
                        .percentage(shift.percent()).interval(shift.minutes()).build());
            } else {
                routing.type("TimeBasedLinear").timeBasedLinear(DeploymentConfigTrafficRoutingConfigTimeBasedLinearArgs.builder()
                        .percentage(shift.percent()).interval(shift.minutes()).build());
            }
            config = new DeploymentConfig(name + "-traffic-shift", DeploymentConfigArgs.builder()
                    .deploymentConfigName(configName)
                    .computePlatform("ECS")
                    .trafficRoutingConfig(routing.build())
                    .build(), child).deploymentConfigName();
        }
        var rollbackEvents = watchesAlarms
                ? List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM", "DEPLOYMENT_STOP_ON_REQUEST")
                : List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST");
        var groupArgs = DeploymentGroupArgs.builder();
        if (watchesAlarms) {
            // an alarm during the shift (or before the old tasks go) stops the deployment and rolls it back
            groupArgs.alarmConfiguration(DeploymentGroupAlarmConfigurationArgs.builder()
                    .enabled(true).alarms(service.deploymentAlarmNames).build());
        }
        var groupAfter = watchesAlarms
                ? service.deploymentAlarms().applyValue(alarms -> {
                    var all = new java.util.ArrayList<Resource>(alarms);
                    all.add(policy);
                    return List.copyOf(all);
                })
                : Output.of(List.<Resource>of(policy));
        // two properties built from several resources' values: their dependencies in one Output each (see there)
        var ecsService = new PropertyDependencies();
        var loadBalancerInfo = new PropertyDependencies();
        var group = new DeploymentGroup(name + "-deployment-group", groupArgs
                .appName(application.name())
                .deploymentGroupName(env.name() + "-" + spec.name())
                .serviceRoleArn(role.arn())
                .deploymentConfigName(config)
                .deploymentStyle(DeploymentGroupDeploymentStyleArgs.builder()
                        .deploymentType("BLUE_GREEN").deploymentOption("WITH_TRAFFIC_CONTROL").build())
                .blueGreenDeploymentConfig(DeploymentGroupBlueGreenDeploymentConfigArgs.builder()
                        .deploymentReadyOption(DeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOptionArgs.builder()
                                .actionOnTimeout("CONTINUE_DEPLOYMENT").build())
                        .terminateBlueInstancesOnDeploymentSuccess(
                                DeploymentGroupBlueGreenDeploymentConfigTerminateBlueInstancesOnDeploymentSuccessArgs.builder()
                                        .action("TERMINATE").terminationWaitTimeInMinutes(5).build())
                        .build())
                // the circuit breaker's job under CODE_DEPLOY: a failed release rolls back on its own
                .autoRollbackConfiguration(DeploymentGroupAutoRollbackConfigurationArgs.builder()
                        .enabled(true).events(rollbackEvents).build())
                .ecsService(ecsService.holding(DeploymentGroupEcsServiceArgs.builder()
                        .clusterName(ecsService.add(target.clusterName())).serviceName(ecsService.add(service.serviceName)).build()))
                .loadBalancerInfo(loadBalancerInfo.holding(DeploymentGroupLoadBalancerInfoArgs.builder()
                        .targetGroupPairInfo(DeploymentGroupLoadBalancerInfoTargetGroupPairInfoArgs.builder()
                                .prodTrafficRoute(DeploymentGroupLoadBalancerInfoTargetGroupPairInfoProdTrafficRouteArgs.builder()
                                        .listenerArns(loadBalancerInfo.add(lb.serviceListenerArn.applyValue(List::of))).build())
                                .testTrafficRoute(DeploymentGroupLoadBalancerInfoTargetGroupPairInfoTestTrafficRouteArgs.builder()
                                        .listenerArns(loadBalancerInfo.add(testListener.arn().applyValue(List::of))).build())
                                .targetGroups(
                                        DeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroupArgs.builder()
                                                .name(loadBalancerInfo.add(service.targetGroup.name())).build(),
                                        DeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroupArgs.builder()
                                                .name(loadBalancerInfo.add(service.greenTargetGroup.name())).build())
                                .build())
                        .build()))
                .tags(Tags.of(env.tags(), name + "-deployment-group", tags))
                .build(), CustomResourceOptions.builder().parent(parent).dependsOn(groupAfter).build());
        var groupArn = Output.tuple(application.name(), group.deploymentGroupName()).applyValue(t ->
                "arn:aws:codedeploy:" + env.region() + ":" + env.account() + ":deploymentgroup:" + t.t1 + "/" + t.t2);
        return new Resources(application.name(), application.arn(), group.deploymentGroupName(), groupArn, testListener.arn(), configName);
    }

    private static void testTrafficFrom(String ruleName, Output<String> cidr, String description, EnvironmentConfig env, DeliverySpec d,
                                        io.berth.ingress.LoadBalancer lb, Map<String, String> tags, CustomResourceOptions child) {
        new SecurityGroupIngressRule(ruleName, SecurityGroupIngressRuleArgs.builder()
                .securityGroupId(lb.securityGroupId)
                .ipProtocol("tcp").fromPort(d.testListenerPort()).toPort(d.testListenerPort())
                .cidrIpv4(cidr)
                .description(description)
                .tags(Tags.of(env.tags(), ruleName, tags))
                .build(), child);
    }
}
