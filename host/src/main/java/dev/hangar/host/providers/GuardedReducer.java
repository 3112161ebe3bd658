package dev.hangar.host.providers;

import dev.hangar.store.Action;
import dev.hangar.store.Reducer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A provider's reducer that cannot fail the shared store ({@link GuardedProvider}'s, for its branch): every action goes through every branch,
 * so a plugin's reducer that throws would otherwise refuse the host's own updates (and every other
 * provider's). When it throws, its branch keeps its state and the failure goes to {@code failed}
 * (once per action type for an exception, which its plugin's row lists). After an {@link Error}
 * (a StackOverflowError, see {@link Guard}) it is never called again: its provider is disabled and
 * its branch removed, so neither this dispatch nor any later one fails.
 */
final class GuardedReducer<S> implements Reducer<S> {

    private final String provider;
    private final Reducer<S> reducer;
    private final GuardedProvider.Failure failed;
    private final Set<Class<?>> reported = ConcurrentHashMap.newKeySet();
    private volatile boolean broken;

    GuardedReducer(String provider, Reducer<S> reducer, GuardedProvider.Failure failed) {
        this.provider = provider;
        this.reducer = reducer;
        this.failed = failed;
    }

    @Override
    public S reduce(S state, Action action) {
        if (broken) {
            return state;
        }
        try {
            return reducer.reduce(state, action);
        } catch (Throwable e) {
            Guard.rethrowFatal(e);
            broken = Guard.disables(e);
            if (broken || reported.add(action.getClass())) {
                failed.failed(provider, "its reducer on " + action.getClass().getSimpleName(), e);
            }
            return state;
        }
    }
}
