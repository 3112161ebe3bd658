package dev.hangar.example.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A connection to a machine's serial port, as a remote engine's console proxy hands one out (think of
 * a socket): {@link #fromGuest()} is what the guest prints, {@link #toGuest()} what is typed to it.
 * Behind it runs the guest's scripted shell: a banner with the machine's name, a prompt, echo of what
 * is typed with a line discipline (Backspace erases, Enter runs the line) and a few commands.
 *
 * <p>One thread reads and one writes, as on a socket; {@link #close()} may come from any thread and
 * ends a read or write that blocks. The guest's output waits in a bounded buffer: when nobody reads,
 * the shell (and so the writer) blocks, as a real serial line would.
 */
public final class SerialConnection implements AutoCloseable {
    /** Bytes of the guest's output that wait for the reader before the guest blocks. */
    private static final int BUFFER_BYTES = 64 * 1024;
    /** What the shell says in one go at most: a long output goes out in pieces of this size. */
    private static final int PIECE_BYTES = 4096;
    private static final int MAX_LINE = 1024;
    private static final int MAX_SEQ = 1_000_000;
    private static final byte[] ERASE = {'\b', ' ', '\b'};
    private static final byte[] BELL = {7};

    private final String name;
    private final long bootedNanos;
    private final InputStream fromGuest = new FromGuest();
    private final OutputStream toGuest = new ToGuest();

    /** The guest's output not yet read, guarded by {@code this}. */
    private final Deque<byte[]> output = new ArrayDeque<>();
    private int outputBytes;
    private int headOffset;
    private boolean ended;
    private boolean closed;

    /** The shell: the line being typed and its reply, touched by the writing thread only (under {@code shell}). */
    private final Object shell = new Object();
    private final byte[] line = new byte[MAX_LINE];
    private int lineLength;
    private boolean afterCr;
    private final ByteArrayOutputStream reply = new ByteArrayOutputStream();

    SerialConnection(String name, long bootedNanos) {
        this.name = name;
        this.bootedNanos = bootedNanos;
        print("\r\nExample engine 1.0 - serial console of '" + name + "' (ttyS0)\r\n"
                + "Type 'help' for the commands.\r\n\r\n" + prompt());
    }

    /** What the guest prints: a read blocks until it prints something, and returns -1 once the connection ended. */
    public InputStream fromGuest() {
        return fromGuest;
    }

    /** What is typed to the guest: its shell echoes and answers while the write runs. */
    public OutputStream toGuest() {
        return toGuest;
    }

    /** Whether neither side has ended it: the engine lets one client connect at a time. */
    public synchronized boolean isOpen() {
        return !ended && !closed;
    }

    /** Ends the connection from the client's side: a blocked read returns -1, a blocked write fails. */
    @Override
    public synchronized void close() {
        closed = true;
        output.clear();
        outputBytes = 0;
        headOffset = 0;
        notifyAll();
    }

    /** Ends it from the engine's side (the machine stopped, another client took over): the reader gets what is left, then -1. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    private String prompt() {
        return name + "$ ";
    }

    private void type(byte b) throws IOException {
        if (b == '\n' && afterCr) {  // CR LF is one Enter
            afterCr = false;
            return;
        }
        afterCr = b == '\r';
        if (b == '\r' || b == '\n') {
            emit("\r\n".getBytes(StandardCharsets.US_ASCII));
            String typed = new String(line, 0, lineLength, StandardCharsets.UTF_8).strip();
            lineLength = 0;
            run(typed);
            emit(prompt().getBytes(StandardCharsets.UTF_8));
        } else if (b == 0x7f || b == '\b') {  // xterm's Backspace is DEL
            if (lineLength > 0) {
                while (lineLength > 1 && (line[lineLength - 1] & 0xc0) == 0x80) {
                    lineLength--;  // the continuation bytes of a UTF-8 character
                }
                lineLength--;
                emit(ERASE);
            }
        } else if ((b & 0xff) >= 0x20) {
            if (lineLength == MAX_LINE) {
                emit(BELL);
                return;
            }
            line[lineLength++] = b;
            emit(new byte[] {b});
        }
        // other control characters mean nothing to this shell
    }

    private void run(String typed) throws IOException {
        int space = typed.indexOf(' ');
        String command = space < 0 ? typed : typed.substring(0, space);
        String argument = space < 0 ? "" : typed.substring(space + 1).strip();
        switch (command) {
            case "" -> { }
            case "help" -> println("Commands: help, echo TEXT, uptime, hostname, seq N (prints 1 to N)");
            case "echo" -> println(argument);
            case "hostname" -> println(name);
            case "uptime" -> {
                Duration up = Duration.ofNanos(System.nanoTime() - bootedNanos);
                println(String.format("up %d:%02d:%02d", up.toHours(), up.toMinutesPart(), up.toSecondsPart()));
            }
            case "seq" -> seq(argument);
            default -> println(command + ": command not found (try 'help')");
        }
    }

    private void seq(String argument) throws IOException {
        int last;
        try {
            last = Integer.parseInt(argument);
        } catch (NumberFormatException e) {
            println("seq: N must be a whole number");
            return;
        }
        if (last < 1 || last > MAX_SEQ) {
            println("seq: N must be between 1 and " + MAX_SEQ);
            return;
        }
        for (int i = 1; i <= last; i++) {
            println(Integer.toString(i));
        }
    }

    private void println(String text) throws IOException {
        emit((text + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Adds to the shell's reply; a long reply goes out piece by piece, waiting for the reader. */
    private void emit(byte[] bytes) throws IOException {
        reply.writeBytes(bytes);
        if (reply.size() >= PIECE_BYTES) {
            sendReply();
        }
    }

    private void sendReply() throws IOException {
        if (reply.size() > 0) {
            byte[] piece = reply.toByteArray();
            reply.reset();
            send(piece);
        }
    }

    /** The banner, before anyone reads: never blocks. */
    private synchronized void print(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        output.add(bytes);
        outputBytes += bytes.length;
    }

    /** Puts the guest's output into the buffer, waiting while it is full. */
    private synchronized void send(byte[] bytes) throws IOException {
        while (outputBytes >= BUFFER_BYTES && isOpen()) {
            await();
        }
        if (!isOpen()) {
            throw new IOException("the serial console of '" + name + "' " + (closed ? "was closed" : "ended"));
        }
        output.add(bytes);
        outputBytes += bytes.length;
        notifyAll();
    }

    private synchronized int take(byte[] buffer, int offset, int length) throws InterruptedIOException {
        while (output.isEmpty() && isOpen()) {
            await();
        }
        if (closed || output.isEmpty()) {
            return -1;
        }
        int taken = 0;
        while (taken < length && !output.isEmpty()) {
            byte[] head = output.peek();
            int n = Math.min(length - taken, head.length - headOffset);
            System.arraycopy(head, headOffset, buffer, offset + taken, n);
            taken += n;
            headOffset += n;
            if (headOffset == head.length) {
                output.remove();
                headOffset = 0;
            }
        }
        outputBytes -= taken;
        notifyAll();
        return taken;
    }

    /** Waits on this connection's monitor (its caller holds it); an interrupt fails the read or write. */
    private void await() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the serial console of '" + name + "'");
        }
    }

    private final class FromGuest extends InputStream {
        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            return take(buffer, offset, length);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public void close() {
            SerialConnection.this.close();
        }
    }

    private final class ToGuest extends OutputStream {
        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            synchronized (shell) {
                for (int i = offset; i < offset + length; i++) {
                    type(bytes[i]);
                }
                sendReply();
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void close() {
            SerialConnection.this.close();
        }
    }
}
