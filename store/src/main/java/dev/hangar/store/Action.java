package dev.hangar.store;

/**
 * Something that happened, as an immutable value (a record). Reducers turn the state and an action
 * into the next state; nothing else changes state.
 *
 * <p>Action families are sealed interfaces extending this one, so a reducer can switch over them
 * exhaustively.
 */
public interface Action {
}
