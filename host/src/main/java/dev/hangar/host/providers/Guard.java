package dev.hangar.host.providers;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** Turns what plugin code throws into words for an operator. */
public final class Guard {
    private Guard() {
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
