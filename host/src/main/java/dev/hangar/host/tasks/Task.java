package dev.hangar.host.tasks;

import dev.hangar.plugins.vm.VmRef;
import java.time.Duration;
import java.time.Instant;

/**
 * One long action of a provider as the task list shows it (Proxmox's task log is the model): what ran
 * on which VM, who started it, when, how far it is, and how it ended. Only strings and the VM's ref:
 * a finished task keeps nothing of its plugin's classes.
 *
 * @param action      the provider action's id ("export")
 * @param label       its label ("Export")
 * @param administrative whether the action needs an administrator (who else may then cancel it)
 * @param fraction    how far it is, 0 to 1, or NaN when the provider does not say
 * @param text        what it does now, as its provider last said; null before it says anything
 * @param message     how it ended: the result, the failure or who cancelled it; null while it runs
 * @param cancelledBy who asked to cancel it, or null
 */
public record Task(long id, VmRef vm, String action, String label, boolean administrative, String user,
                   Instant started, Instant ended, Status status, double fraction, String text, String message,
                   String cancelledBy) {

    /** Where a task is in its life. */
    public enum Status {
        RUNNING("Running"), OK("OK"), FAILED("Failed"), CANCELLED("Cancelled");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public boolean running() {
        return status == Status.RUNNING;
    }

    /** How long it ran, or has run until {@code now}. */
    public Duration duration(Instant now) {
        return Duration.between(started, ended == null ? now : ended);
    }

    Task progressed(double newFraction, String newText) {
        return new Task(id, vm, action, label, administrative, user, started, ended, status, newFraction,
                newText == null ? text : newText, message, cancelledBy);
    }

    Task cancelling(String by) {
        return new Task(id, vm, action, label, administrative, user, started, ended, status, fraction, text, message, by);
    }

    Task ended(Instant at, Status how, String why) {
        return new Task(id, vm, action, label, administrative, user, started, at, how,
                how == Status.OK ? 1.0 : fraction, text, why, cancelledBy);
    }
}
