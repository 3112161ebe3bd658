package dev.hangar.store;

import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import io.reactivex.rxjava3.subjects.BehaviorSubject;
import io.reactivex.rxjava3.subjects.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.pcollections.OrderedPMap;
import org.pcollections.PMap;

/**
 * The store. Dispatches are serialized by one lock (single writer): the middleware chain and the
 * reducers run on the dispatching thread, one dispatch at a time, in the order the lock was taken.
 * The new states are emitted after the lock is released, in the same order. Reads
 * ({@link #getState()}) never lock.
 */
public final class DefaultStore implements Store, AutoCloseable {
    private static final AtomicInteger THUNK_THREADS = new AtomicInteger();

    private final ReentrantLock writer = new ReentrantLock();
    private final Subject<StateTree> subject;
    private final List<Middleware> middleware;
    private final Consumer<Action> chain;
    /** States published under the lock and not emitted yet, oldest first. */
    private final Queue<StateTree> unsent = new ConcurrentLinkedQueue<>();
    /** Non-zero while a thread emits; counts the publications that came in meanwhile. */
    private final AtomicInteger emitting = new AtomicInteger();

    /** Branch reducers in the order they were added. Written under {@link #writer} only. */
    private PMap<String, Reducer<Object>> reducers = OrderedPMap.empty();
    private volatile StateTree state = StateTree.EMPTY;
    private boolean reducing;

    private DefaultStore(Builder builder) {
        this.subject = BehaviorSubject.createDefault(state).toSerialized();
        this.middleware = List.copyOf(builder.middleware);
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

    /**
     * A store that runs each thunk on a new thread of its own: for tests and tools. The host builds
     * its store with its own executor ({@link Middleware#thunks}).
     */
    public static DefaultStore create() {
        return builder().middleware(Middleware.thunks(runnable -> {
            Thread thread = new Thread(runnable, "hangar-thunk-" + THUNK_THREADS.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
        })).build();
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
            unlockAndEmit();
        }
    }

    @Override
    public <T> CompletionStage<T> dispatch(Thunk<T> thunk) {
        return dispatchThunk(0, Objects.requireNonNull(thunk, "thunk"));
    }

    /** The thunk's way through the chain from link {@code index} on; past the last, nothing runs it. */
    private <T> CompletionStage<T> dispatchThunk(int index, Thunk<T> thunk) {
        if (index == middleware.size()) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "this store runs no thunks: build it with Middleware.thunks(executor)"));
        }
        return middleware.get(index).handle(thunk, this, next -> dispatchThunk(index + 1, next));
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
            unlockAndEmit();
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
            unlockAndEmit();
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

    /** Under the lock: the new state is current at once and queued for the subscribers. */
    private void publish(StateTree next) {
        state = next;
        unsent.add(next);
    }

    /**
     * Releases the lock and, once it is no longer held (not in a nested dispatch), emits what is
     * queued. One thread emits at a time; a thread that finds another emitting leaves its states to
     * that one, which emits them next, so subscribers see every state once, in dispatch order, and
     * a subscriber that dispatches or blocks holds up no dispatcher.
     */
    private void unlockAndEmit() {
        writer.unlock();
        if (writer.isHeldByCurrentThread() || emitting.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            StateTree next;
            while ((next = unsent.poll()) != null) {
                try {
                    subject.onNext(next);
                } catch (Throwable e) {
                    // A subscriber broke the Observer contract; the others still get every state.
                    RxJavaPlugins.onError(e);
                }
            }
            missed = emitting.addAndGet(-missed);
        } while (missed != 0);
    }

    /** Completes the state stream. The store runs no threads of its own: the thunks' executor is its owner's. */
    @Override
    public void close() {
        subject.onComplete();
    }

    /** Options of a store. */
    public static final class Builder {
        private final List<Middleware> middleware = new ArrayList<>();

        private Builder() {
        }

        /** Adds a middleware after those added before: the first added sees an action first. */
        public Builder middleware(Middleware link) {
            middleware.add(Objects.requireNonNull(link, "middleware"));
            return this;
        }

        public DefaultStore build() {
            return new DefaultStore(this);
        }
    }
}
