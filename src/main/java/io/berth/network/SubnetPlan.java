package io.berth.network;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

import java.util.ArrayList;
import java.util.List;

/**
 * Computes per-zone subnet blocks from the VPC block, so nobody types subnet CIDRs by hand and
 * adding a zone never moves an existing subnet.
 *
 * <p>Layout for a VPC of prefix /p: the VPC is cut into eight blocks of /(p+3). Blocks 0..5 are
 * the private subnets of zones 1..6 (tasks live there, so they get the room); block 6 is left free
 * for later use; block 7 is cut again into eight /(p+6) public subnets (load balancer and NAT
 * gateways only). For 10.0.0.0/16: private /19 (8,187 usable addresses), public /22 (1,019).
 */
public final class SubnetPlan {
    /** The blocks of one availability zone. */
    public record ZoneSubnets(int zoneIndex, String privateCidr, String publicCidr) {
    }

    private SubnetPlan() {
    }

    public static List<ZoneSubnets> plan(String vpcCidr, int zones) {
        var vpc = new IPAddressString(vpcCidr).getAddress();
        if (vpc == null || vpc.getNetworkPrefixLength() == null) {
            throw new IllegalArgumentException("not a CIDR block: " + vpcCidr);
        }
        if (zones < 1 || zones > 6) {
            throw new IllegalArgumentException("zones must be 1..6, got " + zones);
        }
        int prefix = vpc.getNetworkPrefixLength();
        var eighths = split(vpc.toPrefixBlock(), prefix + 3);
        var publicBlocks = split(eighths.get(7), prefix + 6);
        var out = new ArrayList<ZoneSubnets>();
        for (int i = 0; i < zones; i++) {
            out.add(new ZoneSubnets(i, eighths.get(i).toCanonicalString(), publicBlocks.get(i).toCanonicalString()));
        }
        return out;
    }

    private static List<IPAddress> split(IPAddress block, int newPrefix) {
        var out = new ArrayList<IPAddress>();
        block.setPrefixLength(newPrefix, false).prefixBlockIterator().forEachRemaining(out::add);
        return out;
    }
}
