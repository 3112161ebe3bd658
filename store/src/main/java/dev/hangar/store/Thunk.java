package dev.hangar.store;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A side effect, the Java form of Redux's {@code (dispatch, getState) => Promise}: the store's thunk
 * middleware runs it on an executor of the host's. A thunk may block (a libvirt call), dispatch
 * actions and other thunks, and completes its stage when it is done.
 *
 * @param <T> what the thunk's stage yields
 */
@FunctionalInterface
public interface Thunk<T> {
    CompletionStage<T> run(Dispatcher dispatcher, Supplier<StateTree> state) throws Exception;
}
