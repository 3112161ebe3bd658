package dev.hangar.benchmarks.console;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How long sign-in takes in a fresh browser: starts the distribution (users file, the libvirt
 * plugin's demo host), then N times opens a new headless Chromium with an empty profile, loads the
 * login page (not timed) and times from pressing Enter to the console's list showing (see
 * {@link ConsoleBrowser#signIn}). Prints min / median / p95 / max against the target of a median
 * ≤ 1.2 s, with the machine and its load average.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.hangar.benchmarks.console.SignInBench [--distribution=DIR] [--runs=N]</pre>
 */
public final class SignInBench {
    static final double TARGET_MS = 1200;

    private SignInBench() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of("distribution/target/hangar");
        int runs = 20;
        for (String arg : args) {
            if (arg.startsWith("--distribution=")) {
                home = Path.of(arg.substring("--distribution=".length()));
            } else if (arg.startsWith("--runs=")) {
                runs = Integer.parseInt(arg.substring("--runs=".length()));
            } else {
                throw new IllegalArgumentException("unknown argument " + arg + " (--distribution=DIR, --runs=N)");
            }
        }
        PrintStream out = System.out;
        Distribution distribution = Distribution.at(home);
        if (!distribution.signIn()) {
            throw new IllegalStateException(home + " has no sign-in (--auth): nothing to measure");
        }
        Path work = Files.createTempDirectory("hangar-signin-bench-");
        try {
            Path data = work.resolve("data");
            Distribution.Credentials credentials = distribution.createUser(data);
            int port = HangarProcess.freePort();
            List<String> arguments = distribution.arguments(port, data, distribution.demoFixture(work));
            try (HangarProcess host = HangarProcess.start(distribution, port, arguments, work.resolve("hangar.log"), false)) {
                host.awaitFirstPage(Duration.ofSeconds(120));
                // One sign-in first, not counted: the host's JIT and the first argon2 allocation.
                try (ConsoleBrowser warm = new ConsoleBrowser()) {
                    warm.signIn(host.url(), credentials);
                }
                List<Double> times = new ArrayList<>();
                List<Double> loads = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    try (ConsoleBrowser browser = new ConsoleBrowser()) {
                        loads.add(Machine.loadAverage());
                        times.add(browser.signIn(host.url(), credentials));
                    }
                }
                Figure figure = Figure.of("sign-in in a fresh browser (Enter → list shown)", "ms", times)
                        .withTarget(Figure.Statistic.MEDIAN, TARGET_MS);
                out.println("Machine: " + Machine.current().describe() + "; Java " + System.getProperty("java.version"));
                out.println(String.format(Locale.ROOT, "load average (1 min) during the runs: %.1f–%.1f",
                        loads.stream().min(Comparator.naturalOrder()).orElse(Double.NaN),
                        loads.stream().max(Comparator.naturalOrder()).orElse(Double.NaN)));
                out.println(figure.line());
                out.println(String.format(Locale.ROOT, "p95 %s ms; runs: %s", Figure.format(figure.p95()), times.stream()
                        .map(Figure::format).toList()));
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
