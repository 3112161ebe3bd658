package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.capability.ConsoleStream;
import dev.hangar.testsupport.Waiting;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** A read on a thread of its own that the test sees blocked, then ended by close from another thread. */
final class BlockedRead {
    private BlockedRead() {
    }

    /**
     * Starts a read, waits until {@code blocked} says its thread waits inside it, closes the stream from
     * a third thread (while {@code alongside} runs on a fourth, e.g. writing) and returns how many
     * milliseconds after close the read returned -1.
     */
    static long closeEndsIt(ConsoleStream stream, Predicate<Thread> blocked, Runnable alongside) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                result.set(stream.read(new byte[4096]));
            } catch (IOException | RuntimeException e) {
                result.set(e);
            }
        }, "blocked-read");
        reader.setDaemon(true);
        reader.start();
        Waiting.await("the read to block").until(() -> blocked.test(reader));
        assertEquals(null, result.get(), "nothing to read yet");
        Thread other = new Thread(alongside, "alongside");
        other.start();
        long closing = System.nanoTime();
        Thread closer = new Thread(stream::close, "closer");
        closer.start();
        reader.join(2_000);
        long ms = (System.nanoTime() - closing) / 1_000_000;
        assertTrue(!reader.isAlive(), "the read still blocks 2 s after close");
        assertEquals(-1, result.get(), "a closed stream's read returns -1");
        closer.join(5_000);
        other.join(5_000);
        return ms;
    }

    /** Whether the thread is inside a call of {@code type}'s method {@code method}. */
    static Predicate<Thread> inside(Class<?> type, String method) {
        return thread -> {
            for (StackTraceElement frame : thread.getStackTrace()) {
                if (frame.getClassName().equals(type.getName()) && frame.getMethodName().equals(method)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** Whether the thread waits in native code (a system call) below {@code type}'s method {@code method}. */
    static Predicate<Thread> inNativeBelow(Class<?> type, String method) {
        Predicate<Thread> inside = inside(type, method);
        return thread -> {
            StackTraceElement[] stack = thread.getStackTrace();
            return stack.length > 0 && stack[0].isNativeMethod() && inside.test(thread);
        };
    }
}
