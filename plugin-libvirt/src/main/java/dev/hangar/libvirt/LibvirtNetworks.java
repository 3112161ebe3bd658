package dev.hangar.libvirt;

import dev.hangar.plugins.capability.VirtualNetworks;
import dev.hangar.plugins.network.DhcpHost;
import dev.hangar.plugins.network.DhcpLease;
import dev.hangar.plugins.network.IpRange;
import dev.hangar.plugins.network.NetworkSpec;
import dev.hangar.plugins.network.VirtualNetwork;
import dev.hangar.plugins.vm.VmNic;
import dev.hangar.plugins.vm.VmRef;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.stream.XMLStreamException;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.Network;

/**
 * A connection's virtual networks: read from their XML, defined from a spec (refusing a name or a
 * range that exists), started, stopped, deleted (refusing one that VMs use unless confirmed), their
 * static DHCP hosts changed live and in the definition, their leases with the VM whose NIC has the
 * MAC, and libvirt's network lifecycle events.
 */
final class LibvirtNetworks implements VirtualNetworks {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,49}");
    private static final Pattern MAC = Pattern.compile("([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}");
    private static final Set<String> MODES = Set.of("nat", "route", "bridge", "isolated");
    private static final int AFFECT_LIVE = 1;
    private static final int AFFECT_CONFIG = 2;

    @FunctionalInterface
    private interface NetworkCall<T> {
        T apply(Connect connect, Network network) throws LibvirtException;
    }

    /** A NIC of a VM on a virtual network. */
    private record Attached(VmRef vm, String network, String mac) {
    }

    /** A network event registration; it holds the callback, of which libvirt holds only the native stub. */
    private record Registration(Connect connect, int id, NativeNetworks.LifecycleCallback callback)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                NativeNetworks.deregister(connect, id);
            } catch (LibvirtException e) {
                // The connection is gone, and its registrations with it.
            }
        }
    }

    private final String provider;
    private final Function<String, LibvirtConnection> connections;

    LibvirtNetworks(String provider, Function<String, LibvirtConnection> connections) {
        this.provider = provider;
        this.connections = connections;
    }

    @Override
    public List<VirtualNetwork> networks(String connection) throws Exception {
        return connections.apply(connection).withConnect(connect -> {
            List<Attached> nics = attached(connection, connect);
            List<VirtualNetwork> result = new ArrayList<>();
            for (String name : names(connect)) {
                Network network;
                try {
                    network = connect.networkLookupByName(name);
                } catch (LibvirtException e) {
                    continue; // undefined between the listing and the lookup
                }
                try {
                    result.add(read(connection, network, nics));
                } finally {
                    free(network);
                }
            }
            return result;
        });
    }

    @Override
    public List<DhcpLease> leases(String connection, String network) throws Exception {
        return on(connection, network, "read the leases of", (connect, net) -> {
            if (net.isActive() != 1) {
                return List.of();
            }
            Map<String, VmRef> byMac = new HashMap<>();
            for (Attached nic : attached(connection, connect)) {
                if (nic.mac() != null) {
                    byMac.put(nic.mac().toLowerCase(Locale.ROOT), nic.vm());
                }
            }
            List<DhcpLease> leases = new ArrayList<>();
            for (NativeNetworks.Lease lease : NativeNetworks.leases(net)) {
                if (lease.mac() != null && lease.ip() != null) {
                    leases.add(new DhcpLease(network, lease.mac(), lease.ip(), lease.hostname(), lease.expires(),
                            byMac.get(lease.mac().toLowerCase(Locale.ROOT))));
                }
            }
            return leases;
        });
    }

    @Override
    public void defineNetwork(NetworkSpec spec) throws Exception {
        validate(spec);
        List<VirtualNetwork> existing = networks(spec.connection());
        for (VirtualNetwork other : existing) {
            if (other.name().equals(spec.name())) {
                throw new IllegalArgumentException("A network named '" + spec.name() + "' exists already on "
                        + spec.connection() + ".");
            }
        }
        if (!spec.forwardMode().equals("bridge")) {
            for (IpRange range : new IpRange[]{spec.ipv4(), spec.ipv6()}) {
                for (VirtualNetwork other : existing) {
                    for (IpRange taken : other.ranges()) {
                        if (range != null && Addresses.overlap(range, taken)) {
                            throw new IllegalArgumentException("Network '" + spec.name() + "' ("
                                    + Addresses.cidr(range) + ") overlaps network '" + other.name() + "' ("
                                    + Addresses.cidr(taken) + ").");
                        }
                    }
                }
            }
        }
        connections.apply(spec.connection()).withConnect(connect -> {
            Network network;
            try {
                network = connect.networkDefineXML(NetworkXml.write(spec));
            } catch (LibvirtException e) {
                throw new IllegalStateException("Could not define network '" + spec.name() + "': "
                        + LibvirtErrors.detail(e), e);
            }
            try {
                if (spec.autostart()) {
                    network.setAutostart(true);
                }
            } finally {
                free(network);
            }
            return null;
        });
    }

    @Override
    public void startNetwork(String connection, String network) throws Exception {
        on(connection, network, "start", (connect, net) -> {
            if (net.isActive() == 1) {
                throw new IllegalStateException("Network '" + network + "' is already running.");
            }
            net.create();
            return null;
        });
    }

    @Override
    public void stopNetwork(String connection, String network) throws Exception {
        on(connection, network, "stop", (connect, net) -> {
            if (net.isActive() != 1) {
                throw new IllegalStateException("Network '" + network + "' is not running.");
            }
            net.destroy();
            return null;
        });
    }

    @Override
    public void setNetworkAutostart(String connection, String network, boolean autostart) throws Exception {
        on(connection, network, "change autostart of", (connect, net) -> {
            net.setAutostart(autostart);
            return null;
        });
    }

    @Override
    public void deleteNetwork(String connection, String network, boolean inUse) throws Exception {
        on(connection, network, "delete", (connect, net) -> {
            List<String> users = attached(connection, connect).stream().filter(nic -> nic.network().equals(network))
                    .map(nic -> nic.vm().name()).distinct().sorted().toList();
            if (!users.isEmpty() && !inUse) {
                throw new IllegalStateException("Network '" + network + "' is used by " + (users.size() == 1
                        ? "VM '" + users.get(0) + "'" : "VMs " + quoted(users))
                        + "; it was not deleted. Confirm to delete it anyway: their NICs lose it.");
            }
            if (net.isActive() == 1) {
                net.destroy();
            }
            if (net.isPersistent() == 1) {
                net.undefine();
            }
            return null;
        });
    }

    @Override
    public void addDhcpHost(String connection, String network, DhcpHost host) throws Exception {
        validateHost(host);
        on(connection, network, "add a static host to", (connect, net) -> {
            NetworkXml.Definition definition = parse(net, network);
            for (DhcpHost other : definition.hosts()) {
                if (other.mac().equalsIgnoreCase(host.mac()) || other.ip().equals(host.ip())) {
                    throw new IllegalArgumentException("Network '" + network + "' has a static host with that MAC "
                            + "or address already (" + other.mac() + " → " + other.ip() + ").");
                }
            }
            if (definition.ranges().stream().noneMatch(range -> Addresses.contains(range, host.ip()))) {
                throw new IllegalArgumentException(host.ip() + " is in none of the ranges of network '" + network
                        + "'.");
            }
            NativeNetworks.update(net, NativeNetworks.UPDATE_ADD_LAST, NativeNetworks.SECTION_IP_DHCP_HOST,
                    NetworkXml.host(host), affect(net));
            return null;
        });
    }

    @Override
    public void removeDhcpHost(String connection, String network, DhcpHost host) throws Exception {
        on(connection, network, "remove a static host from", (connect, net) -> {
            DhcpHost known = parse(net, network).hosts().stream()
                    .filter(other -> other.mac().equalsIgnoreCase(host.mac()) && other.ip().equals(host.ip()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("Network '" + network
                            + "' has no static host " + host.mac() + " → " + host.ip() + "."));
            NativeNetworks.update(net, NativeNetworks.UPDATE_DELETE, NativeNetworks.SECTION_IP_DHCP_HOST,
                    NetworkXml.host(known), affect(net));
            return null;
        });
    }

    @Override
    public AutoCloseable watch(String connection, Runnable changed) throws Exception {
        NativeNetworks.LifecycleCallback callback = (conn, net, event, detail, opaque) -> {
            try {
                changed.run();
            } catch (RuntimeException e) {
                // A failing listener must not unwind into libvirt's event loop.
            }
        };
        return connections.apply(connection).withConnect(connect ->
                new Registration(connect, NativeNetworks.register(connect, callback), callback));
    }

    private <T> T on(String connection, String network, String doing, NetworkCall<T> call) throws Exception {
        return connections.apply(connection).withConnect(connect -> {
            Network net;
            try {
                net = connect.networkLookupByName(network);
            } catch (LibvirtException e) {
                if (LibvirtErrors.code(e) == ErrorNumber.VIR_ERR_NO_NETWORK) {
                    throw new IllegalArgumentException("Network '" + network + "' does not exist on " + connection
                            + ".");
                }
                throw e;
            }
            try {
                return call.apply(connect, net);
            } catch (LibvirtException e) {
                throw new IllegalStateException("Could not " + doing + " network '" + network + "': "
                        + LibvirtErrors.detail(e), e);
            } finally {
                free(net);
            }
        });
    }

    private VirtualNetwork read(String connection, Network network, List<Attached> nics) throws LibvirtException {
        String name = network.getName();
        NetworkXml.Definition definition = parse(network, name);
        List<VmRef> users = nics.stream().filter(nic -> nic.network().equals(name)).map(Attached::vm).distinct()
                .toList();
        boolean persistent = network.isPersistent() == 1;
        return new VirtualNetwork(connection, name, network.isActive() == 1, persistent && network.getAutostart(),
                persistent, definition.forwardMode(), definition.bridge(), definition.ranges(), definition.hosts(),
                users);
    }

    private static NetworkXml.Definition parse(Network network, String name) throws LibvirtException {
        try {
            return NetworkXml.parse(network.getXMLDesc(0));
        } catch (XMLStreamException | RuntimeException e) {
            throw new IllegalStateException("The definition of network '" + name + "' cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /** Every NIC on a virtual network of every VM of the connection, from their definitions. */
    private List<Attached> attached(String connection, Connect connect) throws LibvirtException {
        List<Attached> result = new ArrayList<>();
        List<Domain> domains = NativeLibvirt.listAllDomains(connect);
        try {
            for (Domain domain : domains) {
                DomainXml.Definition definition;
                try {
                    definition = DomainXml.parse(domain.getXMLDesc(0));
                } catch (LibvirtException | XMLStreamException | RuntimeException e) {
                    continue; // gone meanwhile, or unreadable: it cannot be said to use a network
                }
                VmRef ref = new VmRef(provider, connection, definition.name(), definition.uuid());
                for (VmNic nic : definition.nics()) {
                    if ("network".equals(nic.type()) && nic.source() != null) {
                        result.add(new Attached(ref, nic.source(), nic.mac()));
                    }
                }
            }
        } finally {
            Handles.freeAll(domains);
        }
        return result;
    }

    private static List<String> names(Connect connect) throws LibvirtException {
        List<String> names = new ArrayList<>(List.of(connect.listNetworks()));
        names.addAll(List.of(connect.listDefinedNetworks()));
        return names.stream().distinct().sorted().toList();
    }

    private static int affect(Network network) throws LibvirtException {
        return network.isActive() == 1 ? AFFECT_LIVE | AFFECT_CONFIG : AFFECT_CONFIG;
    }

    private static void validate(NetworkSpec spec) {
        if (!NAME.matcher(spec.name()).matches()) {
            throw new IllegalArgumentException("Network name '" + spec.name() + "' is not allowed: use up to 50 "
                    + "letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
        if (!MODES.contains(spec.forwardMode())) {
            throw new IllegalArgumentException("Forward mode '" + spec.forwardMode() + "' is not one of nat, route, "
                    + "bridge, isolated.");
        }
        if (spec.forwardMode().equals("bridge")) {
            if (spec.bridge() == null || spec.bridge().isBlank()) {
                throw new IllegalArgumentException("A bridged network needs the host bridge it uses (e.g. br0).");
            }
            return;
        }
        if (spec.ipv4() == null) {
            throw new IllegalArgumentException("Network '" + spec.name() + "' needs an IPv4 range.");
        }
        validateRange(spec.ipv4(), "ipv4");
        if (spec.ipv6() != null) {
            validateRange(spec.ipv6(), "ipv6");
        }
    }

    private static void validateRange(IpRange range, String family) {
        if (!range.family().equals(family)) {
            throw new IllegalArgumentException("The " + family + " range is given as " + range.family() + ".");
        }
        BigInteger address = Addresses.number(range.address(), family);
        int bits = Addresses.bits(family);
        int max = bits - 2;
        if (range.prefix() < 8 || range.prefix() > max) {
            throw new IllegalArgumentException("Prefix /" + range.prefix() + " of " + range.address()
                    + " is not between /8 and /" + max + ".");
        }
        if (address.equals(address.shiftRight(bits - range.prefix()).shiftLeft(bits - range.prefix()))) {
            throw new IllegalArgumentException(range.address() + " is the network address of " + Addresses.cidr(range)
                    + "; the host needs an address inside it, e.g. the first one.");
        }
        if ((range.dhcpStart() == null) != (range.dhcpEnd() == null)) {
            throw new IllegalArgumentException("A DHCP range needs both its first and its last address.");
        }
        if (range.dhcpStart() != null) {
            BigInteger start = Addresses.number(range.dhcpStart(), family);
            BigInteger end = Addresses.number(range.dhcpEnd(), family);
            if (!Addresses.contains(range, range.dhcpStart()) || !Addresses.contains(range, range.dhcpEnd())) {
                throw new IllegalArgumentException("The DHCP range " + range.dhcpStart() + "–" + range.dhcpEnd()
                        + " is not inside " + Addresses.cidr(range) + ".");
            }
            if (start.compareTo(end) > 0) {
                throw new IllegalArgumentException("The DHCP range starts (" + range.dhcpStart()
                        + ") after it ends (" + range.dhcpEnd() + ").");
            }
            if (start.compareTo(address) <= 0 && end.compareTo(address) >= 0) {
                throw new IllegalArgumentException("The DHCP range " + range.dhcpStart() + "–" + range.dhcpEnd()
                        + " includes the host's own address " + range.address() + ".");
            }
        }
    }

    private static void validateHost(DhcpHost host) {
        if (!MAC.matcher(host.mac()).matches()) {
            throw new IllegalArgumentException("'" + host.mac() + "' is not a MAC address (like 52:54:00:12:34:56).");
        }
        Addresses.number(host.ip(), Addresses.family(host.ip()));
        if (host.name() != null && !host.name().isBlank() && !host.name().matches("[A-Za-z0-9][A-Za-z0-9.-]{0,62}")) {
            throw new IllegalArgumentException("'" + host.name() + "' is not a host name.");
        }
    }

    private static String quoted(List<String> names) {
        return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
    }

    private static void free(Network network) {
        try {
            network.free();
        } catch (LibvirtException e) {
            // Freeing only releases the handle.
        }
    }
}
