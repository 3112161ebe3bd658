package dev.hangar.benchmarks.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Libvirt's lifecycle events as a client of the daemon other than Hangar sees them: {@code virsh event
 * --loop} runs while this is open, and each event is stamped with {@link System#currentTimeMillis()} when
 * its line is read, the clock the page's {@code Date.now()} uses. virsh flushes every event line, also
 * into a pipe. The process is ended by its own PID on {@link #close}.
 */
final class LifecycleEvents implements AutoCloseable {
    /** {@code 2026-11-26 09:03:25.992+0000: event 'lifecycle' for domain 'hangar-bench-0000': Started Booted}. */
    private static final Pattern EVENT = Pattern.compile("event 'lifecycle' for domain '(.+)': (\\S+)");

    /** One event: when the harness read it, the domain, and its type ("Started", "Stopped", …). */
    record Event(long atMillis, String vm, String type) {
    }

    private final Process process;
    private final Thread reader;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    /** The last line that was no event (an error virsh printed), for the failure message. */
    private volatile String lastOther = "";

    LifecycleEvents(String uri) throws IOException {
        process = new ProcessBuilder("virsh", "-q", "-c", uri, "event", "--loop", "--event", "lifecycle",
                "--timestamp").redirectErrorStream(true).start();
        reader = new Thread(this::read, "hangar-bench-lifecycle-events");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader lines = process.inputReader(StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                long at = System.currentTimeMillis();
                Matcher event = EVENT.matcher(line);
                if (event.find()) {
                    events.add(new Event(at, event.group(1), event.group(2)));
                } else if (!line.isBlank()) {
                    lastOther = line;
                }
            }
        } catch (IOException e) {
            // The process was ended: no more events.
        }
    }

    /** How many events were read so far; {@link #await} with it waits only for later ones. */
    int count() {
        return events.size();
    }

    /** When the first {@code type} event of {@code vm} after the first {@code seen} events was read. */
    long await(int seen, String vm, String type, Duration timeout) throws InterruptedException {
        long[] at = new long[1];
        ConsoleBrowser.await(() -> {
            List<Event> now = List.copyOf(events);
            for (Event event : now.subList(seen, now.size())) {
                if (event.vm().equals(vm) && event.type().equals(type)) {
                    at[0] = event.atMillis();
                    return true;
                }
            }
            // The reader ends at the end of virsh's output: no event can come any more.
            if (!reader.isAlive()) {
                throw new IllegalStateException("virsh event ended (" + lastOther + ") before libvirt's '" + type
                        + "' event for " + vm);
            }
            return false;
        }, timeout, "libvirt's '" + type + "' event for " + vm + " from virsh event");
        return at[0];
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
