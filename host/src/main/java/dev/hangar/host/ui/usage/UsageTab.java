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

/**
 * A VM's CPU and memory use, live, with a chart of each over the last minutes. The history is kept
 * by the page from the samples the store delivers while it is open.
 */
public final class UsageTab extends VerticalLayout {
    /** How far back the charts reach. */
    public static final long WINDOW_MS = 5 * 60_000;

    private final UsageHistory history = new UsageHistory(WINDOW_MS);
    private final Paragraph note = new Paragraph();
    private final ProgressBar cpuBar = new ProgressBar(0, 1, 0);
    private final Span cpuText = new Span();
    private final ProgressBar memoryBar = new ProgressBar(0, 1, 0);
    private final Span memoryText = new Span();
    private final SvgChart cpuChart = new SvgChart("CPU use over the last 5 minutes");
    private final SvgChart memoryChart = new SvgChart("Memory use over the last 5 minutes");
    private VmUsage shown;

    public UsageTab() {
        addClassName("usage-tab");
        setPadding(false);
        note.addClassName("usage-note");
        cpuText.addClassName("usage-cpu");
        memoryText.addClassName("usage-memory");
        cpuChart.addClassName("usage-cpu-chart");
        memoryChart.addClassName("usage-memory-chart");
        add(note, measure("CPU", cpuBar, cpuText, cpuChart), measure("Memory", memoryBar, memoryText, memoryChart));
    }

    private static Div measure(String title, ProgressBar bar, Span text, SvgChart chart) {
        Div box = new Div();
        box.addClassName("usage-measure");
        Div now = new Div(bar, text);
        now.addClassName("usage-now");
        box.add(new H4(title), now, chart);
        return box;
    }

    /** Shows the latest sample (null: none yet) of the VM; a new sample extends the history. */
    public void show(Vm vm, VmUsage usage, boolean running) {
        note.setText(running ? "" : "The VM is not running: it uses no CPU or memory now.");
        note.setVisible(!running);
        if (usage == shown && usage != null) {
            return;
        }
        shown = usage;
        double cpu = usage == null ? -1 : usage.cpuPercent();
        long used = usage == null ? -1 : usage.memoryUsedKiB();
        cpuBar.setValue(cpu < 0 ? 0 : Math.min(1, cpu / 100));
        cpuText.setText(Formats.percent(cpu));
        memoryBar.setValue(used < 0 || vm.memoryKiB() <= 0 ? 0 : Math.min(1, (double) used / vm.memoryKiB()));
        memoryText.setText(Formats.kib(used) + " of " + Formats.kib(vm.memoryKiB()));
        history.add(usage);
        double seconds = history.windowMs() / 1000.0;
        cpuChart.show(history.points(VmUsage::cpuPercent), 0, seconds, 100);
        memoryChart.show(history.points(u -> u.memoryUsedKiB()), 0, seconds, Math.max(1, vm.memoryKiB()));
    }

    /** Forgets the history: the page now shows another VM. */
    public void clear() {
        history.clear();
        shown = null;
    }

    /** The samples kept for the charts. */
    public int samples() {
        return history.size();
    }
}
