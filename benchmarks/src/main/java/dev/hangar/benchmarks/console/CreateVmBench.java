package dev.hangar.benchmarks.console;

import dev.hangar.testsupport.Chromium;
import dev.hangar.testsupport.CreateVmPage;
import dev.hangar.testsupport.CreatedVm;
import dev.hangar.testsupport.Login;
import dev.hangar.testsupport.TinyGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 14's figure "Create dialog open → VM defined and running", against the real distribution on the
 * real libvirtd, from headless Chromium: an operator opens the VM list's create dialog, fills it for the
 * tiny test guest (direct kernel boot from its kernel and initrd, a new qcow2 volume in pool
 * {@code default}, a NIC on network {@code isolated}, start after creation) and clicks Create. Timed in the
 * page on its own clock: the click on Create VM → the dialog ready (the connection's choices read), and
 * the click on Create → the progress shown, → the dialog closed, → the VM's row in the list (defined),
 * → the row saying Running. Filling the form (Selenium's typing) is not timed. Each run's VM and volume
 * are removed before the next ({@code hangar-bench-create-*} only).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.hangar.benchmarks.console.CreateVmBench [--smoke] [--NAME=VALUE …]</pre>
 */
public final class CreateVmBench {
    private static final Map<String, String> FULL = Map.of("distribution", "distribution/target/hangar",
            "out", "benchmarks/target/create-run", "libvirtd-uri", "qemu:///system", "runs", "7", "pool", "default",
            "network", "isolated", "disk-gib", "1", "memory-mib", "192", "virt-type", "qemu");
    private static final Map<String, String> SMOKE = Map.of("runs", "1");
    private static final Pattern CMDLINE = Pattern.compile("<cmdline>([^<]*)</cmdline>");

    private final Map<String, String> options;
    private final List<Figure> figures = new ArrayList<>();
    private final List<Double> loads = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private volatile CreatedVm current;

    private CreateVmBench(Map<String, String> options) {
        this.options = options;
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
        CreateVmBench bench = new CreateVmBench(options);
        // Stopped early (Ctrl-C), it still ends what it started: the host, chromedriver, the browser, the VM.
        Thread stop = new Thread(() -> {
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
            bench.removeCurrent();
        }, "hangar-bench-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        bench.run();
        if (!bench.failures.isEmpty()) {
            System.out.println("== " + bench.failures.size() + " run(s) FAILED:");
            bench.failures.forEach(f -> System.out.println("   " + f));
            System.exit(1);
        }
    }

    private int number(String name) {
        return Integer.parseInt(options.get(name));
    }

    private void run() throws Exception {
        Path out = Files.createDirectories(Path.of(options.get("out")));
        String uri = options.get("libvirtd-uri");
        Path template = TinyGuest.DIR.resolve("domain-template.xml");
        Matcher cmdline = CMDLINE.matcher(Files.readString(template));
        if (!cmdline.find()) {
            throw new IllegalStateException("no <cmdline> in " + template + " (scripts/test-env.sh builds the tiny guest)");
        }
        System.out.println("== create: " + Machine.current().describe() + "; Java " + System.getProperty("java.version")
                + "; the tiny guest on " + uri + ", " + number("runs") + " runs; " + Instant.now());
        Distribution distribution = Distribution.at(Path.of(options.get("distribution")));
        Path work = Files.createTempDirectory("hangar-bench-create-");
        Distribution.Credentials user = distribution.createUser(work.resolve("data"));
        if (user == null) {
            throw new IllegalStateException("this distribution has no sign-in (--auth); creating needs a signed-in operator");
        }
        int port = HangarProcess.freePort();
        List<Double> open = new ArrayList<>();
        List<Double> progress = new ArrayList<>();
        List<Double> closed = new ArrayList<>();
        List<Double> defined = new ArrayList<>();
        List<Double> running = new ArrayList<>();
        List<String> arguments = new ArrayList<>(distribution.arguments(port, work.resolve("data"), uri));
        // The tiny guest under TCG, as the consoles' figures: this machine's KVM boots no Linux kernel.
        arguments.addAll(List.of("--option", "libvirt-virt-type=" + options.get("virt-type")));
        try (HangarProcess host = HangarProcess.start(distribution, port, arguments, out.resolve("hangar.log"), false);
             Chromium browser = Chromium.start()) {
            host.awaitFirstPage(Duration.ofMinutes(5));
            Login.signIn(browser.driver, host.url(), user.user(), user.password());
            for (int run = 0; run < number("runs"); run++) {
                String name = "hangar-bench-create-" + run + "-" + UUID.randomUUID().toString().substring(0, 8);
                current = new CreatedVm(uri, name, options.get("pool"));
                try {
                    browser.driver.get(host.url());
                    browser.find("vaadin-grid.vm-grid");
                    Map.Entry<CreateVmPage, Double> opened = CreateVmPage.openDialogTimed(browser);
                    CreateVmPage page = opened.getKey();
                    page.name(name).memoryMiB(number("memory-mib")).vcpus(1)
                            .kernel(TinyGuest.DIR.resolve("vmlinuz").toString(), TinyGuest.DIR.resolve("initrd.img").toString(),
                                    cmdline.group(1))
                            .newVolume(options.get("pool"), number("disk-gib"), "qcow2")
                            .network(options.get("network"))
                            .start(true);
                    page.arm(name);
                    page.create();
                    CreateVmPage.Timeline timeline = page.awaitRunning(Duration.ofMinutes(3));
                    String state = current.state();
                    if (!state.equals("running")) {
                        throw new IllegalStateException("the list said Running, virsh domstate says " + state);
                    }
                    add(open, opened.getValue());
                    add(progress, timeline.progress());
                    add(closed, timeline.closed());
                    add(defined, timeline.listed());
                    add(running, timeline.running());
                    System.out.printf(Locale.ROOT, "   run %d: dialog ready %.0f ms; Create → progress %.0f, closed %.0f, listed %.0f,"
                                    + " running %.0f ms; bar %s [load %s]%n", run, opened.getValue(), nan(timeline.progress()),
                            nan(timeline.closed()), nan(timeline.listed()), timeline.running(), timeline.values(),
                            Figure.format(Machine.loadAverage()));
                } catch (Exception | AssertionError e) {
                    String failure = "run " + run + ": " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage())
                            .lines().filter(line -> !line.isBlank()).findFirst().orElse("");
                    failures.add(failure);
                    System.out.println(failure);
                } finally {
                    removeCurrent();
                }
            }
        } finally {
            dev.hangar.testsupport.Folders.delete(work);
        }
        record(Figure.of("create: click Create VM → dialog ready (choices read)", "ms", open));
        record(Figure.of("create: click Create → progress shown", "ms", progress));
        record(Figure.of("create: click Create → dialog closed (task done)", "ms", closed));
        record(Figure.of("create: click Create → VM defined (its row in the list)", "ms", defined));
        record(Figure.of("create: click Create → VM running (its row says Running)", "ms", running));
        write(out);
    }

    private static double nan(Double value) {
        return value == null ? Double.NaN : value;
    }

    /** A time not seen (the page was not drawn in between) is left out rather than counted as 0. */
    private static void add(List<Double> values, Double value) {
        if (value != null) {
            values.add(value);
        }
    }

    private synchronized void removeCurrent() {
        CreatedVm vm = current;
        current = null;
        if (vm != null) {
            try {
                vm.close();
            } catch (RuntimeException | AssertionError e) {
                System.err.println("could not remove " + vm.name() + ": " + e.getMessage());
            }
        }
    }

    private void record(Figure figure) {
        figures.add(figure);
        loads.add(Machine.loadAverage());
        if (figure.runs() > 0) {
            System.out.println(figure.line() + " [load " + Figure.format(Machine.loadAverage()) + "]");
        }
    }

    private void write(Path out) throws java.io.IOException {
        List<String> table = new ArrayList<>(List.of("Machine: " + Machine.current().describe() + "; Java "
                        + System.getProperty("java.version") + "; measured " + Instant.now(), "",
                "| figure | unit | runs | min | median | max | load |", "|---|---|---:|---:|---:|---:|---:|"));
        for (int i = 0; i < figures.size(); i++) {
            Figure f = figures.get(i);
            if (f.runs() == 0) {
                continue;
            }
            table.add(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s |", f.name(), f.unit(), f.runs(),
                    Figure.format(f.min()), Figure.format(f.median()), Figure.format(f.max()), Figure.format(loads.get(i))));
        }
        failures.forEach(f -> table.add("- " + f));
        Files.write(out.resolve("results.md"), table);
        System.out.println("== figures written to " + out.toAbsolutePath().resolve("results.md"));
    }
}
