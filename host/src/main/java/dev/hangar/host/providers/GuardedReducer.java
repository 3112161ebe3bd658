package dev.hangar.host.providers;

import dev.hangar.store.Action;
import dev.hangar.store.Reducer;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A provider's reducer that cannot fail the shared store: every action goes through every branch,
 * so a plugin's reducer that throws would otherwise refuse the host's own updates (and every other
 * provider's). When it throws, its branch keeps its state and the failure is logged once per action type.
 */
final class GuardedReducer<S> implements Reducer<S> {
    private static final Logger LOG = System.getLogger(GuardedReducer.class.getName());

    private final String provider;
    private final Reducer<S> reducer;
    private final Set<Class<?>> reported = ConcurrentHashMap.newKeySet();

    GuardedReducer(String provider, Reducer<S> reducer) {
        this.provider = provider;
        this.reducer = reducer;
    }

    @Override
    public S reduce(S state, Action action) {
        try {
            return reducer.reduce(state, action);
        } catch (RuntimeException | LinkageError e) {
            if (reported.add(action.getClass())) {
                LOG.log(Level.WARNING, "the reducer of provider " + provider + " failed on "
                        + action.getClass().getSimpleName() + "; its branch keeps its state", e);
            }
            return state;
        }
    }
}
