package io.berth.diff;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replacement table against the provider's own source: for every ECS, ELB, ECR, IAM, CodePipeline
 * and CodeBuild type berth creates, the inputs {@link ReplacementRules} says force a replacement are
 * exactly the Terraform AWS provider's ForceNew attributes recorded in terraform-aws-forcenew.json
 * (version, files and commits in that file).
 */
class ReplacementRulesTest {
    private static JsonNode data;

    @BeforeAll
    static void load() throws IOException {
        try (var in = ReplacementRulesTest.class.getResourceAsStream("terraform-aws-forcenew.json")) {
            data = JsonDiff.JSON.readTree(in);
        }
    }

    @Test
    void theRulesOfTheCheckedTypesAreTheProvidersForceNewAttributes() {
        var mismatches = new ArrayList<String>();
        data.path("types").fields().forEachRemaining(e -> {
            var type = e.getKey();
            var entry = e.getValue();
            boolean allExcept = entry.has("forceNewAllExcept");
            var expected = new TreeSet<String>();
            entry.path(allExcept ? "forceNewAllExcept" : "forceNew").forEach(p -> expected.add(p.asText()));
            var listed = ReplacementRules.listedPaths(type);
            boolean immutable = ReplacementRules.immutableWhy(type) != null;
            if (!ReplacementRules.knows(type) || immutable != allExcept || !listed.equals(expected)) {
                mismatches.add(type + ": table " + (immutable ? "all except " : "") + listed + ", provider "
                        + (allExcept ? "all except " : "") + expected + " (" + entry.path("file").asText() + ")");
            }
        });
        assertThat(mismatches).isEmpty();
        assertThat(data.path("types").size()).isGreaterThanOrEqualTo(17);
    }

    @Test
    void everyCheckedTypeForcesWhatTheProviderSaysAndNothingElse() {
        // spot checks of the findings that changed the table
        assertThat(ReplacementRules.forcesReplacement("aws:ecr/lifecyclePolicy:LifecyclePolicy", "policy")).isTrue();
        assertThat(ReplacementRules.forcesReplacement("aws:iam/role:Role", "path")).isTrue();
        assertThat(ReplacementRules.forcesReplacement("aws:lb/loadBalancer:LoadBalancer", "customerOwnedIpv4Pool")).isTrue();
        assertThat(ReplacementRules.forcesReplacement("aws:ecs/service:Service", "deploymentController.type")).isTrue();
        assertThat(ReplacementRules.forcesReplacement("aws:lb/listenerRule:ListenerRule", "priority")).isFalse();
        assertThat(ReplacementRules.forcesReplacement("aws:iam/role:Role", "assumeRolePolicy")).isFalse();
    }

    @Test
    void theRecordNamesItsSourceAndPin() {
        assertThat(data.path("pin").asText()).contains("com.pulumi:aws 6.83.0").contains("terraform-provider-aws v5");
        data.path("types").forEach(t -> assertThat(t.path("commit").asText()).matches("[0-9a-f]{40}"));
    }
}
