package dev.hangar.benchmarks.console;

import dev.hangar.testsupport.RunningHangar;
import dev.hangar.testsupport.Waiting;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of {@code bin/hangar}, started by the harness and ended by it (by its own PID only): the
 * time to its first page, and its RSS and CPU time from {@code /proc}.
 */
final class HangarProcess implements AutoCloseable {
    /** Linux reports CPU times in clock ticks of 1/100 s (USER_HZ) on every platform we run on. */
    static final double TICKS_PER_SECOND = 100;
    /** The libvirt provider's threads ("hangar-libvirt-N", the stats tick): Linux keeps 15 characters of a name. */
    private static final String PROVIDER_THREADS = "hangar-libvirt-";

    /**
     * What {@code /proc} says about the process at one moment.
     *
     * @param rssKiB        resident set size (VmRSS)
     * @param cpuTicks      user + system time of the whole process
     * @param providerTicks user + system time of the libvirt provider's threads
     */
    record Usage(long rssKiB, long cpuTicks, long providerTicks) {
    }

    private final RunningHangar process;
    private final String url;
    private final long startedNanos;

    private HangarProcess(RunningHangar process, String url, long startedNanos) {
        this.process = process;
        this.url = url;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts the distribution with {@code arguments} (see {@link Distribution#arguments}), logging to
     * {@code log}; with {@code jfr}, a JFR profile is recorded beside the log (written when the host ends).
     */
    static HangarProcess start(Distribution distribution, int port, List<String> arguments, Path log, boolean jfr)
            throws IOException {
        Map<String, String> environment = new HashMap<>();
        if (jfr) {
            String recording = log.toAbsolutePath().toString().replaceFirst("\\.log$", "") + ".jfr";
            String given = System.getenv("JAVA_OPTS");
            environment.put("JAVA_OPTS", (given == null ? "" : given + " ")
                    + "-XX:StartFlightRecording=settings=profile,filename=" + recording);
        }
        long started = System.nanoTime();
        return new HangarProcess(distribution.built().start(log, environment, arguments), "http://127.0.0.1:" + port + "/",
                started);
    }

    static int freePort() throws IOException {
        return dev.hangar.testsupport.Distribution.freePort();
    }

    String url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits until {@code GET /} answers 200 and returns the milliseconds since launch: launch → first
     * page served.
     */
    double awaitFirstPage(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
        Waiting.await("bin/hangar to serve a page at " + url, timeout).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("bin/hangar exited before serving a page:\n" + process.log());
            }
            try {
                return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false; // Not listening yet.
            }
        });
        return (System.nanoTime() - startedNanos) / 1e6;
    }

    Usage usage() throws IOException {
        long rss = Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(-1L);
        long provider = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().startsWith(PROVIDER_THREADS)) {
                        provider += cpuTicks(task.resolve("stat"));
                    }
                } catch (IOException e) {
                    // The thread ended while we looked.
                }
            }
        }
        return new Usage(rss, cpuTicks(Path.of("/proc", Long.toString(pid()), "stat")), provider);
    }

    /** utime + stime (fields 14 and 15) of a /proc stat line; the name in parentheses may hold spaces. */
    private static long cpuTicks(Path stat) throws IOException {
        String line = Files.readString(stat);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state), so field N is fields[N - 3].
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Ends the process (SIGTERM: the host's shutdown hook closes its connections), or kills it after 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
