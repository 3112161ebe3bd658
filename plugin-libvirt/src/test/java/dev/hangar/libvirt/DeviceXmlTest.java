package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.vm.VmDisk;
import dev.hangar.plugins.vm.VmNic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/** The disk and NIC elements, read back by libvirt's test driver and by Hangar's own reader. */
class DeviceXmlTest {
    /** Quotes, an ampersand, angle brackets and non-ASCII: all must survive the round trip. */
    private static final String ODD_PATH = "/var/lib/libvirt/images/a'b\"c&d<e>f ü.qcow2";

    @Test
    void aDiskWithAnOddPathIsEscapedAndLibvirtReadsItBack() throws LibvirtException, XMLStreamException {
        String disk = DeviceXml.disk(new DeviceXml.Disk("disk", "virtio", "vdb", "file", ODD_PATH, "qcow2",
                "none", false));
        VmDisk read = definedAndRead(disk, "").disks().get(0);
        assertEquals(new VmDisk("vdb", "disk", "virtio", "file", ODD_PATH, "qcow2", null, null, false), read);
        assertTrue(disk.contains("cache=\"none\""), disk);
    }

    @Test
    void blockAndVolumeSourcesAndCdroms() throws LibvirtException, XMLStreamException {
        String xml = DeviceXml.disk(new DeviceXml.Disk("disk", "sata", "sda", "block", "/dev/vg0/web", "raw", null,
                false))
                + DeviceXml.disk(new DeviceXml.Disk("disk", "scsi", "sdb", "volume", "default-pool/x&y.img", null, null,
                        true))
                + DeviceXml.disk(DeviceXml.Disk.cdrom("sata", "sdc", null))
                + DeviceXml.disk(DeviceXml.Disk.cdrom("ide", "hda", "/isos/debian.iso"));
        // libvirt orders disks by bus; find them by target.
        Map<String, VmDisk> disks = new HashMap<>();
        for (VmDisk disk : definedAndRead(xml, "").disks()) {
            disks.put(disk.target(), disk);
        }
        assertEquals(4, disks.size(), disks.toString());
        assertEquals(new VmDisk("sda", "disk", "sata", "block", "/dev/vg0/web", "raw", null, null, false), disks.get("sda"));
        assertEquals(new VmDisk("sdb", "disk", "scsi", "volume", "default-pool/x&y.img", null, null, null, true),
                disks.get("sdb"));
        assertEquals(new VmDisk("sdc", "cdrom", "sata", null, null, null, null, null, true), disks.get("sdc"),
                "an empty CD-ROM has no source");
        assertEquals(new VmDisk("hda", "cdrom", "ide", "file", "/isos/debian.iso", "raw", null, null, true),
                disks.get("hda"), "a CD-ROM is read-only");
    }

    @Test
    void impossibleDisksAreRefusedBeforeLibvirtSeesThem() {
        assertThrows(IllegalArgumentException.class,
                () -> new DeviceXml.Disk("floppy", "fdc", "fda", null, null, null, null, false));
        assertThrows(IllegalArgumentException.class,
                () -> new DeviceXml.Disk("disk", "virtio", "vda", null, null, null, null, false), "only a CD-ROM is empty");
        assertThrows(IllegalArgumentException.class,
                () -> new DeviceXml.Disk("disk", "virtio", "vda", "volume", "no-pool", null, null, false));
        assertThrows(IllegalArgumentException.class,
                () -> new DeviceXml.Disk("disk", "virtio", "vda", "network", "nbd://x", null, null, false));
    }

    @Test
    void nicsOnANetworkAndABridgeWithModelMacAndLinkState() throws LibvirtException, XMLStreamException {
        String xml = DeviceXml.nic(new DeviceXml.Nic("network", "default", "virtio", "52:54:00:AB:cd:01", "down"))
                + DeviceXml.nic(new DeviceXml.Nic("bridge", "br<0>&", null, null, null));
        List<VmNic> nics = definedAndRead("", xml).nics();
        assertEquals("network", nics.get(0).type());
        assertEquals("default", nics.get(0).source());
        assertEquals("virtio", nics.get(0).model());
        assertEquals("52:54:00:ab:cd:01", nics.get(0).mac());
        assertEquals("down", nics.get(0).linkState());
        assertEquals("bridge", nics.get(1).type());
        assertEquals("br<0>&", nics.get(1).source());
        assertEquals("up", nics.get(1).linkState());
        assertTrue(nics.get(1).mac().startsWith(DeviceXml.MAC_PREFIX + ":"), "libvirt picks a MAC when none is given");
        assertThrows(IllegalArgumentException.class, () -> new DeviceXml.Nic("network", "default", null, "52:54:00:zz:00:00", null));
        assertThrows(IllegalArgumentException.class, () -> new DeviceXml.Nic("direct", "eth0", null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new DeviceXml.Nic("network", "default", null, null, "off"));
    }

    @Test
    void theNextTargetIsTheFirstFreeOneOfTheBus() {
        assertEquals("vda", DeviceXml.nextTarget("virtio", Set.of()));
        assertEquals("vdc", DeviceXml.nextTarget("virtio", Set.of("vda", "vdb", "sda")));
        assertEquals("vdb", DeviceXml.nextTarget("virtio", Set.of("vda", "vdc")), "a gap is filled");
        assertEquals("sdb", DeviceXml.nextTarget("sata", Set.of("vdb", "sda")));
        assertEquals("sda", DeviceXml.nextTarget("scsi", Set.of("hda")));
        List<String> a2z = new ArrayList<>();
        for (char c = 'a'; c <= 'z'; c++) {
            a2z.add("vd" + c);
        }
        assertEquals("vdaa", DeviceXml.nextTarget("virtio", a2z));
        a2z.add("vdaa");
        assertEquals("vdab", DeviceXml.nextTarget("virtio", a2z));
        assertEquals("hdd", DeviceXml.nextTarget("ide", Set.of("hda", "hdb", "hdc")));
        IllegalStateException full = assertThrows(IllegalStateException.class,
                () -> DeviceXml.nextTarget("ide", Set.of("hda", "hdb", "hdc", "hdd")));
        assertTrue(full.getMessage().contains("hda–hdd"), full.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeviceXml.nextTarget("floppy", Set.of()));
        assertEquals("zz", DeviceXml.suffix(26 + 26 * 26 - 1));
        assertEquals("aaa", DeviceXml.suffix(26 + 26 * 26));
    }

    @Test
    void aNewMacIsRandomInQemusRangeAndNeverATakenOne() {
        // Random that first offers 52:54:00:00:00:01 (taken, in capitals) and then 52:54:00:00:00:02.
        Random scripted = new Random() {
            private int next;

            @Override
            public int nextInt(int bound) {
                return ++next;
            }
        };
        assertEquals("52:54:00:00:00:02", DeviceXml.newMac(Set.of("52:54:00:00:00:01".toUpperCase()), scripted));
        String a = DeviceXml.newMac(Set.of(), new Random());
        assertTrue(DeviceXml.validMac(a) && a.startsWith("52:54:00:"), a);
        assertNotEquals(a, DeviceXml.newMac(Set.of(a), new Random(1)));
    }

    @Test
    void macsInUseCoverEveryVmOfTheConnectionAndANewOneIsNotAmongThem() throws LibvirtException {
        Connect connect = new Connect("test:///default");
        try {
            Domain domain = connect.domainDefineXML(domain("hangar-test-macs", "",
                    DeviceXml.nic(new DeviceXml.Nic("network", "default", null, "52:54:00:12:34:56", null))));
            try {
                Set<String> macs = DeviceXml.macsInUse(connect);
                assertTrue(macs.contains("52:54:00:12:34:56"), macs.toString());
                assertFalse(macs.contains(DeviceXml.newMac(connect)));
            } finally {
                domain.undefine();
                Handles.free(domain);
            }
        } finally {
            connect.close();
        }
    }

    /** Defines a domain with the devices in libvirt's test driver and reads its definition back. */
    private static DomainXml.Definition definedAndRead(String disks, String nics) throws LibvirtException, XMLStreamException {
        Connect connect = new Connect("test:///default");
        try {
            Domain domain = connect.domainDefineXML(domain("hangar-test-devxml", disks, nics));
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

    private static String domain(String name, String disks, String nics) {
        return "<domain type='test'><name>" + name + "</name><memory>65536</memory><os><type>hvm</type></os><devices>"
                + disks + nics + "</devices></domain>";
    }
}
