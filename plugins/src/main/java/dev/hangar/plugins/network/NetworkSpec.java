package dev.hangar.plugins.network;

import java.util.Objects;

/**
 * A network to define on a connection.
 *
 * @param forwardMode   "nat", "route", "bridge" or "isolated"
 * @param forwardDevice the host interface routed or NATed through, or null for any
 * @param bridge        the bridge: with "bridge", the host's existing one; else the one to make, or null
 *                      for the engine's choice
 * @param ipv4          the IPv4 range, or null (required but for "bridge")
 * @param ipv6          the IPv6 range, or null
 */
public record NetworkSpec(String connection, String name, String forwardMode, String forwardDevice, String bridge,
                          IpRange ipv4, IpRange ipv6, boolean autostart) {
    public NetworkSpec {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(forwardMode, "forwardMode");
    }
}
