package dev.hangar.libvirt;

import java.io.StringWriter;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * The {@code <disk>} and {@code <interface>} elements Hangar writes (for a new VM, an attached
 * device or a clone), a free target name for a disk and a fresh MAC address. Written with StAX, so
 * that every value (a path with a quote, a name with an ampersand) is escaped by the writer.
 */
final class DeviceXml {
    /** The prefix QEMU/KVM guests conventionally use (locally administered, the one libvirt picks). */
    static final String MAC_PREFIX = "52:54:00";

    /** VIR_DOMAIN_XML_INACTIVE: the definition of the next boot. */
    private static final int XML_INACTIVE = 2;
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();
    private static final Random RANDOM = new SecureRandom();
    private static final Map<String, String> TARGET_PREFIX = Map.of("virtio", "vd", "sata", "sd", "scsi", "sd",
            "usb", "sd", "ide", "hd", "xen", "xvd");
    /** IDE has two buses of two units: hda–hdd. */
    private static final int IDE_TARGETS = 4;
    /** libvirt's target names run a–z, aa–zz, aaa–…; far more than any guest takes. */
    private static final int MAX_TARGETS = 26 + 26 * 26;

    private DeviceXml() {
    }

    /**
     * A disk or CD-ROM.
     *
     * @param device     {@code disk} or {@code cdrom}
     * @param bus        {@code virtio}, {@code sata}, {@code scsi}, {@code ide}, {@code usb}
     * @param target     {@code vda}, {@code sdb}, … ({@link #nextTarget})
     * @param sourceType {@code file}, {@code block} or {@code volume}; null: no medium (an empty CD-ROM)
     * @param source     a path, or {@code pool/volume} for {@code volume}
     * @param driverType {@code qcow2}, {@code raw}; null: left to libvirt
     * @param cache      {@code none}, {@code writeback}, …; null: the default
     * @param readOnly   written as {@code <readonly/>}; a CD-ROM always is
     */
    record Disk(String device, String bus, String target, String sourceType, String source, String driverType,
                String cache, boolean readOnly) {
        Disk {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(bus, "bus");
            Objects.requireNonNull(target, "target");
            if (!"disk".equals(device) && !"cdrom".equals(device)) {
                throw new IllegalArgumentException("a disk's device is disk or cdrom, not " + device);
            }
            if (sourceType != null && !List.of("file", "block", "volume").contains(sourceType)) {
                throw new IllegalArgumentException("a disk's source is a file, block device or volume, not " + sourceType);
            }
            if ((sourceType == null) != (source == null)) {
                throw new IllegalArgumentException("a disk's source type and source go together");
            }
            if (sourceType == null && "disk".equals(device)) {
                throw new IllegalArgumentException("only a CD-ROM may be empty");
            }
            if ("volume".equals(sourceType) && source.indexOf('/') <= 0) {
                throw new IllegalArgumentException("a volume source is pool/volume, not " + source);
            }
            readOnly = readOnly || "cdrom".equals(device);
        }

        /** A file (or volume path) as a disk, as a file-backed volume of a dir pool is written. */
        static Disk file(String bus, String target, String path, String format) {
            return new Disk("disk", bus, target, "file", path, format, null, false);
        }

        /** A CD-ROM with an ISO, or empty for {@code iso} null. */
        static Disk cdrom(String bus, String target, String iso) {
            return new Disk("cdrom", bus, target, iso == null ? null : "file", iso, iso == null ? null : "raw", null,
                    true);
        }
    }

    /**
     * A NIC.
     *
     * @param type      {@code network} or {@code bridge}
     * @param source    the network's or bridge's name
     * @param model     {@code virtio}, {@code e1000e}, …; null: libvirt's default
     * @param mac       {@code 52:54:00:…}; null: libvirt picks one
     * @param linkState {@code up} or {@code down}; null: up (not written)
     */
    record Nic(String type, String source, String model, String mac, String linkState) {
        Nic {
            Objects.requireNonNull(source, "source");
            if (!"network".equals(type) && !"bridge".equals(type)) {
                throw new IllegalArgumentException("a NIC joins a network or a bridge, not " + type);
            }
            if (linkState != null && !"up".equals(linkState) && !"down".equals(linkState)) {
                throw new IllegalArgumentException("a link is up or down, not " + linkState);
            }
            if (mac != null && !validMac(mac)) {
                throw new IllegalArgumentException("not a MAC address: " + mac);
            }
        }
    }

    /** The {@code <disk>} element on its own, for attaching. */
    static String disk(Disk disk) {
        return write(w -> writeDisk(w, disk));
    }

    /** The {@code <interface>} element on its own, for attaching. */
    static String nic(Nic nic) {
        return write(w -> writeNic(w, nic));
    }

    /** Writes a {@code <disk>} into a domain being written. */
    static void writeDisk(XMLStreamWriter w, Disk disk) throws XMLStreamException {
        w.writeStartElement("disk");
        w.writeAttribute("type", disk.sourceType() == null ? "file" : disk.sourceType());
        w.writeAttribute("device", disk.device());
        if (disk.driverType() != null || disk.cache() != null) {
            w.writeEmptyElement("driver");
            w.writeAttribute("name", "qemu");
            if (disk.driverType() != null) {
                w.writeAttribute("type", disk.driverType());
            }
            if (disk.cache() != null) {
                w.writeAttribute("cache", disk.cache());
            }
        }
        if (disk.sourceType() != null) {
            w.writeEmptyElement("source");
            if ("volume".equals(disk.sourceType())) {
                int slash = disk.source().indexOf('/');
                w.writeAttribute("pool", disk.source().substring(0, slash));
                w.writeAttribute("volume", disk.source().substring(slash + 1));
            } else {
                w.writeAttribute("file".equals(disk.sourceType()) ? "file" : "dev", disk.source());
            }
        }
        w.writeEmptyElement("target");
        w.writeAttribute("dev", disk.target());
        w.writeAttribute("bus", disk.bus());
        if (disk.readOnly()) {
            w.writeEmptyElement("readonly");
        }
        w.writeEndElement();
    }

    /** Writes an {@code <interface>} into a domain being written. */
    static void writeNic(XMLStreamWriter w, Nic nic) throws XMLStreamException {
        w.writeStartElement("interface");
        w.writeAttribute("type", nic.type());
        if (nic.mac() != null) {
            w.writeEmptyElement("mac");
            w.writeAttribute("address", nic.mac().toLowerCase(Locale.ROOT));
        }
        w.writeEmptyElement("source");
        w.writeAttribute(nic.type(), nic.source());
        if (nic.model() != null) {
            w.writeEmptyElement("model");
            w.writeAttribute("type", nic.model());
        }
        if (nic.linkState() != null) {
            w.writeEmptyElement("link");
            w.writeAttribute("state", nic.linkState());
        }
        w.writeEndElement();
    }

    /**
     * The first target of {@code bus} not in {@code taken}: {@code vda}, {@code vdb}, …, {@code vdz},
     * {@code vdaa} for virtio; {@code sd…} for SATA, SCSI and USB; {@code hda}–{@code hdd} for IDE.
     *
     * @throws IllegalStateException when the bus has no free target
     */
    static String nextTarget(String bus, Collection<String> taken) {
        String prefix = TARGET_PREFIX.get(bus);
        if (prefix == null) {
            throw new IllegalArgumentException("unknown disk bus '" + bus + "'; one of " + TARGET_PREFIX.keySet());
        }
        int limit = "ide".equals(bus) ? IDE_TARGETS : MAX_TARGETS;
        for (int i = 0; i < limit; i++) {
            String target = prefix + suffix(i);
            if (!taken.contains(target)) {
                return target;
            }
        }
        throw new IllegalStateException("every " + bus + " disk target is taken (" + prefix + suffix(0) + "–"
                + prefix + suffix(limit - 1) + ")");
    }

    /** a, b, …, z, aa, ab, … (libvirt's virDiskNameToIndex, the other way round). */
    static String suffix(int index) {
        StringBuilder name = new StringBuilder();
        for (int i = index; i >= 0; i = i / 26 - 1) {
            name.insert(0, (char) ('a' + i % 26));
        }
        return name.toString();
    }

    /** A random {@code 52:54:00:xx:xx:xx} not in {@code taken} (compared case-insensitively). */
    static String newMac(Collection<String> taken, Random random) {
        Set<String> lower = new HashSet<>();
        for (String mac : taken) {
            lower.add(mac.toLowerCase(Locale.ROOT));
        }
        if (lower.size() >= 1 << 24) {
            throw new IllegalStateException("every " + MAC_PREFIX + " MAC address is taken");
        }
        while (true) {
            int n = random.nextInt(1 << 24);
            String mac = String.format(Locale.ROOT, "%s:%02x:%02x:%02x", MAC_PREFIX, n >> 16, (n >> 8) & 0xff, n & 0xff);
            if (!lower.contains(mac)) {
                return mac;
            }
        }
    }

    /** A fresh MAC address that no NIC of any VM of the connection (running or not) has. */
    static String newMac(Connect connect) throws LibvirtException {
        return newMac(macsInUse(connect), RANDOM);
    }

    /** Every MAC address of every VM of the connection, defined or running. */
    static Set<String> macsInUse(Connect connect) throws LibvirtException {
        Set<String> macs = new HashSet<>();
        List<Domain> domains = NativeLibvirt.listAllDomains(connect);
        try {
            for (Domain domain : domains) {
                // A running VM's live NICs and those of its next boot may differ: both count.
                for (int flags : new int[] {0, XML_INACTIVE}) {
                    addMacs(domain, flags, macs);
                }
            }
        } finally {
            Handles.freeAll(domains);
        }
        return macs;
    }

    private static void addMacs(Domain domain, int flags, Set<String> macs) {
        try {
            for (var nic : DomainXml.parse(domain.getXMLDesc(flags)).nics()) {
                if (nic.mac() != null) {
                    macs.add(nic.mac().toLowerCase(Locale.ROOT));
                }
            }
        } catch (LibvirtException e) {
            // Gone since the listing: its MACs are free again.
        } catch (XMLStreamException e) {
            // An unreadable definition is libvirt's to refuse; a random MAC is still almost surely free.
        }
    }

    static boolean validMac(String mac) {
        return mac.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    }

    @FunctionalInterface
    private interface Body {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = FACTORY.createXMLStreamWriter(out);
            body.write(w);
            w.flush();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing device XML", e);
        }
        return out.toString();
    }
}
