package io.berth.load;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;

import java.util.Optional;

/**
 * The one reader of CIDR blocks in settings (VPC blocks, allowed and test-traffic CIDRs, egress
 * destinations). Only the form AWS takes: four decimal octets without leading zeros (or IPv6) and a
 * prefix length. The library's lenient forms are refused, because they would change the value
 * behind the user's back: {@code 10.010.0.0/16} is octal (10.8.0.0/16), {@code 0xa.10.0.0/16} hex,
 * {@code 10.10/16} the inet_aton short form (10.0.0.10/16), {@code 10.0.0.0/255.255.0.0} a mask.
 */
final class Cidrs {
    private static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
            .allowEmpty(false).allowAll(false).allowSingleSegment(false).allowMask(false).allowWildcardedSeparator(false)
            .allowPrefixOnly(false)
            .getIPv4AddressParametersBuilder().allow_inet_aton(false).allowLeadingZeros(false).allowUnlimitedLeadingZeros(false)
            .allowBinary(false).allowWildcardedSeparator(false).allowPrefixesBeyondAddressSize(false)
            .setRangeOptions(IPAddressStringParameters.RangeParameters.NO_RANGE).getParentBuilder()
            .getIPv6AddressParametersBuilder().allowBinary(false).allowWildcardedSeparator(false)
            .setRangeOptions(IPAddressStringParameters.RangeParameters.NO_RANGE).getParentBuilder()
            .toParams();

    private Cidrs() {
    }

    /** The address with its prefix length, when {@code text} is a CIDR block in the plain form; host bits may be set. */
    static Optional<IPAddress> parse(String text) {
        var address = new IPAddressString(text, STRICT).getAddress();
        return address == null || address.getNetworkPrefixLength() == null ? Optional.empty() : Optional.of(address);
    }

    /** The block, when {@code text} is a CIDR block in the plain form with no host bits set. */
    static Optional<IPAddress> block(String text) {
        return parse(text).filter(IPAddress::isPrefixBlock);
    }
}
