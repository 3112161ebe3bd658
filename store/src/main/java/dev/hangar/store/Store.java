package dev.hangar.store;

import io.reactivex.rxjava3.core.Observable;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The one store of an application: a tree of named reducer branches, a dispatch chain, and a
 * stream of states. Many threads and many browser tabs share it.
 *
 * <p>{@link DefaultStore} is the implementation; build one with {@link DefaultStore#builder()}.
 */
public interface Store extends Dispatcher {

    /** The current state; never null. */
    StateTree getState();

    /**
     * Every state from now on, starting with the current one at once. Emissions happen on the
     * dispatching thread, in dispatch order: a subscriber that does real work should move it to its
     * own thread ({@code observeOn}).
     */
    Observable<StateTree> states();

    /**
     * A slice of the state that emits only when it changes. Changes are found by reference, as
     * Redux's selectors do: reducers keep unchanged parts as the same instances.
     */
    default <T> Observable<T> select(Function<StateTree, T> selector) {
        return select(selector, (a, b) -> a == b);
    }

    /** A slice of the state that emits only when {@code same} says it differs from the last one. */
    default <T> Observable<T> select(Function<StateTree, T> selector, BiPredicate<T, T> same) {
        return states().map(selector::apply).distinctUntilChanged(same::test);
    }

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
