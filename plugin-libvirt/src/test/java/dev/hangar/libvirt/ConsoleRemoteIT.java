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
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Consoles over a remote connection, which cannot pass descriptors: the serial console travels in
 * the libvirt connection, a VNC display is reached over TCP from Hangar's machine, and one that
 * listens on the remote host's loopback only is listed with the reason. The remote host is this
 * machine's libvirtd on {@code qemu+tcp://127.0.0.1/system} (scripts/test-env.sh listens there).
 */
class ConsoleRemoteIT {
    static final String TCP = "qemu+tcp://127.0.0.1/system";

    @Test
    void theSerialConsoleTravelsInTheConnectionAndALoopbackVncIsListedWithTheReason() throws Exception {
        Daemon daemon = Daemon.require();
        TinyGuest guest = TinyGuest.define(daemon, "remote-console");
        try (Harness h = Harness.started(Harness.options(TCP))) {
            h.awaitState(guest.name, VmStates.SHUT_OFF);
            VmRef ref = h.ref(guest.name);
            guest.startAndAwaitReady();
            Console vnc = h.libvirt().consoles(ref).get(1);
            assertEquals("vnc0", vnc.id());
            assertEquals("This VNC display listens on 127.0.0.1 on 127.0.0.1 only, which Hangar's machine cannot reach"
                    + " (Hangar carries VNC over the network from remote hosts). Set its listen address to one Hangar's"
                    + " machine can reach (for example 0.0.0.0 or the host's own address) and restart the VM to use it"
                    + " here.", vnc.unavailable());
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> h.libvirt().open(ref, "vnc0", false));
            assertEquals(vnc.unavailable(), refused.getMessage());

            try (TestConsole console = TestConsole.open(h.libvirt(), ref, "serial0", false)) {
                ConsoleSerialIT.assertEcho(console);
                Daemon.virsh("destroy", guest.name);
                console.expectEnd();
            }
        } finally {
            daemon.cleanUp();
            guest.deleteLog();
        }
    }

    @Test
    void aVncListeningOnEveryAddressIsReachedOverTcp() throws Exception {
        Daemon daemon = Daemon.require();
        String name = Daemon.name("remote-vnc");
        try (Harness h = Harness.started(Harness.options(TCP))) {
            daemon.define(name, "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory>"
                    + "<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os><devices>"
                    + "<graphics type='vnc' autoport='yes' listen='0.0.0.0'/><video><model type='vga'/></video>"
                    + "</devices></domain>");
            Daemon.virsh("start", name);
            h.awaitState(name, VmStates.RUNNING);
            VmRef ref = h.ref(name);
            assertEquals(Console.available("vnc0", ConsoleKind.VNC, "Graphical (VNC)"), h.libvirt().consoles(ref).get(0));
            try (ConsoleStream stream = h.libvirt().open(ref, "vnc0", false)) {
                assertTrue(((LibvirtConsoles.Tracked) stream).stream() instanceof SocketConsoleStream,
                        "over TCP, not a passed descriptor");
                byte[] greeting = new byte[12];
                int have = 0;
                while (have < 12) {
                    byte[] part = new byte[12 - have];
                    int n = stream.read(part);
                    assertTrue(n > 0, "the server greets");
                    System.arraycopy(part, 0, greeting, have, n);
                    have += n;
                }
                assertTrue(new String(greeting, StandardCharsets.US_ASCII).startsWith("RFB 003.0"));
                long ms = BlockedRead.closeEndsIt(stream, BlockedRead.inNativeBelow(SocketConsoleStream.class, "read"), () -> {
                });
                System.out.println("close -> blocked TCP VNC read returned -1 after " + ms + " ms");
            }
        } finally {
            daemon.cleanUp();
        }
    }
}
