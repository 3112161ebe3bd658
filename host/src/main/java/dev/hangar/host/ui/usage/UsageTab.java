package dev.hangar.host.ui.usage;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.host.ui.components.SvgChart;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * A VM's CPU and memory use, live, with a chart of each over the last minutes: a value scale, times
 * below, and the samples the host kept while nobody looked ({@link UsageHistories}).
 */
public final class UsageTab extends VerticalLayout {
    private static final long MINUTE_MS = 60_000;
    /** The times below a chart: every this many minutes. */
    private static final long TIME_STEP_MS = 2 * MINUTE_MS;

    private final UsageHistories histories;
    private final Paragraph note = new Paragraph();
    private final ProgressBar cpuBar = new ProgressBar(0, 1, 0);
    private final Span cpuText = new Span();
    private final ProgressBar memoryBar = new ProgressBar(0, 1, 0);
    private final Span memoryText = new Span();
    private final SvgChart cpuChart = new SvgChart("CPU use over the last " + minutes() + " minutes");
    private final SvgChart memoryChart = new SvgChart("Memory use over the last " + minutes() + " minutes");
    private VmUsage shown;
    private boolean shownRunning;
    private int samples;

    public UsageTab(UsageHistories histories) {
        this.histories = histories;
        addClassName("usage-tab");
        setPadding(false);
        note.addClassName("usage-note");
        cpuText.addClassName("usage-cpu");
        memoryText.addClassName("usage-memory");
        cpuChart.addClassName("usage-cpu-chart");
        memoryChart.addClassName("usage-memory-chart");
        add(note, measure("CPU", cpuBar, cpuText, cpuChart), measure("Memory", memoryBar, memoryText, memoryChart));
    }

    /** What the charts show: "Usage" beside it names the window. */
    public static String window() {
        return "last " + minutes() + " minutes";
    }

    private static long minutes() {
        return UsageHistories.WINDOW.toMinutes();
    }

    private static Div measure(String title, ProgressBar bar, Span text, SvgChart chart) {
        Div box = new Div();
        box.addClassName("usage-measure");
        Div now = new Div(bar, text);
        now.addClassName("usage-now");
        box.add(new H4(title), now, chart);
        return box;
    }

    /**
     * Shows the latest sample (null: none yet) of the VM, and its last minutes. A VM that is not running
     * shows no use now: the store keeps its last sample from when it ran, which the chart still shows.
     */
    public void show(Vm vm, VmUsage usage, boolean running) {
        note.setText(running ? "" : "The VM is not running: it uses no CPU or memory now.");
        note.setVisible(!running);
        if (usage == shown && usage != null && running == shownRunning) {
            return;
        }
        shown = usage;
        shownRunning = running;
        VmUsage now = running ? usage : null;
        double cpu = now == null ? -1 : now.cpuPercent();
        long used = now == null ? -1 : now.memoryUsedKiB();
        cpuBar.setValue(cpu < 0 ? 0 : Math.min(1, cpu / 100));
        cpuText.setText(Formats.percent(cpu));
        memoryBar.setValue(used < 0 || vm.memoryKiB() <= 0 ? 0 : Math.min(1, (double) used / vm.memoryKiB()));
        memoryText.setText(Formats.kib(used) + " of " + Formats.kib(vm.memoryKiB()));

        List<VmUsage> history = histories.samples(vm, usage);
        samples = history.size();
        long to = histories.now();
        long from = to - UsageHistories.WINDOW.toMillis();
        List<SvgChart.Tick> times = times(from, to);
        double memoryTop = Math.max(1, vm.memoryKiB());
        cpuChart.show(points(history, VmUsage::cpuPercent), from, to, 100, times,
                scale(100, value -> Math.round(value) + " %"));
        memoryChart.show(points(history, u -> u.memoryUsedKiB()), from, to, memoryTop, times,
                scale(memoryTop, value -> Formats.kib(Math.round(value))));
    }

    /** The known values of one measure as chart points, x in epoch milliseconds. */
    private static List<SvgChart.Point> points(List<VmUsage> samples, ToDoubleFunction<VmUsage> measure) {
        List<SvgChart.Point> points = new ArrayList<>();
        for (VmUsage sample : samples) {
            double value = measure.applyAsDouble(sample);
            if (value >= 0) {
                points.add(new SvgChart.Point(sample.sampledAt(), value));
            }
        }
        return points;
    }

    /** Times of day at every second whole minute of the window. */
    private static List<SvgChart.Tick> times(long from, long to) {
        List<SvgChart.Tick> ticks = new ArrayList<>();
        for (long at = (from / TIME_STEP_MS + 1) * TIME_STEP_MS; at <= to; at += TIME_STEP_MS) {
            ticks.add(new SvgChart.Tick(at, Formats.minute(at)));
        }
        return ticks;
    }

    /** Nothing, half and all of the scale. */
    private static List<SvgChart.Tick> scale(double top, DoubleFunction<String> label) {
        return List.of(new SvgChart.Tick(0, label.apply(0)), new SvgChart.Tick(top / 2, label.apply(top / 2)),
                new SvgChart.Tick(top, label.apply(top)));
    }

    /** Forgets what it showed: the page now shows another VM. */
    public void clear() {
        shown = null;
        samples = 0;
    }

    /** The samples the charts show. */
    public int samples() {
        return samples;
    }
}
