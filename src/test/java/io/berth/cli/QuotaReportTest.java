package io.berth.cli;

import io.berth.model.Catalog;
import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import io.berth.testing.Fixtures;
import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How {@code ./berth plan} and {@code ./berth check} report account quotas (io.berth.plan.Quotas). */
class QuotaReportTest {
    private static final String TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";

    private static PlannedResource resource(String type, String name) {
        return new PlannedResource("urn:pulumi:dev::berth::" + type + "::" + name, type, name, true, name + "-id", "", "",
                List.of(), Map.of(), Map.of());
    }

    record Report(int exitCode, String err) {
    }

    private static synchronized Report quotas(Path projectDir, Plan plan) {
        var err = new ByteArrayOutputStream();
        var original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Report(BerthCli.quotas(projectDir, List.of(plan)), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void aQuotaAwsDoesNotRaiseFailsTheCommandAsAConfigMistake() throws Exception {
        var resources = new ArrayList<PlannedResource>();
        resources.add(resource("aws:lb/loadBalancer:LoadBalancer", "dev-alb"));
        for (int i = 1; i <= 101; i++) {
            resources.add(resource(TARGET_GROUP, "dev-tg-" + i));
        }
        var env = Fixtures.environment();
        var report = quotas(Files.createTempDirectory("berth-quotas-"), new Plan("dev", env, new Catalog(List.of()), resources, Map.of()));
        assertThat(report.exitCode()).isEqualTo(io.berth.plan.ExitCodes.EXIT_CONFIG);
        assertThat(report.err()).startsWith("berth: error: load balancer dev-alb (stack dev, eu-west-1) would have 101 target groups")
                .hasLineCount(1);
    }

    @Test
    void aStackFileSharingTheAccountThatWasNotPlannedIsNoted() throws Exception {
        var dir = ShippedStacks.copyProject();
        // qa: a copy of dev's stack file, so the same account (111111111111); beta and prod have their own
        Files.copy(dir.resolve("Pulumi.dev.yaml"), dir.resolve("Pulumi.qa.yaml"));
        var env = Fixtures.environment();
        var report = quotas(dir, new Plan("dev", env, new Catalog(List.of()), List.of(), Map.of()));
        assertThat(report.exitCode()).isZero();
        assertThat(report.err()).isEqualTo("berth: note: stack qa shares account 111111111111 but was not planned in this command: "
                + "the account quota sums (IAM roles, security groups, network interfaces) leave its resources out; "
                + "plan the stacks together to count them\n");
    }
}
