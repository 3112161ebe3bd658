package dev.hangar.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A bounded record of the latest actions, for debugging and the state inspector. */
public final class ActionLog implements Middleware {

    /** One logged action; {@code error} is set when a reducer failed on it. */
    public record Entry(long sequence, long epochMillis, String type, Action action, String error) {
    }

    private final int capacity;
    private final ArrayDeque<Entry> entries;
    private long sequence;

    public ActionLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("action log capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(capacity);
    }

    @Override
    public void handle(Action action, Store store, java.util.function.Consumer<Action> next) {
        String error = null;
        try {
            next.accept(action);
        } catch (RuntimeException e) {
            error = e.getMessage();
            throw e;
        } finally {
            record(action, error);
        }
    }

    private synchronized void record(Action action, String error) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(new Entry(++sequence, System.currentTimeMillis(),
                action.getClass().getSimpleName(), action, error));
    }

    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries);
    }
}
