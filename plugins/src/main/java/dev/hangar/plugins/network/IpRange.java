package dev.hangar.plugins.network;

import java.util.Objects;

/**
 * An address range of a network: the host's address on it and its prefix, and the DHCP range
 * ({@code dhcpStart}/{@code dhcpEnd} both null: no DHCP).
 *
 * @param family "ipv4" or "ipv6"
 */
public record IpRange(String family, String address, int prefix, String dhcpStart, String dhcpEnd) {
    public IpRange {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(address, "address");
        if (!family.equals("ipv4") && !family.equals("ipv6")) {
            throw new IllegalArgumentException("family is ipv4 or ipv6, not '" + family + "'");
        }
    }
}
