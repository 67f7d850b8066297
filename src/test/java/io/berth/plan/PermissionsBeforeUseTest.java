package io.berth.plan;

import io.berth.testing.ShippedStacks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IAM is eventually consistent: whatever acts with a role is created after that role's inline
 * policies and policy attachments (a dependency in the plan), so a first run cannot hit AccessDenied
 * while they propagate. Checked for every such resource of the shipped stacks: resources naming a role
 * (roleArn, serviceRole, serviceRoleArn, iamRoleArn, customRoleArn), ECS services (the roles of their
 * task definition) and Auto Scaling groups (the role of their launch template's instance profile).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PermissionsBeforeUseTest {
    private static final List<String> ROLE_FIELDS = List.of("roleArn", "serviceRole", "serviceRoleArn", "iamRoleArn", "customRoleArn");
    private static final String ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
    private static final String ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void everythingThatActsWithARoleWaitsForItsPermissions(String stack) {
        var plan = ShippedStacks.plan(stack);
        // role name -> URNs of its inline policies and attachments
        var permissions = new TreeMap<String, Set<String>>();
        plan.resources().stream().filter(r -> r.type().equals(ROLE_POLICY) || r.type().equals(ATTACHMENT))
                .forEach(p -> permissions.computeIfAbsent((String) p.inputs().get("role"), k -> new TreeSet<>()).add(p.urn()));

        var checked = new TreeSet<String>();
        var missing = new ArrayList<String>();
        for (var r : plan.resources()) {
            if (!r.custom() || r.type().startsWith("aws:iam/")) {
                continue;
            }
            for (var role : rolesActedWith(plan, r)) {
                checked.add(r.type());
                var needed = permissions.getOrDefault(role, Set.of());
                if (!r.dependencies().containsAll(needed)) {
                    missing.add(r.name() + " (" + r.type() + ") acts as " + role + " before its policies "
                            + needed.stream().filter(n -> !r.dependencies().contains(n)).map(n -> n.substring(n.lastIndexOf("::") + 2)).toList());
                }
            }
        }
        assertThat(missing).isEmpty();
        // not vacuous: every kind of acting resource of the stack was checked
        var expected = new TreeSet<>(List.of("aws:autoscaling/group:Group", "aws:cloudwatch/eventTarget:EventTarget", "aws:codebuild/project:Project",
                "aws:codepipeline/pipeline:Pipeline", "aws:ec2/flowLog:FlowLog", "aws:ecs/service:Service",
                "aws:sfn/stateMachine:StateMachine")); // the batch-reports job's runs
        if (stack.equals("prod")) {
            expected.addAll(List.of("aws:codedeploy/deploymentGroup:DeploymentGroup", "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate"));
        }
        if (stack.equals("dev")) {
            expected.remove("aws:cloudwatch/eventTarget:EventTarget"); // dev builds from GitHub: no EventBridge trigger
        }
        assertThat(checked).isEqualTo(expected);
    }

    /** The roles {@code r} acts with, by name. */
    private static Set<String> rolesActedWith(Plan plan, PlannedResource r) {
        var roles = new TreeSet<String>();
        ROLE_FIELDS.forEach(f -> roleName(r.inputs().get(f)).ifPresent(roles::add));
        if (r.type().equals("aws:ecs/service:Service")) {
            // its tasks pull and log as the execution role and run as the task role
            dependenciesOfType(plan, r, "aws:ecs/taskDefinition:TaskDefinition").forEach(task ->
                    List.of("executionRoleArn", "taskRoleArn").forEach(f -> roleName(task.inputs().get(f)).ifPresent(roles::add)));
        }
        if (r.type().equals("aws:autoscaling/group:Group")) {
            // its instances register with the cluster as the instance profile's role
            dependenciesOfType(plan, r, "aws:ec2/launchTemplate:LaunchTemplate").forEach(template ->
                    dependenciesOfType(plan, template, "aws:iam/instanceProfile:InstanceProfile")
                            .forEach(profile -> roles.add((String) profile.inputs().get("role"))));
        }
        return roles;
    }

    private static List<PlannedResource> dependenciesOfType(Plan plan, PlannedResource r, String type) {
        return r.dependencies().stream().map(plan::resolveRef).filter(d -> d.type().equals(type)).collect(Collectors.toList());
    }

    private static Optional<String> roleName(Object value) {
        return value instanceof String s && s.contains(":role/") ? Optional.of(s.substring(s.lastIndexOf('/') + 1)) : Optional.empty();
    }
}
