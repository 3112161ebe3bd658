package dev.hangar.libvirt;

import java.io.StringWriter;
import java.util.List;
import java.util.Objects;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The domain XML of a new VM, written by Hangar (no virt-install): what virt-install writes for the
 * same choices, minus what libvirt fills in itself (controllers, addresses, USB bus, emulator path).
 * StAX writes it, so that every value is escaped.
 */
final class DomainBuilder {
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private DomainBuilder() {
    }

    /** A kernel booted directly, without a boot loader; {@code initrd} and {@code cmdline} may be null. */
    record Kernel(String kernel, String initrd, String cmdline) {
        Kernel {
            Objects.requireNonNull(kernel, "kernel");
        }
    }

    /**
     * A new domain.
     *
     * @param uuid     null: libvirt makes one
     * @param osinfoId the libosinfo id recorded in {@code <metadata>}, or null for none (generic)
     * @param virtType {@code kvm} or {@code qemu} (TCG)
     * @param machine  null: libvirt's default for the arch
     * @param uefi     {@code <os firmware='efi'>}: libvirt picks OVMF; false is SeaBIOS
     * @param boot     {@code hd}, {@code cdrom}, {@code network} in order; ignored with a kernel
     * @param kernel   direct kernel boot, or null
     * @param video    {@code virtio} or {@code vga}
     * @param rngBuiltin the entropy device's backend: QEMU's own getrandom() ({@code builtin}) where the host
     *                   offers it, else {@code /dev/urandom}, which QEMU must find in the private /dev libvirt
     *                   builds for it (in a chroot CI's it was missing: "Could not open '/dev/urandom'")
     */
    record Spec(String name, String uuid, String osinfoId, long memoryKiB, int vcpus, String virtType, String arch,
                String machine, boolean uefi, List<String> boot, Kernel kernel, List<DeviceXml.Disk> disks,
                List<DeviceXml.Nic> nics, String video, boolean rngBuiltin) {
        Spec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(virtType, "virtType");
            Objects.requireNonNull(arch, "arch");
            boot = List.copyOf(boot);
            disks = List.copyOf(disks);
            nics = List.copyOf(nics);
            if (memoryKiB <= 0 || vcpus <= 0) {
                throw new IllegalArgumentException("a VM needs memory and a vCPU");
            }
            for (String device : boot) {
                if (!List.of("hd", "cdrom", "network").contains(device)) {
                    throw new IllegalArgumentException("not a boot device: " + device);
                }
            }
        }

        /**
         * The same domain, defined as {@code uuid}, booting from {@code boot} without a kernel: what it is
         * after an install from a tree (defined while it runs, it applies from the next boot).
         */
        Spec installed(String uuid, List<String> boot) {
            return new Spec(name, uuid, osinfoId, memoryKiB, vcpus, virtType, arch, machine, uefi, boot, null, disks,
                    nics, video, rngBuiltin);
        }
    }

    static String xml(Spec spec) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = FACTORY.createXMLStreamWriter(out);
            w.writeStartElement("domain");
            w.writeAttribute("type", spec.virtType());
            text(w, "name", spec.name());
            if (spec.uuid() != null) {
                text(w, "uuid", spec.uuid());
            }
            if (spec.osinfoId() != null) {
                w.writeStartElement("metadata");
                w.writeStartElement("libosinfo", "libosinfo", DomainXml.LIBOSINFO_NS);
                w.writeNamespace("libosinfo", DomainXml.LIBOSINFO_NS);
                w.writeEmptyElement("libosinfo", "os", DomainXml.LIBOSINFO_NS);
                w.writeAttribute("id", spec.osinfoId());
                w.writeEndElement();
                w.writeEndElement();
            }
            kib(w, "memory", spec.memoryKiB());
            kib(w, "currentMemory", spec.memoryKiB());
            text(w, "vcpu", Integer.toString(spec.vcpus()));
            os(w, spec);
            w.writeStartElement("features");
            w.writeEmptyElement("acpi");
            w.writeEmptyElement("apic");
            w.writeEndElement();
            if ("kvm".equals(spec.virtType())) {
                // Under TCG there is no host CPU to pass through: libvirt's default model is the one that runs.
                w.writeEmptyElement("cpu");
                w.writeAttribute("mode", "host-passthrough");
            }
            clock(w);
            text(w, "on_poweroff", "destroy");
            text(w, "on_reboot", "restart");
            text(w, "on_crash", "destroy");
            w.writeStartElement("pm");
            w.writeEmptyElement("suspend-to-mem");
            w.writeAttribute("enabled", "no");
            w.writeEmptyElement("suspend-to-disk");
            w.writeAttribute("enabled", "no");
            w.writeEndElement();
            devices(w, spec);
            w.writeEndElement();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing domain XML", e);
        }
        return out.toString();
    }

    private static void os(XMLStreamWriter w, Spec spec) throws XMLStreamException {
        w.writeStartElement("os");
        if (spec.uefi()) {
            w.writeAttribute("firmware", "efi");
        }
        w.writeStartElement("type");
        w.writeAttribute("arch", spec.arch());
        if (spec.machine() != null) {
            w.writeAttribute("machine", spec.machine());
        }
        w.writeCharacters("hvm");
        w.writeEndElement();
        if (spec.kernel() != null) {
            text(w, "kernel", spec.kernel().kernel());
            if (spec.kernel().initrd() != null) {
                text(w, "initrd", spec.kernel().initrd());
            }
            if (spec.kernel().cmdline() != null) {
                text(w, "cmdline", spec.kernel().cmdline());
            }
        } else {
            for (String device : spec.boot()) {
                w.writeEmptyElement("boot");
                w.writeAttribute("dev", device);
            }
        }
        w.writeEndElement();
    }

    private static void clock(XMLStreamWriter w) throws XMLStreamException {
        w.writeStartElement("clock");
        w.writeAttribute("offset", "utc");
        timer(w, "rtc", "tickpolicy", "catchup");
        timer(w, "pit", "tickpolicy", "delay");
        timer(w, "hpet", "present", "no");
        w.writeEndElement();
    }

    private static void devices(XMLStreamWriter w, Spec spec) throws XMLStreamException {
        w.writeStartElement("devices");
        for (DeviceXml.Disk disk : spec.disks()) {
            DeviceXml.writeDisk(w, disk);
        }
        for (DeviceXml.Nic nic : spec.nics()) {
            DeviceXml.writeNic(w, nic);
        }
        // A pty serial port with the console on it: the serial console people open in Hangar.
        w.writeStartElement("serial");
        w.writeAttribute("type", "pty");
        w.writeEmptyElement("target");
        w.writeAttribute("port", "0");
        w.writeEndElement();
        w.writeStartElement("console");
        w.writeAttribute("type", "pty");
        w.writeEmptyElement("target");
        w.writeAttribute("type", "serial");
        w.writeAttribute("port", "0");
        w.writeEndElement();
        // The guest agent's channel; libvirt picks the socket path.
        w.writeStartElement("channel");
        w.writeAttribute("type", "unix");
        w.writeEmptyElement("target");
        w.writeAttribute("type", "virtio");
        w.writeAttribute("name", "org.qemu.guest_agent.0");
        w.writeEndElement();
        w.writeEmptyElement("input");
        w.writeAttribute("type", "tablet");
        w.writeAttribute("bus", "usb");
        // Loopback only: people reach it through Hangar's console, never straight from the network.
        w.writeStartElement("graphics");
        w.writeAttribute("type", "vnc");
        w.writeAttribute("port", "-1");
        w.writeAttribute("autoport", "yes");
        w.writeAttribute("listen", "127.0.0.1");
        w.writeEmptyElement("listen");
        w.writeAttribute("type", "address");
        w.writeAttribute("address", "127.0.0.1");
        w.writeEndElement();
        w.writeStartElement("video");
        w.writeEmptyElement("model");
        w.writeAttribute("type", spec.video() == null ? "virtio" : spec.video());
        w.writeEndElement();
        w.writeEmptyElement("memballoon");
        w.writeAttribute("model", "virtio");
        w.writeStartElement("rng");
        w.writeAttribute("model", "virtio");
        if (spec.rngBuiltin()) {
            w.writeEmptyElement("backend");
            w.writeAttribute("model", "builtin");
        } else {
            w.writeStartElement("backend");
            w.writeAttribute("model", "random");
            w.writeCharacters("/dev/urandom");
            w.writeEndElement();
        }
        w.writeEndElement();
        w.writeEndElement();
    }

    private static void timer(XMLStreamWriter w, String name, String attribute, String value) throws XMLStreamException {
        w.writeEmptyElement("timer");
        w.writeAttribute("name", name);
        w.writeAttribute(attribute, value);
    }

    private static void kib(XMLStreamWriter w, String element, long kib) throws XMLStreamException {
        w.writeStartElement(element);
        w.writeAttribute("unit", "KiB");
        w.writeCharacters(Long.toString(kib));
        w.writeEndElement();
    }

    private static void text(XMLStreamWriter w, String element, String value) throws XMLStreamException {
        w.writeStartElement(element);
        w.writeCharacters(value);
        w.writeEndElement();
    }
}
