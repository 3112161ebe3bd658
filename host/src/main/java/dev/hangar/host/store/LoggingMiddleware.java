package dev.hangar.host.store;

import dev.hangar.store.Action;
import dev.hangar.store.Middleware;
import dev.hangar.store.Store;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/** Logs each action at DEBUG and each reducer failure at WARNING. */
final class LoggingMiddleware implements Middleware {
    private static final Logger LOG = System.getLogger(LoggingMiddleware.class.getName());

    @Override
    public void handle(Action action, Store store, Consumer<Action> next) {
        LOG.log(Level.DEBUG, () -> "dispatch " + action);
        try {
            next.accept(action);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "dispatch of " + action.getClass().getSimpleName() + " failed", e);
            throw e;
        }
    }
}
