package dev.hangar.plugins.testkit;

import dev.hangar.plugins.capability.ConsoleStream;
import dev.hangar.plugins.capability.Consoles;
import dev.hangar.plugins.vm.VmRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A text console for a provider's tests, used as the host uses a {@link ConsoleStream}: one thread of
 * its own reads everything the console sends (as UTF-8 text), the test's thread writes ({@link #type}),
 * and {@link #close()} comes from the test's thread while the read blocks. {@link #expect} waits until
 * a text appears, and fails with what the console showed instead.
 *
 * <pre>{@code
 * try (TestConsole console = TestConsole.open(provider, vm.ref(), "serial0", false)) {
 *     console.expect("login: ");
 *     console.type("root\r");
 *     assertTrue(console.expect("# ").contains("Welcome"));
 * }
 * }</pre>
 *
 * It checks the stream's contract on the way: {@code open} returns within the host's plugin call
 * timeout, a read never returns 0 bytes, and {@code close()} ends a blocked read.
 */
public final class TestConsole implements AutoCloseable {
    /** How long {@link #expect}, {@link #expectEnd} and {@link #close} wait by default. */
    public static final Duration WAIT = Duration.ofSeconds(10);
    /** The host's default {@code plugin-call-timeout}, which bounds {@link Consoles#open}. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    /** How much of the console's text a failure shows, from its end. */
    private static final int SHOWN = 2000;

    private final ConsoleStream stream;
    private final Duration wait;
    private final Thread reader;
    /** Guarded by {@code this}: the text so far, where the last match ended, and how the read ended. */
    private final StringBuilder text = new StringBuilder();
    private int matched;
    private boolean ended;
    private Throwable failure;

    private TestConsole(ConsoleStream stream, Duration wait) {
        this.stream = stream;
        this.wait = wait;
        this.reader = new Thread(this::readAll, "testkit-console-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts reading {@code stream}; {@link #WAIT} is the default wait. */
    public static TestConsole of(ConsoleStream stream) {
        return of(stream, WAIT);
    }

    /** Starts reading {@code stream}, waiting {@code wait} by default. */
    public static TestConsole of(ConsoleStream stream, Duration wait) {
        return new TestConsole(stream, wait);
    }

    /**
     * Opens a console as the host does, on a thread of its own bounded by {@link #CALL_TIMEOUT}, and
     * starts reading it. What {@code open} throws is thrown here ({@code ConsoleBusyException} too).
     */
    public static TestConsole open(Consoles provider, VmRef vm, String consoleId, boolean takeOver) throws Exception {
        FutureTask<ConsoleStream> call = new FutureTask<>(() -> provider.open(vm, consoleId, takeOver));
        Thread caller = new Thread(call, "testkit-console-open");
        caller.setDaemon(true);
        caller.start();
        try {
            return of(call.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        } catch (TimeoutException e) {
            caller.interrupt();
            throw new AssertionError("open(" + vm.name() + ", " + consoleId + ") did not return within the host's plugin call timeout ("
                    + CALL_TIMEOUT.toSeconds() + " s): open connects and returns; the host reads and writes the stream afterwards");
        }
    }

    /** Writes {@code keys} (UTF-8) to the console, as the host writes what a viewer types; {@code "\r"} is Enter. */
    public void type(String keys) throws IOException {
        byte[] bytes = keys.getBytes(StandardCharsets.UTF_8);
        stream.write(bytes, 0, bytes.length);
    }

    /** {@link #expect(String, Duration)} with this console's default wait. */
    public String expect(String wanted) {
        return expect(wanted, wait);
    }

    /**
     * Waits until the console shows {@code wanted} after the previous match, and returns what it showed
     * from there up to and including {@code wanted}; the next expect looks after it.
     *
     * @throws AssertionError when it does not within {@code timeout}, or the console ends first: with
     *                        what the console showed since the previous match
     */
    public String expect(String wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                int at = text.indexOf(wanted, matched);
                if (at >= 0) {
                    String shown = text.substring(matched, at + wanted.length());
                    matched = at + wanted.length();
                    return shown;
                }
                if (ended) {
                    throw new AssertionError("the console " + howItEnded() + " before it showed " + quote(wanted)
                            + "; since the last match it showed " + quote(sinceMatch()), failure);
                }
                waitUntil(deadline, () -> "the console did not show " + quote(wanted) + " within " + timeout.toMillis()
                        + " ms; since the last match it showed " + quote(sinceMatch()));
            }
        }
    }

    /** {@link #expectEnd(Duration)} with this console's default wait. */
    public String expectEnd() {
        return expectEnd(wait);
    }

    /**
     * Waits until the console ends (its read returns -1, as when the VM stops) and returns what it showed
     * after the previous match.
     *
     * @throws AssertionError when it does not within {@code timeout}, or the read failed instead
     */
    public String expectEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!ended) {
                waitUntil(deadline, () -> "the console did not end within " + timeout.toMillis()
                        + " ms; since the last match it showed " + quote(sinceMatch()));
            }
            if (failure != null) {
                throw new AssertionError("the console's read " + howItEnded() + " instead of returning -1", failure);
            }
            String rest = sinceMatch();
            matched = text.length();
            return rest;
        }
    }

    /** Everything the console showed so far. */
    public synchronized String output() {
        return text.toString();
    }

    /** Whether the read ended, with -1 or a failure. */
    public synchronized boolean ended() {
        return ended;
    }

    /**
     * Closes the stream from this thread, as the host does while its reader blocks, and waits for the
     * read to end.
     *
     * @throws AssertionError when the read does not end within the console's wait
     */
    @Override
    public void close() {
        stream.close();
        try {
            reader.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the console's read to end", e);
        }
        if (reader.isAlive()) {
            throw new AssertionError("the console's read still blocks " + wait.toMillis() + " ms after close(): close, from any"
                    + " thread, must end a blocked read (the host closes consoles while its reader waits)");
        }
    }

    private void readAll() {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        byte[] buffer = new byte[8192];
        ByteBuffer bytes = ByteBuffer.allocate(buffer.length + 4);  // with the start of a character cut off
        CharBuffer chars = CharBuffer.allocate(buffer.length + 4);
        Throwable failed = null;
        try {
            int n;
            while ((n = stream.read(buffer)) >= 0) {
                if (n == 0) {
                    throw new IOException("read returned 0 bytes: it must block until at least one arrived");
                }
                bytes.put(buffer, 0, n).flip();
                decoder.decode(bytes, chars, false);
                bytes.compact();
                chars.flip();
                synchronized (this) {
                    text.append(chars);
                    notifyAll();
                }
                chars.clear();
            }
        } catch (IOException | RuntimeException | Error e) {
            failed = e;
        } finally {
            synchronized (this) {
                failure = failed;
                ended = true;
                notifyAll();
            }
        }
    }

    /** Waits on this console's monitor (the caller holds it) until notified or the deadline, then fails with {@code message}. */
    private void waitUntil(long deadline, Supplier<String> message) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new AssertionError(message.get());
        }
        try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the console", e);
        }
    }

    private String howItEnded() {
        return failure == null ? "ended" : "failed (" + failure + ")";
    }

    private String sinceMatch() {
        return text.substring(matched);
    }

    /** The text in quotes with control characters visible ({@code \r}, {@code \n}, {@code \x1b}), its end when long. */
    static String quote(String shown) {
        String tail = shown.length() > SHOWN ? "…" + shown.substring(shown.length() - SHOWN) : shown;
        StringBuilder out = new StringBuilder("\"");
        for (char c : tail.toCharArray()) {
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
