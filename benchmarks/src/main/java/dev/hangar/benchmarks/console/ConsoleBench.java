package dev.hangar.benchmarks.console;

import dev.hangar.benchmarks.console.Figure.Statistic;
import dev.hangar.plugins.vm.VmStates;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.libvirt.LibvirtException;

/**
 * The console harness (issue 6, items 1, 2, 4 and 5): the real distribution, started per fixture,
 * measured from a headless Chromium and from {@code /proc}. Prints every figure as it is measured and
 * writes them to {@code out/results.txt} and {@code out/results.md}.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.hangar.benchmarks.console.ConsoleBench [--smoke] [--NAME=VALUE …]</pre>
 */
public final class ConsoleBench {
    /** List-load targets (median, warm host), by VM count. */
    private static final Map<Integer, Double> LIST_TARGET_MS = Map.of(100, 700.0, 1_000, 1_500.0, 10_000, 3_000.0);
    private static final double EVENT_TARGET_P95_MS = 300;
    private static final double IDLE_CPU_TARGET_PERCENT = 5;
    private static final int IDLE_CPU_TARGET_VMS = 1_000;
    /** Time a host gets after its first page to read its fixture before idle is measured without a browser. */
    private static final Duration SETTLE_BEFORE_BROWSER = Duration.ofSeconds(30);

    /** What a run measured, and every section that failed: its name and the first line of why. */
    public record Run(List<Figure> figures, List<String> failures) {
    }

    /** A part of a scenario; a failing one is reported and the run goes on with the next. */
    @FunctionalInterface
    private interface Section {
        void run() throws Exception;
    }

    /** A host started for one fixture, and the account its browsers sign in with (null without sign-in). */
    private record Hosted(HangarProcess process, Distribution.Credentials credentials, double firstPageMs,
                          HangarProcess.Usage atFirstPage)
            implements AutoCloseable {
        String url() {
            return process.url();
        }

        @Override
        public void close() throws InterruptedException {
            process.close();
        }
    }

    private final BenchOptions options;
    private final Distribution distribution;
    private final Path work;
    private final PrintStream out;
    private final List<Figure> figures = new ArrayList<>();
    /** The 1-minute load average when each figure was taken, in the order of {@link #figures}. */
    private final List<Double> loads = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    public ConsoleBench(BenchOptions options, PrintStream out) throws IOException, InterruptedException {
        this.options = options;
        this.out = out;
        this.distribution = Distribution.at(options.distribution());
        this.work = Files.createTempDirectory("hangar-bench-");
    }

    public static void main(String[] args) throws Exception {
        // Stopped early (Ctrl-C), the harness still ends what it started: hosts, chromedrivers, browsers.
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy), "hangar-bench-stop"));
        Run run = new ConsoleBench(BenchOptions.parse(args), System.out).run();
        // Every section ran and was reported; the exit status still says that some failed.
        if (!run.failures().isEmpty()) {
            System.out.println("== " + run.failures().size() + " section(s) FAILED:");
            run.failures().forEach(f -> System.out.println("   " + f));
            System.exit(1);
        }
    }

    /** Runs every section the options ask for; a failed section is in the result's failures. */
    public Run run() throws Exception {
        Files.createDirectories(options.out());
        out.println("== console harness: " + Machine.current().describe() + "; Java " + System.getProperty("java.version")
                + "; " + Instant.now());
        out.println("== distribution " + distribution.home() + (distribution.signIn() ? " (browsers sign in)" : "")
                + "; stats tick " + options.statsInterval() + " s; " + options.runs() + " timed list loads per size");
        try {
            if (options.startupRuns() > 0) {
                startup();
            }
            for (int vms : options.testDriverVms()) {
                testDriver(vms);
            }
            libvirtd();
        } finally {
            write();
            deleteWork();
        }
        return new Run(List.copyOf(figures), List.copyOf(failures));
    }

    /** Item 5: launch → first page served, with the libvirt plugin's demo fixture. */
    private void startup() throws Exception {
        String uri = distribution.demoFixture(work);
        List<Double> times = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int run = 0; run < options.startupRuns(); run++) {
            try (Hosted host = launch(uri, "startup")) {
                times.add(host.firstPageMs());
                cpu.add(host.atFirstPage().cpuTicks() / HangarProcess.TICKS_PER_SECOND);
            }
        }
        record(Figure.of("start-up, launch → first page served (demo fixture)", "ms", times));
        // CPU time depends far less than wall time on what else the shared machine runs.
        record(Figure.of("start-up, host CPU time until the first page (demo fixture)", "s", cpu));
    }

    private void testDriver(int vms) throws Exception {
        String scenario = "test driver, N=" + vms;
        try (Hosted host = launch(TestDriverFixture.write(work, vms), "test-" + vms)) {
            measureList(host, vms, () -> vms, scenario, options.resourceVms().contains(vms), false);
        }
    }

    /** Items 1, 2 and 4 on the real daemon, with VMs of our own defined for the run and undefined after. */
    private void libvirtd() throws Exception {
        if (options.libvirtdVms().isEmpty()) {
            return;
        }
        BenchDomains domains;
        try {
            domains = new BenchDomains(options.libvirtdUri());
        } catch (LibvirtException e) {
            failed("libvirtd at " + options.libvirtdUri(), "does not answer (" + e.getMessage()
                    + "); scripts/test-env.sh starts it, --libvirtd-vms= skips the daemon");
            return;
        }
        // A run stopped with Ctrl-C still removes its VMs.
        Thread cleanup = new Thread(() -> {
            try {
                domains.removeAll();
            } catch (LibvirtException e) {
                System.err.println("could not remove the hangar-bench-* VMs: " + e.getMessage());
            }
        }, "hangar-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            domains.removeAll();
            List<Integer> sizes = options.libvirtdVms().stream().sorted().toList();
            int largest = Collections.max(sizes);
            int events = options.eventVms() > 0 ? options.eventVms() : largest;
            for (int vms : sizes) {
                long started = System.nanoTime();
                domains.defineUpTo(vms);
                out.printf(Locale.ROOT, "   defined %d VMs on %s in %.1f s%n", vms, options.libvirtdUri(),
                        (System.nanoTime() - started) / 1e9);
                String scenario = "libvirtd, N=" + vms;
                // The list shows every VM of the daemon: ours and any others (counted before each load).
                IntSupplier listed = () -> vms + domains.others();
                try (Hosted host = launch(options.libvirtdUri(), "libvirtd-" + vms)) {
                    measureList(host, vms, listed, scenario, vms == largest, vms == events);
                }
            }
        } finally {
            Runtime.getRuntime().removeShutdownHook(cleanup);
            cleanup.run();
        }
    }

    private Hosted launch(String libvirtUri, String label) throws IOException, InterruptedException {
        Path data = Files.createTempDirectory(work, "data-");
        Distribution.Credentials credentials = distribution.createUser(data);
        int port = HangarProcess.freePort();
        List<String> arguments = new ArrayList<>(distribution.arguments(port, data, libvirtUri));
        arguments.addAll(List.of("--option", "libvirt-stats-interval=" + options.statsInterval()));
        HangarProcess process = HangarProcess.start(distribution, port, arguments,
                options.out().resolve("hangar-" + label + ".log"), options.jfr());
        try {
            double firstPage = process.awaitFirstPage(Duration.ofMinutes(5));
            return new Hosted(process, credentials, firstPage, process.usage());
        } catch (IOException | RuntimeException e) {
            process.close();
            throw e;
        }
    }

    /**
     * The list-dependent sections of one host with {@code vms} VMs of the scenario; the list shows
     * {@code listed} in all (on a daemon, other VMs besides ours). Resources are measured even when the
     * list never loads (once the browser has gone): the provider's idle cost does not need a page.
     */
    private void measureList(Hosted host, int vms, IntSupplier listed, String scenario, boolean resources,
                             boolean events) throws InterruptedException {
        if (resources) {
            section(scenario + ", resources before any browser", () -> {
                // No page has been open yet: only the provider's loading and its stats tick run.
                Thread.sleep(SETTLE_BEFORE_BROWSER.toMillis());
                measure(host, vms, scenario + ", idle before any browser", true);
            });
        }
        boolean loads = section(scenario + ", warm-up load", () -> warmUp(host, listed, scenario));
        if (resources) {
            section(scenario + ", resources", () -> resources(host, vms, listed, scenario, loads));
        }
        if (loads) {
            section(scenario + ", list load", () -> listLoads(host, vms, listed, scenario));
        }
        if (events && loads) {
            section(scenario + ", event latency", () -> eventLatency(host, listed, scenario));
        }
    }

    private boolean section(String name, Section section) throws InterruptedException {
        try {
            section.run();
            return true;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            failed(name, e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines()
                    .filter(line -> !line.isBlank()).findFirst().orElse(""));
            return false;
        }
    }

    private void failed(String name, String why) {
        String failure = name + ": FAILED — " + why;
        failures.add(failure);
        out.println(failure);
    }

    /** One untimed load: the host has read every VM and compiled its hot paths before timed runs. */
    private void warmUp(Hosted host, IntSupplier listed, String scenario) throws IOException, InterruptedException {
        try (ConsoleBrowser browser = new ConsoleBrowser()) {
            browser.signIn(host.url(), host.credentials());
            double ms = browser.timeListLoad(host.url(), listed.getAsInt(), options.loadTimeout()).painted();
            out.printf(Locale.ROOT, "   %s: host up after %.0f ms; warm-up load %.0f ms (untimed)%n", scenario,
                    host.firstPageMs(), ms);
        }
    }

    /** Item 1: a fresh browser per run, signed in, empty cache; navigation start → rows and total shown. */
    private void listLoads(Hosted host, int vms, IntSupplier listed, String scenario)
            throws IOException, InterruptedException {
        List<ConsoleBrowser.ListLoad> loads = new ArrayList<>();
        for (int run = 0; run < options.runs(); run++) {
            try (ConsoleBrowser browser = new ConsoleBrowser()) {
                browser.signIn(host.url(), host.credentials());
                loads.add(browser.timeListLoad(host.url(), listed.getAsInt(), options.loadTimeout()));
            }
        }
        Figure figure = Figure.of("list load, " + scenario, "ms",
                loads.stream().map(ConsoleBrowser.ListLoad::painted).toList());
        Double target = LIST_TARGET_MS.get(vms);
        record(target == null ? figure : figure.withTarget(Statistic.MEDIAN, target));
        // Where the time went, from the same runs: what arrived from the server when.
        record(Figure.of("  of which until the HTML arrived, " + scenario, "ms",
                loads.stream().map(ConsoleBrowser.ListLoad::html).toList()));
        record(Figure.of("  of which until the last script arrived, " + scenario, "ms",
                loads.stream().map(ConsoleBrowser.ListLoad::scripts).toList()));
        record(Figure.of("  of which until Vaadin's first server response arrived, " + scenario, "ms",
                loads.stream().map(ConsoleBrowser.ListLoad::server).toList()));
        record(Figure.of("  scripts decoded by the page, " + scenario, "KiB",
                loads.stream().map(l -> l.scriptBytes() / 1024).toList()));
        record(Figure.of("  scripts transferred (compressed, with headers), " + scenario, "KiB",
                loads.stream().map(l -> l.scriptTransferred() / 1024).toList()));
    }

    /** Item 4: RSS and CPU of the host, idle (stats tick running) and with tabs open; the tick's own CPU. */
    private void resources(Hosted host, int vms, IntSupplier listed, String scenario, boolean loads)
            throws IOException, InterruptedException {
        // The warm-up browser's UI closes on its unload beacon; let that and start-up garbage settle.
        Thread.sleep(5_000);
        // After a load that failed, the host may still be busy with that page's UI until it notices it is gone.
        measure(host, vms, scenario + (loads ? ", idle" : ", idle after a list load that failed"), true);
        if (!loads) {
            return;
        }
        try (ConsoleBrowser browser = new ConsoleBrowser()) {
            browser.signIn(host.url(), host.credentials());
            int total = listed.getAsInt();
            browser.timeListLoad(host.url(), total, options.loadTimeout());
            browser.openTabs(host.url(), options.tabs() - 1, total, options.loadTimeout());
            measure(host, vms, scenario + ", " + options.tabs() + " tabs open", false);
        }
    }

    private void measure(Hosted host, int vms, String situation, boolean idle) throws IOException, InterruptedException {
        List<Double> cpu = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> tick = new ArrayList<>();
        for (int window = 0; window < options.windows(); window++) {
            HangarProcess.Usage before = host.process().usage();
            long started = System.nanoTime();
            Thread.sleep(options.window().toMillis());
            HangarProcess.Usage after = host.process().usage();
            double seconds = (System.nanoTime() - started) / 1e9;
            cpu.add((after.cpuTicks() - before.cpuTicks()) / HangarProcess.TICKS_PER_SECOND / seconds * 100);
            rss.add(after.rssKiB() / 1024.0);
            tick.add((after.providerTicks() - before.providerTicks()) / HangarProcess.TICKS_PER_SECOND * 1000
                    / (seconds / options.statsInterval()));
        }
        Figure cpuFigure = Figure.of("host CPU, " + situation, "% of one core", cpu);
        record(idle && vms == IDLE_CPU_TARGET_VMS ? cpuFigure.withTarget(Statistic.MEDIAN, IDLE_CPU_TARGET_PERCENT)
                : cpuFigure);
        record(Figure.of("host RSS, " + situation, "MiB", rss));
        if (idle) {
            record(Figure.of("stats tick CPU per connection (provider threads), " + situation, "ms per tick", tick));
        }
    }

    /** A direction of event latency: the virsh verb, the lifecycle event libvirt publishes, the state shown. */
    private enum Change {
        START("start", "Started", VmStates.RUNNING), DESTROY("destroy", "Stopped", VmStates.SHUT_OFF);

        final String verb;
        final String event;
        final String label;

        Change(String verb, String event, String state) {
            this.verb = verb;
            this.event = event;
            this.label = VmStates.info(VmStates.builtIn(), state).label();
        }
    }

    /** One timed change, all on the machine's clock (Date.now() in the page, currentTimeMillis here). */
    private record Timing(long invoked, long event, long shown) {
    }

    /**
     * Item 2: one of our VMs in view, started and destroyed with virsh by turns; the page records when its
     * row shows the new state, and a {@code virsh event} of our own when libvirt published the change. Per
     * direction: invoked → row (the target), split into libvirt's event → row (Hangar's part) and invoked
     * → libvirt's event (libvirt's and QEMU's part).
     */
    private void eventLatency(Hosted host, IntSupplier listed, String scenario) throws IOException, InterruptedException {
        Map<Change, List<Timing>> timings = new EnumMap<>(Change.class);
        // Opened before the browser, so that virsh has long registered for events when the first change runs.
        try (LifecycleEvents events = new LifecycleEvents(options.libvirtdUri());
             ConsoleBrowser browser = new ConsoleBrowser()) {
            browser.signIn(host.url(), host.credentials());
            browser.timeListLoad(host.url(), listed.getAsInt(), options.loadTimeout());
            String vm = browser.firstShownName(BenchDomains.PREFIX);
            if (vm == null) {
                throw new IllegalStateException("the list shows none of the " + BenchDomains.PREFIX + "* VMs");
            }
            Change change = Change.START.label.equals(browser.watchState(vm)) ? Change.DESTROY : Change.START;
            for (int i = 0; i < options.eventChanges(); i++) {
                int rowChanges = browser.stateChanges().size();
                int eventCount = events.count();
                long invoked = System.currentTimeMillis();
                virsh(change.verb, vm);
                long event = events.await(eventCount, vm, change.event, Duration.ofSeconds(30));
                long shown = awaitState(browser, rowChanges, change.label);
                timings.computeIfAbsent(change, c -> new ArrayList<>()).add(new Timing(invoked, event, shown));
                change = change == Change.START ? Change.DESTROY : Change.START;
                Thread.sleep(500);
            }
        }
        for (Change change : Change.values()) {
            List<Timing> done = timings.getOrDefault(change, List.of());
            record(Figure.of("event latency, virsh " + change.verb + " invoked → row shows the new state, "
                    + scenario, "ms", done.stream().map(t -> (double) (t.shown() - t.invoked())).toList())
                    .withTarget(Statistic.P95, EVENT_TARGET_P95_MS));
            record(Figure.of("  of which libvirt's event → row shows it (Hangar's part), " + change.verb + ", "
                    + scenario, "ms", done.stream().map(t -> (double) (t.shown() - t.event())).toList()));
            record(Figure.of("  of which virsh invoked → libvirt's event (libvirt's and QEMU's part), " + change.verb
                    + ", " + scenario, "ms", done.stream().map(t -> (double) (t.event() - t.invoked())).toList()));
        }
    }

    private static long awaitState(ConsoleBrowser browser, int seen, String expected) throws InterruptedException {
        long[] at = new long[1];
        ConsoleBrowser.await(() -> {
            List<ConsoleBrowser.StateChange> changes = browser.stateChanges();
            for (ConsoleBrowser.StateChange change : changes.subList(Math.min(seen, changes.size()), changes.size())) {
                if (change.text() != null && change.text().equals(expected)) {
                    at[0] = change.atMillis();
                    return true;
                }
            }
            return false;
        }, Duration.ofSeconds(30), "the row to show '" + expected + "'");
        return at[0];
    }

    private void virsh(String verb, String vm) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("virsh", "-q", "-c", options.libvirtdUri(), verb, vm)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("virsh " + verb + " " + vm + " failed: " + output);
        }
    }

    private void record(Figure figure) {
        figures.add(figure);
        loads.add(Machine.loadAverage());
        out.println(line(figures.size() - 1));
    }

    private String line(int index) {
        return figures.get(index).line() + " [load " + Figure.format(loads.get(index)) + "]";
    }

    private void write() throws IOException {
        String header = "Machine: " + Machine.current().describe() + "; Java " + System.getProperty("java.version")
                + "; measured " + Instant.now();
        List<String> text = new ArrayList<>(List.of(header));
        for (int i = 0; i < figures.size(); i++) {
            text.add(line(i));
        }
        text.addAll(failures);
        Files.write(options.out().resolve("results.txt"), text);
        List<String> table = new ArrayList<>(List.of(header, "",
                "| figure | unit | runs | min | median | p95 | max | target | load |",
                "|---|---|---:|---:|---:|---:|---:|---|---:|"));
        for (int i = 0; i < figures.size(); i++) {
            Figure f = figures.get(i);
            table.add(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s |", f.name(), f.unit(),
                    f.runs(), Figure.format(f.min()), Figure.format(f.median()),
                    f.runs() >= 20 ? Figure.format(f.p95()) : "", Figure.format(f.max()),
                    f.verdict().replaceFirst("^ — target ", ""), Figure.format(loads.get(i))));
        }
        if (!failures.isEmpty()) {
            table.add("");
            failures.forEach(f -> table.add("- " + f));
        }
        Files.write(options.out().resolve("results.md"), table);
        out.println("== figures written to " + options.out().toAbsolutePath().resolve("results.md"));
    }

    private void deleteWork() throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
