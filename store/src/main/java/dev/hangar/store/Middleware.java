package dev.hangar.store;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A link in the dispatch chain, as in Redux: it sees every action before the reducers, may pass it
 * on ({@code next.accept(action)}), replace it, drop it, or dispatch more through the store. Actions
 * pass it on the dispatching thread, inside the store's single-writer section: keep it short.
 *
 * <p>Thunks pass the chain too ({@link #handle(Thunk, Store, Function)}), outside that section. The
 * store runs none itself: {@link #thunks(Executor)} is the link that does, as redux-thunk is in Redux.
 */
@FunctionalInterface
public interface Middleware {
    void handle(Action action, Store store, Consumer<Action> next);

    /** Sees a dispatched thunk; by default passes it on unchanged. */
    default <T> CompletionStage<T> handle(Thunk<T> thunk, Store store, Function<Thunk<T>, CompletionStage<T>> next) {
        return next.apply(thunk);
    }

    /**
     * The link that runs thunks on {@code executor}, which the caller owns (and shuts down after the
     * store). Thunks block (a libvirt call can take seconds), so give it threads enough for that.
     */
    static Middleware thunks(Executor executor) {
        return new ThunkMiddleware(executor);
    }
}
