package io.berth.load;

import io.berth.model.NotificationsConfig;
import io.berth.model.NotificationsConfig.Subscribers;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Reads {@code berth:notifications}: the environment topic's subscribers and each owner's. */
final class NotificationsLoader {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:([a-z0-9-]+):(\\d{12}):[A-Za-z0-9_-]{1,256}");

    private NotificationsLoader() {
    }

    static NotificationsConfig load(ConfigNode node, String region) {
        if (!node.isPresent()) {
            return NotificationsConfig.NONE;
        }
        node.allowOnly("email", "https", "topics", "owners");
        var owners = new TreeMap<String, Subscribers>();
        node.get("owners").entries().forEach((owner, ownerNode) -> {
            ownerNode.allowOnly("email", "https", "topics");
            owners.put(owner, subscribers(ownerNode, region));
        });
        return new NotificationsConfig(subscribers(node, region), owners);
    }

    private static Subscribers subscribers(ConfigNode node, String region) {
        return new Subscribers(checked(node.get("email"), v -> EMAIL.matcher(v).matches() ? null
                        : "'" + v + "' is not an email address such as oncall@example.com"),
                checked(node.get("https"), NotificationsLoader::httpsProblem),
                checked(node.get("topics"), v -> topicProblem(v, region)));
    }

    private static List<String> checked(ConfigNode list, java.util.function.Function<String, String> problemOf) {
        var out = new ArrayList<String>();
        for (var item : list.items()) {
            var value = item.requireString("a subscriber");
            var problem = value.isEmpty() ? null : problemOf.apply(value);
            if (problem != null) {
                item.problem(problem);
            } else if (out.contains(value)) {
                item.problem("'" + value + "' is listed twice; remove one");
            } else if (!value.isEmpty()) {
                out.add(value);
            }
        }
        return out;
    }

    private static String httpsProblem(String value) {
        try {
            var uri = new URI(value);
            if ("https".equals(uri.getScheme()) && uri.getHost() != null) {
                return null;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        return "'" + value + "' is not an https:// URL; SNS delivers to HTTPS endpoints only (plain HTTP would carry alarms in clear text)";
    }

    private static String topicProblem(String value, String region) {
        var m = TOPIC_ARN.matcher(value);
        if (!m.matches()) {
            return "'" + value + "' is not an SNS topic ARN such as arn:aws:sns:" + region + ":111122223333:chat-alerts";
        }
        if (!m.group(1).equals(region)) {
            return "'" + value + "' is in " + m.group(1) + "; CloudWatch alarms notify topics of their own region ("
                    + region + "): use a topic there";
        }
        return null;
    }
}
