package io.berth.network;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.berth.network.SubnetPlan.ZoneSubnets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubnetPlanTest {
    private static final List<String> VPCS = List.of("10.0.0.0/16", "172.16.0.0/17", "192.168.0.0/18", "10.30.64.0/19",
            "10.1.0.0/20", "10.2.16.0/21", "10.3.4.0/22");

    static Stream<Arguments> vpcsAndZones() {
        return VPCS.stream().flatMap(vpc -> IntStream.rangeClosed(2, 6).mapToObj(zones -> Arguments.of(vpc, zones)));
    }

    private static IPAddress block(String cidr) {
        var address = new IPAddressString(cidr).getAddress();
        assertThat(address).as("%s parses", cidr).isNotNull();
        assertThat(address.isPrefixBlock()).as("%s is a whole block", cidr).isTrue();
        return address;
    }

    private static List<IPAddress> allSubnets(List<ZoneSubnets> plan) {
        var out = new ArrayList<IPAddress>();
        plan.forEach(z -> {
            out.add(block(z.privateCidr()));
            out.add(block(z.publicCidr()));
        });
        return out;
    }

    @ParameterizedTest(name = "{0} in {1} zones")
    @MethodSource("vpcsAndZones")
    void everySubnetLiesInsideTheVpcAndNoTwoOverlap(String vpcCidr, int zones) {
        var vpc = block(vpcCidr);

        var plan = SubnetPlan.plan(vpcCidr, zones);

        var subnets = allSubnets(plan);
        assertThat(subnets).hasSize(2 * zones).allSatisfy(s -> assertThat(vpc.contains(s)).as("%s inside %s", s, vpc).isTrue());
        for (int i = 0; i < subnets.size(); i++) {
            for (int j = i + 1; j < subnets.size(); j++) {
                assertThat(subnets.get(i).overlaps(subnets.get(j))).as("%s overlaps %s", subnets.get(i), subnets.get(j)).isFalse();
            }
        }
    }

    @ParameterizedTest(name = "{0} in {1} zones")
    @MethodSource("vpcsAndZones")
    void privateSubnetsAreAnEighthAndPublicOnesASixtyFourthOfTheVpc(String vpcCidr, int zones) {
        int prefix = block(vpcCidr).getNetworkPrefixLength();

        var plan = SubnetPlan.plan(vpcCidr, zones);

        assertThat(plan).extracting(ZoneSubnets::zoneIndex).containsExactlyElementsOf(IntStream.range(0, zones).boxed().toList());
        assertThat(plan).allSatisfy(z -> {
            assertThat(block(z.privateCidr()).getNetworkPrefixLength()).isEqualTo(prefix + 3);
            assertThat(block(z.publicCidr()).getNetworkPrefixLength()).isEqualTo(prefix + 6);
        });
        // AWS subnets are /16 to /28
        assertThat(allSubnets(plan)).allSatisfy(s -> assertThat(s.getNetworkPrefixLength()).isBetween(16, 28));
    }

    @ParameterizedTest(name = "{0} in {1} zones")
    @MethodSource("vpcsAndZones")
    void theSeventhEighthStaysFreeAndPublicSubnetsComeFromTheLast(String vpcCidr, int zones) {
        var vpc = block(vpcCidr);
        var eighths = new ArrayList<IPAddress>();
        vpc.setPrefixLength(vpc.getNetworkPrefixLength() + 3, false).prefixBlockIterator().forEachRemaining(eighths::add);

        var plan = SubnetPlan.plan(vpcCidr, zones);

        assertThat(allSubnets(plan)).noneMatch(eighths.get(6)::overlaps);
        assertThat(plan).allMatch(z -> eighths.get(7).contains(block(z.publicCidr())));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"10.0.0.0/16", "10.3.4.0/22"})
    void addingAZoneNeverMovesAnExistingSubnet(String vpcCidr) {
        for (int zones = 2; zones <= 6; zones++) {
            assertThat(SubnetPlan.plan(vpcCidr, zones)).startsWith(SubnetPlan.plan(vpcCidr, zones - 1).toArray(ZoneSubnets[]::new));
        }
    }

    @Test
    void theDocumentedLayoutOfASlash16() {
        assertThat(SubnetPlan.plan("10.0.0.0/16", 3)).containsExactly(
                new ZoneSubnets(0, "10.0.0.0/19", "10.0.224.0/22"),
                new ZoneSubnets(1, "10.0.32.0/19", "10.0.228.0/22"),
                new ZoneSubnets(2, "10.0.64.0/19", "10.0.232.0/22"));
    }

    @Test
    void theSmallestVpcStillGivesAwsSizedSubnets() {
        assertThat(SubnetPlan.plan("10.3.4.0/22", 6)).containsExactly(
                new ZoneSubnets(0, "10.3.4.0/25", "10.3.7.128/28"),
                new ZoneSubnets(1, "10.3.4.128/25", "10.3.7.144/28"),
                new ZoneSubnets(2, "10.3.5.0/25", "10.3.7.160/28"),
                new ZoneSubnets(3, "10.3.5.128/25", "10.3.7.176/28"),
                new ZoneSubnets(4, "10.3.6.0/25", "10.3.7.192/28"),
                new ZoneSubnets(5, "10.3.6.128/25", "10.3.7.208/28"));
    }

    @Test
    void rejectsWhatIsNotACidrBlock() {
        assertThatThrownBy(() -> SubnetPlan.plan("banana", 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a CIDR block: banana");
        assertThatThrownBy(() -> SubnetPlan.plan("10.0.0.0", 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a CIDR block: 10.0.0.0");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 7})
    void rejectsZoneCountsOutsideOneToSix(int zones) {
        assertThatThrownBy(() -> SubnetPlan.plan("10.0.0.0/16", zones))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("zones must be 1..6, got " + zones);
    }
}
