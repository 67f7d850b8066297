package io.berth.diff;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who changes a property that a resource's {@code ignoreChanges} hands away from Pulumi, read from the
 * head plan itself (the tools layer never asks the program): the service's delivery pipeline (ECS
 * service {@code taskDefinition}; under CodeDeploy also {@code loadBalancers}, {@code networkConfiguration},
 * {@code capacityProviderStrategies} and the forward actions of the listeners), Application Auto Scaling
 * ({@code desiredCount}), scheduled scaling actions (a scalable target's limits) or ECS managed scaling
 * (an Auto Scaling group's {@code desiredCapacity}).
 */
public final class Ownership {
    private static final String PIPELINE = "aws:codepipeline/pipeline:Pipeline";
    private static final String DEPLOYMENT_GROUP = "aws:codedeploy/deploymentGroup:DeploymentGroup";
    private static final String SCALABLE_TARGET = "aws:appautoscaling/target:Target";
    private static final String SCHEDULED_ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";
    private static final String CAPACITY_PROVIDER = "aws:ecs/capacityProvider:CapacityProvider";
    static final String ECS_SERVICE = "aws:ecs/service:Service";

    /**
     * Who owns an ignored property, and what that means for this change.
     *
     * @param owner   {@code pipeline `dev-orders`}
     * @param effect  what happens instead of {@code pulumi up} applying it ({@code ships with the next pipeline run})
     * @param shipNow what to do to ship it now, a command where there is one
     */
    public record Owner(String owner, String effect, String shipNow) {
    }

    /** A pipeline that deploys an ECS service: its name, the stage that does it, whether a person approves runs. */
    private record Deployer(String pipeline, String stage, boolean approval, String deploymentGroup) {
    }

    private final Map<String, Deployer> deployers = new HashMap<>();
    /** Listener and listener-rule ARNs whose actions a CodeDeploy deployment group switches. */
    private final Map<String, Deployer> codeDeployListeners = new HashMap<>();
    private final Map<String, JsonNode> scalableTargets = new HashMap<>();
    private final Map<String, List<String>> schedules = new HashMap<>();
    private final Map<String, String> capacityProviders = new HashMap<>();

    private Ownership() {
    }

    static Ownership of(PlanSnapshot plan) {
        var o = new Ownership();
        var groups = new HashMap<String, JsonNode>();
        for (var r : plan.resources().values()) {
            var in = r.path("inputs");
            switch (r.path("type").asText()) {
                case DEPLOYMENT_GROUP -> groups.put(in.path("appName").asText() + "/" + in.path("deploymentGroupName").asText(), r);
                case SCALABLE_TARGET -> o.scalableTargets.put(in.path("resourceId").asText(), r);
                case SCHEDULED_ACTION -> o.schedules.computeIfAbsent(in.path("resourceId").asText(), k -> new java.util.ArrayList<>())
                        .add(r.path("name").asText());
                case CAPACITY_PROVIDER -> o.capacityProviders.put(
                        in.path("autoScalingGroupProvider").path("autoScalingGroupArn").asText(), r.path("name").asText());
                default -> {
                }
            }
        }
        for (var r : plan.resources().values()) {
            if (!r.path("type").asText().equals(PIPELINE)) {
                continue;
            }
            var name = r.path("inputs").path("name").asText(r.path("name").asText());
            boolean approval = false;
            for (var stage : r.path("inputs").path("stages")) {
                for (var action : stage.path("actions")) {
                    approval |= action.path("provider").asText().equals("Manual");
                }
            }
            for (var stage : r.path("inputs").path("stages")) {
                var stageName = stage.path("name").asText();
                for (var action : stage.path("actions")) {
                    var config = action.path("configuration");
                    switch (action.path("provider").asText()) {
                        case "ECS" -> o.deployers.put(config.path("ServiceName").asText(), new Deployer(name, stageName, approval, null));
                        case "CodeDeployToECS" -> {
                            var group = groups.get(config.path("ApplicationName").asText() + "/" + config.path("DeploymentGroupName").asText());
                            if (group != null) {
                                var in = group.path("inputs");
                                var deployer = new Deployer(name, stageName, approval, in.path("deploymentGroupName").asText());
                                for (var svc : in.path("ecsService").isArray() ? in.path("ecsService") : List.of(in.path("ecsService"))) {
                                    o.deployers.put(svc.path("serviceName").asText(), deployer);
                                }
                                var routes = in.path("loadBalancerInfo").path("targetGroupPairInfo");
                                for (var route : List.of("prodTrafficRoute", "testTrafficRoute")) {
                                    routes.path(route).path("listenerArns").forEach(a -> o.codeDeployListeners.put(a.asText(), deployer));
                                }
                            }
                        }
                        case "CodeBuild" -> {
                            var variables = JsonDiff.expand(config.path("EnvironmentVariables"));
                            for (var v : variables) {
                                if (v.path("name").asText().equals("BERTH_DR_SERVICE")) {
                                    o.deployers.put(v.path("value").asText(), new Deployer(name, stageName, approval, null));
                                }
                            }
                        }
                        default -> {
                        }
                    }
                }
            }
        }
        return o;
    }

    /** The owner of {@code property} of {@code resource} (head plan), or a generic one when nothing in the plan says. */
    Owner ownerOf(JsonNode resource, String property, JsonNode newValue) {
        var type = resource.path("type").asText();
        var in = resource.path("inputs");
        if (type.equals(ECS_SERVICE)) {
            var deployer = deployerOf(resource);
            if (property.equals("desiredCount")) {
                var target = scalableTargets.get("service/" + lastSegment(in.path("cluster").asText()) + "/" + physicalName(resource));
                var count = newValue == null || newValue.isNull() ? "<count>" : newValue.asText();
                var forceCommand = "`aws ecs update-service --cluster " + lastSegment(in.path("cluster").asText()) + " --service "
                        + physicalName(resource) + " --desired-count " + count + "` (autoscaling may change it again)";
                if (target != null) {
                    var t = target.path("inputs");
                    return new Owner("Application Auto Scaling (`" + target.path("name").asText() + "`, min "
                            + t.path("minCapacity").asText() + ", max " + t.path("maxCapacity").asText() + ")",
                            "owned by autoscaling: it keeps the count between the scalable target's min and max (catalog `scaling`)",
                            forceCommand);
                }
                return new Owner("whoever scales the service", "not applied by `pulumi up`", forceCommand);
            }
            if (deployer != null && (property.equals("taskDefinition") || deployer.deploymentGroup() != null)) {
                var who = "pipeline `" + deployer.pipeline() + "`" + (deployer.deploymentGroup() != null && !property.equals("taskDefinition")
                        ? " through CodeDeploy (deployment group `" + deployer.deploymentGroup() + "`)"
                        : " (stage " + deployer.stage() + ")");
                return new Owner(who, "ships with the next pipeline run", startPipeline(deployer));
            }
        }
        if ((type.equals("aws:lb/listenerRule:ListenerRule") && property.equals("actions"))
                || (type.equals("aws:lb/listener:Listener") && property.equals("defaultActions"))) {
            var deployer = codeDeployListeners.get(in.path("listenerArn").asText(resource.path("id").asText()));
            if (deployer == null) {
                deployer = codeDeployListeners.values().stream()
                        .filter(d -> resource.path("name").asText().startsWith(d.pipeline())).findFirst().orElse(null);
            }
            if (deployer != null) {
                return new Owner("CodeDeploy (deployment group `" + deployer.deploymentGroup() + "` of pipeline `" + deployer.pipeline() + "`)",
                        "owned by blue/green deployments: each one switches the forward action between the two target groups",
                        "nothing to ship: the next deployment (" + startPipeline(deployer) + ") sets it");
            }
        }
        if (type.equals(SCALABLE_TARGET) && (property.equals("minCapacity") || property.equals("maxCapacity"))) {
            var names = schedules.getOrDefault(in.path("resourceId").asText(), List.of());
            return new Owner(names.isEmpty() ? "scheduled scaling" : "the scheduled actions " + String.join(", ", names.stream().map(n -> "`" + n + "`").toList())
                    + " (catalog `scaling.schedules`)",
                    "owned by the schedules: the next scheduled action sets the limits",
                    "`aws application-autoscaling register-scalable-target --service-namespace " + in.path("serviceNamespace").asText()
                            + " --resource-id " + in.path("resourceId").asText() + " --scalable-dimension " + in.path("scalableDimension").asText()
                            + " --min-capacity " + in.path("minCapacity").asText() + " --max-capacity " + in.path("maxCapacity").asText() + "`");
        }
        if (type.equals("aws:autoscaling/group:Group") && property.equals("desiredCapacity")) {
            var arnEnd = "group/" + resource.path("name").asText();
            var provider = capacityProviders.entrySet().stream().filter(e -> e.getKey().endsWith(arnEnd)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
            return new Owner("ECS managed scaling" + (provider == null ? "" : " (capacity provider `" + provider + "`)"),
                    "owned by managed scaling: it sizes the group for the tasks placed on it",
                    "nothing to ship: `minSize`/`maxSize` (stack key `berth:hostGroups.<group>`) apply at `pulumi up`");
        }
        return new Owner("the resource's `ignoreChanges`", "not applied by `pulumi up`",
                "change it in AWS directly, or lift `ignoreChanges` in the program");
    }

    /** The pipeline that deploys this ECS service, if any. */
    private Deployer deployerOf(JsonNode service) {
        var d = deployers.get(physicalName(service));
        return d != null ? d : deployers.get(service.path("name").asText());
    }

    /** The pipeline name that owns an ECS service's task definition, or null. */
    String pipelineOf(JsonNode service) {
        var d = deployerOf(service);
        return d == null ? null : d.pipeline();
    }

    private static String startPipeline(Deployer d) {
        return "`aws codepipeline start-pipeline-execution --name " + d.pipeline() + "`" + (d.approval() ? " (then approve the run)" : "");
    }

    private static String physicalName(JsonNode r) {
        var name = r.path("inputs").path("name");
        return name.isTextual() ? name.asText() : r.path("id").asText(r.path("name").asText());
    }

    private static String lastSegment(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }
}
