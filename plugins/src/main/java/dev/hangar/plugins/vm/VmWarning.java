package dev.hangar.plugins.vm;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * An action on a VM took effect, but not entirely as asked: a thunk fails its stage with this (and
 * only when the action did happen) to tell the operator what else they should know, e.g. "VM 'web'
 * was deleted, but its volume /var/lib/libvirt/images/web.qcow2 was already gone". The host then
 * counts the action as done (a deleted VM leaves its page), shows the message as a warning, and
 * audits it as ok with that message. Any other exception means the action failed.
 */
public class VmWarning extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what the operator should know, in words for them */
    public VmWarning(String message) {
        super(message);
    }

    /** The warning a stage's failure carries under its wrappers, or null when it is a real failure. */
    public static VmWarning of(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof VmWarning warning ? warning : null;
    }
}
