package dev.hangar.libvirt;

import dev.hangar.plugins.network.IpRange;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP address literals as numbers, for a network's ranges: containment and overlap; never a name lookup. */
final class Addresses {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private Addresses() {
    }

    static String family(String literal) {
        return literal != null && literal.contains(":") ? "ipv6" : "ipv4";
    }

    static int bits(String family) {
        return family.equals("ipv4") ? 32 : 128;
    }

    /** The literal as a number; a clear refusal for anything else. */
    static BigInteger number(String literal, String family) {
        String value = literal == null ? "" : literal.trim();
        boolean ipv4 = family.equals("ipv4");
        if ((ipv4 ? IPV4 : IPV6).matcher(value).matches()) {
            try {
                byte[] bytes = InetAddress.getByName(value).getAddress();
                if (bytes.length == (ipv4 ? 4 : 16)) {
                    return new BigInteger(1, bytes);
                }
            } catch (UnknownHostException e) {
                // refused below
            }
        }
        throw new IllegalArgumentException("'" + literal + "' is not an " + (ipv4 ? "IPv4" : "IPv6") + " address.");
    }

    /** The prefix length of a dotted netmask (255.255.255.0: 24). */
    static int maskPrefix(String mask) {
        return number(mask, "ipv4").bitCount();
    }

    static boolean overlap(IpRange a, IpRange b) {
        if (!a.family().equals(b.family())) {
            return false;
        }
        int shift = bits(a.family()) - Math.min(a.prefix(), b.prefix());
        return number(a.address(), a.family()).shiftRight(shift)
                .equals(number(b.address(), b.family()).shiftRight(shift));
    }

    static boolean contains(IpRange range, String ip) {
        String family = family(ip);
        if (!family.equals(range.family())) {
            return false;
        }
        int shift = bits(family) - range.prefix();
        return number(range.address(), family).shiftRight(shift).equals(number(ip, family).shiftRight(shift));
    }

    static String cidr(IpRange range) {
        return range.address() + "/" + range.prefix();
    }
}
