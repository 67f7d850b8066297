package io.berth.dr;

import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.inputs.GetCallerIdentityArgs;
import com.pulumi.deployment.InvokeOptions;
import io.berth.Berth;
import io.berth.load.RawConfig;
import io.berth.load.StackLoader;
import io.berth.model.Catalog;
import io.berth.plan.OfflinePlanner;
import io.berth.plan.Plan;
import io.berth.plan.PlanFailedException;
import io.berth.plan.PlanMocks;
import io.berth.plan.PlannedResource;
import io.berth.support.Providers;
import io.berth.testing.Fixtures;
import io.berth.testing.ShippedStacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The switch to the replica works while the primary region is down: prod planned with
 * {@code berth:dr.active: true} on mocks that fail every call made through the primary provider
 * (no invoke to the primary region on the program's path: zones from config, AMIs resolved by EC2 at launch,
 * the primary's registry not asked which images are released), and flipping
 * {@code active} changes nothing but replica resources and DNS.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PrimaryRegionDownTest {
    /** In a provider reference {@code <provider urn>::<id>}; the URN carries its parent's type ({@code Stack$}). */
    private static final String PRIMARY_PROVIDER = "pulumi:providers:aws::primary::";

    /** Mocks of a region outage: every invoke or read through the primary provider fails. */
    static final class PrimaryRegionDown extends PlanMocks {
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger invokes = new AtomicInteger();

        PrimaryRegionDown(String account, String region) {
            super(account, region);
        }

        PrimaryRegionDown(String account, String region, io.berth.plan.RegistryContents registry) {
            super(account, region, registry);
        }

        @Override
        public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
            invokes.incrementAndGet();
            if (args.provider != null && args.provider.contains(PRIMARY_PROVIDER)) {
                refused.incrementAndGet();
                return CompletableFuture.failedFuture(new IllegalStateException("eu-west-1 is down: " + args.token));
            }
            return super.callAsync(args);
        }

        @Override
        public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
            if (args.id != null && !args.id.isEmpty() && args.provider != null && args.provider.contains(PRIMARY_PROVIDER)) {
                refused.incrementAndGet(); // a read of an existing resource (Resource.get) calls the region
                return CompletableFuture.failedFuture(new IllegalStateException("eu-west-1 is down: read " + args.name));
            }
            return super.newResourceAsync(args);
        }
    }

    private static Plan passive;
    private static Plan active;
    private static Plan activeWithPrimaryDown;
    private static PrimaryRegionDown down;

    @BeforeAll
    static void plan() throws Exception {
        passive = ShippedStacks.plan("prod");
        var dir = prodProjectWith("    active: false\n", "    active: true\n");
        active = ShippedStacks.planEdited("prod", "    active: false\n", "    active: true\n"); // shared with FailoverDrillTest
        var raw = RawConfig.fromStackFile(dir, "prod");
        var settings = StackLoader.load(dir, "prod", raw);
        down = new PrimaryRegionDown(settings.env().account(), settings.env().region(),
                OfflinePlanner.released(settings.env(), settings.catalog()));
        activeWithPrimaryDown = OfflinePlanner.run("prod", settings.env(), settings.catalog(), raw.values(),
                ctx -> Berth.build(ctx, settings), Fixtures.TIMEOUT, down);
    }

    @Test
    void theActiveStackPlansWithEveryPrimaryRegionCallFailing() {
        assertThat(down.refused).hasValue(0);
        // the only invokes: the replica's release check, through the DR provider (the primary's registry is not
        // asked while the replica is active)
        assertThat(down.invokes.get()).isPositive();
        assertThat(activeWithPrimaryDown.resources()).hasSameSizeAs(active.resources());
        // what the region-dependent lookups used to give now comes from config
        assertThat(activeWithPrimaryDown.ofType("aws:ec2/subnet:Subnet")).extracting(s -> (String) s.inputs().get("availabilityZone"))
                .containsOnly("eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-central-1a", "eu-central-1b", "eu-central-1c");
        assertThat(activeWithPrimaryDown.ofType("aws:ec2/launchTemplate:LaunchTemplate")).hasSize(4)
                .extracting(t -> (String) t.inputs().get("imageId"))
                .containsOnly("resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id");
    }

    @Test
    void withTheReplicaActiveThePrimaryProviderChecksTheAccountThroughTheDrRegionsSts() {
        assertThat(primaryProvider(active).inputs()).containsEntry("stsRegion", "eu-central-1").containsEntry("region", "eu-west-1");
        assertThat(primaryProvider(passive).inputs()).doesNotContainKey("stsRegion");
        assertThat(active.named("dr").inputs()).doesNotContainKey("stsRegion");
    }

    private static PlannedResource primaryProvider(Plan plan) {
        return plan.ofType("pulumi:providers:aws").stream().filter(p -> p.name().equals("primary")).findFirst().orElseThrow();
    }

    @Test
    void theMocksDoFailACallThroughThePrimaryProvider() {
        var env = Fixtures.environment();
        var mocks = new PrimaryRegionDown(env.account(), env.region());
        assertThatThrownBy(() -> OfflinePlanner.run("dev", env, new Catalog(List.of()), Map.of(), ctx -> {
            var primary = Providers.forRegion("primary", env.account(), env.region());
            ctx.export("account", AwsFunctions.getCallerIdentity(GetCallerIdentityArgs.builder().build(),
                    InvokeOptions.builder().provider(primary).build()).applyValue(r -> r.accountId()));
        }, Fixtures.TIMEOUT, mocks)).isInstanceOf(PlanFailedException.class).hasMessageContaining("eu-west-1 is down");
        assertThat(mocks.refused).hasValue(1);
    }

    @Test
    void flippingActiveChangesOnlyReplicaResourcesAndDns() {
        var before = byUrn(passive);
        var after = byUrn(active);
        var changed = new TreeSet<String>();
        for (var urn : union(before.keySet(), after.keySet())) {
            var a = before.get(urn);
            var b = after.get(urn);
            if (a == null || b == null || !a.inputs().equals(b.inputs()) || !a.options().equals(b.options())
                    || !a.dependencies().equals(b.dependencies())) {
                changed.add(urn);
            }
        }
        var replica = union(byUrn(passive.drReplica()).keySet(), byUrn(active.drReplica()).keySet());
        // and the primary provider, whose account check moves to the DR region's STS endpoint
        var primary = primaryProvider(active).urn();
        assertThat(changed).isNotEmpty().allSatisfy(urn -> assertThat(replica.contains(urn) || urn.contains("aws:route53/")
                || urn.equals(primary)).as(urn).isTrue());
        var providerInputs = new java.util.HashMap<>(primaryProvider(active).inputs());
        providerInputs.remove("stsRegion");
        assertThat(providerInputs).isEqualTo(primaryProvider(passive).inputs());
        // full production minimums and the schedules
        assertThat(changed.stream().map(u -> u.substring(u.lastIndexOf("::") + 2)).toList())
                .contains("prod-dr-frontend-scaling", "prod-dr-frontend-service", "prod-dr-reports-schedule-business-hours");
    }

    private static Map<String, PlannedResource> byUrn(Plan plan) {
        return plan.resources().stream().collect(Collectors.toMap(PlannedResource::urn, Function.identity()));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** A copy of the project with the first occurrence of {@code from} in Pulumi.prod.yaml changed. */
    static Path prodProjectWith(String from, String to) throws Exception {
        var dir = ShippedStacks.copyProject();
        var stack = Files.readString(Path.of("Pulumi.prod.yaml"));
        assertThat(stack).contains(from);
        Files.writeString(dir.resolve("Pulumi.prod.yaml"), stack.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to)));
        return dir;
    }
}
