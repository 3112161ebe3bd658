package dev.hangar.benchmarks.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The machine a run measured on; every figure is printed with it. */
public record Machine(int cpus, String cpuModel, double memoryGiB) {

    public static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(), field("/proc/cpuinfo", "model name"),
                Double.parseDouble(field("/proc/meminfo", "MemTotal").replaceAll("[^0-9]", "")) / 1024 / 1024);
    }

    private static String field(String file, String name) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.stream().filter(l -> l.startsWith(name)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The 1-minute load average: the machines are shared, so every figure is printed with it. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    public String describe() {
        return String.format(Locale.ROOT, "%d CPUs, %s, %.1f GiB RAM", cpus, cpuModel, memoryGiB);
    }
}
