package dev.hangar.store;

import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.subjects.BehaviorSubject;
import io.reactivex.rxjava3.subjects.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.pcollections.OrderedPMap;
import org.pcollections.PMap;

/**
 * The store. Dispatches are serialized by one lock (single writer): the middleware chain, the
 * reducers and the emission of the new state run on the dispatching thread, one dispatch at a time,
 * in the order the lock was taken. Reads ({@link #getState()}) never lock.
 */
public final class DefaultStore implements Store, AutoCloseable {

    private final ReentrantLock writer = new ReentrantLock();
    private final Subject<StateTree> subject;
    private final Consumer<Action> chain;
    private final ActionLog actionLog;
    private final ExecutorService thunkExecutor;
    private final boolean ownsExecutor;

    /** Branch reducers in the order they were added. Written under {@link #writer} only. */
    private PMap<String, Reducer<Object>> reducers = OrderedPMap.empty();
    private volatile StateTree state = StateTree.EMPTY;
    private boolean reducing;

    private DefaultStore(Builder builder) {
        this.subject = BehaviorSubject.createDefault(state).toSerialized();
        this.actionLog = new ActionLog(builder.actionLogSize);
        this.ownsExecutor = builder.thunkExecutor == null;
        this.thunkExecutor = ownsExecutor ? defaultExecutor(builder.thunkThreads) : builder.thunkExecutor;
        List<Middleware> middleware = new ArrayList<>();
        middleware.add(actionLog);
        middleware.addAll(builder.middleware);
        Consumer<Action> next = this::reduce;
        for (int i = middleware.size() - 1; i >= 0; i--) {
            Middleware link = middleware.get(i);
            Consumer<Action> inner = next;
            next = action -> link.handle(Objects.requireNonNull(action, "action"), this, inner);
        }
        this.chain = next;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A store with the default action log and thunk executor and no further middleware. */
    public static DefaultStore create() {
        return builder().build();
    }

    @Override
    public StateTree getState() {
        return state;
    }

    @Override
    public Observable<StateTree> states() {
        return subject.hide();
    }

    @Override
    public void dispatch(Action action) {
        Objects.requireNonNull(action, "action");
        writer.lock();
        try {
            refuseWhileReducing("dispatch (dispatched " + action.getClass().getSimpleName() + " while reducing)");
            chain.accept(action);
        } finally {
            writer.unlock();
        }
    }

    @Override
    public <T> CompletionStage<T> dispatch(Thunk<T> thunk) {
        Objects.requireNonNull(thunk, "thunk");
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            thunkExecutor.execute(() -> runThunk(thunk, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the store is closed", e));
        }
        return result;
    }

    private <T> void runThunk(Thunk<T> thunk, CompletableFuture<T> result) {
        try {
            CompletionStage<T> stage = thunk.run(this, this::getState);
            if (stage == null) {
                result.completeExceptionally(new IllegalStateException(
                        "thunk " + thunk.getClass().getName() + " returned no CompletionStage"));
                return;
            }
            stage.whenComplete((value, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
            });
        } catch (Throwable e) {
            result.completeExceptionally(e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S> void addReducer(String name, Reducer<S> reducer, S initialState) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reducer, "reducer");
        writer.lock();
        try {
            refuseWhileReducing("add a reducer branch ('" + name + "')");
            if (reducers.containsKey(name)) {
                throw new IllegalArgumentException("a reducer branch named '" + name
                        + "' exists already; remove it first or choose another name");
            }
            reducers = reducers.plus(name, (Reducer<Object>) reducer);
            publish(state.with(name, initialState));
            try {
                dispatch(new StoreEvent.BranchAdded(name));
            } catch (Throwable e) {
                // All or nothing (an Error of a reducer too): a caller told that the branch failed must not find it (or its
                // reducer, failing every later dispatch) in the store.
                reducers = reducers.minus(name);
                publish(state.without(name));
                throw e;
            }
        } finally {
            writer.unlock();
        }
    }

    @Override
    public boolean removeReducer(String name) {
        writer.lock();
        try {
            refuseWhileReducing("remove a reducer branch ('" + name + "')");
            if (!reducers.containsKey(name)) {
                return false;
            }
            reducers = reducers.minus(name);
            publish(state.without(name));
            dispatch(new StoreEvent.BranchRemoved(name));
            return true;
        } finally {
            writer.unlock();
        }
    }

    /**
     * Reducers are pure: a dispatch or a change of the tree from inside one would be lost or half
     * applied when the reduction it is part of fails or publishes its own tree.
     */
    private void refuseWhileReducing(String attempt) {
        if (reducing) {
            throw new IllegalStateException("a reducer may not " + attempt);
        }
    }

    @Override
    public List<ActionLog.Entry> recentActions() {
        return actionLog.entries();
    }

    /** The innermost link of the chain: every branch reduces the action; the tree is replaced once. */
    private void reduce(Action action) {
        StateTree before = state;
        StateTree after = before;
        reducing = true;
        try {
            for (Map.Entry<String, Reducer<Object>> branch : reducers.entrySet()) {
                Object old = before.branches().get(branch.getKey());
                Object next;
                try {
                    next = branch.getValue().reduce(old, action);
                } catch (RuntimeException e) {
                    throw new ReducerException(branch.getKey(), action, e);
                }
                if (next != old) {
                    after = after.with(branch.getKey(), next);
                }
            }
        } finally {
            reducing = false;
        }
        if (after != before) {
            publish(after);
        }
    }

    private void publish(StateTree next) {
        state = next;
        subject.onNext(next);
    }

    /** Stops the thunk executor if the store created it; running thunks are interrupted. */
    @Override
    public void close() {
        if (ownsExecutor) {
            thunkExecutor.shutdownNow();
        }
        subject.onComplete();
    }

    private static ExecutorService defaultExecutor(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "hangar-thunk-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Options of a store. */
    public static final class Builder {
        private final List<Middleware> middleware = new ArrayList<>();
        private int actionLogSize = 500;
        private int thunkThreads = 32;
        private ExecutorService thunkExecutor;

        private Builder() {
        }

        /** Adds a middleware after those added before (and after the built-in action log). */
        public Builder middleware(Middleware link) {
            middleware.add(Objects.requireNonNull(link, "middleware"));
            return this;
        }

        /** How many recent actions {@link Store#recentActions()} keeps; 500 by default. */
        public Builder actionLogSize(int size) {
            this.actionLogSize = size;
            return this;
        }

        /**
         * How many thunks may block at once on the default executor; 32 by default. Thunks block on
         * slow hosts (a libvirt call can take seconds), so this is larger than the core count.
         */
        public Builder thunkThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("thunk threads must be at least 1, was " + threads);
            }
            this.thunkThreads = threads;
            return this;
        }

        /** Runs thunks on this executor instead; the store will not shut it down. */
        public Builder thunkExecutor(ExecutorService executor) {
            this.thunkExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        public DefaultStore build() {
            return new DefaultStore(this);
        }
    }
}
