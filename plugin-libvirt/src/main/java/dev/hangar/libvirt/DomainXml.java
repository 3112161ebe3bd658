package dev.hangar.libvirt;

import dev.hangar.plugins.vm.VmDisk;
import dev.hangar.plugins.vm.VmNic;
import dev.hangar.plugins.vm.VmOs;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
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

    /** What Hangar shows of a domain's definition; disks carry no sizes yet (those come from storage). */
    record Definition(String name, String uuid, int vcpus, long memoryKiB, long maxMemoryKiB, VmOs os,
                      List<VmDisk> disks, List<VmNic> nics, boolean hasNvram) {
    }

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
        Parser parser = new Parser();
        XMLStreamReader reader = FACTORY.createXMLStreamReader(new StringReader(xml));
        try {
            parser.read(reader);
        } finally {
            reader.close();
        }
        return parser.definition();
    }

    /** A device that asks to boot at a position ({@code <boot order='N'/>}). */
    private record BootEntry(int order, String device) {
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
        String host;
        boolean readOnly;
        Integer bootOrder;

        VmDisk build() {
            if (protocol != null) {
                source = protocol + "://" + nonNull(host) + "/" + nonNull(networkName);
            }
            return new VmDisk(target, device == null ? "disk" : device, bus, source == null ? null : type, source,
                    format, null, null, readOnly || "cdrom".equals(device));
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
        private final Deque<String> path = new ArrayDeque<>();
        private final StringBuilder text = new StringBuilder();
        private final List<VmDisk> disks = new ArrayList<>();
        private final List<VmNic> nics = new ArrayList<>();
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
        private boolean nvram;
        private DiskBuilder disk;
        private NicBuilder nic;

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
                    networkHost(r);
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
                default:
                    break;
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
                default:
                    break;
            }
        }

        private void diskSource(XMLStreamReader r) {
            String pool = attr(r, "pool");
            String volume = attr(r, "volume");
            if (pool != null && volume != null) {
                disk.source = pool + "/" + volume;
                return;
            }
            disk.protocol = attr(r, "protocol");
            if (disk.protocol != null) {
                disk.networkName = attr(r, "name");
                return;
            }
            disk.source = first(attr(r, "file"), attr(r, "dev"), attr(r, "dir"), attr(r, "name"));
        }

        /** A network disk's first host goes between protocol and name: {@code rbd://mon1:6789/pool/image}. */
        private void networkHost(XMLStreamReader r) {
            String host = attr(r, "name");
            if (disk.host == null && host != null) {
                String port = attr(r, "port");
                disk.host = port == null ? host : host + ":" + port;
            }
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
                    new VmOs(osType, arch, machine, boot), disks, nics, nvram);
        }
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
