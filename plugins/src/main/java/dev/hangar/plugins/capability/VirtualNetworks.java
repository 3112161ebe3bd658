package dev.hangar.plugins.capability;

import dev.hangar.plugins.network.DhcpHost;
import dev.hangar.plugins.network.DhcpLease;
import dev.hangar.plugins.network.NetworkSpec;
import dev.hangar.plugins.network.VirtualNetwork;
import java.util.List;

/**
 * A connection's virtual networks. The host's Networks page lists the networks of every connection
 * of every provider with this capability, and the VM's NICs tab shows the leases of its MACs;
 * viewers see them, only administrators change them (the host checks and audits every call). Every
 * method but {@link #watch}'s callback is a capability call (a host thread, the plugin call timeout)
 * that fails with a message for people ("Network 'lab' overlaps 'default' (192.168.122.0/24)").
 */
public interface VirtualNetworks extends Capability {

    /** Every network of {@code connection}, active or not. */
    List<VirtualNetwork> networks(String connection) throws Exception;

    /** The DHCP leases of an active network now. */
    List<DhcpLease> leases(String connection, String network) throws Exception;

    /** Defines (and with {@code autostart}, marks) a network; refuses a name or a range that exists. */
    void defineNetwork(NetworkSpec spec) throws Exception;

    void startNetwork(String connection, String network) throws Exception;

    void stopNetwork(String connection, String network) throws Exception;

    void setNetworkAutostart(String connection, String network, boolean autostart) throws Exception;

    /**
     * Stops and undefines the network; refuses one a VM uses unless the host passes {@code inUse}
     * true after the person confirmed it, naming the VMs.
     */
    void deleteNetwork(String connection, String network, boolean inUse) throws Exception;

    void addDhcpHost(String connection, String network, DhcpHost host) throws Exception;

    void removeDhcpHost(String connection, String network, DhcpHost host) throws Exception;

    /**
     * Calls {@code changed} (on any thread) whenever a network of {@code connection} is defined,
     * started, stopped or undefined, until the returned handle is closed: the page reads again.
     */
    AutoCloseable watch(String connection, Runnable changed) throws Exception;
}
