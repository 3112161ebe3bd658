package dev.hangar.plugins.task;

/**
 * The handle the host gives a task's body: to report how far it is and to learn that someone
 * cancelled it. Thread-safe; call it from whatever thread the work runs on.
 */
public interface TaskProgress {

    /**
     * Says how far the task is: {@code fraction} from 0 to 1 (values outside are clamped; NaN means
     * "not known"), {@code text} what it does now ("Copying disk vdb"), or null to keep the last.
     */
    void report(double fraction, String text);

    /** Says what the task does now, without a fraction. */
    default void report(String text) {
        report(Double.NaN, text);
    }

    /** Whether someone asked to cancel the task: stop at the next safe point. */
    boolean cancelled();

    /**
     * Runs {@code hook} once when someone cancels the task (at once when they did already), on the
     * canceller's thread: abort the engine's job there. Keep it short; what it throws is logged.
     */
    void onCancel(Runnable hook);
}
