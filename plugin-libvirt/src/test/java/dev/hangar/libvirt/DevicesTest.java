package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmDevices;
import dev.hangar.plugins.vm.VmFilesystem;
import dev.hangar.plugins.vm.VmGraphics;
import dev.hangar.plugins.vm.VmHostDevice;
import dev.hangar.plugins.vm.VmSeclabel;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * Network disks, shared filesystems, consoles, host devices, security labels and the guest's OS, read
 * from a test-driver host ({@code devices-host.xml}) as the provider reads any domain.
 */
class DevicesTest {

    @Test
    void networkDisksKeepEveryHostTheirSocketPathAndQuery() {
        try (Harness h = Harness.onFixture("/devices-host.xml")) {
            Vm vm = h.vm("hangar-test-devices");
            assertEquals("nbd+unix:///export1?socket=/run/nbd/export1.sock", vm.disk("vda").source());
            assertEquals("https://images.example.org/iso/debian-11.iso?token=abc&x=1", vm.disk("sda").source());
            assertEquals("rbd://mon1.example:6789,mon2.example:6789,[2001:db8::3]:6789/pool/image",
                    vm.disk("vdb").source());
            assertEquals("nbd://nbd.example:10809/export2", vm.disk("vdc").source());
            assertEquals("network", vm.disk("vda").sourceType());
        }
    }

    @Test
    void filesystemsConsolesHostDevicesAndSeclabelsAreRead() {
        try (Harness h = Harness.onFixture("/devices-host.xml")) {
            VmDevices devices = h.vm("hangar-test-devices").devices();
            assertEquals(List.of(
                    new VmFilesystem("mount", "virtiofs", "/srv/share", "<img src=x onerror=alert(1)>", "passthrough", false),
                    new VmFilesystem("mount", "path", "/srv/ro", "ro-tag", "mapped", true)), devices.filesystems());
            assertEquals(List.of(
                    new VmGraphics("vnc", "address", "127.0.0.1", null, 5901, null, false, true),
                    new VmGraphics("spice", "socket", null, "/run/hangar-test/spice.sock", null, null, false, false)),
                    devices.graphics());
            assertEquals(List.of(
                    new VmHostDevice("usb", "subsystem", true, "0x046d", "0xc52b", null),
                    new VmHostDevice("usb", "subsystem", false, null, null, "bus 1 device 4"),
                    new VmHostDevice("pci", "subsystem", true, null, null, "0000:06:02.1")), devices.hostDevices());
            assertEquals(List.of(
                    new VmSeclabel("selinux", "static", true, "system_u:system_r:svirt_t:s0:c1,c2", null),
                    new VmSeclabel("dac", "static", false, "107:107", null)), devices.seclabels());
            assertFalse(h.vm("hangar-test-devices").toString().contains("s3cr3t"), "the password never enters the model");
        }
    }

    @Test
    void aReadOnlyConnectionStillReadsEverythingButThePasswordsPresence() throws LibvirtException {
        Connect readOnly = new Connect(Harness.fixtureUri("/devices-host.xml"), true);
        try {
            List<Vm> vms = new VmReader(LibvirtProvider.NAME, "ro", readOnly, new Osinfo(Osinfo.SYSTEM_DB))
                    .readAll(Stats.MAX_DOMAINS_PER_CALL);
            assertEquals(1, vms.size());
            List<VmGraphics> graphics = vms.get(0).devices().graphics();
            assertNull(graphics.get(0).passwordSet(), "without VIR_DOMAIN_XML_SECURE a password cannot be seen");
            assertEquals(5901, graphics.get(0).port());
            assertEquals(3, vms.get(0).devices().hostDevices().size());
        } finally {
            readOnly.close();
        }
    }

    @Test
    void theGuestOsComesFromTheLibosinfoMetadataAndTypeAndArchStayApart() {
        try (Harness h = Harness.onFixture("/devices-host.xml")) {
            Vm vm = h.vm("hangar-test-devices");
            assertEquals("http://debian.org/debian/11", vm.os().osinfoId());
            // osinfo-db calls it "Debian 11"; without the database the id reads the same.
            assertEquals("Debian 11", vm.os().name());
            assertEquals("hvm", vm.os().type());
            assertEquals("x86_64", vm.os().arch());
        }
    }

    @Test
    void aCustomTestDriverHostIsDemoDataToo() {
        String uri = Harness.fixtureUri("/devices-host.xml");
        try (Harness h = Harness.onFixture("/devices-host.xml")) {
            ConnectionStatus status = h.connection(uri);
            assertTrue(status.demo(), "a test:/// connection never shows a real host's VMs");
            assertEquals("Test driver (" + uri.substring("test://".length()) + ")", status.label());
        }
        assertEquals("Test driver (test+tcp://127.0.0.1/default)",
                ConnectionLabel.of("test+tcp://127.0.0.1/default", false));
        assertTrue(ConnectionLabel.testDriver("test:///default"));
        assertFalse(ConnectionLabel.testDriver("qemu+ssh://test/system"));
    }

    @Test
    void oddDevicesNeverFailTheRead() throws XMLStreamException {
        DomainXml.Definition d = DomainXml.parse("""
                <domain type='kvm'>
                  <name>odd</name>
                  <metadata>
                    <other:os xmlns:other='urn:not-libosinfo' id='http://example.com/not/this'/>
                    <libosinfo:libosinfo xmlns:libosinfo='urn:wrong-namespace'><libosinfo:os id='x'/></libosinfo:libosinfo>
                  </metadata>
                  <devices>
                    <graphics/>
                    <graphics type='vnc' port='many' tlsPort='-1' autoport='maybe'><listen/><listen type='network' network='n'/></graphics>
                    <graphics type='vnc' passwdValidTo='2030-01-01T00:00:00'><listen type='network' network='lan' address='10.0.0.5'/></graphics>
                    <filesystem/>
                    <filesystem type='volume'><source pool='p' volume='v'/></filesystem>
                    <hostdev/>
                    <hostdev mode='subsystem' type='pci'><source><address bus='zz' slot='0x1'/></source></hostdev>
                    <hostdev mode='subsystem' type='mdev'><source><address uuid='c2177883-f1bb-47f0-914d-32a22e3a8804'/></source></hostdev>
                    <hostdev mode='subsystem' type='scsi'><source><adapter name='scsi_host0'/><address bus='0' target='0' unit='1'/></source></hostdev>
                    <hostdev mode='capabilities' type='storage'><source><block>/dev/sdf1</block></source></hostdev>
                    <hostdev mode='subsystem' type='future'><source><address a='1'/></source></hostdev>
                    <disk type='network'><source protocol='nbd'><host transport='unix'/></source><target dev='vda'/></disk>
                    <disk type='network'><source protocol='gluster' name='vol/img'/><target dev='vdb'/></disk>
                    <disk type='vhostuser' device='disk'><source type='unix' path='/tmp/vhost.sock'/><target dev='vdc'/></disk>
                  </devices>
                  <seclabel/>
                  <seclabel type='dynamic' model='selinux'><label></label><imagelabel>img_t</imagelabel></seclabel>
                </domain>
                """);
        assertNull(d.os().osinfoId(), "only the libosinfo namespace names the OS");
        List<VmGraphics> graphics = d.devices().graphics();
        assertEquals(new VmGraphics(null, null, null, null, null, null, false, null), graphics.get(0));
        assertEquals(new VmGraphics("vnc", "network", "n", null, null, null, false, null), graphics.get(1));
        assertEquals(new VmGraphics("vnc", "network", "lan (10.0.0.5)", null, null, null, false, true), graphics.get(2));
        assertEquals(new VmFilesystem("mount", null, null, null, null, false), d.devices().filesystems().get(0));
        assertEquals("p/v", d.devices().filesystems().get(1).source());
        List<VmHostDevice> hostdevs = d.devices().hostDevices();
        assertEquals(new VmHostDevice(null, "subsystem", false, null, null, null), hostdevs.get(0));
        assertEquals("bus=zz slot=0x1", hostdevs.get(1).address(), "an unreadable PCI address is shown as written");
        assertEquals("c2177883-f1bb-47f0-914d-32a22e3a8804", hostdevs.get(2).address());
        assertEquals("scsi_host0 0:0:1", hostdevs.get(3).address());
        assertEquals("/dev/sdf1", hostdevs.get(4).address());
        assertEquals("a=1", hostdevs.get(5).address());
        assertEquals("nbd+unix:///", d.disks().get(0).source());
        assertEquals("gluster:///vol/img", d.disks().get(1).source());
        assertEquals("/tmp/vhost.sock", d.disks().get(2).source());
        assertEquals(List.of(new VmSeclabel(null, null, null, null, null),
                new VmSeclabel("selinux", "dynamic", null, null, "img_t")), d.devices().seclabels());
    }
}
