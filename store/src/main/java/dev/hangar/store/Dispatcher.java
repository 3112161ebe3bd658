package dev.hangar.store;

import java.util.concurrent.CompletionStage;

/** What can be dispatched: actions, reduced at once, and thunks, which a middleware runs. */
public interface Dispatcher {

    /**
     * Runs the middleware chain and the reducers on the calling thread, serialized with every other
     * dispatch. When a reducer throws, the state stays as it was and a {@link ReducerException}
     * reaches the caller.
     */
    void dispatch(Action action);

    /**
     * Hands the thunk to the middleware and returns at once; {@link Middleware#thunks} runs it on its
     * executor. The stage fails when the thunk throws or its own stage fails, and when no middleware
     * runs thunks.
     */
    <T> CompletionStage<T> dispatch(Thunk<T> thunk);
}
