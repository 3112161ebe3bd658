package dev.hangar.plugins.testkit;

import dev.hangar.plugins.task.TaskProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The host's task handle without a task list: every report recorded in order, and a cancel the test
 * asks for with {@link #cancel()}, which runs the body's cancel hooks as the host does.
 */
public final class TestTaskProgress implements TaskProgress {
    /** One report of the task: how far (NaN when not known) and what it did then (null to keep the last). */
    public record Report(double fraction, String text) {
    }

    private final List<Report> reports = new CopyOnWriteArrayList<>();
    private final List<Runnable> hooks = new ArrayList<>();
    private boolean cancelled;

    @Override
    public void report(double fraction, String text) {
        reports.add(new Report(fraction, text));
    }

    @Override
    public synchronized boolean cancelled() {
        return cancelled;
    }

    @Override
    public void onCancel(Runnable hook) {
        synchronized (this) {
            if (!cancelled) {
                hooks.add(hook);
                return;
            }
        }
        hook.run();
    }

    /** Cancels the task, as a user's click in the task list does: the hooks run on this thread. */
    public void cancel() {
        List<Runnable> run;
        synchronized (this) {
            cancelled = true;
            run = List.copyOf(hooks);
            hooks.clear();
        }
        run.forEach(Runnable::run);
    }

    /** Every report so far, in order. */
    public List<Report> reports() {
        return List.copyOf(reports);
    }
}
