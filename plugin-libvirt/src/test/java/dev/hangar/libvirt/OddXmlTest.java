package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmDisk;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;

/** Unusual domain XML never hides a VM or the list. */
class OddXmlTest {

    @Test
    void theOddFixtureListsEveryVm() {
        try (Harness h = Harness.onFixture("/odd-host.xml")) {
            assertEquals(List.of("<img src=x onerror=alert(1)>", "hangar-test-64-disks",
                    "hangar-test-<script>alert(\"x\")<\\script>", "hangar-test-empty-drives", "hangar-test-no-nics",
                    "hangar-test-odd-devices", "hangar-test-ünïcødé ☃ & quotes '\""), h.names());

            Vm many = h.vm("hangar-test-64-disks");
            assertEquals(64, many.disks().size());
            assertEquals("vdbl", many.disks().get(63).target());

            Vm odd = h.vm("hangar-test-odd-devices");
            assertEquals(1, odd.nics().size());
            assertEquals("user", odd.nics().get(0).type());
            assertEquals(0, h.vm("hangar-test-no-nics").nics().size());

            Vm empty = h.vm("hangar-test-empty-drives");
            VmDisk cdrom = empty.disk("sda");
            assertNull(cdrom.source());
            assertNull(cdrom.sourceType(), "an empty drive has no source type");
            assertEquals("/dev/vg0/lv-data", empty.disk("vda").source());
            assertEquals("block", empty.disk("vda").sourceType());
            assertEquals("rbd://mon1.example:6789/pool/image", empty.disk("vdb").source());
            assertEquals("network", empty.disk("vdb").sourceType());
        }
    }

    @Test
    void unknownElementsAttributesAndBadNumbersAreIgnored() throws XMLStreamException {
        DomainXml.Definition d = DomainXml.parse("""
                <domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0' future='yes'>
                  <name>strange</name>
                  <uuid>1b4e28ba-2fa1-11d2-883f-0016d3cca427</uuid>
                  <memory unit='GiB'>2</memory>
                  <currentMemory unit='bogus'>77</currentMemory>
                  <vcpu current='2'>4</vcpu>
                  <os firmware='efi'>
                    <type arch='aarch64' machine='virt-7.2'>hvm</type>
                    <nvram template='x'>/var/lib/libvirt/qemu/nvram/strange_VARS.fd</nvram>
                  </os>
                  <qemu:commandline><qemu:arg value='-nodefaults'/></qemu:commandline>
                  <devices>
                    <teleporter range='far'><coil/></teleporter>
                    <redirdev bus='usb' type='spicevmc'/>
                    <disk type='volume' device='disk'>
                      <source pool='fast' volume='strange-root'/>
                      <target dev='vda' bus='virtio'/>
                      <boot order='2'/>
                    </disk>
                    <disk type='file' device='disk'>
                      <target bus='sata'/>
                    </disk>
                    <interface type='direct'>
                      <source dev='eno1' mode='bridge'/>
                      <boot order='1'/>
                    </interface>
                    <interface/>
                  </devices>
                </domain>
                """);
        assertEquals("strange", d.name());
        assertEquals(2 * 1024 * 1024, d.maxMemoryKiB());
        assertEquals(2 * 1024 * 1024, d.memoryKiB(), "an unknown unit leaves the current memory at the maximum");
        assertEquals(2, d.vcpus(), "the current vCPU count wins");
        assertEquals("aarch64", d.os().arch());
        assertEquals("virt-7.2", d.os().machine());
        assertEquals(List.of("network", "vda"), d.os().bootOrder());
        assertTrue(d.hasNvram());
        assertEquals("fast/strange-root", d.disks().get(0).source());
        assertEquals("volume", d.disks().get(0).sourceType());
        assertNull(d.disks().get(1).target(), "a disk without a target is listed without one");
        assertEquals("eno1", d.nics().get(0).source());
        assertNull(d.nics().get(1).type());
    }

    @Test
    void xmlThatIsNotWellFormedFailsToParseAndTheDtdTrickIsRefused() {
        assertThrows(XMLStreamException.class, () -> DomainXml.parse("<domain><name>x</domain>"));
        assertThrows(XMLStreamException.class, () -> DomainXml.parse(
                "<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain><name>&x;</name></domain>"));
    }

    @Test
    void memoryUnits() {
        assertEquals(1, DomainXml.kib("1024", "b"));
        assertEquals(1024, DomainXml.kib("1", "MiB"));
        assertEquals(976, DomainXml.kib("1", "MB"));
        assertEquals(3 * 1024 * 1024, DomainXml.kib("3", "G"));
        assertEquals(7, DomainXml.kib(" 7 ", null));
        assertEquals(-1, DomainXml.kib("many", "KiB"));
        assertEquals(-1, DomainXml.kib("1", "furlongs"));
    }
}
