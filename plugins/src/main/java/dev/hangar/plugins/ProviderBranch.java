package dev.hangar.plugins;

import dev.hangar.store.Reducer;
import java.util.Objects;

/**
 * A provider's own reducer branch (the seed's {@code reducer}): added to the store under the
 * provider's name when it activates, removed when its plugin stops.
 *
 * @param reducer      a pure reducer; it sees every action of the store
 * @param initialState the branch's state before any action
 * @param <S>          the branch's state type, an immutable value
 */
public record ProviderBranch<S>(Reducer<S> reducer, S initialState) {
    public ProviderBranch {
        Objects.requireNonNull(reducer, "reducer");
    }
}
