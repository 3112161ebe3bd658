package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.capability.Console;
import dev.hangar.plugins.capability.ConsoleBusyException;
import dev.hangar.plugins.capability.ConsoleKind;
import dev.hangar.plugins.capability.ConsoleStream;
import dev.hangar.plugins.capability.Consoles;
import dev.hangar.plugins.testkit.TestConsole;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.testsupport.Waiting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The serial console of the real tiny guest through virDomainOpenConsole on qemu:///system. One guest
 * for the class (a TCG boot takes 15-50 s); the test that stops it runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleSerialIT {
    private static final Duration ECHO = Duration.ofSeconds(30);

    private Daemon daemon;
    private Harness h;
    private TinyGuest guest;
    private VmRef ref;
    private Consoles consoles;

    @BeforeAll
    void bootTheGuest() throws Exception {
        daemon = Daemon.require();
        h = Harness.started(Harness.options(Daemon.URI));
        consoles = h.libvirt();
        guest = TinyGuest.define(daemon, "console");
        h.awaitState(guest.name, VmStates.SHUT_OFF);
        ref = h.ref(guest.name);
        assertEquals(List.of(new Console("serial0", ConsoleKind.SERIAL, "Serial console (ttyS0)",
                        LibvirtConsoles.START_VM), new Console("vnc0", ConsoleKind.VNC, "Graphical (VNC)",
                        LibvirtConsoles.START_VM)),
                consoles.consoles(ref), "a shut-off VM lists its consoles, each saying to start it");
        guest.startAndAwaitReady();
    }

    @AfterAll
    void removeTheGuest() throws Exception {
        // Domains first, while the provider still takes their events.
        if (daemon != null) {
            daemon.cleanUp();
        }
        if (h != null) {
            h.close();
        }
        if (guest != null) {
            guest.deleteLog();
        }
    }

    @Test
    @Order(1)
    void aTypedCommandRunsInTheGuestsShellAndItsOutputComesBack() throws Exception {
        assertEquals(List.of(Console.available("serial0", ConsoleKind.SERIAL, "Serial console (ttyS0)"),
                Console.available("vnc0", ConsoleKind.VNC, "Graphical (VNC)")), consoles.consoles(ref));
        try (TestConsole console = TestConsole.open(consoles, ref, "serial0", false)) {
            assertEcho(console);
        }
    }

    @Test
    @Order(2)
    void aConsoleHeldByVirshIsBusyUntilTakenOverWhichEndsVirshsSession() throws Exception {
        Path output = Files.createTempFile("hangar-test-virsh-console", ".out");
        Process virsh = null;
        try {
            ConsoleBusyException busy = null;
            // virsh prints its greeting before it opens the console: an open of ours in between wins, and
            // virsh gives up. Then start it again; at most a few rounds.
            for (int round = 0; round < 5 && busy == null; round++) {
                if (virsh != null) {
                    virsh.destroyForcibly().waitFor();
                }
                Files.writeString(output, "");
                virsh = virshConsole(output);
                Waiting.await("virsh console to connect", Duration.ofSeconds(30))
                        .until(() -> Files.readString(output).contains("Escape character"));
                try {
                    consoles.open(ref, "serial0", false).close();
                } catch (ConsoleBusyException e) {
                    busy = e;
                }
            }
            assertTrue(busy != null, "virsh console held the console in one of 5 rounds");
            Process holder = virsh;
            assertTrue(busy.getMessage().contains("Another client holds the Serial console (ttyS0) of VM '"
                    + guest.name + "' (for example virsh console"), busy.getMessage());

            try (TestConsole console = TestConsole.open(consoles, ref, "serial0", true)) {
                Waiting.await("virsh console to end when its console was taken over", Duration.ofSeconds(30))
                        .until(() -> !holder.isAlive());
                assertEcho(console);
            }
        } finally {
            if (virsh != null) {
                virsh.destroyForcibly();
            }
            Files.deleteIfExists(output);
        }
    }

    /** virsh console wants a terminal: script gives it one, as a person's would be. */
    private Process virshConsole(Path output) throws java.io.IOException {
        return new ProcessBuilder("script", "-qfc", "virsh -c " + Daemon.URI + " console " + guest.name, "/dev/null")
                .redirectOutput(output.toFile()).redirectErrorStream(true).start();
    }

    @Test
    @Order(3)
    void takingOverEndsTheFirstHoldersStream() throws Exception {
        try (TestConsole first = TestConsole.open(consoles, ref, "serial0", false)) {
            assertThrows(ConsoleBusyException.class, () -> consoles.open(ref, "serial0", false));
            try (TestConsole second = TestConsole.open(consoles, ref, "serial0", true)) {
                first.expectEnd();  // -1, not an error
                assertEcho(second);
            }
        }
    }

    @Test
    @Order(4)
    void closeEndsABlockedReadWhileAnotherThreadWrites() throws Exception {
        ConsoleStream stream = consoles.open(ref, "serial0", false);
        byte[] space = {' '};
        long ms = BlockedRead.closeEndsIt(stream,
                thread -> thread.getState() == Thread.State.WAITING
                        && BlockedRead.inside(SerialConsoleStream.class, "read").test(thread),
                () -> {
                    try {
                        for (int i = 0; i < 200; i++) {
                            stream.write(space, 0, 1);
                        }
                    } catch (IOException e) {
                        // Closed under it: what close does to a write.
                    }
                });
        System.out.println("close -> blocked serial read returned -1 after " + ms + " ms");
        // Clear the spaces typed at the prompt for the next test.
        try (TestConsole next = TestConsole.open(consoles, ref, "serial0", false)) {
            next.type("\u0003");
            assertEcho(next);
        }
    }

    @Test
    @Order(5)
    void aFloodingGuestIsReadContinuouslyAlsoAfterTheReaderFellBehind() throws Exception {
        int lines = 60_000;
        try (ConsoleStream stream = consoles.open(ref, "serial0", false)) {
            SerialConsoleStream serial = (SerialConsoleStream) ((LibvirtConsoles.Tracked) stream).stream();
            byte[] command = ("i=0; while [ $i -lt " + lines + " ]; do echo xxxxxxxxx; i=$((i+1)); done; echo FLOOD-$((2*21))-DONE\r")
                    .getBytes();
            long start = System.nanoTime();
            stream.write(command, 0, command.length);
            // Nobody reads: the stream fills its buffer to the limit and then stops taking data from libvirt.
            Waiting.await("the stream's buffer to reach its limit", Duration.ofSeconds(120))
                    .until(() -> serial.buffered() >= SerialConsoleStream.BUFFER_LIMIT);
            assertTrue(serial.buffered() < SerialConsoleStream.BUFFER_LIMIT + 64 * 1024, "bounded: " + serial.buffered());
            try (TestConsole reader = TestConsole.of(stream, Duration.ofSeconds(300))) {
                String text = reader.expect("FLOOD-42-DONE").replace("\r", "");
                double seconds = (System.nanoTime() - start) / 1e9;
                int count = 0;
                for (int at = text.indexOf("xxxxxxxxx\n"); at >= 0; at = text.indexOf("xxxxxxxxx\n", at + 1)) {
                    count++;
                }
                assertEquals(lines, count, "every line arrived once");
                System.out.printf("flood: %d lines (%d chars) in %.1f s, %.0f KiB/s%n", count, text.length(), seconds,
                        text.length() / 1024.0 / seconds);
            }
        }
    }

    @Test
    @Order(6)
    void theVmStoppingEndsTheStream() throws Exception {
        try (TestConsole console = TestConsole.open(consoles, ref, "serial0", false)) {
            Daemon.virsh("destroy", guest.name);
            console.expectEnd();  // -1, not an error
        }
        h.awaitState(guest.name, VmStates.SHUT_OFF);
        assertEquals(LibvirtConsoles.START_VM, consoles.consoles(ref).get(0).unavailable());
        IllegalStateException off = assertThrows(IllegalStateException.class, () -> consoles.open(ref, "serial0", false));
        assertEquals(LibvirtConsoles.START_VM, off.getMessage());
    }

    /** Types a command whose output differs from its echo, and waits for the output. */
    static void assertEcho(TestConsole console) throws Exception {
        int random = ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
        console.type("echo HANGAR-" + random + "-$((40+2))\r");
        console.expect("HANGAR-" + random + "-42", ECHO);
    }
}
