package dev.hangar.store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/** Logs each action at DEBUG and each reducer failure at WARNING. */
public final class LoggingMiddleware implements Middleware {
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
