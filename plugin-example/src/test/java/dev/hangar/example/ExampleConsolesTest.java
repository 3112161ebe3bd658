package dev.hangar.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.capability.Console;
import dev.hangar.plugins.capability.ConsoleBusyException;
import dev.hangar.plugins.capability.ConsoleKind;
import dev.hangar.plugins.capability.ConsoleStream;
import dev.hangar.plugins.testkit.TestConsole;
import dev.hangar.plugins.testkit.TestProviderContext;
import dev.hangar.plugins.vm.VmRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The example's serial consoles as the host uses them: real streams, a reader thread, the test's thread writing. */
class ExampleConsolesTest {
    private static final String SERIAL = ExampleProvider.SERIAL_CONSOLE;
    private final TestProviderContext context = TestProviderContext.builder(ExampleProvider.NAME)
            .option("example-transition-ms", "50").option("example-migration-interval-seconds", "0").build();
    private final ExampleProvider provider = new ExampleProvider();

    @BeforeEach
    void activate() {
        context.activate(provider);
    }

    @AfterEach
    void close() {
        provider.close();
        context.close();
    }

    @Test
    void aRunningMachineHasASerialConsoleWithAShell() throws Exception {
        // tag::consoleTest[]
        VmRef web1 = context.vm("web-1").ref();
        assertEquals(List.of(Console.available("serial0", ConsoleKind.SERIAL, "Serial console (ttyS0)")),
                provider.consoles(web1));
        try (TestConsole console = TestConsole.open(provider, web1, "serial0", false)) {  // as the host: bounded, then read on a thread
            console.expect("serial console of 'web-1'");           // waits (10 s at most) for the text
            console.expect("web-1$ ");                              // the prompt
            console.type("hostname\r");                             // xterm sends Enter as CR
            assertEquals("hostname\r\nweb-1\r\nweb-1$ ", console.expect("web-1$ "));  // echo, output, prompt
        }                                                           // close() fails the test if the read did not end
        // end::consoleTest[]
    }

    @Test
    void theShellKnowsAFewCommands() throws Exception {
        try (TestConsole console = TestConsole.open(provider, context.vm("web-1").ref(), SERIAL, false)) {
            console.expect("Type 'help' for the commands.\r\n\r\nweb-1$ ");
            console.type("help\r");
            assertEquals("help\r\nCommands: help, echo TEXT, uptime, hostname, seq N (prints 1 to N)\r\nweb-1$ ",
                    console.expect("web-1$ "));
            console.type("echo Hello,   console\r");
            assertEquals("echo Hello,   console\r\nHello,   console\r\nweb-1$ ", console.expect("web-1$ "));
            console.type("uptime\r");
            String uptime = console.expect("web-1$ ");
            assertTrue(uptime.matches("uptime\r\nup \\d+:\\d\\d:\\d\\d\r\nweb-1\\$ "), uptime);
            console.type("reboot\r");
            assertEquals("reboot\r\nreboot: command not found (try 'help')\r\nweb-1$ ", console.expect("web-1$ "));
            console.type("seq x\r");
            assertEquals("seq x\r\nseq: N must be a whole number\r\nweb-1$ ", console.expect("web-1$ "));
            console.type("\r");
            assertEquals("\r\nweb-1$ ", console.expect("web-1$ "), "an empty line: only a prompt");
        }
    }

    @Test
    void backspaceErasesACharacterAndCrLfIsOneEnter() throws Exception {
        try (TestConsole console = TestConsole.open(provider, context.vm("web-1").ref(), SERIAL, false)) {
            console.expect("web-1$ ");
            console.type("echo grüß\u007fn\b\bün\r\n");  // DEL (xterm's Backspace) and BS both erase
            assertEquals("echo grüß\b \bn\b \b\b \bün\r\ngrün\r\nweb-1$ ", console.expect("web-1$ "));
            console.type("\u007f\u007fhostname\r");  // nothing to erase: nothing echoed
            assertEquals("hostname\r\nweb-1\r\nweb-1$ ", console.expect("web-1$ "), "no extra prompt from the LF of CR LF");
        }
    }

    @Test
    void aLongOutputComesInFullAndInOrder() throws Exception {
        try (TestConsole console = TestConsole.open(provider, context.vm("web-2").ref(), SERIAL, false)) {
            console.expect("web-2$ ");
            // About 190 KB: three times the engine's buffer, so the shell waits for the reader on the way.
            console.type("seq 30000\r");
            String lines = IntStream.rangeClosed(1, 30000).mapToObj(Integer::toString).collect(Collectors.joining("\r\n"));
            assertEquals("seq 30000\r\n" + lines + "\r\nweb-2$ ", console.expect("web-2$ "));
        }
    }

    @Test
    void aShutOffMachineListsItsConsoleAsUnavailable() throws Exception {
        VmRef web3 = context.vm("web-3").ref();
        assertEquals(List.of(new Console(SERIAL, ConsoleKind.SERIAL, "Serial console (ttyS0)", "Start the VM to use its console")),
                provider.consoles(web3));
        Exception refused = assertThrows(Exception.class, () -> provider.open(web3, SERIAL, false));
        assertEquals("Machine 'web-3' is down; start it to use its serial console", refused.getMessage());
    }

    @Test
    void aMachineThatStopsEndsItsConsole() throws Exception {
        VmRef web1 = context.vm("web-1").ref();
        try (TestConsole console = TestConsole.open(provider, web1, SERIAL, false)) {
            console.expect("web-1$ ");
            context.run(provider.forceOffVm(web1));
            assertEquals("", console.expectEnd(), "the read returns -1 once the machine is off");
            assertThrows(IOException.class, () -> console.type("hostname\r"));
            assertFalse(provider.consoles(web1).get(0).isAvailable());
        }
        context.run(provider.startVm(web1));
        try (TestConsole again = TestConsole.open(provider, web1, SERIAL, false)) {
            again.type("uptime\r");
            assertTrue(again.expect("web-1$ ").startsWith("\r\nExample engine 1.0"), "a new connection, with the banner");
            assertTrue(again.expect("web-1$ ").contains("up 0:00:0"), "booted again just now: " + again.output());
        }
    }

    @Test
    void oneClientAtATimeUnlessTheNextTakesItOver() throws Exception {
        VmRef db1 = context.vm("db-1").ref();
        try (TestConsole first = TestConsole.open(provider, db1, SERIAL, false)) {
            first.expect("db-1$ ");
            ConsoleBusyException busy = assertThrows(ConsoleBusyException.class, () -> provider.open(db1, SERIAL, false));
            assertEquals("The serial console of 'db-1' is in use by another client", busy.getMessage());
            try (TestConsole second = TestConsole.open(provider, db1, SERIAL, true)) {
                first.expectEnd();
                second.type("hostname\r");
                assertTrue(second.expect("db-1$ hostname\r\ndb-1\r\ndb-1$ ").startsWith("\r\nExample engine 1.0"));
            }
        }
        try (TestConsole afterClose = TestConsole.open(provider, db1, SERIAL, false)) {
            afterClose.expect("db-1$ ");  // a closed connection no longer holds the port
        }
    }

    @Test
    void closeEndsAWriteThatWaitsForTheReader() throws Exception {
        ConsoleStream stream = provider.open(context.vm("web-1").ref(), SERIAL, false);
        byte[] command = "seq 100000\r".getBytes(StandardCharsets.US_ASCII);
        AtomicReference<IOException> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                stream.write(command, 0, command.length);
            } catch (IOException e) {
                failure.set(e);
            }
        }, "test-console-writer");
        writer.start();
        // Nobody reads: the shell, and with it the write, waits once the engine's buffer is full.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> writer.getState() == Thread.State.WAITING);
        stream.close();
        writer.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(writer.isAlive(), "close ended the write");
        assertEquals("the serial console of 'web-1' was closed", failure.get().getMessage());
        assertEquals(-1, stream.read(new byte[16]), "a closed stream reads nothing more");
        stream.close();  // again: nothing happens
    }

    @Test
    void closingTheProviderEndsItsConsoles() throws Exception {
        try (TestConsole console = TestConsole.open(provider, context.vm("web-1").ref(), SERIAL, false)) {
            console.expect("web-1$ ");
            provider.close();
            console.expectEnd();
        }
    }

    @Test
    void anUnknownConsoleIsRefusedInWords() {
        Exception refused = assertThrows(IllegalArgumentException.class, () -> provider.open(context.vm("web-1").ref(), "vnc0", false));
        assertEquals("VM 'web-1' has no console 'vnc0'", refused.getMessage());
    }
}
