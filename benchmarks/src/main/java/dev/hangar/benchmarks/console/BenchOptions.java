package dev.hangar.benchmarks.console;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run of the console harness measures: the documented full run, or {@code --smoke}, which
 * checks in a minute or two that the harness still works (CI) with figures that mean nothing.
 *
 * @param distribution  the built distribution (distribution/target/hangar)
 * @param out           where the figures are written (results.txt, results.md)
 * @param testDriverVms list-load sizes on test-driver fixtures
 * @param libvirtdVms   list-load sizes with VMs defined on libvirtd (empty: skip the daemon); the largest
 *                      also gets resources
 * @param eventVms      the libvirtd size that gets event latency (0: the largest)
 * @param libvirtdUri   the real daemon's URI
 * @param resourceVms   test-driver sizes whose resources are measured
 * @param runs          timed list loads per size, after one untimed warm-up load
 * @param loadTimeout   how long one list load may take before it counts as failed
 * @param eventChanges  virsh changes timed for event latency, starts and destroys by turns (even: half each)
 * @param window        one resource measurement window
 * @param windows       resource windows per situation
 * @param tabs          browser tabs for the "open tabs" resource figures
 * @param startupRuns   launches timed for start-up
 * @param statsInterval the provider's stats tick in seconds
 * @param jfr           whether each host records a JFR profile next to its log (for finding causes; it
 *                      costs the host a little, so figures of such a run are not the reference ones)
 */
public record BenchOptions(Path distribution, Path out, List<Integer> testDriverVms, List<Integer> libvirtdVms,
                           int eventVms, String libvirtdUri, List<Integer> resourceVms, int runs,
                           Duration loadTimeout, int eventChanges,
                           Duration window, int windows, int tabs, int startupRuns, double statsInterval,
                           boolean jfr) {

    private static final Map<String, String> FULL = Map.ofEntries(
            Map.entry("distribution", "distribution/target/hangar"), Map.entry("out", "benchmarks/target/console-run"),
            Map.entry("test-driver-vms", "10,100,1000,10000"), Map.entry("libvirtd-vms", "10,100,1000"),
            Map.entry("event-vms", "0"), Map.entry("load-timeout-seconds", "180"),
            Map.entry("libvirtd-uri", "qemu:///system"), Map.entry("resource-vms", "1000,10000"),
            Map.entry("runs", "5"), Map.entry("event-changes", "40"), Map.entry("window-seconds", "21"),
            Map.entry("windows", "3"), Map.entry("tabs", "10"), Map.entry("startup-runs", "5"),
            Map.entry("stats-interval", "3"), Map.entry("jfr", "false"));
    private static final Map<String, String> SMOKE = Map.of(
            "test-driver-vms", "10", "libvirtd-vms", "10", "resource-vms", "10", "runs", "1", "event-changes", "4",
            "window-seconds", "3", "windows", "1", "tabs", "2", "startup-runs", "1");

    public BenchOptions {
        if (eventChanges < 2 || eventChanges % 2 != 0) {
            throw new IllegalArgumentException("--event-changes must be even and at least 2 (half starts, half "
                    + "destroys); got " + eventChanges);
        }
    }

    /**
     * {@code [--smoke] [--name=value …]} with the names of {@link #FULL}; sizes are comma-separated
     * (e.g. {@code --test-driver-vms=100,1000}; {@code --libvirtd-vms=} skips the daemon).
     */
    public static BenchOptions parse(String... args) {
        Map<String, String> values = new HashMap<>(FULL);
        Map<String, String> given = new HashMap<>();
        for (String arg : args) {
            if (arg.equals("--smoke")) {
                values.putAll(SMOKE);
            } else if (arg.startsWith("--") && arg.contains("=") && FULL.containsKey(arg.substring(2, arg.indexOf('=')))) {
                given.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; expected --smoke or --NAME=VALUE with "
                        + "NAME one of " + FULL.keySet());
            }
        }
        values.putAll(given);
        return new BenchOptions(Path.of(values.get("distribution")), Path.of(values.get("out")),
                sizes(values.get("test-driver-vms")), sizes(values.get("libvirtd-vms")),
                Integer.parseInt(values.get("event-vms")), values.get("libvirtd-uri"),
                sizes(values.get("resource-vms")), Integer.parseInt(values.get("runs")),
                Duration.ofSeconds(Long.parseLong(values.get("load-timeout-seconds"))),
                Integer.parseInt(values.get("event-changes")),
                Duration.ofSeconds(Long.parseLong(values.get("window-seconds"))), Integer.parseInt(values.get("windows")),
                Integer.parseInt(values.get("tabs")), Integer.parseInt(values.get("startup-runs")),
                Double.parseDouble(values.get("stats-interval")), Boolean.parseBoolean(values.get("jfr")));
    }

    private static List<Integer> sizes(String list) {
        return list.isBlank() ? List.of()
                : Arrays.stream(list.split(",")).map(String::strip).map(Integer::valueOf).toList();
    }
}
