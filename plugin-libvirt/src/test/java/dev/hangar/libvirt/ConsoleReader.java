package dev.hangar.libvirt;

import dev.hangar.plugins.capability.ConsoleStream;
import dev.hangar.testsupport.Waiting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads a console stream on its own thread, as the host does, keeping what came (the last
 * {@code keep} bytes), how much came in all, and how it ended.
 */
final class ConsoleReader implements AutoCloseable {
    private final ConsoleStream stream;
    private final Thread thread;
    private final int keep;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    private long total;
    private volatile boolean ended;
    private volatile IOException failure;

    ConsoleReader(ConsoleStream stream, String name) {
        this(stream, name, 4 * 1024 * 1024);
    }

    ConsoleReader(ConsoleStream stream, String name, int keep) {
        this.stream = stream;
        this.keep = keep;
        this.thread = new Thread(this::run, "console-reader " + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        byte[] buffer = new byte[8192];
        try {
            while (true) {
                int n = stream.read(buffer);
                if (n < 0) {
                    break;
                }
                synchronized (this) {
                    total += n;
                    if (seen.size() + n > keep) {
                        byte[] all = seen.toByteArray();
                        seen.reset();
                        int from = Math.min(all.length, all.length + n - keep / 2);
                        seen.write(all, from, all.length - from);
                    }
                    seen.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            ended = true;
        }
    }

    synchronized String text() {
        return seen.toString(StandardCharsets.UTF_8);
    }

    synchronized long total() {
        return total;
    }

    boolean ended() {
        return ended;
    }

    IOException failure() {
        return failure;
    }

    Thread thread() {
        return thread;
    }

    void type(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        stream.write(bytes, 0, bytes.length);
    }

    /** Waits until the output holds {@code text}, saying what it holds when it does not. */
    void awaitText(String text, Duration limit) {
        try {
            Waiting.await("'" + text + "' on the console", limit).until(() -> text().contains(text));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the console did not show '" + text + "' within " + limit + "; it showed:\n"
                    + tail(), e);
        }
    }

    void awaitEnd(Duration limit) {
        Waiting.await("the console stream to end (read returns -1)", limit).until(this::ended);
    }

    String tail() {
        String all = text();
        return all.length() > 2000 ? all.substring(all.length() - 2000) : all;
    }

    @Override
    public void close() {
        stream.close();
    }
}
