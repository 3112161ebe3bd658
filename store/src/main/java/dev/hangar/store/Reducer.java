package dev.hangar.store;

/**
 * A pure function from a branch's state and an action to the branch's next state.
 *
 * <p>A reducer must not block, call out, or dispatch. It returns the very same instance when the
 * action does not concern it: subscribers compare states by reference, so an unchanged branch must
 * stay the same object. A reducer that throws leaves the whole state as it was.
 *
 * @param <S> the type of the branch's state, an immutable value
 */
@FunctionalInterface
public interface Reducer<S> {
    S reduce(S state, Action action);
}
