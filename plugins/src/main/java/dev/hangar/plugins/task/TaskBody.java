package dev.hangar.plugins.task;

import dev.hangar.store.Thunk;

/**
 * A long action's work: given its progress handle, the thunk that does it. The thunk's stage
 * completes with the result people read in the task list ("Exported to /exports/web-1.ova", or null),
 * fails with a message for people, or — once {@link TaskProgress#cancelled()} — fails in any way (a
 * {@link java.util.concurrent.CancellationException} is the usual one) to end the task as
 * cancelled, not failed.
 */
@FunctionalInterface
public interface TaskBody {
    Thunk<String> start(TaskProgress progress);
}
