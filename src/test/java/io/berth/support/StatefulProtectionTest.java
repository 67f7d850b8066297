package io.berth.support;

import io.berth.plan.Plan;
import io.berth.plan.PlannedResource;
import io.berth.testing.SmallStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stateful resources (log groups, buckets, keys, repositories) are protected and retained in
 * production and neither outside it, whichever component creates them: checked on the small
 * environments of {@link SmallStacks}, which hold one of each (flow logs, ECS Exec logs, service
 * and build logs, the access-log and artifact buckets, the delivery key, the repositories; prod
 * also the registry key).
 */
@Timeout(420) // shares the delivery tests' plans; the SDK's mock engine can hang (pulumi-java#2270)
class StatefulProtectionTest {
    static final Set<String> STATEFUL = Set.of("aws:cloudwatch/logGroup:LogGroup", "aws:s3/bucketV2:BucketV2", "aws:kms/key:Key",
            "aws:ecr/repository:Repository");

    private static List<PlannedResource> stateful(Plan plan) {
        return plan.resources().stream().filter(r -> STATEFUL.contains(r.type())).toList();
    }

    @Test
    void theProductionPlanHoldsEveryKindOfStatefulResourceFromEveryComponentThatMakesOne() {
        assertThat(stateful(SmallStacks.prod())).extracting(PlannedResource::name).containsExactlyInAnyOrder(
                "prod-flow-logs", "prod-exec-logs", "prod-alb-logs", "prod-registry-key", "prod-repo-quick", "prod-repo-web",
                "prod-quick-logs", "prod-web-logs", "prod-delivery-key", "prod-artifacts", "prod-quick-delivery-logs", "prod-web-delivery-logs",
                "prod-notifications-key");
    }

    @Test
    void inProductionEveryLogGroupBucketKeyAndRepositoryIsProtectedAndRetained() {
        assertThat(stateful(SmallStacks.prod())).isNotEmpty().allSatisfy(r -> assertThat(r.options()).as(r.name())
                .containsEntry("protect", true).containsEntry("retainOnDelete", true));
    }

    @Test
    void outsideProductionNoneIsProtectedOrRetained() {
        assertThat(stateful(SmallStacks.dev())).hasSizeGreaterThanOrEqualTo(9).allSatisfy(r -> assertThat(r.options()).as(r.name())
                .containsEntry("protect", false).containsEntry("retainOnDelete", false));
    }

    @Test
    void inProductionNothingElseIsProtected() {
        assertThat(SmallStacks.prod().resources()).filteredOn(r -> !STATEFUL.contains(r.type()))
                .allSatisfy(r -> assertThat(r.options()).as(r.name()).containsEntry("protect", false).containsEntry("retainOnDelete", false));
    }
}
