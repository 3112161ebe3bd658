package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hangar.plugins.capability.Console;
import dev.hangar.plugins.capability.ConsoleKind;
import dev.hangar.plugins.testkit.TestConsole;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.testsupport.ExtraHosts;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A guest on another libvirt host (an extra libvirtd in its own network namespace, reached as
 * qemu+tcp): its serial console travels in the connection, and its VNC, which listens on that host's
 * loopback, is listed with the reason and what to change.
 */
class ConsoleExtraHostIT {

    @Test
    void theSerialConsoleOfAGuestOnAnotherHostWorksAndItsLoopbackVncSaysWhy() throws Exception {
        ExtraHosts.Host host = ExtraHosts.require();
        TinyGuest guest = TinyGuest.on(host.uri(), "extra-console");
        try (Harness h = Harness.started(Harness.options(host.uri()))) {
            h.awaitState(guest.name, VmStates.SHUT_OFF);
            VmRef ref = h.ref(guest.name);
            guest.startAndAwaitReady();
            List<Console> consoles = h.libvirt().consoles(ref);
            assertEquals(Console.available("serial0", ConsoleKind.SERIAL, "Serial console (ttyS0)"), consoles.get(0));
            assertEquals("This VNC display listens on 127.0.0.1 on " + URI.create(host.uri()).getHost() + " only,"
                    + " which Hangar's machine cannot reach (Hangar carries VNC over the network from remote hosts)."
                    + " Set its listen address to one Hangar's machine can reach (for example 0.0.0.0 or the host's"
                    + " own address) and restart the VM to use it here.", consoles.get(1).unavailable());
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> h.libvirt().open(ref, "vnc0", false));
            assertEquals(consoles.get(1).unavailable(), refused.getMessage());

            try (TestConsole console = TestConsole.open(h.libvirt(), ref, "serial0", false)) {
                ConsoleSerialIT.assertEcho(console);
                TinyGuest.virsh(host.uri(), "destroy", guest.name);
                console.expectEnd();
            }
        } finally {
            guest.remove();
        }
    }
}
