package io.berth.plan;

import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every physical name berth plans fits AWS's limit (aws-rules.md rule 19), including Pulumi's
 * auto-naming suffix (a hyphen and 7 random characters), for the shipped stacks and for a
 * worst case: the longest service name the catalog accepts, public, in prod with its DR replica.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AwsNameLimitsTest {
    private static final Map<String, Integer> LIMITS = Map.ofEntries(
            Map.entry("aws:lb/targetGroup:TargetGroup", 32),
            Map.entry("aws:lb/loadBalancer:LoadBalancer", 32),
            Map.entry("aws:iam/role:Role", 64),
            Map.entry("aws:iam/instanceProfile:InstanceProfile", 128),
            Map.entry("aws:cloudwatch/eventRule:EventRule", 64),
            Map.entry("aws:servicediscovery/service:Service", 63),
            Map.entry("aws:ecr/repository:Repository", 256),
            Map.entry("aws:s3/bucketV2:BucketV2", 63),
            Map.entry("aws:ecs/capacityProvider:CapacityProvider", 255),
            Map.entry("aws:ec2/launchTemplate:LaunchTemplate", 128),
            Map.entry("aws:sns/topic:Topic", 256),
            Map.entry("aws:appautoscaling/scheduledAction:ScheduledAction", 256),
            Map.entry("aws:codepipeline/pipeline:Pipeline", 100),
            Map.entry("aws:codebuild/project:Project", 255),
            Map.entry("aws:codestarconnections/connection:Connection", 32),
            Map.entry("aws:codestarnotifications/notificationRule:NotificationRule", 64),
            Map.entry("aws:codedeploy/application:Application", 100));

    /** The name AWS will see: the explicit one, or Pulumi's auto-name. */
    private static String physicalName(PlannedResource r) {
        var explicit = r.inputs().get(r.type().equals("aws:s3/bucketV2:BucketV2") ? "bucket" : "name");
        return explicit instanceof String s ? s : r.name() + "-abcdefg";
    }

    /** Checks every name with a limit; returns the types it checked. */
    private static java.util.Set<String> assertFits(Plan plan) {
        var checked = new java.util.TreeSet<String>();
        for (var r : plan.resources()) {
            var limit = LIMITS.get(r.type());
            if (limit != null) {
                assertThat(physicalName(r)).as(r.type() + " " + r.name()).hasSizeLessThanOrEqualTo(limit);
                checked.add(r.type());
            }
        }
        return checked;
    }

    @Test
    void shippedStacksFit() {
        var checked = new java.util.TreeSet<String>();
        for (var stack : ShippedStacks.ALL) {
            checked.addAll(assertFits(ShippedStacks.plan(stack)));
        }
        // a limit for a type berth never plans would check nothing
        assertThat(checked).containsExactlyInAnyOrderElementsOf(LIMITS.keySet());
    }

    @Test
    void theLongestNamesTheCatalogAcceptsFit() throws Exception {
        var dir = ShippedStacks.copyProject();
        Files.writeString(dir.resolve("services/abcdefghij-klmnopqrs.yaml"), """
                image: {repository: abcdefghij-klmnopqrs, tag: "1.0.0"}
                expose: {type: public, paths: ["/very-long/*"]}
                scaling: {min: 1, max: 2, schedules: [{name: a-long-schedule-name, schedule: "rate(1 day)"}]}
                delivery:
                  source: {type: github, repository: acme/abcdefghij-klmnopqrs, branch: main}
                  deploy: blue-green
                  testListenerPort: 9443
                """);
        var plan = OfflinePlanner.plan(dir, "prod");
        assertThat(plan.ofType("aws:lb/targetGroup:TargetGroup")).extracting(r -> (String) r.inputs().get("name"))
                .contains("prod-abcdefghij-klmn-" + io.berth.model.Hashes
                        .sha256Hex("prod-abcdefghij-klmnopqrs|8080|HTTP|ip").substring(0, 11));
        assertFits(plan);
    }
}
