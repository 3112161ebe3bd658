package dev.hangar.store;

import java.util.function.Consumer;

/**
 * A link in the dispatch chain, as in Redux: it sees every action before the reducers, may pass it
 * on ({@code next.accept(action)}), replace it, drop it, or dispatch more through the store. It
 * runs on the dispatching thread, inside the store's single-writer section: keep it short.
 */
@FunctionalInterface
public interface Middleware {
    void handle(Action action, Store store, Consumer<Action> next);
}
