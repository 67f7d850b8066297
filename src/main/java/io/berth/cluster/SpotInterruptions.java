package io.berth.cluster;

import com.pulumi.aws.cloudwatch.EventRule;
import com.pulumi.aws.cloudwatch.EventRuleArgs;
import com.pulumi.aws.cloudwatch.EventTarget;
import com.pulumi.aws.cloudwatch.EventTargetArgs;
import com.pulumi.aws.sns.Topic;
import com.pulumi.aws.sns.TopicArgs;
import com.pulumi.aws.sns.TopicPolicy;
import com.pulumi.aws.sns.TopicPolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.berth.model.EnvironmentConfig;
import io.berth.support.Json;
import io.berth.support.Tags;

import java.util.List;
import java.util.Map;

/**
 * Spot interruptions made visible: Fargate Spot task interruptions (an {@code ECS Task State
 * Change} whose stop reason is the Spot reclaim) and EC2 Spot interruption warnings for the
 * environment's host groups, both to one SNS topic per environment. Subscribe the on-call channel
 * to the topic (stack output {@code spotInterruptionTopicArn}).
 */
public final class SpotInterruptions {
    private SpotInterruptions() {
    }

    static Output<String> create(String name, EnvironmentConfig env, Resource parent) {
        var child = CustomResourceOptions.builder().parent(parent).build();
        var topic = new Topic(name + "-spot-interruptions", TopicArgs.builder()
                .displayName("Spot interruptions in " + env.name())
                .tags(Tags.of(env.tags(), name + "-spot-interruptions"))
                .build(), child);
        var rules = Map.of(
                "fargate-spot", Map.of(
                        "source", List.of("aws.ecs"),
                        "detail-type", List.of("ECS Task State Change"),
                        "detail", Map.of("stopCode", List.of("SpotInterruption"))),
                "ec2-spot", Map.of(
                        "source", List.of("aws.ec2"),
                        "detail-type", List.of("EC2 Spot Instance Interruption Warning")));
        var ruleArns = new java.util.ArrayList<Output<String>>();
        for (var entry : new java.util.TreeMap<>(rules).entrySet()) {
            var rule = new EventRule(name + "-" + entry.getKey() + "-interruption", EventRuleArgs.builder()
                    .description("Spot interruptions (" + entry.getKey() + ") in " + env.name())
                    .eventPattern(Json.write(entry.getValue()))
                    .tags(Tags.of(env.tags(), name + "-" + entry.getKey() + "-interruption"))
                    .build(), child);
            ruleArns.add(rule.arn());
            new EventTarget(name + "-" + entry.getKey() + "-interruption-to-sns", EventTargetArgs.builder()
                    .rule(rule.name()).arn(topic.arn()).build(), child);
        }
        new TopicPolicy(name + "-spot-interruptions-policy", TopicPolicyArgs.builder()
                .arn(topic.arn())
                .policy(Output.tuple(topic.arn(), Output.all(ruleArns)).applyValue(t -> Json.write(Map.of(
                        "Version", "2012-10-17",
                        "Statement", List.of(Map.of(
                                "Sid", "EventBridgePublishesInterruptions",
                                "Effect", "Allow",
                                "Principal", Map.of("Service", "events.amazonaws.com"),
                                "Action", "sns:Publish",
                                "Resource", t.t1,
                                "Condition", Map.of("ArnEquals", Map.of("aws:SourceArn", t.t2))))))))
                .build(), child);
        return topic.arn();
    }
}
