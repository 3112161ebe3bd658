package dev.hangar.libvirt;

import dev.hangar.plugins.capability.Console;
import dev.hangar.plugins.capability.ConsoleBusyException;
import dev.hangar.plugins.capability.ConsoleKind;
import dev.hangar.plugins.capability.ConsoleStream;
import dev.hangar.plugins.vm.VmRef;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.xml.stream.XMLStreamException;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.HangarBridge;
import org.libvirt.LibvirtException;

/**
 * The consoles capability on libvirt: the VM's {@code pty} serial ports and text consoles through
 * virDomainOpenConsole on a libvirt stream, its VNC displays through virDomainOpenGraphicsFD where the
 * connection can pass descriptors (a local unix socket) and over TCP from Hangar's machine otherwise,
 * its SPICE displays as remote-viewer files.
 */
final class LibvirtConsoles {
    static final String START_VM = "Start the VM to use its console";
    static final String TEST_DRIVER = "libvirt's test driver has no real consoles; they work on VMs of qemu connections";

    /** How Hangar reaches a connection's displays. */
    enum Reach {
        /** The test driver: nothing to reach. */
        NONE,
        /** A unix socket to the local daemon, which can pass a display's socket to this process. */
        DESCRIPTORS,
        /** A remote daemon: displays are reached over TCP from Hangar's machine. */
        NETWORK
    }

    /** A connection as consoles see it: how displays are reached and the host's name in its URI. */
    record Route(Reach reach, String host) {
        static Route of(String uri) {
            if (ConnectionLabel.testDriver(uri)) {
                return new Route(Reach.NONE, null);
            }
            URI parsed;
            try {
                parsed = new URI(uri);
            } catch (URISyntaxException e) {
                return new Route(Reach.NETWORK, null);
            }
            String scheme = parsed.getScheme() == null ? "" : parsed.getScheme();
            int plus = scheme.indexOf('+');
            String transport = plus < 0 ? null : scheme.substring(plus + 1);
            String host = parsed.getHost();
            boolean local = host == null || host.isEmpty();
            if (local && (transport == null || "unix".equals(transport))) {
                return new Route(Reach.DESCRIPTORS, null);
            }
            return new Route(Reach.NETWORK, host);
        }
    }

    private final Function<String, LibvirtConnection> connections;
    private final Set<Tracked> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** @param connections the provider's connection of a URI (throws for one it does not serve) */
    LibvirtConsoles(Function<String, LibvirtConnection> connections) {
        this.connections = connections;
    }

    List<Console> consoles(VmRef vm) throws Exception {
        Route route = Route.of(vm.connection());
        try {
            return connections.apply(vm.connection()).withDomain(vm,
                    domain -> describe(devices(vm, domain), domain.isActive() == 1, route));
        } catch (LibvirtException e) {
            throw new IllegalStateException(LibvirtErrors.describeConsole(e, vm.name(),
                    "read the consoles of VM '" + vm.name() + "'"), e);
        }
    }

    /** Every console device with why it cannot be opened now, or null; pure, for the unit tests. */
    static List<Console> describe(List<ConsoleXml.Device> devices, boolean active, Route route) {
        List<Console> result = new ArrayList<>(devices.size());
        for (ConsoleXml.Device device : devices) {
            result.add(new Console(device.id(), device.kind(), device.label(), unavailable(device, active, route)));
        }
        return result;
    }

    static String unavailable(ConsoleXml.Device device, boolean active, Route route) {
        if (route.reach() == Reach.NONE) {
            return TEST_DRIVER;
        }
        if (!active) {
            return START_VM;
        }
        return switch (device.kind()) {
            case SERIAL -> null;
            case VNC -> route.reach() == Reach.DESCRIPTORS ? null : unreachable(device, route.host(),
                    "This VNC display", "Hangar's machine", "Hangar carries VNC over the network from remote hosts");
            case SPICE -> unreachable(device, route.host() == null ? "this host" : route.host(), "This SPICE display",
                    "your computer", "remote-viewer connects to it directly");
        };
    }

    /** Why a display cannot be reached over TCP from elsewhere, or null when it can. */
    private static String unreachable(ConsoleXml.Device device, String host, String what, String from, String how) {
        String on = host == null ? "" : " on " + host;
        if ("socket".equals(device.listenType())) {
            return what + " listens on a unix socket" + on + " only, which " + from + " cannot reach (" + how
                    + "). Set its listen type to an address (graphics listen address) to use it here.";
        }
        if ("none".equals(device.listenType()) || device.port() <= 0 && device.tlsPort() <= 0) {
            return what + " has no TCP port" + on + ", which " + from + " needs (" + how
                    + "). Give it a listen address and a port (or autoport) to use it here.";
        }
        if (ConsoleXml.loopback(device.listen())) {
            return what + " listens on " + device.listen() + on + " only, which " + from + " cannot reach (" + how
                    + "). Set its listen address to one " + from + " can reach (for example 0.0.0.0 or the host's"
                    + " own address) and restart the VM to use it here.";
        }
        return null;
    }

    ConsoleStream open(VmRef vm, String consoleId, boolean takeOver) throws Exception {
        Tracked stream = new Tracked(connect(vm, consoleId, takeOver), open);
        open.add(stream);
        if (closed) {
            stream.close();
            throw new IllegalStateException("The libvirt provider is stopping.");
        }
        return stream;
    }

    /** Ends every stream still open: the provider is stopping (the host closes its own sessions too). */
    void closeAll() {
        closed = true;
        for (Tracked stream : List.copyOf(open)) {
            stream.close();
        }
    }

    private ConsoleStream connect(VmRef vm, String consoleId, boolean takeOver) throws Exception {
        LibvirtConnection connection = connections.apply(vm.connection());
        Route route = Route.of(vm.connection());
        try {
            return connection.withConnect(connect -> {
                Domain domain = connect.domainLookupByUUIDString(vm.id());
                try {
                    ConsoleXml.Device device = device(vm, domain, consoleId);
                    String why = unavailable(device, domain.isActive() == 1, route);
                    if (why != null) {
                        throw new ConsoleUnavailable(why);
                    }
                    return switch (device.kind()) {
                        case SERIAL -> serial(connect, domain, device, vm, takeOver);
                        case VNC -> route.reach() == Reach.DESCRIPTORS
                                ? new FdConsoleStream(NativeConsoles.openGraphicsFd(HangarBridge.pointer(domain),
                                device.graphicsIndex()))
                                : network(vm, device, route.host());
                        case SPICE -> throw new ConsoleUnavailable("A SPICE display opens in remote-viewer, not in"
                                + " the browser: download its .vv file.");
                    };
                } finally {
                    Handles.free(domain);
                }
            });
        } catch (LibvirtException e) {
            throw new IllegalStateException(LibvirtErrors.describeConsole(e, vm.name(), opening(vm, consoleId)), e);
        } catch (Wrapped e) {
            throw e.getCause();
        }
    }

    private static ConsoleStream serial(Connect connect, Domain domain, ConsoleXml.Device device, VmRef vm,
                                        boolean takeOver) throws LibvirtException {
        try {
            return SerialConsoleStream.open(HangarBridge.pointer(connect), HangarBridge.pointer(domain),
                    device.devName() == null ? device.id() : device.devName(), takeOver);
        } catch (LibvirtException e) {
            if (LibvirtErrors.consoleBusy(e)) {
                throw new Wrapped(new ConsoleBusyException("Another client holds the " + device.label()
                        + " of VM '" + vm.name() + "' (for example virsh console or virt-manager); libvirt allows"
                        + " one at a time. Take it over to disconnect that client."));
            }
            throw e;
        }
    }

    private static ConsoleStream network(VmRef vm, ConsoleXml.Device device, String host) {
        String address = ConsoleXml.wildcard(device.listen()) ? host : device.listen();
        try {
            return SocketConsoleStream.connect(address, device.port());
        } catch (IOException e) {
            throw new Wrapped(new IOException("Cannot reach the " + device.label() + " of VM '" + vm.name() + "' at "
                    + address + ":" + device.port() + " from Hangar's machine: " + e.getMessage(), e));
        }
    }

    String remoteViewerFile(VmRef vm, String consoleId) throws Exception {
        Route route = Route.of(vm.connection());
        LibvirtConnection connection = connections.apply(vm.connection());
        try {
            return connection.withConnect(connect -> {
                Domain domain = connect.domainLookupByUUIDString(vm.id());
                try {
                    ConsoleXml.Device device = device(vm, domain, consoleId);
                    if (device.kind() != ConsoleKind.SPICE) {
                        throw new ConsoleUnavailable("The " + device.label() + " opens in the browser; only SPICE"
                                + " displays have a remote-viewer file.");
                    }
                    String why = unavailable(device, domain.isActive() == 1, route);
                    if (why != null) {
                        throw new ConsoleUnavailable(why);
                    }
                    String host = !ConsoleXml.wildcard(device.listen()) ? device.listen()
                            : route.host() != null ? route.host() : connect.getHostName();
                    return remoteViewerFile(vm.name(), host, device.port(), device.tlsPort());
                } finally {
                    Handles.free(domain);
                }
            });
        } catch (LibvirtException e) {
            throw new IllegalStateException(LibvirtErrors.describeConsole(e, vm.name(), opening(vm, consoleId)), e);
        }
    }

    /**
     * virt-viewer's connection file: remote-viewer opens it, connects and asks for the password itself
     * (none is written here), and deletes the file since it is of no use later.
     */
    static String remoteViewerFile(String title, String host, int port, int tlsPort) {
        StringBuilder file = new StringBuilder("[virt-viewer]\ntype=spice\n");
        file.append("host=").append(host).append('\n');
        if (port > 0) {
            file.append("port=").append(port).append('\n');
        }
        if (tlsPort > 0) {
            file.append("tls-port=").append(tlsPort).append('\n');
        }
        // One line per key: a line break in the VM's name must not start a key of its own.
        file.append("title=").append(title.replaceAll("[\\r\\n]", " ")).append('\n');
        file.append("delete-this-file=1\n");
        return file.toString();
    }

    private static String opening(VmRef vm, String consoleId) {
        return "open console '" + consoleId + "' of VM '" + vm.name() + "'";
    }

    private static ConsoleXml.Device device(VmRef vm, Domain domain, String consoleId) throws LibvirtException {
        for (ConsoleXml.Device device : devices(vm, domain)) {
            if (device.id().equals(consoleId)) {
                return device;
            }
        }
        throw new ConsoleUnavailable("VM '" + vm.name() + "' has no console '" + consoleId + "'.");
    }

    private static List<ConsoleXml.Device> devices(VmRef vm, Domain domain) throws LibvirtException {
        String xml = domain.getXMLDesc(0);
        try {
            return ConsoleXml.parse(xml);
        } catch (XMLStreamException e) {
            throw new ConsoleUnavailable("The definition of VM '" + vm.name() + "' cannot be read: " + e.getMessage());
        }
    }

    /** A stream handed to the host, forgotten here once closed. */
    static final class Tracked implements ConsoleStream {
        private final ConsoleStream stream;
        private final Set<Tracked> open;

        Tracked(ConsoleStream stream, Set<Tracked> open) {
            this.stream = stream;
            this.open = open;
        }

        /** The libvirt stream behind it, for tests. */
        ConsoleStream stream() {
            return stream;
        }

        @Override
        public int read(byte[] buffer) throws IOException {
            return stream.read(buffer);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            stream.write(bytes, offset, length);
        }

        @Override
        public void close() {
            open.remove(this);
            stream.close();
        }
    }

    /** A console that cannot be opened, with the reason for people. */
    static final class ConsoleUnavailable extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ConsoleUnavailable(String message) {
            super(message);
        }
    }

    /** Carries a checked failure out of a libvirt call lambda. */
    private static final class Wrapped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Wrapped(Exception cause) {
            super(cause);
        }

        @Override
        public synchronized Exception getCause() {
            return (Exception) super.getCause();
        }
    }
}
