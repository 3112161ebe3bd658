package dev.hangar.host.providers;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The one rule for what plugin code throws, and its words for an operator. Every call into a plugin
 * catches {@code Throwable} and passes it through {@link #rethrowFatal} first:
 * <ul>
 *   <li>{@link #fatal fatal}: an {@link OutOfMemoryError}, {@link InternalError} or {@link UnknownError}
 *       (every {@link VirtualMachineError} but {@link StackOverflowError}). After one of them the JVM
 *       itself is in doubt (any thread may have failed half-way, the heap may be gone), so it is never
 *       swallowed: it goes on to the thread's handler.</li>
 *   <li>an {@link Exception}: that one call failed (a thunk's engine refused, a tab had no data); it is
 *       reported where it happened and the plugin keeps running.</li>
 *   <li>any other {@link Error} ({@link StackOverflowError} — its stack is unwound, so the JVM is fine —
 *       {@link LinkageError}, {@link AssertionError}, …): the plugin is broken, not the call, and would
 *       fail the same way on every later call, so it {@link #disables} the plugin, with the reason on
 *       the Plugins page, until an administrator reloads it.</li>
 * </ul>
 */
public final class Guard {
    private Guard() {
    }

    /** Whether the JVM cannot be trusted after this: a VirtualMachineError other than a stack overflow. */
    public static boolean fatal(Throwable error) {
        return error instanceof VirtualMachineError && !(error instanceof StackOverflowError);
    }

    /** Throws {@code error} on when it is {@link #fatal}; returns otherwise, so the caller handles it as a plugin's failure. */
    public static void rethrowFatal(Throwable error) {
        if (fatal(error)) {
            throw (VirtualMachineError) error;
        }
    }

    /** Whether this failure of plugin code disables the plugin: an Error, not an exception of one call. */
    public static boolean disables(Throwable error) {
        return cause(error) instanceof Error;
    }

    /** The message of the cause that matters, never null or a bare wrapper. */
    public static String message(Throwable error) {
        Throwable cause = cause(error);
        if (cause instanceof TimeoutException) {
            return "it did not answer in time";
        }
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return cause.getClass().getSimpleName();
        }
        return message;
    }

    /** Whether the plugin did not answer before a deadline. */
    public static boolean timedOut(Throwable error) {
        return cause(error) instanceof TimeoutException;
    }

    /** The error without the wrappers that stages and futures put around it. */
    private static Throwable cause(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
