package dev.hangar.store;

/**
 * The one store of an application, at Redux's size: the state ({@link StateSource}), dispatch
 * ({@link Dispatcher}, through the middleware), and a tree of named reducer branches that grows and
 * shrinks at run time. Many threads and many browser tabs share it.
 *
 * <p>{@link DefaultStore} is the implementation; build one with {@link DefaultStore#builder()}.
 */
public interface Store extends Dispatcher, StateSource {

    /**
     * Adds a branch to the tree with its initial state (a provider's own branch, when it activates).
     *
     * @throws IllegalArgumentException when a branch of that name exists already
     */
    <S> void addReducer(String name, Reducer<S> reducer, S initialState);

    /** Drops a branch and its state (its plugin was unloaded). Returns whether it existed. */
    boolean removeReducer(String name);
}
