package io.berth.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.pulumi.core.annotations.ResourceType;
import io.berth.testing.Expected;
import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.berth.testing.Plans.AWS_PROVIDER;
import static io.berth.testing.Plans.LOG_GROUP;
import static io.berth.testing.Plans.cluster;
import static io.berth.testing.Plans.network;
import static io.berth.testing.Plans.tags;
import static org.assertj.core.api.Assertions.assertThat;

/** Rules every shipped stack keeps whatever it builds: providers, protection, tags, component tree. */
@Timeout(300) // the first test pays for the shared plan; the SDK's mock engine can hang (pulumi-java#2270)
class ShippedStackGuardrailsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Types that hold data: protected and retained in production (architecture.md, ownership rules). */
    private static final Set<String> STATEFUL = Set.of(LOG_GROUP, "aws:ecr/repository:Repository",
            "aws:s3/bucketV2:BucketV2", "aws:s3/bucket:Bucket", "aws:kms/key:Key", "aws:sqs/queue:Queue");

    private static List<PlannedResource> awsResources(Plan plan) {
        return plan.resources().stream().filter(r -> r.custom() && r.type().startsWith("aws:")).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void theExplicitPrimaryProviderIsPinnedToTheRegionAndTheStacksAccount(String stack) throws Exception {
        var provider = ShippedStacks.plan(stack).named("primary");

        assertThat(provider.type()).isEqualTo(AWS_PROVIDER);
        assertThat(provider.inputs()).containsEntry("region", Expected.REGION);
        // provider inputs reach the engine JSON-encoded
        assertThat(JSON.readValue((String) provider.inputs().get("allowedAccountIds"), List.class))
                .containsExactly(Expected.of(stack).account());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void everyAwsProviderRefusesOtherAccounts(String stack) throws Exception {
        var providers = ShippedStacks.plan(stack).ofType(AWS_PROVIDER);

        assertThat(providers).isNotEmpty();
        for (var provider : providers) {
            assertThat(JSON.readValue((String) provider.inputs().get("allowedAccountIds"), List.class))
                    .as("allowedAccountIds of provider %s", provider.name()).containsExactly(Expected.of(stack).account());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void everyAwsResourceGoesThroughAnExplicitProviderNoneThroughTheDefault(String stack) {
        var plan = ShippedStacks.plan(stack);
        var explicit = plan.ofType(AWS_PROVIDER).stream().map(p -> p.urn() + "::" + p.id()).toList();

        assertThat(awsResources(plan)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.provider()).as("provider of %s", r.name()).isIn(explicit));
        assertThat(plan.resources()).noneMatch(r -> r.custom() && r.provider().isEmpty() && !r.type().startsWith("pulumi:providers:"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void theStacksOwnNetworkAndClusterGoThroughThePrimaryProvider(String stack) {
        var plan = ShippedStacks.plan(stack);
        var primary = plan.named("primary");
        var ref = primary.urn() + "::" + primary.id();

        for (var part : List.of(network(plan), cluster(plan))) {
            assertThat(awsResources(part)).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.provider()).as("provider of %s", r.name()).isEqualTo(ref));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void everyAwsResourceIsAChildOfABerthComponent(String stack) {
        var plan = ShippedStacks.plan(stack);

        assertThat(awsResources(plan)).allSatisfy(r -> assertThat(plan.byUrn(r.parent()).type()).as("parent of %s", r.name())
                .startsWith("berth:"));
        assertThat(plan.resources()).filteredOn(r -> !r.custom()).extracting(PlannedResource::type)
                .contains("berth:network:Network", "berth:cluster:Cluster");
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod"})
    void inProductionStatefulResourcesAreProtectedAndRetained(String stack) {
        var plan = ShippedStacks.plan(stack);

        assertThat(plan.ofType(LOG_GROUP)).extracting(PlannedResource::name).contains(stack + "-flow-logs", stack + "-exec-logs");
        // every kind of stateful resource is there to be checked: log groups, buckets, repositories, keys
        assertThat(plan.resources()).filteredOn(r -> STATEFUL.contains(r.type())).extracting(PlannedResource::type)
                .contains(LOG_GROUP, "aws:s3/bucketV2:BucketV2", "aws:ecr/repository:Repository", "aws:kms/key:Key", "aws:sqs/queue:Queue");
        assertThat(plan.resources()).filteredOn(r -> STATEFUL.contains(r.type())).allSatisfy(r -> assertThat(r.options())
                .as("options of %s", r.name()).containsEntry("protect", true).containsEntry("retainOnDelete", true));
        assertThat(plan.resources()).filteredOn(PlannedResource::protect).allSatisfy(r -> assertThat(STATEFUL).contains(r.type()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta"})
    void outsideProductionNothingIsProtectedOrRetained(String stack) {
        var plan = ShippedStacks.plan(stack);

        assertThat(plan.ofType(LOG_GROUP)).extracting(PlannedResource::name).contains(stack + "-flow-logs", stack + "-exec-logs");
        assertThat(plan.resources()).allSatisfy(r -> assertThat(r.options()).as("options of %s", r.name())
                .containsEntry("protect", false).containsEntry("retainOnDelete", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "beta", "prod"})
    void everyTaggableResourceCarriesTheEnvironmentTags(String stack) {
        var plan = ShippedStacks.plan(stack);
        var expected = Expected.of(stack);
        // owner: the environment's, or the service team's on a service's resources (its catalog owner)
        var required = new HashMap<String, Object>(Map.of("environment", stack,
                "cost-centre", expected.costCentre(), "managed-by", "berth"));
        required.putAll(expected.extraTags());

        var taggable = awsResources(plan).stream().filter(r -> isTaggable(r.type())).toList();

        assertThat(taggable).extracting(PlannedResource::type).contains("aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet",
                "aws:ecs/cluster:Cluster", LOG_GROUP, "aws:iam/role:Role");
        assertThat(taggable).allSatisfy(r -> {
            assertThat(tags(r)).as("tags of %s", r.name()).containsAllEntriesOf(required);
            assertThat(tags(r)).as("Name tag of %s", r.name()).containsKey("Name");
            var service = tags(r).get("berth:service");
            assertThat(tags(r).get("owner")).as("owner tag of %s", r.name()).isEqualTo(service == null ? "platform-team"
                    : plan.catalog().find(String.valueOf(service)).orElseThrow().owner());
        });
    }

    /**
     * Whether the provider's resource type has a {@code tags} input, read from the SDK's own classes
     * ({@code aws:ec2/vpc:Vpc} is {@code com.pulumi.aws.ec2.Vpc} with {@code VpcArgs.tags()}), so a
     * newly added resource type is checked without anyone listing it here.
     */
    static boolean isTaggable(String type) {
        var module = type.substring("aws:".length(), type.indexOf('/'));
        var name = type.substring(type.lastIndexOf(':') + 1);
        var className = "com.pulumi.aws." + module + "." + name;
        try {
            var resourceClass = Class.forName(className);
            assertThat(resourceClass.getAnnotation(ResourceType.class).type()).as("type token of %s", className).isEqualTo(type);
            var argsClass = Class.forName(className + "Args");
            return List.of(argsClass.getMethods()).stream().anyMatch(m -> m.getName().equals("tags") && m.getParameterCount() == 0);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no SDK class " + className + " for " + type, e);
        }
    }
}
