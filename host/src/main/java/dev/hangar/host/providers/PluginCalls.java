package dev.hangar.host.providers;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The host's own threads for plugin code (a plugin's start, its extensions' constructors,
 * {@code name()}, {@code branch()}, {@code init}, {@code close()}, its PF4J stop): each call is
 * bounded in time and runs on a thread of its own, so a plugin that blocks holds neither a host lock
 * nor a thread the host or the JDK shares (before, a {@code close()} that blocked after an init
 * timeout ran on the JDK's {@code CompletableFutureDelayScheduler} and stopped every
 * {@code orTimeout} in the process). The threads are daemons: a plugin thread that never returns does
 * not keep the JVM from ending on SIGTERM. A call that overruns is interrupted and abandoned.
 */
public final class PluginCalls implements AutoCloseable {
    private final Duration limit;
    private final AtomicInteger count = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "hangar-plugin-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    /** The host's own timer for deadlines: continuations never run on it (they hop to {@link #threads}). */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hangar-plugin-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    /** @param limit how long one call may take ({@code --option plugin-call-timeout}) */
    public PluginCalls(Duration limit) {
        this.limit = limit;
    }

    /** How long one call may take. */
    public Duration limit() {
        return limit;
    }

    /**
     * Runs {@code work} on a plugin thread and waits for it at most {@link #limit()}. What it throws
     * comes back as the cause of a {@link PluginCallException} (after {@link Guard#rethrowFatal}); an
     * overrun as a {@link TimeoutException} cause, whose message says what did not return.
     *
     * @param what names the call for people: "close() of provider 'x'"
     */
    public <T> T call(String what, Callable<T> work) {
        Future<T> future = threads.submit(work);
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new PluginCallException(what + " did not return within " + seconds(limit),
                    new TimeoutException(what + " did not return within " + seconds(limit)));
        } catch (ExecutionException e) {
            Guard.rethrowFatal(e.getCause());
            throw new PluginCallException(what + " failed: " + Guard.message(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new PluginCallException(what + " was interrupted", e);
        }
    }

    /** {@link #call} for plugin code that returns nothing. */
    public void run(String what, Runnable work) {
        call(what, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Starts {@code work} (which returns a stage, as {@code init} does) on a plugin thread. The result
     * completes with the stage's outcome, or with a {@link TimeoutException} after {@code deadline};
     * either way on a host thread, never on the plugin's or the JDK's.
     */
    public <T> CompletableFuture<T> stage(Duration deadline, Supplier<? extends CompletionStage<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        var timeout = timer.schedule(() -> result.completeExceptionally(new TimeoutException()),
                deadline.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture.supplyAsync(work, threads)
                .thenCompose(stage -> {
                    if (stage == null) {
                        throw new IllegalStateException("it returned no CompletionStage");
                    }
                    return stage;
                })
                .whenComplete((value, error) -> {
                    if (error == null) {
                        result.complete(value);
                    } else {
                        result.completeExceptionally(error);
                    }
                });
        result.whenComplete((value, error) -> timeout.cancel(false));
        // Whoever completed it (the plugin's thread, the timer), what follows runs on a host thread.
        return result.whenCompleteAsync((value, error) -> { }, threads);
    }

    /** Runs host code (a failure's clean-up) off the calling thread, e.g. out of a reducer or a UI thread. */
    public void later(Runnable hostWork) {
        threads.execute(hostWork);
    }

    /** "2 s", "1500 ms". */
    static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    @Override
    public void close() {
        timer.shutdownNow();
        threads.shutdownNow();
    }

    /** A call into a plugin failed or did not return in time; the message is for people. */
    public static final class PluginCallException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PluginCallException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
