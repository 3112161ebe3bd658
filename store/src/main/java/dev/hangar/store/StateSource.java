package dev.hangar.store;

import io.reactivex.rxjava3.core.Observable;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The reading half of a store: its state now, its states from now on, and slices of them. The
 * {@link Store} is one; so is what the host hands a plugin's component, which may read but not write.
 */
public interface StateSource {

    /** The current state; never null. */
    StateTree getState();

    /**
     * Every state from now on, starting with the latest emitted one at once. States are emitted in
     * dispatch order and never under the store's write lock, so a subscriber may dispatch, or block,
     * without holding up other dispatchers. They are emitted by the dispatching thread, unless
     * another thread is emitting at that moment: then that one emits it next (a dispatch may return
     * before its state reached the subscribers). A subscriber that does real work should move it to
     * its own thread ({@code observeOn}).
     */
    Observable<StateTree> states();

    /**
     * A slice of the state that emits its current value at once and then only when it changes.
     * Changes are found by reference, as Redux's selectors do: reducers keep unchanged parts as the
     * same instances.
     */
    default <T> Observable<T> select(Function<StateTree, T> selector) {
        return select(selector, (a, b) -> a == b);
    }

    /** A slice of the state that emits only when {@code same} says it differs from the last one. */
    default <T> Observable<T> select(Function<StateTree, T> selector, BiPredicate<T, T> same) {
        return states().map(selector::apply).distinctUntilChanged(same::test);
    }
}
