package io.berth.testing;

import java.util.List;
import java.util.Map;

/**
 * What each shipped stack is meant to build, written out by hand from its stack file's intent
 * (the comments at the top of each Pulumi.&lt;stack&gt;.yaml), not computed by berth's own code.
 */
public record Expected(
        String stack,
        String account,
        String costCentre,
        boolean production,
        Map<String, String> extraTags,
        String vpcCidr,
        List<String> zones,
        List<String> privateCidrs,
        List<String> publicCidrs,
        int natGateways,
        boolean vpcEndpoints,
        String flowLogTrafficType,
        long logRetentionDays,
        String containerInsights,
        List<Map<String, Object>> defaultStrategy) {

    public static final String REGION = "eu-west-1";

    private static Map<String, Object> item(String provider, long base, long weight) {
        return Map.of("capacityProvider", provider, "base", base, "weight", weight);
    }

    public static Expected of(String stack) {
        return switch (stack) {
            case "dev" -> new Expected("dev", "111111111111", "CC-1001", false, Map.of(),
                    "10.10.0.0/16", List.of("eu-west-1a", "eu-west-1b"),
                    List.of("10.10.0.0/19", "10.10.32.0/19"), List.of("10.10.224.0/22", "10.10.228.0/22"),
                    1, false, "REJECT", 7, "enabled",
                    List.of(item("FARGATE_SPOT", 0, 1)));
            case "beta" -> new Expected("beta", "222222222222", "CC-1001", false, Map.of(),
                    "10.20.0.0/16", List.of("eu-west-1a", "eu-west-1b", "eu-west-1c"),
                    List.of("10.20.0.0/19", "10.20.32.0/19", "10.20.64.0/19"),
                    List.of("10.20.224.0/22", "10.20.228.0/22", "10.20.232.0/22"),
                    1, true, "ALL", 30, "enabled",
                    List.of(item("FARGATE", 1, 1), item("FARGATE_SPOT", 0, 3)));
            case "prod" -> new Expected("prod", "333333333333", "CC-2001", true, Map.of("data-classification", "confidential"),
                    "10.30.0.0/16", List.of("eu-west-1a", "eu-west-1b", "eu-west-1c"),
                    List.of("10.30.0.0/19", "10.30.32.0/19", "10.30.64.0/19"),
                    List.of("10.30.224.0/22", "10.30.228.0/22", "10.30.232.0/22"),
                    3, true, "ALL", 365, "enhanced",
                    List.of(item("FARGATE", 1, 1), item("FARGATE_SPOT", 0, 1)));
            default -> throw new IllegalArgumentException("no expectations for stack " + stack);
        };
    }
}
