package io.berth.monitoring;

import com.pulumi.aws.kms.Alias;
import com.pulumi.aws.kms.AliasArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.aws.sns.Topic;
import com.pulumi.aws.sns.TopicArgs;
import com.pulumi.aws.sns.TopicPolicy;
import com.pulumi.aws.sns.TopicPolicyArgs;
import com.pulumi.aws.sns.TopicSubscription;
import com.pulumi.aws.sns.TopicSubscriptionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.berth.model.Hashes;
import io.berth.model.NotificationsConfig;
import io.berth.model.NotificationsConfig.Subscribers;
import io.berth.support.Json;
import io.berth.support.PolicyDocument;
import io.berth.support.Stateful;
import io.berth.support.Tags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where alarms and events go: the environment topic (environment alarms, ECS and pipeline events)
 * and one topic per service owner (that owner's service alarms), encrypted with a key CloudWatch
 * and EventBridge may use, with the subscribers the stack file declares. Other topics of the
 * environment (Spot interruptions, releases) get the environment's subscribers through
 * {@link #subscribeEnvironmentTo}.
 */
public final class Notifications extends ComponentResource {
    /** The services that publish alarms and events here. */
    static final List<String> PUBLISHERS = List.of("cloudwatch.amazonaws.com", "events.amazonaws.com");

    public final Output<String> environmentTopicArn;
    private final Map<String, Output<String>> ownerTopicArns = new TreeMap<>();
    private final Args args;
    private final String name;

    /**
     * @param environment the environment's name ({@code dev}), for descriptions and the key alias
     * @param account     the account whose CloudWatch and EventBridge may publish
     * @param owners      every owner of a service in the catalog: each gets a topic
     * @param protect     the environment protects its stateful resources (the key)
     */
    public record Args(String environment, String account, Map<String, String> tags, NotificationsConfig config,
                       Set<String> owners, boolean protect) {
    }

    public Notifications(String name, Args args, ComponentResourceOptions options) {
        super("berth:monitoring:Notifications", name, options);
        this.args = args;
        this.name = name;
        var child = CustomResourceOptions.builder().parent(this).build();
        var key = new Key(name + "-key", KeyArgs.builder()
                .description("Encrypts the " + args.environment() + " alarm and event topics")
                .enableKeyRotation(true)
                .deletionWindowInDays(30)
                .policy(keyPolicy(args.account()))
                .tags(Tags.of(args.tags(), name + "-key"))
                .build(), Stateful.options(args.protect(), this));
        new Alias(name + "-key-alias", AliasArgs.builder()
                .name("alias/berth/" + args.environment() + "/notifications").targetKeyId(key.keyId()).build(), child);

        this.environmentTopicArn = topic(name + "-environment", "Alarms and events in " + args.environment(), key,
                args.config().environment(), child);
        for (var owner : new java.util.TreeSet<>(args.owners())) {
            ownerTopicArns.put(owner, topic(name + "-owner-" + label(owner), "Alarms of " + owner + "'s services in "
                    + args.environment(), key, args.config().owner(owner), child));
        }
        registerOutputs(Map.of("environmentTopicArn", environmentTopicArn));
    }

    /** Where a service of {@code owner} sends its alarms: its owner's topic, the owner's own topics, the environment's. */
    public List<Output<String>> serviceAlarmActions(String owner) {
        var actions = new ArrayList<Output<String>>();
        actions.add(ownerTopicArns.get(owner));
        args.config().owner(owner).topics().forEach(t -> actions.add(Output.of(t)));
        actions.addAll(environmentAlarmActions());
        return actions;
    }

    /** Where environment alarms go: the environment topic and the topics the stack file names. */
    public List<Output<String>> environmentAlarmActions() {
        var actions = new ArrayList<Output<String>>();
        actions.add(environmentTopicArn);
        args.config().environment().topics().forEach(t -> actions.add(Output.of(t)));
        return actions;
    }

    /** Subscribes the environment's email and HTTPS subscribers to another topic of the environment. */
    public void subscribeEnvironmentTo(String role, Output<String> topicArn) {
        subscribe(name + "-" + role, topicArn, args.config().environment(),
                CustomResourceOptions.builder().parent(this).build());
    }

    private Output<String> topic(String logical, String displayName, Key key, Subscribers subscribers, CustomResourceOptions child) {
        var topic = new Topic(logical, TopicArgs.builder()
                .displayName(displayName)
                .kmsMasterKeyId(key.arn())
                .tags(Tags.of(args.tags(), logical))
                .build(), child);
        new TopicPolicy(logical + "-policy", TopicPolicyArgs.builder()
                .arn(topic.arn())
                // only this account's alarms and rules
                .policy(topic.arn().applyValue(arn -> PolicyDocument.topicPublishFromAccount("AlarmsAndEventsPublish", PUBLISHERS,
                        arn, args.account())))
                .build(), child);
        subscribe(logical, topic.arn(), subscribers, child);
        return topic.arn();
    }

    private static void subscribe(String logical, Output<String> topicArn, Subscribers subscribers, CustomResourceOptions child) {
        var endpoints = new LinkedHashMap<String, String>();
        subscribers.email().forEach(e -> endpoints.put(e, "email"));
        subscribers.https().forEach(e -> endpoints.put(e, "https"));
        // named by a hash of the endpoint: adding or removing one never renames the others
        endpoints.forEach((endpoint, protocol) -> new TopicSubscription(
                logical + "-" + protocol + "-" + Hashes.sha256Hex(endpoint).substring(0, 8), TopicSubscriptionArgs.builder()
                .topic(topicArn).protocol(protocol).endpoint(endpoint)
                .build(), child));
    }

    /** The account administers the key; CloudWatch and EventBridge may encrypt messages for the topics. */
    private static String keyPolicy(String account) {
        return Json.write(Map.of(
                "Version", "2012-10-17",
                "Statement", List.of(
                        Map.of("Sid", "AccountAdministers", "Effect", "Allow",
                                "Principal", Map.of("AWS", "arn:aws:iam::" + account + ":root"),
                                "Action", "kms:*", "Resource", "*"),
                        // publishing to an encrypted topic needs these two on the topic's key
                        // (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html)
                        Map.of("Sid", "AlarmsAndEventsEncrypt", "Effect", "Allow",
                                "Principal", Map.of("Service", PUBLISHERS),
                                "Action", List.of("kms:Decrypt", "kms:GenerateDataKey*"), "Resource", "*",
                                "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount", account))))));
    }

    /** An owner name as part of a logical name: letters, digits and hyphens, kept unique by a hash when changed. */
    static String label(String owner) {
        var clean = owner.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return clean.equals(owner) ? owner : clean + "-" + Hashes.sha256Hex(owner).substring(0, 6);
    }
}
