package dev.hangar.libvirt;

import dev.hangar.plugins.vm.VmDevices;
import dev.hangar.plugins.vm.VmDisk;
import dev.hangar.plugins.vm.VmFilesystem;
import dev.hangar.plugins.vm.VmGraphics;
import dev.hangar.plugins.vm.VmHostDevice;
import dev.hangar.plugins.vm.VmNic;
import dev.hangar.plugins.vm.VmOs;
import dev.hangar.plugins.vm.VmSeclabel;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A tolerant reader of libvirt domain XML (StAX). It picks out what Hangar shows and ignores every
 * element and attribute it does not know; a missing optional part is null, an unreadable number is
 * unknown. Only XML that is not well-formed fails, and then the caller still lists the VM.
 */
final class DomainXml {

    /**
     * What Hangar shows of a domain's definition; disks carry no sizes yet (those come from storage), and
     * the OS only its libosinfo id (its name comes from the osinfo database).
     */
    record Definition(String name, String uuid, int vcpus, long memoryKiB, long maxMemoryKiB, VmOs os,
                      List<VmDisk> disks, List<VmNic> nics, VmDevices devices, boolean hasNvram) {
    }

    /** The namespace virt-install, virt-manager and Cockpit record the guest's OS under, in {@code <metadata>}. */
    static final String LIBOSINFO_NS = "http://libosinfo.org/xmlns/libvirt/domain/1.0";

    /** Ports a network disk's URI leaves out, as a browser does. */
    private static final Map<String, String> DEFAULT_PORTS = Map.of("http", "80", "https", "443", "ftp", "21",
            "ftps", "990");

    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        // Domain XML never needs a DTD; refusing them rules out entity tricks from a hostile definition.
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        FACTORY.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    }

    private DomainXml() {
    }

    static Definition parse(String xml) throws XMLStreamException {
        return parse(xml, false);
    }

    /**
     * @param withSecrets whether the XML was read with {@code VIR_DOMAIN_XML_SECURE}: only then does a
     *                    graphics device without {@code passwd} have no password. Only the password's
     *                    presence is kept, never its value.
     */
    static Definition parse(String xml, boolean withSecrets) throws XMLStreamException {
        Parser parser = new Parser(withSecrets);
        XMLStreamReader reader = newReader(new StringReader(xml));
        try {
            parser.read(reader);
        } finally {
            reader.close();
        }
        return parser.definition();
    }

    /** A reader that refuses DTDs and external entities, for XML Hangar did not write. */
    static XMLStreamReader newReader(Reader in) throws XMLStreamException {
        return FACTORY.createXMLStreamReader(in);
    }

    /** A device that asks to boot at a position ({@code <boot order='N'/>}). */
    private record BootEntry(int order, String device) {
    }

    /** One {@code <host>} of a network disk: a name and port, or a UNIX socket (whose path may be unsaid). */
    private record NetworkHost(String name, String port, boolean unix, String socket) {
        String authority() {
            // An IPv6 address goes in brackets, as in any URI.
            String host = name.indexOf(':') >= 0 && !name.startsWith("[") ? "[" + name + "]" : name;
            return port == null ? host : host + ":" + port;
        }
    }

    private static final class DiskBuilder {
        String type;
        String device;
        String bus;
        String target;
        String source;
        String format;
        String protocol;
        String networkName;
        String query;
        final List<NetworkHost> hosts = new ArrayList<>();
        boolean readOnly;
        Integer bootOrder;

        VmDisk build() {
            if (protocol != null) {
                source = networkUri();
            }
            return new VmDisk(target, device == null ? "disk" : device, bus, source == null ? null : type, source,
                    format, null, null, readOnly || "cdrom".equals(device));
        }

        /**
         * A network disk as a URI with every host, its path and query: {@code rbd://mon1:6789,mon2/pool/image},
         * {@code https://example.org/iso/x.iso?token=1}, and a host on a UNIX socket as NBD URIs write it,
         * {@code nbd+unix:///export?socket=/run/nbd.sock}.
         */
        private String networkUri() {
            String protocol = this.protocol.toLowerCase(Locale.ROOT);
            StringBuilder uri = new StringBuilder(protocol);
            NetworkHost unix = null;
            List<String> authorities = new ArrayList<>();
            for (NetworkHost host : hosts) {
                if (host.unix()) {
                    unix = unix == null ? host : unix;
                } else if (host.name() != null) {
                    boolean defaultPort = host.port() != null && host.port().equals(DEFAULT_PORTS.get(protocol));
                    authorities.add(defaultPort ? new NetworkHost(host.name(), null, false, null).authority()
                            : host.authority());
                }
            }
            boolean overSocket = unix != null && authorities.isEmpty();
            if (overSocket) {
                uri.append("+unix");
            }
            uri.append("://").append(String.join(",", authorities));
            String path = networkName == null ? "" : networkName.replaceFirst("^/+", "");
            if (!path.isEmpty() || overSocket) {
                uri.append('/').append(path);
            }
            List<String> params = new ArrayList<>();
            addIfPresent(params, query);
            if (overSocket && unix.socket() != null) {
                params.add("socket=" + unix.socket());
            }
            if (!params.isEmpty()) {
                uri.append(path.contains("?") ? '&' : '?').append(String.join("&", params));
            }
            return uri.toString();
        }
    }

    private static final class GraphicsBuilder {
        String type;
        String listenType;
        String listen;
        String socket;
        Integer port;
        Integer tlsPort;
        boolean autoport;
        Boolean passwordSet;

        VmGraphics build() {
            if (listenType == null) {
                listenType = socket != null ? "socket" : listen != null ? "address" : null;
            }
            return new VmGraphics(type, listenType, listen, socket, port, tlsPort, autoport, passwordSet);
        }
    }

    private static final class FilesystemBuilder {
        String type;
        String driver;
        String source;
        String target;
        String accessMode;
        boolean readOnly;

        VmFilesystem build() {
            return new VmFilesystem(type == null ? "mount" : type, driver, source, target, accessMode, readOnly);
        }
    }

    private static final class HostDeviceBuilder {
        String type;
        String mode;
        boolean managed;
        String vendor;
        String product;
        String address;
        String adapter;

        VmHostDevice build() {
            String where = adapter == null ? address : address == null ? adapter : adapter + " " + address;
            return new VmHostDevice(type, mode == null ? "subsystem" : mode, managed, vendor, product, where);
        }
    }

    private static final class SeclabelBuilder {
        String model;
        String type;
        Boolean relabel;
        String label;
        String imageLabel;

        VmSeclabel build() {
            return new VmSeclabel(model, type, relabel, label, imageLabel);
        }
    }

    private static final class NicBuilder {
        String type;
        String source;
        String model;
        String mac;
        String linkState;
        String target;
        Integer bootOrder;

        VmNic build() {
            return new VmNic(type, source, model, mac, linkState == null ? "up" : linkState, target);
        }
    }

    private static final class Parser {
        private final boolean withSecrets;
        private final Deque<String> path = new ArrayDeque<>();
        private final StringBuilder text = new StringBuilder();
        private final List<VmDisk> disks = new ArrayList<>();
        private final List<VmNic> nics = new ArrayList<>();
        private final List<VmGraphics> graphics = new ArrayList<>();
        private final List<VmFilesystem> filesystems = new ArrayList<>();
        private final List<VmHostDevice> hostDevices = new ArrayList<>();
        private final List<VmSeclabel> seclabels = new ArrayList<>();
        private final List<String> osBoot = new ArrayList<>();
        private final List<BootEntry> deviceBoot = new ArrayList<>();
        private String name;
        private String uuid;
        private int vcpus;
        private long memoryKiB = -1;
        private long maxMemoryKiB = -1;
        private String memoryUnit;
        private String osType;
        private String arch;
        private String machine;
        private String osinfoId;
        private boolean nvram;
        private DiskBuilder disk;
        private NicBuilder nic;
        private GraphicsBuilder graphic;
        private FilesystemBuilder filesystem;
        private HostDeviceBuilder hostDevice;
        private SeclabelBuilder seclabel;

        Parser(boolean withSecrets) {
            this.withSecrets = withSecrets;
        }

        void read(XMLStreamReader reader) throws XMLStreamException {
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    path.addLast(reader.getLocalName());
                    text.setLength(0);
                    start(String.join("/", path), reader);
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    text.append(reader.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    end(String.join("/", path), text.toString().trim());
                    path.removeLast();
                }
            }
        }

        private void start(String at, XMLStreamReader r) {
            switch (at) {
                case "domain/memory":
                case "domain/currentMemory":
                    memoryUnit = attr(r, "unit");
                    break;
                case "domain/vcpu":
                    Integer current = integer(attr(r, "current"));
                    if (current != null) {
                        vcpus = current;
                    }
                    break;
                case "domain/os/type":
                    arch = attr(r, "arch");
                    machine = attr(r, "machine");
                    break;
                case "domain/os/boot":
                    addIfPresent(osBoot, attr(r, "dev"));
                    break;
                case "domain/os/nvram":
                    nvram = true;
                    break;
                case "domain/devices/disk":
                    disk = new DiskBuilder();
                    disk.type = attr(r, "type");
                    disk.device = attr(r, "device");
                    break;
                case "domain/devices/disk/source":
                    diskSource(r);
                    break;
                case "domain/devices/disk/source/host":
                    disk.hosts.add(new NetworkHost(attr(r, "name"), attr(r, "port"),
                            "unix".equals(attr(r, "transport")) || attr(r, "socket") != null, attr(r, "socket")));
                    break;
                case "domain/devices/disk/driver":
                    disk.format = attr(r, "type");
                    break;
                case "domain/devices/disk/target":
                    disk.target = attr(r, "dev");
                    disk.bus = attr(r, "bus");
                    break;
                case "domain/devices/disk/readonly":
                    disk.readOnly = true;
                    break;
                case "domain/devices/disk/boot":
                    disk.bootOrder = integer(attr(r, "order"));
                    break;
                case "domain/devices/interface":
                    nic = new NicBuilder();
                    nic.type = attr(r, "type");
                    break;
                case "domain/devices/interface/source":
                    nic.source = first(attr(r, "network"), attr(r, "bridge"), attr(r, "dev"), attr(r, "path"),
                            attr(r, "name"));
                    break;
                case "domain/devices/interface/model":
                    nic.model = attr(r, "type");
                    break;
                case "domain/devices/interface/mac":
                    nic.mac = attr(r, "address");
                    break;
                case "domain/devices/interface/link":
                    nic.linkState = attr(r, "state");
                    break;
                case "domain/devices/interface/target":
                    nic.target = attr(r, "dev");
                    break;
                case "domain/devices/interface/boot":
                    nic.bootOrder = integer(attr(r, "order"));
                    break;
                case "domain/metadata/libosinfo/os":
                    if (LIBOSINFO_NS.equals(r.getNamespaceURI())) {
                        osinfoId = attr(r, "id");
                    }
                    break;
                case "domain/devices/graphics":
                    graphicsStart(r);
                    break;
                case "domain/devices/graphics/listen":
                    graphicsListen(r);
                    break;
                case "domain/devices/filesystem":
                    filesystem = new FilesystemBuilder();
                    filesystem.type = attr(r, "type");
                    filesystem.accessMode = attr(r, "accessmode");
                    break;
                case "domain/devices/filesystem/driver":
                    filesystem.driver = attr(r, "type");
                    break;
                case "domain/devices/filesystem/source":
                    filesystem.source = first(poolVolume(r), attr(r, "dir"), attr(r, "file"), attr(r, "dev"),
                            attr(r, "name"), attr(r, "socket"), attr(r, "usage"));
                    break;
                case "domain/devices/filesystem/target":
                    filesystem.target = attr(r, "dir");
                    break;
                case "domain/devices/filesystem/readonly":
                    filesystem.readOnly = true;
                    break;
                case "domain/devices/hostdev":
                    hostDevice = new HostDeviceBuilder();
                    hostDevice.type = attr(r, "type");
                    hostDevice.mode = attr(r, "mode");
                    hostDevice.managed = "yes".equals(attr(r, "managed"));
                    break;
                case "domain/devices/hostdev/source":
                    // scsi_host (vhost-scsi) names its target by WWPN.
                    hostDevice.address = attr(r, "wwpn");
                    break;
                case "domain/devices/hostdev/source/vendor":
                    hostDevice.vendor = attr(r, "id");
                    break;
                case "domain/devices/hostdev/source/product":
                    hostDevice.product = attr(r, "id");
                    break;
                case "domain/devices/hostdev/source/adapter":
                    hostDevice.adapter = attr(r, "name");
                    break;
                case "domain/devices/hostdev/source/address":
                    hostDevice.address = hostAddress(hostDevice.type, r);
                    break;
                case "domain/seclabel":
                    seclabel = new SeclabelBuilder();
                    seclabel.model = attr(r, "model");
                    seclabel.type = attr(r, "type");
                    String relabel = attr(r, "relabel");
                    seclabel.relabel = relabel == null ? null : "yes".equals(relabel);
                    break;
                default:
                    break;
            }
        }

        private void graphicsStart(XMLStreamReader r) {
            graphic = new GraphicsBuilder();
            graphic.type = attr(r, "type");
            graphic.port = port(attr(r, "port"));
            graphic.tlsPort = port(attr(r, "tlsPort"));
            graphic.autoport = "yes".equals(attr(r, "autoport"));
            graphic.listen = attr(r, "listen");
            graphic.socket = attr(r, "socket");
            // Without VIR_DOMAIN_XML_SECURE libvirt leaves passwd out but still writes its expiry.
            boolean password = attr(r, "passwd") != null || attr(r, "passwdValidTo") != null;
            graphic.passwordSet = password ? Boolean.TRUE : withSecrets ? Boolean.FALSE : null;
        }

        /** The first {@code <listen>} says how the console is reached; libvirt mirrors it in the attributes. */
        private void graphicsListen(XMLStreamReader r) {
            if (graphic.listenType != null) {
                return;
            }
            graphic.listenType = attr(r, "type");
            if ("socket".equals(graphic.listenType)) {
                graphic.socket = first(attr(r, "socket"), graphic.socket);
            } else if ("network".equals(graphic.listenType)) {
                String network = attr(r, "network");
                String address = attr(r, "address");
                graphic.listen = network == null ? address : address == null ? network : network + " (" + address + ")";
            } else if (attr(r, "address") != null) {
                graphic.listen = attr(r, "address");
            }
        }

        private void end(String at, String value) {
            switch (at) {
                case "domain/name":
                    name = value;
                    break;
                case "domain/uuid":
                    uuid = value;
                    break;
                case "domain/memory":
                    maxMemoryKiB = kib(value, memoryUnit);
                    break;
                case "domain/currentMemory":
                    memoryKiB = kib(value, memoryUnit);
                    break;
                case "domain/vcpu":
                    Integer count = integer(value);
                    if (vcpus == 0 && count != null) {
                        vcpus = count;
                    }
                    break;
                case "domain/os/type":
                    osType = value.isEmpty() ? null : value;
                    break;
                case "domain/devices/disk":
                    disks.add(disk.build());
                    if (disk.bootOrder != null && disk.target != null) {
                        deviceBoot.add(new BootEntry(disk.bootOrder, disk.target));
                    }
                    disk = null;
                    break;
                case "domain/devices/interface":
                    nics.add(nic.build());
                    if (nic.bootOrder != null) {
                        deviceBoot.add(new BootEntry(nic.bootOrder, "network"));
                    }
                    nic = null;
                    break;
                case "domain/devices/graphics":
                    graphics.add(graphic.build());
                    graphic = null;
                    break;
                case "domain/devices/filesystem":
                    filesystems.add(filesystem.build());
                    filesystem = null;
                    break;
                case "domain/devices/hostdev/source/block":
                case "domain/devices/hostdev/source/char":
                case "domain/devices/hostdev/source/interface":
                    hostDevice.address = value.isEmpty() ? null : value;
                    break;
                case "domain/devices/hostdev":
                    hostDevices.add(hostDevice.build());
                    hostDevice = null;
                    break;
                case "domain/seclabel/label":
                    seclabel.label = value.isEmpty() ? null : value;
                    break;
                case "domain/seclabel/imagelabel":
                    seclabel.imageLabel = value.isEmpty() ? null : value;
                    break;
                case "domain/seclabel":
                    seclabels.add(seclabel.build());
                    seclabel = null;
                    break;
                default:
                    break;
            }
        }

        private void diskSource(XMLStreamReader r) {
            disk.source = poolVolume(r);
            if (disk.source != null) {
                return;
            }
            disk.protocol = attr(r, "protocol");
            if (disk.protocol != null) {
                disk.networkName = attr(r, "name");
                disk.query = attr(r, "query");
                return;
            }
            // path: a vhost-user disk's socket.
            disk.source = first(attr(r, "file"), attr(r, "dev"), attr(r, "dir"), attr(r, "name"), attr(r, "path"));
        }

        Definition definition() {
            List<String> boot = new ArrayList<>(osBoot);
            if (boot.isEmpty()) {
                deviceBoot.sort(Comparator.comparingInt(BootEntry::order));
                for (BootEntry entry : deviceBoot) {
                    boot.add(entry.device());
                }
            }
            long max = Math.max(0, maxMemoryKiB);
            long current = memoryKiB < 0 ? max : memoryKiB;
            return new Definition(name, uuid, vcpus, current, Math.max(max, current),
                    new VmOs(osType, arch, machine, boot, osinfoId, null), disks, nics,
                    new VmDevices(graphics, filesystems, hostDevices, seclabels), nvram);
        }
    }

    /** {@code pool/volume} of a source that names a storage volume, or null. */
    private static String poolVolume(XMLStreamReader r) {
        String pool = attr(r, "pool");
        String volume = attr(r, "volume");
        return pool != null && volume != null ? pool + "/" + volume : null;
    }

    /** Where a host device sits, in the notation its kind is known by (lspci, lsusb, lsscsi). */
    private static String hostAddress(String type, XMLStreamReader r) {
        if (attr(r, "uuid") != null) {
            return attr(r, "uuid");
        }
        if ("usb".equals(type)) {
            List<String> parts = new ArrayList<>();
            if (attr(r, "bus") != null) {
                parts.add("bus " + attr(r, "bus"));
            }
            if (attr(r, "device") != null) {
                parts.add("device " + attr(r, "device"));
            }
            return parts.isEmpty() ? null : String.join(" ", parts);
        }
        if ("pci".equals(type)) {
            Integer domain = hex(attr(r, "domain"));
            Integer bus = hex(attr(r, "bus"));
            Integer slot = hex(attr(r, "slot"));
            Integer function = hex(attr(r, "function"));
            if (bus != null && slot != null) {
                return String.format(Locale.ROOT, "%04x:%02x:%02x.%x", domain == null ? 0 : domain, bus, slot,
                        function == null ? 0 : function);
            }
        }
        if ("scsi".equals(type) && attr(r, "unit") != null) {
            return nonNull(attr(r, "bus")) + ":" + nonNull(attr(r, "target")) + ":" + attr(r, "unit");
        }
        // Anything else: its attributes as written.
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < r.getAttributeCount(); i++) {
            parts.add(r.getAttributeLocalName(i) + "=" + r.getAttributeValue(i));
        }
        return parts.isEmpty() ? null : String.join(" ", parts);
    }

    /** A number as libvirt writes addresses ({@code 0x06}, or decimal); null when unreadable. */
    private static Integer hex(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.decode(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A TCP port; libvirt writes -1 for one not assigned yet. */
    private static Integer port(String value) {
        Integer port = integer(value);
        return port == null || port <= 0 ? null : port;
    }

    private static String attr(XMLStreamReader reader, String name) {
        String value = reader.getAttributeValue(null, name);
        return value == null || value.isEmpty() ? null : value;
    }

    private static void addIfPresent(List<String> list, String value) {
        if (value != null) {
            list.add(value);
        }
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    private static Integer integer(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** libvirt's memory units (default KiB) to KiB; an unknown unit or unreadable amount is -1. */
    static long kib(String value, String unit) {
        long amount;
        try {
            amount = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
        String u = unit == null ? "kib" : unit.toLowerCase(Locale.ROOT);
        switch (u) {
            case "b":
            case "bytes":
                return amount / 1024;
            case "kb":
                return amount * 1000 / 1024;
            case "k":
            case "kib":
                return amount;
            case "mb":
                return amount * 1000 * 1000 / 1024;
            case "m":
            case "mib":
                return amount * 1024;
            case "gb":
                return amount * 1000 * 1000 * 1000 / 1024;
            case "g":
            case "gib":
                return amount * 1024 * 1024;
            case "tb":
                return amount * 1000L * 1000 * 1000 * 1000 / 1024;
            case "t":
            case "tib":
                return amount * 1024L * 1024 * 1024;
            default:
                return -1;
        }
    }
}
