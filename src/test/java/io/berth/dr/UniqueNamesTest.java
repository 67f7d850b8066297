package io.berth.dr;

import io.berth.model.Names;
import io.berth.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names berth shortens stay unique among the names of their kind, in both regions: target group
 * names (32 characters, AWS rule 19) over adversarial service names (the longest the catalog
 * accepts, sharing prefixes up to the limit) and the longest allowed stack name with its
 * {@code -dr} replica. The only other name berth cuts, the pipeline's artifact prefix, is checked by
 * the catalog loader already (CatalogErrorsTest).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class UniqueNamesTest {
    /** The catalog's service names: 2 to 20 characters (CatalogLoader). */
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,18}[a-z0-9]");
    /** What AWS accepts for a target group: letters, digits, hyphens, not starting or ending with one. */
    private static final Pattern TARGET_GROUP = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?");
    /** Stack names: 2 to 12 characters; the longest leaves the fewest characters of the service. */
    private static final List<String> STACKS = List.of("prod", "dev", "abcdefghijkl", "abcdefghij-k");

    /** Service names chosen to collide when cut: shared prefixes of every length, all at the maximum length. */
    static List<String> adversarialServiceNames() {
        var names = new LinkedHashSet<String>();
        var bases = List.of("customer-profile-api", "abcdefghij-klmnopqrs", "a-b-c-d-e-f-g-h-i-jk", "aaaaaaaaaaaaaaaaaaaa", "x1234567890123456789");
        var tails = List.of("a", "b", "z", "0", "9", "-a", "-b", "api", "web", "-api", "-web", "aaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaab");
        for (var base : bases) {
            for (int keep = 1; keep <= 20; keep++) {
                for (var tail : tails) {
                    var name = base.substring(0, keep) + tail;
                    name = name.substring(0, Math.min(20, name.length()));
                    if (SERVICE_NAME.matcher(name).matches()) {
                        names.add(name);
                    }
                }
            }
        }
        // plus random names of the maximum length sharing a 12-character prefix (the cut keeps at most 16)
        var random = new Random(13);
        var alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-";
        while (names.size() < 3000) {
            var sb = new StringBuilder("customer-pro");
            while (sb.length() < 19) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            sb.append(alphabet.charAt(random.nextInt(36)));
            names.add(sb.toString());
        }
        return List.copyOf(names);
    }

    @Test
    void targetGroupNamesAreUniquePerRegionAndFitForAdversarialNames() {
        var services = adversarialServiceNames();
        assertThat(services).hasSizeGreaterThanOrEqualTo(3000).allMatch(s -> SERVICE_NAME.matcher(s).matches());
        for (var stack : STACKS) {
            // primary: each public service's target group, and CodeDeploy's green one
            var primary = new ArrayList<String>();
            // the replica (no CodeDeploy there): <stack>-dr-<service>
            var replica = new ArrayList<String>();
            for (var s : services) {
                primary.add(Names.targetGroup(Names.scoped(stack, s), 8080, ""));
                primary.add(Names.targetGroup(Names.scoped(stack, s), 8080, "-tg-green"));
                replica.add(Names.targetGroup(Names.scoped(Names.replica(stack), s), 8080, ""));
            }
            for (var names : List.of(primary, replica)) {
                assertThat(Set.copyOf(names)).as(stack).hasSameSizeAs(names);
                assertThat(names).as(stack).allMatch(n -> n.length() <= Names.TARGET_GROUP_NAME_LENGTH && TARGET_GROUP.matcher(n).matches());
            }
        }
    }

    @Test
    void namesThatFitAreTheOnesShippedStacksAlreadyHave() {
        // from prod's plan before this rule: changing them would replace the target groups
        assertThat(Names.targetGroup("prod-frontend", 3000, "")).isEqualTo("prod-frontend-2eaa581");
        assertThat(Names.targetGroup("prod-dr-orders", 8080, "")).isEqualTo("prod-dr-orders-cf9967c");
        assertThat(Names.targetGroup("prod-orders", 8080, "-tg-green")).isEqualTo("prod-orders-433dc9e");
    }

    @Test
    void twoPublicServicesSharingAPrefixGetTheirOwnTargetGroupsInBothRegions() {
        var env = Fixtures.environment("prod", Map.of("berth:dr", "{\"region\":\"eu-central-1\"}"));
        var plan = Fixtures.plan(Fixtures.stack(env, Map.of(
                "customer-profile-api", Map.of("expose", Map.of("type", "public", "paths", List.of("/api/*"))),
                "customer-profile-web", Map.of("expose", Map.of("type", "public", "paths", List.of("/web/*"))))));
        var byRegion = new java.util.TreeMap<String, List<String>>();
        for (var tg : plan.ofType("aws:lb/targetGroup:TargetGroup")) {
            byRegion.computeIfAbsent(tg.provider().contains("::dr::") ? "dr" : "primary", k -> new ArrayList<>())
                    .add((String) tg.inputs().get("name"));
        }
        // before: both were prod-dr-customer-profile-cf9967c in the replica, and AWS refuses the second
        assertThat(byRegion.get("dr")).hasSize(2).doesNotHaveDuplicates().allMatch(n -> n.startsWith("prod-dr-customer-pro-") && n.length() == 32);
        assertThat(byRegion.get("primary")).hasSize(2).doesNotHaveDuplicates();
    }
}
