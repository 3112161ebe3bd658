package dev.hangar.plugins;

import dev.hangar.store.Dispatcher;
import java.util.Optional;

/**
 * Who asked for the action a provider's thunk carries out: the user's name, the id of their role in
 * the host ({@code viewer}, {@code operator}, {@code administrator}) and the client address they asked
 * from. Read-only, for an engine that maps the host's users to its own permissions or writes them into
 * its own audit. The host has checked the role and audited the action before the thunk runs.
 *
 * <p>A thunk finds it in the dispatcher it is run with ({@link #of}); the host gives each command's
 * thunk a dispatcher of its own, and the thunks that one dispatches inherit it. Thunks the host runs
 * for no one (a provider's first load, a refresh) have none.
 */
public record Caller(String name, String role, String address) {

    /** The caller of the thunk that was run with {@code dispatcher}, if a user asked for it. */
    public static Optional<Caller> of(Dispatcher dispatcher) {
        return dispatcher instanceof Known known ? Optional.of(known.caller()) : Optional.empty();
    }

    /** A dispatcher that knows who asked; the host makes one for each command it runs. */
    public interface Known extends Dispatcher {
        Caller caller();
    }
}
