package dev.hangar.store;

import java.util.concurrent.CompletionStage;

/** What can be dispatched: actions, reduced at once, and thunks, run on the store's executor. */
public interface Dispatcher {

    /**
     * Runs the middleware chain and the reducers on the calling thread, serialized with every other
     * dispatch. When a reducer throws, the state stays as it was and a {@link ReducerException}
     * reaches the caller.
     */
    void dispatch(Action action);

    /**
     * Schedules the thunk on the store's executor and returns at once. The stage fails when the
     * thunk throws or its own stage fails.
     */
    <T> CompletionStage<T> dispatch(Thunk<T> thunk);
}
