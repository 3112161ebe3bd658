package dev.hangar.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A small branch for the store's tests: a count, the actions that change it, and its reducer. */
final class Counting {
    static final String BRANCH = "count";

    /** The branch state; a record so that a change is a new instance. */
    record Count(long value) {
    }

    /** Adds to the count. */
    record Add(long amount) implements Action {
    }

    /** Concerns no reducer. */
    record Noop() implements Action {
    }

    /** Makes the count's reducer throw. */
    record Boom(String why) implements Action {
    }

    static final Count ZERO = new Count(0);

    /** Returns the same instance for every action but {@link Add}; throws on {@link Boom}. */
    static final Reducer<Count> REDUCER = (state, action) -> {
        if (action instanceof Add add) {
            return new Count(state.value() + add.amount());
        }
        if (action instanceof Boom boom) {
            throw new IllegalStateException(boom.why());
        }
        return state;
    };

    private Counting() {
    }

    /** A store that runs thunks, with the count branch at zero. */
    static DefaultStore store() {
        return withCount(DefaultStore.create());
    }

    static DefaultStore withCount(DefaultStore.Builder builder) {
        return withCount(builder.build());
    }

    private static DefaultStore withCount(DefaultStore store) {
        store.addReducer(BRANCH, REDUCER, ZERO);
        return store;
    }

    /** A middleware that keeps every action that reaches it, in order. */
    record Recorder(List<Action> actions) implements Middleware {
        Recorder() {
            this(new CopyOnWriteArrayList<>());
        }

        @Override
        public void handle(Action action, Store store, Consumer<Action> next) {
            actions.add(action);
            next.accept(action);
        }
    }

    static long count(Store store) {
        return store.getState().get(BRANCH, Count.class).value();
    }
}
