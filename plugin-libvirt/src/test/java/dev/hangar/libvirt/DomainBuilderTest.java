package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The domain XML Hangar writes, parsed back and defined on libvirt's test driver. */
class DomainBuilderTest {
    private static final String OS = "http://debian.org/debian/11";

    private static DomainBuilder.Spec kernelSpec(String name, String virtType) {
        return new DomainBuilder.Spec(name, null, OS, 196_608, 2, virtType, "x86_64", "pc-i440fx-7.2", false,
                List.of("hd"), new DomainBuilder.Kernel("/boot/vmlinuz", "/boot/initrd.img", "console=ttyS0 a=\"b\" c<d&e"),
                List.of(DeviceXml.Disk.file("virtio", "vda", "/var/lib/libvirt/images/x.qcow2", "qcow2")),
                List.of(new DeviceXml.Nic("network", "isolated", "virtio", "52:54:00:01:02:03", null)), "virtio", false);
    }

    @Test
    void aDirectKernelBootWithADiskAndANic() throws Exception {
        String xml = DomainBuilder.xml(kernelSpec("hangar-test-k & <x>", "qemu"));
        Document doc = parse(xml);
        assertEquals("qemu", text(doc, "/domain/@type"));
        assertEquals("hangar-test-k & <x>", text(doc, "/domain/name"));
        assertEquals("", text(doc, "/domain/uuid"), "libvirt makes the UUID");
        assertEquals("196608", text(doc, "/domain/memory[@unit='KiB']"));
        assertEquals("196608", text(doc, "/domain/currentMemory[@unit='KiB']"));
        assertEquals("2", text(doc, "/domain/vcpu"));
        assertEquals("hvm", text(doc, "/domain/os/type[@arch='x86_64'][@machine='pc-i440fx-7.2']"));
        assertEquals("/boot/vmlinuz", text(doc, "/domain/os/kernel"));
        assertEquals("/boot/initrd.img", text(doc, "/domain/os/initrd"));
        assertEquals("console=ttyS0 a=\"b\" c<d&e", text(doc, "/domain/os/cmdline"));
        assertEquals(0, count(doc, "/domain/os/boot"), "a kernel boot has no boot devices");
        assertEquals("", text(doc, "/domain/os/@firmware"));
        assertEquals(1, count(doc, "/domain/features/acpi"));
        assertEquals(1, count(doc, "/domain/features/apic"));
        assertEquals(0, count(doc, "/domain/cpu"), "TCG: libvirt's default CPU model");
        assertEquals("utc", text(doc, "/domain/clock/@offset"));
        assertEquals(OS, text(doc, "/domain/metadata/*[local-name()='libosinfo']/*[local-name()='os']/@id"));
        assertEquals(DomainXml.LIBOSINFO_NS, text(doc, "namespace-uri(/domain/metadata/*[1])"));
        assertEquals("pty", text(doc, "/domain/devices/serial/@type"));
        assertEquals("serial", text(doc, "/domain/devices/console/target/@type"));
        assertEquals("127.0.0.1", text(doc, "/domain/devices/graphics[@type='vnc'][@autoport='yes']/@listen"));
        assertEquals("virtio", text(doc, "/domain/devices/video/model/@type"));
        assertEquals("virtio", text(doc, "/domain/devices/memballoon/@model"));
        assertEquals("/dev/urandom", text(doc, "/domain/devices/rng[@model='virtio']/backend"));
        assertEquals("org.qemu.guest_agent.0", text(doc, "/domain/devices/channel/target/@name"));
        assertEquals("/var/lib/libvirt/images/x.qcow2", text(doc, "/domain/devices/disk/source/@file"));
        assertEquals("isolated", text(doc, "/domain/devices/interface/source/@network"));

        // Hangar's own reader (what the VM list shows) and the test driver read the same.
        DomainXml.Definition read = DomainXml.parse(xml);
        assertEquals(OS, read.os().osinfoId());
        assertEquals(196_608, read.memoryKiB());
        assertEquals(2, read.vcpus());
        assertEquals("52:54:00:01:02:03", read.nics().get(0).mac());
        DomainXml.Definition defined = defineAndRead(DomainBuilder.xml(kernelSpec("hangar-test-k", "test")));
        assertEquals("hangar-test-k", defined.name());
        assertEquals(OS, defined.os().osinfoId());
        assertEquals("vda", defined.disks().get(0).target());
        assertEquals("isolated", defined.nics().get(0).source());
    }

    @Test
    void anIsoInstallUnderKvmWithUefiBootsTheDiskThenTheCdrom() throws Exception {
        DomainBuilder.Spec spec = new DomainBuilder.Spec("hangar-test-iso", "9b0d1a4c-8f62-4c5e-b1c2-1f2a3b4c5d6e",
                null, 1_048_576, 1, "kvm", "x86_64", null, true, List.of("hd", "cdrom"), null,
                List.of(DeviceXml.Disk.file("sata", "sda", "/images/iso.qcow2", "qcow2"),
                        DeviceXml.Disk.cdrom("sata", "sdb", "/isos/debian.iso")),
                List.of(new DeviceXml.Nic("bridge", "br0", "e1000e", null, null)), "vga", true);
        Document doc = parse(DomainBuilder.xml(spec));
        assertEquals("kvm", text(doc, "/domain/@type"));
        assertEquals("9b0d1a4c-8f62-4c5e-b1c2-1f2a3b4c5d6e", text(doc, "/domain/uuid"));
        assertEquals("efi", text(doc, "/domain/os/@firmware"));
        assertEquals("", text(doc, "/domain/os/type/@machine"), "no machine: libvirt's default");
        assertEquals("hd", text(doc, "/domain/os/boot[1]/@dev"));
        assertEquals("cdrom", text(doc, "/domain/os/boot[2]/@dev"));
        assertEquals("host-passthrough", text(doc, "/domain/cpu/@mode"));
        assertEquals(0, count(doc, "/domain/metadata"), "generic: no libosinfo id");
        assertEquals("/isos/debian.iso", text(doc, "/domain/devices/disk[@device='cdrom']/source/@file"));
        assertEquals(1, count(doc, "/domain/devices/disk[@device='cdrom']/readonly"));
        assertEquals("br0", text(doc, "/domain/devices/interface[@type='bridge']/source/@bridge"));
        assertEquals("vga", text(doc, "/domain/devices/video/model/@type"));
        assertEquals(1, count(doc, "/domain/devices/rng[@model='virtio']/backend[@model='builtin']"),
                "QEMU's own entropy where the host offers it: no /dev/urandom to find in the VM's /dev");
        assertEquals("", text(doc, "/domain/devices/rng/backend"));
        // The test driver knows no firmware autoselection; define the BIOS twin of the same XML.
        DomainBuilder.Spec bios = new DomainBuilder.Spec(spec.name(), spec.uuid(), null, spec.memoryKiB(), 1, "test",
                "i686", null, false, spec.boot(), null, spec.disks(), spec.nics(), "vga", false);
        DomainXml.Definition defined = defineAndRead(DomainBuilder.xml(bios));
        assertEquals(List.of("hd", "cdrom"), defined.os().bootOrder());
        assertEquals(2, defined.disks().size());
        assertTrue(defined.disks().stream().anyMatch(d -> "cdrom".equals(d.device()) && d.readOnly()));
    }

    @Test
    void aPxeBootWithoutDisksAndTheInstalledTwinOfATreeInstall() throws Exception {
        DomainBuilder.Spec pxe = new DomainBuilder.Spec("hangar-test-pxe", null, null, 65_536, 1, "qemu", "x86_64", null,
                false, List.of("network", "hd"), null, List.of(),
                List.of(new DeviceXml.Nic("network", "default", null, null, null)), null, false);
        Document doc = parse(DomainBuilder.xml(pxe));
        assertEquals("network", text(doc, "/domain/os/boot[1]/@dev"));
        assertEquals(0, count(doc, "/domain/devices/disk"));
        assertEquals("virtio", text(doc, "/domain/devices/video/model/@type"), "virtio video by default");

        DomainBuilder.Spec installed = kernelSpec("hangar-test-tree", "qemu")
                .installed("0b0d1a4c-8f62-4c5e-b1c2-1f2a3b4c5d6e", List.of("hd"));
        Document after = parse(DomainBuilder.xml(installed));
        assertEquals(0, count(after, "/domain/os/kernel"));
        assertEquals("hd", text(after, "/domain/os/boot/@dev"));
        assertEquals(1, count(after, "/domain/devices/disk"), "the same devices");
        assertNull(installed.kernel());
        assertEquals("0b0d1a4c-8f62-4c5e-b1c2-1f2a3b4c5d6e", text(after, "/domain/uuid"), "the same domain");
    }

    @Test
    void impossibleDomainsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DomainBuilder.Spec("x", null, null, 0, 1, "qemu", "x86_64",
                null, false, List.of(), null, List.of(), List.of(), null, false));
        assertThrows(IllegalArgumentException.class, () -> new DomainBuilder.Spec("x", null, null, 1024, 1, "qemu",
                "x86_64", null, false, List.of("floppy"), null, List.of(), List.of(), null, false));
    }

    private static DomainXml.Definition defineAndRead(String xml) throws Exception {
        Connect connect = new Connect("test:///default");
        try {
            Domain domain = connect.domainDefineXML(xml);
            try {
                return DomainXml.parse(domain.getXMLDesc(0));
            } finally {
                domain.undefine();
                Handles.free(domain);
            }
        } finally {
            connect.close();
        }
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(Document doc, String xpath) throws Exception {
        XPath x = XPathFactory.newInstance().newXPath();
        return (String) x.evaluate(xpath, doc, XPathConstants.STRING);
    }

    private static int count(Document doc, String xpath) throws Exception {
        XPath x = XPathFactory.newInstance().newXPath();
        return ((NodeList) x.evaluate(xpath, doc, XPathConstants.NODESET)).getLength();
    }
}
