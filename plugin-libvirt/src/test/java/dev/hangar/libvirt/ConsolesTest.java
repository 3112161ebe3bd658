package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.capability.Console;
import dev.hangar.plugins.capability.ConsoleKind;
import dev.hangar.plugins.vm.Vm;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Domain XML → consoles, who can reach them from where, and the remote-viewer file. */
class ConsolesTest {
    private static final LibvirtConsoles.Route LOCAL = LibvirtConsoles.Route.of("qemu:///system");
    private static final LibvirtConsoles.Route REMOTE = LibvirtConsoles.Route.of("qemu+tcp://10.0.0.2/system");

    /** A running domain's live XML, as libvirt 9 writes it (aliases, ports, listen elements). */
    private static final String LIVE = """
            <domain type='kvm' id='3'>
              <name>web1</name>
              <devices>
                <serial type='file'>
                  <source path='/var/log/web1.log'/>
                  <target type='isa-serial' port='0'/>
                  <alias name='serial0'/>
                </serial>
                <serial type='pty'>
                  <source path='/dev/pts/4'/>
                  <target type='isa-serial' port='1'/>
                  <alias name='serial1'/>
                </serial>
                <console type='pty' tty='/dev/pts/4'>
                  <source path='/dev/pts/4'/>
                  <target type='serial' port='1'/>
                  <alias name='serial1'/>
                </console>
                <console type='pty'>
                  <source path='/dev/pts/5'/>
                  <target type='virtio' port='1'/>
                  <alias name='console1'/>
                </console>
                <console type='pty'>
                  <source path='/dev/pts/6'/>
                  <target type='virtio' port='2'/>
                  <alias name='console2'/>
                </console>
                <graphics type='spice' port='5901' tlsPort='5902' autoport='yes' listen='0.0.0.0'>
                  <listen type='address' address='0.0.0.0'/>
                </graphics>
                <graphics type='vnc' port='5900' autoport='yes' listen='127.0.0.1'>
                  <listen type='address' address='127.0.0.1'/>
                </graphics>
              </devices>
            </domain>
            """;

    @Test
    void everyPtyTextConsoleOnceThenTheDisplaysByTheirPositionAmongAllGraphics() throws Exception {
        List<ConsoleXml.Device> devices = ConsoleXml.parse(LIVE);
        assertEquals(List.of(
                new ConsoleXml.Device("serial1", ConsoleKind.SERIAL, "Serial console (ttyS1)", "serial1", -1, null,
                        null, -1, -1),
                new ConsoleXml.Device("console1", ConsoleKind.SERIAL, "Console (virtio)", "console1", -1, null, null,
                        -1, -1),
                new ConsoleXml.Device("console2", ConsoleKind.SERIAL, "Console (virtio, 2)", "console2", -1, null,
                        null, -1, -1),
                new ConsoleXml.Device("spice0", ConsoleKind.SPICE, "Graphical (SPICE)", null, 0, "address", "0.0.0.0",
                        5901, 5902),
                new ConsoleXml.Device("vnc0", ConsoleKind.VNC, "Graphical (VNC)", null, 1, "address", "127.0.0.1",
                        5900, -1)), devices);
    }

    @Test
    void idsStayWhenTheVmIsOffAndHasNoAliasesOrPorts() throws Exception {
        List<ConsoleXml.Device> devices = ConsoleXml.parse("""
                <domain type='qemu'><name>a</name><devices>
                  <serial type='pty'><target port='0'/></serial>
                  <console type='pty'><target type='serial' port='0'/></console>
                  <graphics type='vnc' autoport='yes'/>
                  <graphics type='vnc' port='5907'/>
                  <graphics type='vnc'><listen type='socket'/></graphics>
                </devices></domain>""");
        assertEquals(List.of("serial0", "vnc0", "vnc1", "vnc2"), devices.stream().map(ConsoleXml.Device::id).toList());
        assertEquals(List.of("Serial console (ttyS0)", "Graphical (VNC)", "Graphical (VNC 2)", "Graphical (VNC 3)"),
                devices.stream().map(ConsoleXml.Device::label).toList());
        assertNull(devices.get(0).devName(), "no alias before the VM runs");
        assertEquals("socket", devices.get(3).listenType());
        assertEquals(List.of(
                        new Console("serial0", ConsoleKind.SERIAL, "Serial console (ttyS0)", LibvirtConsoles.START_VM),
                        new Console("vnc0", ConsoleKind.VNC, "Graphical (VNC)", LibvirtConsoles.START_VM),
                        new Console("vnc1", ConsoleKind.VNC, "Graphical (VNC 2)", LibvirtConsoles.START_VM),
                        new Console("vnc2", ConsoleKind.VNC, "Graphical (VNC 3)", LibvirtConsoles.START_VM)),
                LibvirtConsoles.describe(devices, false, LOCAL));
    }

    @Test
    void locallyEveryVncOpensThroughAPassedDescriptorHoweverItListens() throws Exception {
        for (String graphics : List.of("<graphics type='vnc' port='5900' listen='127.0.0.1'/>",
                "<graphics type='vnc' socket='/run/x.sock'/>", "<graphics type='vnc'><listen type='none'/></graphics>")) {
            ConsoleXml.Device vnc = ConsoleXml.parse("<domain><devices>" + graphics + "</devices></domain>").get(0);
            assertNull(LibvirtConsoles.unavailable(vnc, true, LOCAL), graphics);
            assertNull(LibvirtConsoles.unavailable(vnc, true, LibvirtConsoles.Route.of("qemu:///session")), graphics);
        }
    }

    @Test
    void remotelyAVncIsReachedOverTcpUnlessItListensOnLoopbackOrASocket() throws Exception {
        ConsoleXml.Device open = ConsoleXml.parse("<domain><devices><graphics type='vnc' port='5900'>"
                + "<listen type='address' address='0.0.0.0'/></graphics></devices></domain>").get(0);
        assertNull(LibvirtConsoles.unavailable(open, true, REMOTE));

        ConsoleXml.Device loopback = ConsoleXml.parse(LIVE).get(4);
        String why = LibvirtConsoles.unavailable(loopback, true, REMOTE);
        assertEquals("This VNC display listens on 127.0.0.1 on 10.0.0.2 only, which Hangar's machine cannot reach"
                + " (Hangar carries VNC over the network from remote hosts). Set its listen address to one Hangar's"
                + " machine can reach (for example 0.0.0.0 or the host's own address) and restart the VM to use it"
                + " here.", why);

        ConsoleXml.Device socket = ConsoleXml.parse("<domain><devices><graphics type='vnc'>"
                + "<listen type='socket' socket='/var/lib/libvirt/qemu/a.vnc'/></graphics></devices></domain>").get(0);
        assertTrue(LibvirtConsoles.unavailable(socket, true, LibvirtConsoles.Route.of("qemu+ssh://root@h1/system"))
                .startsWith("This VNC display listens on a unix socket on h1 only"));
    }

    @Test
    void routesFollowTheUrisTransport() {
        assertEquals(LibvirtConsoles.Reach.DESCRIPTORS, LibvirtConsoles.Route.of("qemu:///system").reach());
        assertEquals(LibvirtConsoles.Reach.DESCRIPTORS, LibvirtConsoles.Route.of("qemu+unix:///system").reach());
        assertEquals(LibvirtConsoles.Reach.DESCRIPTORS,
                LibvirtConsoles.Route.of("qemu:///system?socket=/run/libvirt/libvirt-sock").reach());
        assertEquals(new LibvirtConsoles.Route(LibvirtConsoles.Reach.NETWORK, "h1"),
                LibvirtConsoles.Route.of("qemu+ssh://root@h1:2222/system"));
        assertEquals(new LibvirtConsoles.Route(LibvirtConsoles.Reach.NETWORK, "10.0.0.2"), REMOTE);
        assertEquals(LibvirtConsoles.Reach.NETWORK, LibvirtConsoles.Route.of("qemu://h1/system").reach(),
                "TLS to a host: no descriptors");
        assertEquals(LibvirtConsoles.Reach.NONE, LibvirtConsoles.Route.of("test:///default").reach());
    }

    @Test
    void spiceNeedsAnAddressTheUsersComputerCanReachAndItsFileHasNoPassword() throws Exception {
        List<ConsoleXml.Device> devices = ConsoleXml.parse(LIVE);
        assertNull(LibvirtConsoles.unavailable(devices.get(3), true, LOCAL));
        ConsoleXml.Device loopback = ConsoleXml.parse("<domain><devices><graphics type='spice' port='5901'"
                + " listen='127.0.0.1' passwd='x'/></devices></domain>").get(0);
        assertTrue(LibvirtConsoles.unavailable(loopback, true, LOCAL).startsWith(
                "This SPICE display listens on 127.0.0.1 on this host only, which your computer cannot reach"));

        ConsoleXml.Device tlsOnly = ConsoleXml.parse("<domain><devices><graphics type='spice' tlsPort='5902'"
                + " listen='0.0.0.0'/></devices></domain>").get(0);
        assertNull(LibvirtConsoles.unavailable(tlsOnly, true, REMOTE), "a TLS port is a TCP port too");
        ConsoleXml.Device none = ConsoleXml.parse("<domain><devices><graphics type='spice' autoport='yes'>"
                + "<listen type='none'/></graphics></devices></domain>").get(0);
        assertTrue(LibvirtConsoles.unavailable(none, true, LOCAL).startsWith("This SPICE display has no TCP port"));

        String file = LibvirtConsoles.remoteViewerFile("web1", "h1.example", 5901, 5902);
        assertEquals("[virt-viewer]\ntype=spice\nhost=h1.example\nport=5901\ntls-port=5902\ntitle=web1\n"
                + "delete-this-file=1\n", file);
        assertEquals("[virt-viewer]\ntype=spice\nhost=h\ntls-port=5902\ntitle=a b\ndelete-this-file=1\n",
                LibvirtConsoles.remoteViewerFile("a\nb", "h", -1, 5902), "no port without one, one line per key");
    }

    @Test
    void theTestDriversConsolesAreListedWithTheReasonTheyCannotOpen() throws Exception {
        try (Harness h = Harness.started(Harness.options(Harness.demoUri()))) {
            Vm running = h.vm("db-primary");
            List<Console> consoles = h.libvirt().consoles(running.ref());
            assertFalse(consoles.isEmpty());
            for (Console console : consoles) {
                assertEquals(LibvirtConsoles.TEST_DRIVER, console.unavailable(), console.toString());
            }
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> h.libvirt().open(running.ref(), consoles.get(0).id(), false));
            assertEquals(LibvirtConsoles.TEST_DRIVER, refused.getMessage());
            IllegalStateException unknown = assertThrows(IllegalStateException.class,
                    () -> h.libvirt().open(running.ref(), "serial9", false));
            assertEquals("VM 'db-primary' has no console 'serial9'.", unknown.getMessage());
        }
    }
}
