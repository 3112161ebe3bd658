package dev.hangar.plugins.network;

import dev.hangar.plugins.vm.VmRef;
import java.util.List;
import java.util.Objects;

/**
 * One virtual network of a connection.
 *
 * @param forwardMode  "nat", "route", "open", "bridge", or "isolated" (no forward)
 * @param bridge       the host bridge it uses or makes, or null
 * @param ranges       its IPv4/IPv6 ranges
 * @param staticHosts  its static DHCP hosts
 * @param usedBy       the VMs with a NIC on it (defined or running): what deleting it breaks
 */
public record VirtualNetwork(String connection, String name, boolean active, boolean autostart, boolean persistent,
                             String forwardMode, String bridge, List<IpRange> ranges, List<DhcpHost> staticHosts,
                             List<VmRef> usedBy) {
    public VirtualNetwork {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(forwardMode, "forwardMode");
        ranges = ranges == null ? List.of() : List.copyOf(ranges);
        staticHosts = staticHosts == null ? List.of() : List.copyOf(staticHosts);
        usedBy = usedBy == null ? List.of() : List.copyOf(usedBy);
    }
}
