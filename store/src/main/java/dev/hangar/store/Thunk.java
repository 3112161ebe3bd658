package dev.hangar.store;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A side effect that the store runs on its own executor: the Java form of Redux's
 * {@code (dispatch, getState) => Promise}. A thunk may block (a libvirt call), dispatch actions
 * and other thunks, and completes its stage when it is done.
 *
 * @param <T> what the thunk's stage yields
 */
@FunctionalInterface
public interface Thunk<T> {
    CompletionStage<T> run(Dispatcher dispatcher, Supplier<StateTree> state) throws Exception;
}
