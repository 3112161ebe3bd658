package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.capability.Console;
import dev.hangar.plugins.capability.ConsoleKind;
import dev.hangar.plugins.capability.ConsoleStream;
import dev.hangar.plugins.testkit.TestConsole;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Graphics consoles through virDomainOpenGraphicsFD on qemu:///system: VMs without an OS (firmware
 * only, which is enough for QEMU's VNC server to greet).
 */
class ConsoleVncIT {
    private Daemon daemon;
    private Harness h;
    private LibvirtProvider consoles;

    @BeforeEach
    void start() {
        daemon = Daemon.require();
        h = Harness.started(Harness.options(Daemon.URI));
        consoles = h.libvirt();
    }

    @AfterEach
    void stop() {
        // Domains first, while the provider still takes their events.
        daemon.cleanUp();
        h.close();
    }

    @Test
    void aVncConsoleStartsWithTheServersRfbGreetingAndCloseEndsABlockedRead() throws Exception {
        VmRef vm = running("vnc", "<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>");
        assertEquals(List.of(Console.available("vnc0", ConsoleKind.VNC, "Graphical (VNC)")), consoles.consoles(vm));
        try (ConsoleStream stream = consoles.open(vm, "vnc0", false)) {
            assertTrue(greeting(stream).startsWith("RFB 003.0"));
            // The server now waits for the client's version: a read blocks until close ends it.
            long ms = BlockedRead.closeEndsIt(stream, BlockedRead.inNativeBelow(FdConsoleStream.class, "read"), () -> {
            });
            System.out.println("close -> blocked VNC read returned -1 after " + ms + " ms");
        }
    }

    @Test
    void stoppingTheProviderEndsItsOpenStreams() throws Exception {
        VmRef vm = running("vnc-stop", "<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>");
        try (TestConsole console = TestConsole.of(consoles.open(vm, "vnc0", false))) {
            console.expect("RFB 003.0");
            consoles.close();
            console.expectEnd();
        }
    }

    @Test
    void aVncWithAPasswordOffersVncAuthenticationWhichTheBrowserAnswers() throws Exception {
        VmRef vm = running("vnc-passwd", "<graphics type='vnc' autoport='yes' listen='127.0.0.1' passwd='s3cret'/>");
        try (ConsoleStream stream = consoles.open(vm, "vnc0", false)) {
            assertEquals(List.of(2), securityTypes(stream), "VNC authentication only: no SKIPAUTH");
        }
        VmRef open = running("vnc-open", "<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>");
        try (ConsoleStream stream = consoles.open(open, "vnc0", false)) {
            assertEquals(List.of(1), securityTypes(stream), "without a password: None");
        }
    }

    @Test
    void aVncOnAUnixSocketOpensToo() throws Exception {
        VmRef vm = running("vnc-socket", "<graphics type='vnc'><listen type='socket'/></graphics>");
        assertTrue(Daemon.virsh("dumpxml", vm.name()).contains("<listen type='socket' socket='"),
                "libvirt made a socket");
        try (ConsoleStream stream = consoles.open(vm, "vnc0", false)) {
            assertTrue(greeting(stream).startsWith("RFB 003.0"));
        }
    }

    @Test
    void twoGraphicsDevicesAreTwoConsolesAndBothOpen() throws Exception {
        // libvirt allows one graphics device per type: VNC and SPICE. SPICE opens as a remote-viewer file.
        VmRef vm = running("two", "<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>"
                + "<graphics type='spice' autoport='yes' listen='0.0.0.0'/>");
        assertEquals(List.of(Console.available("vnc0", ConsoleKind.VNC, "Graphical (VNC)"),
                Console.available("spice0", ConsoleKind.SPICE, "Graphical (SPICE)")), consoles.consoles(vm));
        try (ConsoleStream stream = consoles.open(vm, "vnc0", false)) {
            assertTrue(greeting(stream).startsWith("RFB 003.0"));
        }
        Matcher port = Pattern.compile("<graphics type='spice' port='(\\d+)'").matcher(Daemon.virsh("dumpxml", vm.name()));
        assertTrue(port.find());
        String file = consoles.remoteViewerFile(vm, "spice0");
        String host = Daemon.virsh("hostname").trim();
        assertEquals("[virt-viewer]\ntype=spice\nhost=" + host + "\nport=" + port.group(1) + "\ntitle=" + vm.name()
                + "\ndelete-this-file=1\n", file);
        IllegalStateException browser = assertThrows(IllegalStateException.class, () -> consoles.open(vm, "spice0", false));
        assertTrue(browser.getMessage().contains("remote-viewer"), browser.getMessage());
    }

    @Test
    void aSpiceListeningOnLoopbackOnlySaysWhatToChange() throws Exception {
        VmRef vm = running("spice-loopback", "<graphics type='spice' autoport='yes' listen='127.0.0.1'/>");
        Console spice = consoles.consoles(vm).get(0);
        assertTrue(spice.unavailable().contains("listens on 127.0.0.1"), spice.unavailable());
        assertTrue(spice.unavailable().contains("Set its listen address"), spice.unavailable());
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> consoles.remoteViewerFile(vm, "spice0"));
        assertEquals(spice.unavailable(), refused.getMessage());
    }

    /** Defines and starts a firmware-only VM with these graphics and a VGA card. */
    private VmRef running(String what, String graphics) throws Exception {
        String name = Daemon.name(what);
        daemon.define(name, "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64'>hvm</type></os><devices>" + graphics
                + "<video><model type='vga'/></video></devices></domain>");
        Daemon.virsh("start", name);
        h.awaitState(name, VmStates.RUNNING);
        return h.ref(name);
    }

    /** The server's ProtocolVersion message, 12 bytes. */
    private static String greeting(ConsoleStream stream) throws IOException {
        return new String(readFully(stream, 12), StandardCharsets.US_ASCII);
    }

    /** RFB 3.8: version both ways, then the server's list of security types. */
    private static List<Integer> securityTypes(ConsoleStream stream) throws IOException {
        assertEquals("RFB 003.008\n", greeting(stream));
        byte[] version = "RFB 003.008\n".getBytes(StandardCharsets.US_ASCII);
        stream.write(version, 0, version.length);
        int count = readFully(stream, 1)[0] & 0xff;
        List<Integer> types = new ArrayList<>();
        for (byte type : readFully(stream, count)) {
            types.add(type & 0xff);
        }
        return types;
    }

    private static byte[] readFully(ConsoleStream stream, int length) throws IOException {
        byte[] result = new byte[length];
        int have = 0;
        while (have < length) {
            byte[] buffer = new byte[length - have];
            int n = stream.read(buffer);
            if (n < 0) {
                throw new IOException("the console ended after " + have + " of " + length + " bytes");
            }
            System.arraycopy(buffer, 0, result, have, n);
            have += n;
        }
        return result;
    }
}
