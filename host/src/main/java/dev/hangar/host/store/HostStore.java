package dev.hangar.host.store;

import dev.hangar.store.DefaultStore;
import dev.hangar.store.Middleware;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host's store and what the host hangs on it: the action log, logging, and the thunks'
 * executor, which the host owns and shuts down after the store.
 */
public final class HostStore implements AutoCloseable {
    /** How many actions the State inspector can show. */
    static final int LOGGED = 500;
    /** How many of those keep their branch states (before and after), for the inspector's diff. */
    static final int LOGGED_WITH_STATES = 25;
    /**
     * How many thunks may block at once. Thunks block on slow hosts (a libvirt call can take
     * seconds), so this is larger than the core count.
     */
    static final int THUNK_THREADS = 32;

    private final ActionLog actionLog;
    private final ExecutorService thunks;
    private final DefaultStore store;

    public HostStore(Clock clock) {
        this.actionLog = new ActionLog(LOGGED, LOGGED_WITH_STATES, clock);
        this.thunks = thunkExecutor();
        this.store = DefaultStore.builder()
                .middleware(actionLog)
                .middleware(new LoggingMiddleware())
                .middleware(Middleware.thunks(thunks))
                .build();
    }

    public DefaultStore store() {
        return store;
    }

    public ActionLog actionLog() {
        return actionLog;
    }

    /** Completes the store's state stream, then stops the thunks (running ones are interrupted). */
    @Override
    public void close() {
        store.close();
        thunks.shutdownNow();
    }

    private static ExecutorService thunkExecutor() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THUNK_THREADS, THUNK_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "hangar-thunk-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
