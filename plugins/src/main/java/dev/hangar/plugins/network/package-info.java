/**
 * A host's virtual networks, for the {@link dev.hangar.plugins.capability.VirtualNetworks}
 * capability: networks ({@link dev.hangar.plugins.network.VirtualNetwork}) with their address ranges
 * ({@link dev.hangar.plugins.network.IpRange}), static hosts ({@link dev.hangar.plugins.network.DhcpHost}),
 * leases ({@link dev.hangar.plugins.network.DhcpLease}) and what defines a new one
 * ({@link dev.hangar.plugins.network.NetworkSpec}). Values only; no engine in here.
 */
package dev.hangar.plugins.network;
