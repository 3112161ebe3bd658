package dev.hangar.plugins.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.capability.Console;
import dev.hangar.plugins.capability.ConsoleBusyException;
import dev.hangar.plugins.capability.ConsoleKind;
import dev.hangar.plugins.capability.ConsoleStream;
import dev.hangar.plugins.capability.Consoles;
import dev.hangar.plugins.vm.VmRef;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The kit's console on small streams of its own: an echo that hands out one byte per read, and broken ones. */
class TestConsoleTest {
    private static final VmRef WEB = new VmRef("mem", "mem://a", "web", "id-web");
    private static final Duration SHORT = Duration.ofMillis(200);

    @Test
    void expectWaitsForTextAcrossReadsAndReturnsWhatCameBefore() throws IOException {
        try (TestConsole console = TestConsole.of(new Echo())) {
            console.type("hel");
            console.type("lo, grüße ✓\r\n");
            assertEquals("hello", console.expect("hello"));
            assertEquals(", grüße ✓", console.expect("✓"), "a character split over reads is one character");
            console.type("# ");
            assertEquals("\r\n# ", console.expect("# "));
            assertEquals("hello, grüße ✓\r\n# ", console.output());
        }
    }

    @Test
    void aTextThatDoesNotComeFailsWithWhatTheConsoleShowed() throws IOException {
        try (TestConsole console = TestConsole.of(new Echo(), SHORT)) {
            console.type("login: \u001b[0m\r\n");
            console.expect("login: ");
            AssertionError missing = assertThrows(AssertionError.class, () -> console.expect("# "));
            assertEquals("the console did not show \"# \" within 200 ms; since the last match it showed \"\\x1b[0m\\r\\n\"",
                    missing.getMessage());
        }
    }

    @Test
    void anEndedConsoleFailsAnExpectAndPassesExpectEnd() throws IOException {
        Echo echo = new Echo();
        try (TestConsole console = TestConsole.of(echo)) {
            console.type("bye\r\n");
            echo.end();
            assertEquals("bye\r\n", console.expectEnd());
            AssertionError ended = assertThrows(AssertionError.class, () -> console.expect("more"));
            assertEquals("the console ended before it showed \"more\"; since the last match it showed \"\"", ended.getMessage());
            assertTrue(console.ended());
        }
    }

    @Test
    void closeEndsTheBlockedRead() {
        TestConsole console = TestConsole.of(new Echo());
        console.close();
        assertTrue(console.ended());
        assertEquals("", console.expectEnd(), "a closed stream's read returns -1");
    }

    @Test
    void aStreamWhoseCloseDoesNotEndTheReadFailsClose() {
        CountDownLatch never = new CountDownLatch(1);
        ConsoleStream stuck = new ConsoleStream() {
            @Override
            public int read(byte[] buffer) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
            }

            @Override
            public void close() {
            }
        };
        try {
            TestConsole console = TestConsole.of(stuck, SHORT);
            AssertionError failed = assertThrows(AssertionError.class, console::close);
            assertEquals("the console's read still blocks 200 ms after close(): close, from any thread, must end a"
                    + " blocked read (the host closes consoles while its reader waits)", failed.getMessage());
        } finally {
            never.countDown();
        }
    }

    @Test
    void aReadOfNothingBreaksTheContract() {
        ConsoleStream empty = new ConsoleStream() {
            @Override
            public int read(byte[] buffer) {
                return 0;
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
            }

            @Override
            public void close() {
            }
        };
        try (TestConsole console = TestConsole.of(empty)) {
            AssertionError failed = assertThrows(AssertionError.class, console::expectEnd);
            assertEquals("the console's read failed (java.io.IOException: read returned 0 bytes: it must block until at"
                    + " least one arrived) instead of returning -1", failed.getMessage());
        }
    }

    @Test
    void openCallsTheProviderAndPassesOnItsRefusal() throws Exception {
        Echo echo = new Echo();
        Consoles provider = new Consoles() {
            @Override
            public List<Console> consoles(VmRef vm) {
                return List.of(Console.available("serial0", ConsoleKind.SERIAL, "Serial console"));
            }

            @Override
            public ConsoleStream open(VmRef vm, String consoleId, boolean takeOver) throws ConsoleBusyException {
                if (!takeOver) {
                    throw new ConsoleBusyException("The serial console of 'web' is in use by virsh");
                }
                return echo;
            }
        };
        ConsoleBusyException busy = assertThrows(ConsoleBusyException.class, () -> TestConsole.open(provider, WEB, "serial0", false));
        assertEquals("The serial console of 'web' is in use by virsh", busy.getMessage());
        try (TestConsole console = TestConsole.open(provider, WEB, "serial0", true)) {
            console.type("taken\r");
            assertEquals("taken", console.expect("taken"));
        }
    }

    /** Gives back what is written, one byte per read; thread-safe as the contract asks. */
    private static final class Echo implements ConsoleStream {
        private final Deque<Byte> bytes = new ArrayDeque<>();
        private boolean ended;
        private boolean closed;

        @Override
        public synchronized int read(byte[] buffer) throws IOException {
            while (bytes.isEmpty() && !ended && !closed) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            if (closed || bytes.isEmpty()) {
                return -1;
            }
            buffer[0] = bytes.remove();
            return 1;
        }

        @Override
        public synchronized void write(byte[] written, int offset, int length) throws IOException {
            if (ended || closed) {
                throw new IOException("ended");
            }
            for (int i = offset; i < offset + length; i++) {
                bytes.add(written[i]);
            }
            notifyAll();
        }

        synchronized void end() {
            ended = true;
            notifyAll();
        }

        @Override
        public synchronized void close() {
            closed = true;
            notifyAll();
        }
    }
}
