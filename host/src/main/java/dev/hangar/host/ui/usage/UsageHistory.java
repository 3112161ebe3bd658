package dev.hangar.host.ui.usage;

import dev.hangar.host.ui.components.SvgChart;
import dev.hangar.plugins.vm.VmUsage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The samples of one VM over the last minutes, as the page has seen them arrive. */
public final class UsageHistory {
    private final long windowMs;
    private final Deque<VmUsage> samples = new ArrayDeque<>();

    public UsageHistory(long windowMs) {
        this.windowMs = windowMs;
    }

    /** Adds a sample newer than the last one; returns whether it was added. Older ones fall out of the window. */
    public boolean add(VmUsage usage) {
        if (usage == null || (!samples.isEmpty() && usage.sampledAt() <= samples.peekLast().sampledAt())) {
            return false;
        }
        samples.addLast(usage);
        while (samples.peekFirst().sampledAt() < usage.sampledAt() - windowMs) {
            samples.removeFirst();
        }
        return true;
    }

    public void clear() {
        samples.clear();
    }

    public int size() {
        return samples.size();
    }

    public long windowMs() {
        return windowMs;
    }

    /** The newest sample's time, or 0 when there is none. */
    public long newest() {
        return samples.isEmpty() ? 0 : samples.peekLast().sampledAt();
    }

    /** The known values of one measure as chart points, x in seconds since the window's start. */
    public List<SvgChart.Point> points(ToDoubleFunction<VmUsage> measure) {
        long start = newest() - windowMs;
        List<SvgChart.Point> points = new ArrayList<>();
        for (VmUsage sample : samples) {
            double value = measure.applyAsDouble(sample);
            if (value >= 0) {
                points.add(new SvgChart.Point((sample.sampledAt() - start) / 1000.0, value));
            }
        }
        return points;
    }
}
