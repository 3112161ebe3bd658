package dev.hangar.libvirt;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;

/**
 * What a connection's host gives a new VM: the virtualization type, arch and machine, the vCPU limit,
 * UEFI, disk buses. Read from {@code virConnectGetDomainCapabilities} (which libvirt-java lacks; bound
 * with JNA in {@link NativeConfig}), and from the plain capabilities XML where a driver has no domain capabilities (the
 * test driver).
 *
 * @param virtType      {@code kvm}, {@code qemu} (TCG), or the driver's own ({@code test})
 * @param arch          the guest arch, the host's
 * @param machine       the default machine type, or null to leave it to libvirt
 * @param maxVcpus      the most vCPUs a VM may have: the hypervisor's limit and never more than the host's CPUs
 * @param uefi          whether {@code <os firmware='efi'>} works (the firmware enum lists efi: OVMF is installed)
 * @param diskBuses     buses a disk may use, of those Hangar offers
 * @param rngBuiltin    whether the rng backend {@code builtin} works (QEMU's getrandom(), no file in the VM's /dev)
 * @param hostCpus      the host's CPUs
 * @param hostMemoryKiB the host's memory
 */
record HostCapabilities(String virtType, String arch, String machine, int maxVcpus, boolean uefi,
                        List<String> diskBuses, boolean rngBuiltin, int hostCpus, long hostMemoryKiB) {

    /** Disk buses Hangar offers, in the order it prefers them. */
    static final List<String> BUSES = List.of("virtio", "sata", "scsi", "ide");

    /**
     * @param virtType the type asked for ({@code kvm}, {@code qemu}), or null: KVM where the host has it, else TCG
     */
    static HostCapabilities read(Connect connect, String virtType) throws LibvirtException {
        NodeInfo node = connect.nodeInfo();
        Guest guest = guest(connect.getCapabilities());
        String type = virtType != null ? virtType
                : guest.types().contains("kvm") ? "kvm" : guest.types().contains("qemu") ? "qemu"
                : guest.types().isEmpty() ? "qemu" : guest.types().get(0);
        if (virtType != null && !guest.types().isEmpty() && !guest.types().contains(virtType)) {
            throw new IllegalStateException("This host cannot run '" + virtType + "' VMs; it offers "
                    + String.join(", ", guest.types()));
        }
        String domcaps = domainCapabilities(connect, guest.arch(), type);
        if (domcaps == null) {
            return new HostCapabilities(type, guest.arch(), guest.machine(), Math.max(1, node.cpus), false, BUSES, false,
                    node.cpus, node.memory);
        }
        DomainCaps caps = parse(domcaps);
        int max = caps.vcpuMax() > 0 ? Math.min(caps.vcpuMax(), node.cpus) : node.cpus;
        List<String> buses = new ArrayList<>();
        for (String bus : BUSES) {
            if (caps.buses().isEmpty() || caps.buses().contains(bus)) {
                buses.add(bus);
            }
        }
        return new HostCapabilities(type, guest.arch(), caps.machine() != null ? caps.machine() : guest.machine(),
                Math.max(1, max), caps.efi(), buses, caps.rngBuiltin(), node.cpus, node.memory);
    }

    /** The domain capabilities XML, or null where the driver has none (the test driver). */
    private static String domainCapabilities(Connect connect, String arch, String virtType) throws LibvirtException {
        try {
            return NativeConfig.domainCapabilities(connect, arch, null, virtType);
        } catch (LibvirtException e) {
            if (LibvirtErrors.code(e) == org.libvirt.Error.ErrorNumber.VIR_ERR_NO_SUPPORT) {
                return null;
            }
            throw e;
        }
    }

    /** The host's hvm guest: its arch, virtualization types and default machine. */
    record Guest(String arch, List<String> types, String machine) {
    }

    record DomainCaps(String machine, int vcpuMax, boolean efi, Set<String> buses, boolean rngBuiltin) {
    }

    static Guest guest(String capabilities) {
        try {
            XMLStreamReader r = DomainXml.newReader(new StringReader(capabilities));
            try {
                String hostArch = null;
                List<String> path = new ArrayList<>();
                Guest first = null;
                String osType = null;
                String arch = null;
                List<String> types = new ArrayList<>();
                String machine = null;
                while (r.hasNext()) {
                    int event = r.next();
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        String name = r.getLocalName();
                        path.add(name);
                        String where = String.join("/", path);
                        if ("capabilities/host/cpu/arch".equals(where)) {
                            hostArch = r.getElementText().trim();
                            path.remove(path.size() - 1);
                        } else if ("capabilities/guest/os_type".equals(where)) {
                            osType = r.getElementText().trim();
                            path.remove(path.size() - 1);
                        } else if ("capabilities/guest/arch".equals(where)) {
                            arch = r.getAttributeValue(null, "name");
                        } else if ("capabilities/guest/arch/domain".equals(where)) {
                            types.add(r.getAttributeValue(null, "type"));
                        } else if ("capabilities/guest/arch/machine".equals(where) && machine == null) {
                            // The first listed machine of the arch is its default (libvirt lists "pc" with its canonical name).
                            String canonical = r.getAttributeValue(null, "canonical");
                            String text = r.getElementText().trim();
                            machine = canonical != null ? canonical : text;
                            path.remove(path.size() - 1);
                        }
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        String where = String.join("/", path);
                        if ("capabilities/guest".equals(where)) {
                            if ("hvm".equals(osType) && arch != null) {
                                Guest guest = new Guest(arch, List.copyOf(types), machine);
                                if (arch.equals(hostArch)) {
                                    return guest;
                                }
                                first = first == null ? guest : first;
                            }
                            osType = null;
                            arch = null;
                            types.clear();
                            machine = null;
                        }
                        path.remove(path.size() - 1);
                    }
                }
                if (first == null) {
                    throw new IllegalStateException("This host runs no hvm guests (its capabilities list none)");
                }
                return first;
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new IllegalStateException("The host's capabilities cannot be read: " + e.getMessage(), e);
        }
    }

    static DomainCaps parse(String domcaps) {
        try {
            XMLStreamReader r = DomainXml.newReader(new StringReader(domcaps));
            try {
                List<String> path = new ArrayList<>();
                String machine = null;
                int vcpuMax = 0;
                boolean efi = false;
                boolean rngBuiltin = false;
                Set<String> buses = new LinkedHashSet<>();
                String enumName = null;
                while (r.hasNext()) {
                    int event = r.next();
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        path.add(r.getLocalName());
                        String where = String.join("/", path);
                        if ("domainCapabilities/machine".equals(where)) {
                            machine = r.getElementText().trim();
                            path.remove(path.size() - 1);
                        } else if ("domainCapabilities/vcpu".equals(where)) {
                            vcpuMax = parseInt(r.getAttributeValue(null, "max"));
                        } else if (where.endsWith("/enum")) {
                            enumName = r.getAttributeValue(null, "name");
                        } else if (where.endsWith("/enum/value")) {
                            String value = r.getElementText().trim();
                            path.remove(path.size() - 1);
                            if ("domainCapabilities/os/enum/value".equals(where) && "firmware".equals(enumName)
                                    && "efi".equals(value)) {
                                efi = true;
                            } else if ("domainCapabilities/devices/disk/enum/value".equals(where)
                                    && "bus".equals(enumName)) {
                                buses.add(value);
                            } else if ("domainCapabilities/devices/rng/enum/value".equals(where)
                                    && "backendModel".equals(enumName) && "builtin".equals(value)) {
                                rngBuiltin = true;
                            }
                        }
                    } else if (event == XMLStreamConstants.END_ELEMENT) {
                        path.remove(path.size() - 1);
                    }
                }
                return new DomainCaps(machine, vcpuMax, efi, buses, rngBuiltin);
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new IllegalStateException("The host's domain capabilities cannot be read: " + e.getMessage(), e);
        }
    }

    private static int parseInt(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
