package dev.hangar.benchmarks.console;

import dev.hangar.testsupport.BrowserConsole;
import dev.hangar.testsupport.Chromium;
import dev.hangar.testsupport.JavaHeap;
import dev.hangar.testsupport.TinyGuest;
import dev.hangar.testsupport.VmConsolePage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WindowType;

/**
 * Issue 13's figures for the guests' consoles, against the real distribution on the real libvirtd with
 * tiny TCG guests (scripts/guest, 192 MiB each), from headless Chromium and {@code /proc}: the time from
 * picking a console in the VM page's switcher to its connection and its first VNC frame or serial byte;
 * the serial console's keystroke echo (browser keydown → the character in the terminal's rows); host CPU,
 * RSS and heap with N consoles open on guests flooding them. Timings are taken in the page on its own
 * clock; Java only polls for them.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.hangar.benchmarks.console.GuestConsoleBench [--smoke] [--NAME=VALUE …]</pre>
 */
public final class GuestConsoleBench {
    private static final Map<String, String> FULL = Map.of("distribution", "distribution/target/hangar",
            "out", "benchmarks/target/guest-console-run", "libvirtd-uri", "qemu:///system", "guests", "10",
            "runs", "10", "keystrokes", "60", "window-seconds", "20", "windows", "3");
    private static final Map<String, String> SMOKE = Map.of("guests", "2", "runs", "2", "keystrokes", "10",
            "window-seconds", "3", "windows", "1");
    private static final String PROMPT = "hangar-guest# ";
    private static final String FLOOD = "yes HANGAR-FLOOD-0123456789-abcdefghijklmnopqrstuvwxyz";
    /**
     * Arms a measurement: the time of the next click on an item of the console switcher (capture phase, the page's clock), then the first
     * animation frame after it in which the newly shown console has connected and has drawn something (a
     * non-blank canvas for VNC, a non-empty row for serial).
     */
    private static final String ARM = """
            const w = window.__hangarBenchOpen = {kind: arguments[0], clicked: null, connected: null, first: null};
            // The click on the switcher's item (not the one that opened its list).
            document.addEventListener('click', e => {
              if (w.clicked === null && e.composedPath().some(n => n.localName === 'vaadin-select-item')) w.clicked = e.timeStamp;
            }, true);
            document.addEventListener('console-state', e => {
              if (w.clicked !== null && w.connected === null && e.target.localName === w.kind && e.detail.state === 'connected')
                w.connected = performance.now();
            }, true);
            const drawn = () => {
              const el = document.querySelector(w.kind);
              if (!el) return false;
              if (w.kind === 'hangar-vnc-console') {
                const c = el.querySelector('canvas');
                if (!c || !c.width || !c.height) return false;
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                for (let i = 4; i < d.length; i += 4)
                  if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2]) return true;
                return false;
              }
              const rows = el.querySelector('.xterm-rows');
              return !!rows && rows.textContent.trim() !== '';
            };
            const poll = () => {
              if (w.clicked !== null && drawn()) { w.first = performance.now(); return; }
              requestAnimationFrame(poll);
            };
            requestAnimationFrame(poll);
            """;

    private final Map<String, String> options;
    private final Distribution distribution;
    private final Path work;
    private final List<Figure> figures = new ArrayList<>();
    private final List<Double> loads = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<TinyGuest> guests = new ArrayList<>();

    private GuestConsoleBench(Map<String, String> options) throws IOException, InterruptedException {
        this.options = options;
        this.distribution = Distribution.at(Path.of(options.get("distribution")));
        this.work = Files.createTempDirectory("hangar-bench-guest-console-");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(FULL);
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (arg.equals("--smoke")) {
                options.putAll(SMOKE);
            } else if (arg.startsWith("--") && arg.contains("=") && FULL.containsKey(arg.substring(2, arg.indexOf('=')))) {
                given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; expected --smoke or --NAME=VALUE with NAME one of "
                        + FULL.keySet());
            }
        }
        options.putAll(given);
        GuestConsoleBench bench = new GuestConsoleBench(options);
        // Stopped early (Ctrl-C), it still ends what it started: the host, chromedriver, the browser, the guests.
        Thread stop = new Thread(() -> {
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
            bench.removeGuests();
        }, "hangar-bench-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        bench.run();
        if (!bench.failures.isEmpty()) {
            System.out.println("== " + bench.failures.size() + " section(s) FAILED:");
            bench.failures.forEach(f -> System.out.println("   " + f));
            System.exit(1);
        }
    }

    private int number(String name) {
        return Integer.parseInt(options.get(name));
    }

    private void run() throws Exception {
        Path out = Files.createDirectories(Path.of(options.get("out")));
        int count = number("guests");
        System.out.println("== guest consoles: " + Machine.current().describe() + "; Java " + System.getProperty("java.version")
                + "; " + count + " tiny TCG guests on " + options.get("libvirtd-uri") + "; " + Instant.now());
        Path data = Files.createTempDirectory(work, "data-");
        Distribution.Credentials user = distribution.createUser(data);
        if (user == null) {
            throw new IllegalStateException("this distribution has no sign-in (--auth); consoles need a signed-in operator");
        }
        int port = HangarProcess.freePort();
        List<String> arguments = new ArrayList<>(distribution.arguments(port, data, options.get("libvirtd-uri")));
        // One operator opens all the consoles; the host's default allows 4 per user.
        arguments.addAll(List.of("--max-consoles-per-user", Integer.toString(count + 2)));
        try (HangarProcess host = HangarProcess.start(distribution, port, arguments, out.resolve("hangar.log"), false)) {
            host.awaitFirstPage(Duration.ofMinutes(5));
            for (int i = 0; i < count; i++) {
                guests.add(TinyGuest.define(options.get("libvirtd-uri"), "hangar-bench-", "console" + i));
            }
            TinyGuest first = guests.get(0);
            first.start();
            first.awaitLog(TinyGuest.READY, 1, TinyGuest.BOOT);
            try (Chromium browser = Chromium.start()) {
                VmConsolePage page = VmConsolePage.open(browser, host.url(), user.user(), user.password(),
                        options.get("libvirtd-uri"), first.name());
                section("opening", () -> openings(browser, page));
                section("keystroke echo", () -> echo(browser, page, first));
            }
            section("flooding consoles", () -> flooding(host, user));
        } finally {
            removeGuests();
            write(out);
        }
    }

    /** Switches between the serial and the graphical console, timing each switch in the page. */
    private void openings(Chromium browser, VmConsolePage page) throws InterruptedException {
        List<Double> vncConnected = new ArrayList<>();
        List<Double> vncFrame = new ArrayList<>();
        List<Double> serialConnected = new ArrayList<>();
        page.serial().awaitState("connected");
        for (int run = 0; run < number("runs"); run++) {
            double[] vnc = timedSwitch(browser, page, "Graphical", BrowserConsole.VNC);
            vncConnected.add(vnc[0]);
            vncFrame.add(vnc[1]);
            serialConnected.add(timedSwitch(browser, page, "Serial", BrowserConsole.SERIAL)[0]);
        }
        record(Figure.of("console switcher: click Graphical → VNC connected (idle guest)", "ms", vncConnected));
        record(Figure.of("console switcher: click Graphical → first non-blank VNC frame drawn (idle guest)", "ms", vncFrame));
        record(Figure.of("console switcher: click Serial → serial connected (idle guest)", "ms", serialConnected));
    }

    /**
     * Picks {@code label} in the switcher with the page armed (see {@link #ARM}); returns click → connected
     * and click → drawn (NaN when {@code drawn} is not awaited: an idle serial console shows nothing).
     */
    private double[] timedSwitch(Chromium browser, VmConsolePage page, String label, String tag) {
        browser.driver.executeScript(ARM, tag);
        page.console(label, tag).awaitState("connected");
        boolean draws = tag.equals(BrowserConsole.VNC);
        if (draws) {
            browser.waitUntil("the first " + label + " frame", d -> browser.driver.executeScript(
                    "return window.__hangarBenchOpen.first") != null);
        }
        Map<?, ?> w = (Map<?, ?>) browser.driver.executeScript("return window.__hangarBenchOpen");
        double clicked = ((Number) w.get("clicked")).doubleValue();
        double connected = ((Number) w.get("connected")).doubleValue() - clicked;
        return new double[] {connected, draws ? ((Number) w.get("first")).doubleValue() - clicked : Double.NaN};
    }

    /** Types random letters at the shell's prompt, each after the previous came back, in lines of 20. */
    private void echo(Chromium browser, VmConsolePage page, TinyGuest guest) {
        BrowserConsole serial = page.serial();
        serial.awaitState("connected");
        serial.type(Keys.ENTER);
        serial.awaitText(PROMPT, Chromium.WAIT);
        List<Double> latencies = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        int keystrokes = number("keystrokes");
        while (latencies.size() < keystrokes) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < Math.min(20, keystrokes - latencies.size()); i++) {
                line.append((char) ('a' + random.nextInt(26)));
            }
            latencies.addAll(serial.typeTimed(PROMPT, line.toString(), Duration.ofSeconds(30)));
            // Ends the line (the shell says it knows no such command) and waits for the next prompt.
            serial.type(Keys.ENTER);
            serial.awaitText(line + ": not found", Chromium.WAIT);
        }
        record(Figure.of("serial keystroke echo: keydown → character in the terminal (idle guest " + guest.name() + ")",
                "ms", latencies));
    }

    /**
     * Every guest running and flooding its serial console, each console open in a browser window of its
     * own: host CPU, RSS and heap, against the same guests running with no console open.
     */
    private void flooding(HangarProcess host, Distribution.Credentials user) throws Exception {
        for (TinyGuest guest : guests.subList(1, guests.size())) {
            guest.start();
        }
        for (TinyGuest guest : guests) {
            guest.awaitLog(TinyGuest.READY, 1, Duration.ofMinutes(10));
        }
        measure(host, guests.size() + " guests running, no console open");
        List<Double> firstBytes = new ArrayList<>();
        try (Chromium browser = Chromium.start()) {
            VmConsolePage first = VmConsolePage.open(browser, host.url(), user.user(), user.password(),
                    options.get("libvirtd-uri"), guests.get(0).name());
            List<VmConsolePage> pages = new ArrayList<>(List.of(first));
            List<String> windows = new ArrayList<>(List.of(browser.driver.getWindowHandle()));
            for (int i = 0; i < guests.size(); i++) {
                if (i > 0) {
                    browser.driver.switchTo().newWindow(WindowType.WINDOW);
                    windows.add(browser.driver.getWindowHandle());
                    pages.add(VmConsolePage.signedIn(browser, host.url(), options.get("libvirtd-uri"), guests.get(i).name()));
                }
                BrowserConsole serial = pages.get(i).serial();
                serial.awaitState("connected");
                serial.type(Keys.ENTER);
                serial.type(FLOOD, Keys.ENTER);
                serial.awaitText("HANGAR-FLOOD-0123456789", Chromium.WAIT);
            }
            measure(host, guests.size() + " serial consoles open on flooding guests");
            // With every guest flooding: click → first byte drawn, on a serial console opened afresh.
            for (int i = 0; i < guests.size(); i++) {
                browser.driver.switchTo().window(windows.get(i));
                pages.get(i).vnc().awaitState("connected");
                browser.driver.executeScript(ARM, BrowserConsole.SERIAL);
                pages.get(i).serial().awaitState("connected");
                browser.waitUntil("the flood on the reopened serial console",
                        d -> browser.driver.executeScript("return window.__hangarBenchOpen.first") != null);
                Map<?, ?> w = (Map<?, ?>) browser.driver.executeScript("return window.__hangarBenchOpen");
                firstBytes.add(((Number) w.get("first")).doubleValue() - ((Number) w.get("clicked")).doubleValue());
            }
        }
        record(Figure.of("console switcher: click Serial → first serial byte drawn (flooding guest, " + guests.size()
                + " guests flooding)", "ms", firstBytes));
        long flooded = guests.stream().mapToLong(TinyGuest::serialBytes).sum();
        System.out.printf(Locale.ROOT, "   the guests wrote %.0f MiB to their serial consoles in all%n", flooded / 1048576.0);
    }

    private void measure(HangarProcess host, String situation) throws IOException, InterruptedException {
        List<Double> cpu = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> heap = new ArrayList<>();
        Duration window = Duration.ofSeconds(number("window-seconds"));
        for (int i = 0; i < number("windows"); i++) {
            HangarProcess.Usage before = host.usage();
            long started = System.nanoTime();
            Thread.sleep(window.toMillis());
            HangarProcess.Usage after = host.usage();
            double seconds = (System.nanoTime() - started) / 1e9;
            cpu.add((after.cpuTicks() - before.cpuTicks()) / HangarProcess.TICKS_PER_SECOND / seconds * 100);
            rss.add(after.rssKiB() / 1024.0);
            heap.add(JavaHeap.usedMiB(host.pid()));
        }
        record(Figure.of("host CPU, " + situation, "% of one core", cpu));
        record(Figure.of("host RSS, " + situation, "MiB", rss));
        record(Figure.of("host heap used (garbage included), " + situation, "MiB", heap));
        record(Figure.of("host heap live (after a full GC), " + situation, "MiB", List.of(JavaHeap.liveMiB(host.pid()))));
    }

    @FunctionalInterface
    private interface Section {
        void run() throws Exception;
    }

    private void section(String name, Section section) throws InterruptedException {
        try {
            section.run();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception | AssertionError e) {
            String failure = name + ": FAILED — " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage())
                    .lines().filter(line -> !line.isBlank()).findFirst().orElse("");
            failures.add(failure);
            System.out.println(failure);
        }
    }

    private void record(Figure figure) {
        figures.add(figure);
        loads.add(Machine.loadAverage());
        System.out.println(figure.line() + " [load " + Figure.format(Machine.loadAverage()) + "]");
    }

    private synchronized void removeGuests() {
        for (TinyGuest guest : guests) {
            try {
                guest.close();
            } catch (RuntimeException | AssertionError e) {
                System.err.println("could not remove " + guest.name() + ": " + e.getMessage());
            }
        }
        guests.clear();
    }

    private void write(Path out) throws IOException {
        List<String> table = new ArrayList<>(List.of("Machine: " + Machine.current().describe() + "; Java "
                        + System.getProperty("java.version") + "; measured " + Instant.now(), "",
                "| figure | unit | runs | min | median | p95 | max | load |", "|---|---|---:|---:|---:|---:|---:|---:|"));
        for (int i = 0; i < figures.size(); i++) {
            Figure f = figures.get(i);
            table.add(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s |", f.name(), f.unit(), f.runs(),
                    Figure.format(f.min()), Figure.format(f.median()), f.runs() >= 20 ? Figure.format(f.p95()) : "",
                    Figure.format(f.max()), Figure.format(loads.get(i))));
        }
        failures.forEach(f -> table.add("- " + f));
        Files.write(out.resolve("results.md"), table);
        System.out.println("== figures written to " + out.toAbsolutePath().resolve("results.md"));
    }
}
