package dev.hangar.plugins.network;

import java.util.Objects;

/** A static DHCP host of a network: {@code mac} always gets {@code ip}; {@code name} may be null. */
public record DhcpHost(String mac, String ip, String name) {
    public DhcpHost {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(ip, "ip");
    }
}
