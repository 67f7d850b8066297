package io.berth.model;

import io.soabase.recordbuilder.core.RecordBuilder;

import java.util.List;
import java.util.Map;

/**
 * Who hears about alarms and events ({@code berth:notifications}). berth creates an environment
 * topic (environment alarms, ECS deployment and task events, pipeline failures, Spot interruptions)
 * and one topic per service owner (that owner's service alarms), both encrypted with a berth key.
 *
 * @param environment subscribers of the environment topic. Default: none (the plan summary and the
 *                    production guardrail say so)
 * @param owners      per owner (the catalog's {@code owner}), subscribers of that owner's topic.
 *                    Default: none; an owner without subscribers still gets a topic
 */
@RecordBuilder
public record NotificationsConfig(Subscribers environment, Map<String, Subscribers> owners) {
    public static final NotificationsConfig NONE = new NotificationsConfig(Subscribers.NONE, Map.of());

    public NotificationsConfig {
        owners = Map.copyOf(owners);
    }

    /** The subscribers of an owner's topic (none when the stack file names none). */
    public Subscribers owner(String owner) {
        return owners.getOrDefault(owner, Subscribers.NONE);
    }

    /**
     * @param email  addresses subscribed by email (each confirms once, by the link AWS sends)
     * @param https  HTTPS endpoints subscribed (each confirms once)
     * @param topics existing SNS topics in the same account and region (a chat integration's
     *               topic, for example) that alarms also notify directly
     */
    public record Subscribers(List<String> email, List<String> https, List<String> topics) {
        public static final Subscribers NONE = new Subscribers(List.of(), List.of(), List.of());

        public Subscribers {
            email = List.copyOf(email);
            https = List.copyOf(https);
            topics = List.copyOf(topics);
        }

        /** Someone hears about it: at least one subscription or topic. */
        public boolean any() {
            return !email.isEmpty() || !https.isEmpty() || !topics.isEmpty();
        }
    }
}
