package dev.hangar.store;

import java.util.function.Consumer;

/**
 * Hands every failed dispatch (a reducer that threw) to a listener, for example to show it to an
 * administrator, and lets the failure go on to the dispatcher.
 */
public final class ErrorCapture implements Middleware {

    /** Receives the failing action and what went wrong. */
    @FunctionalInterface
    public interface Listener {
        void failed(Action action, RuntimeException error);
    }

    private final Listener listener;

    public ErrorCapture(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void handle(Action action, Store store, Consumer<Action> next) {
        try {
            next.accept(action);
        } catch (RuntimeException e) {
            listener.failed(action, e);
            throw e;
        }
    }
}
