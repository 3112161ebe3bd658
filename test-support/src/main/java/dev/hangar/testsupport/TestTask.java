package dev.hangar.testsupport;

import dev.hangar.plugins.task.TaskBody;
import dev.hangar.plugins.task.TaskProgress;
import dev.hangar.store.Thunk;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A {@link TestProvider} creation or clone as a task body the test drives: held (with
 * {@link TestProvider#holdTasks}) it waits for {@link #advance}, {@link #finish} or {@link #fail};
 * otherwise it reports half-way and finishes at once. Its work (putting the new VM) happens only in
 * {@link #finish}, so a failed or cancelled one leaves nothing behind.
 */
public final class TestTask implements TaskBody {
    /** "create web1", "clone web as web2". */
    public final String what;
    private final boolean held;
    private final String failure;
    private final Supplier<String> work;
    private final CompletableFuture<String> end = new CompletableFuture<>();
    private volatile TaskProgress progress;
    private volatile boolean cancelled;

    TestTask(String what, boolean held, String failure, Supplier<String> work) {
        this.what = what;
        this.held = held;
        this.failure = failure;
        this.work = work;
    }

    @Override
    public Thunk<String> start(TaskProgress handle) {
        return (dispatcher, state) -> {
            progress = handle;
            handle.onCancel(() -> {
                cancelled = true;
                end.completeExceptionally(new CancellationException("Stopped: " + what));
            });
            if (failure != null) {
                fail(failure);
            } else if (!held) {
                handle.report(0.5, what);
                finish();
            }
            return end;
        };
    }

    /** Whether the host started its body (it is listed as a task then). */
    public boolean started() {
        return progress != null;
    }

    /** Reports progress as the provider would; the task must have started. */
    public void advance(double fraction, String text) {
        if (progress == null) {
            throw new IllegalStateException("the task '" + what + "' has not started");
        }
        progress.report(fraction, text);
    }

    /** Does the work (the new VM appears) and ends the task with its result; nothing once it ended. */
    public void finish() {
        if (end.isDone()) {
            return;
        }
        try {
            end.complete(work.get());
        } catch (RuntimeException e) {
            end.completeExceptionally(e);
        }
    }

    /** Ends the task as failed with this message, having made nothing. */
    public void fail(String message) {
        end.completeExceptionally(new IllegalStateException(message));
    }

    /** Whether someone cancelled it (it then ended, having made nothing). */
    public boolean cancelled() {
        return cancelled;
    }

    public boolean ended() {
        return end.isDone();
    }
}
