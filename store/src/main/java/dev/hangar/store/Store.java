package dev.hangar.store;

/**
 * The one store of an application: a tree of named reducer branches, a dispatch chain, and a
 * stream of states ({@link StateSource}: reading it). Many threads and many browser tabs share it.
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

    /** The recent actions, oldest first, bounded by the builder's log size. */
    java.util.List<ActionLog.Entry> recentActions();
}
