package dev.hangar.benchmarks.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One measured quantity over several runs, and the target it is held to, if any.
 *
 * @param name   what was measured, with the scenario (e.g. "list load, test driver, N=1000")
 * @param unit   the unit of the values ("ms", "% of one core", "MiB")
 * @param values one value per run, in run order
 * @param target the limit a statistic of the values must not exceed, or null
 */
public record Figure(String name, String unit, List<Double> values, Target target) {

    /** "median ≤ 700 ms" or "p95 ≤ 300 ms". */
    public record Target(Statistic statistic, double limit) {
    }

    public enum Statistic { MEDIAN, P95 }

    public Figure {
        values = List.copyOf(values);
    }

    public static Figure of(String name, String unit, List<Double> values) {
        return new Figure(name, unit, values, null);
    }

    public Figure withTarget(Statistic statistic, double limit) {
        return new Figure(name, unit, values, new Target(statistic, limit));
    }

    public int runs() {
        return values.size();
    }

    public double min() {
        return percentile(0);
    }

    public double median() {
        return percentile(50);
    }

    public double p95() {
        return percentile(95);
    }

    public double max() {
        return percentile(100);
    }

    /** Nearest-rank percentile: a value that was really measured, never an interpolation. */
    public double percentile(double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** Whether the target is met; true without a target. */
    public boolean met() {
        if (target == null) {
            return true;
        }
        double value = target.statistic() == Statistic.P95 ? p95() : median();
        return value <= target.limit();
    }

    /** One line: the statistics, and the verdict when there is a target. */
    public String line() {
        String stats = values.size() >= 20
                ? String.format(Locale.ROOT, "min %s / p50 %s / p95 %s / max %s %s (%d runs)",
                        format(min()), format(median()), format(p95()), format(max()), unit, runs())
                : String.format(Locale.ROOT, "min %s / median %s / max %s %s (%d runs)",
                        format(min()), format(median()), format(max()), unit, runs());
        return name + ": " + stats + verdict();
    }

    /** " — target median ≤ 700 ms: met", or nothing. */
    public String verdict() {
        if (target == null) {
            return "";
        }
        return String.format(Locale.ROOT, " — target %s ≤ %s %s: %s",
                target.statistic() == Statistic.P95 ? "p95" : "median", format(target.limit()), unit,
                met() ? "met" : "MISSED");
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
    }
}
