package dev.hangar.plugins.network;

import dev.hangar.plugins.vm.VmRef;
import java.time.Instant;
import java.util.Objects;

/**
 * An address a network's DHCP server gave out.
 *
 * @param hostname what the guest called itself, or null
 * @param expires  when the lease ends, or null
 * @param vm       the VM whose NIC has {@code mac}, or null when none of the connection's does
 */
public record DhcpLease(String network, String mac, String ip, String hostname, Instant expires, VmRef vm) {
    public DhcpLease {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(ip, "ip");
    }
}
