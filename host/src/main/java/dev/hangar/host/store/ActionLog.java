package dev.hangar.host.store;

import dev.hangar.store.Action;
import dev.hangar.store.Middleware;
import dev.hangar.store.StateTree;
import dev.hangar.store.Store;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import io.reactivex.rxjava3.subjects.PublishSubject;
import io.reactivex.rxjava3.subjects.Subject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The last actions through the host's store and what each did to the branches: the State
 * inspector's feed, as a middleware first in the chain (so it also sees actions a later link drops).
 *
 * <p>States can be large (every VM), so only the latest {@code withStates} entries keep the branch
 * states before and after them; older ones keep which branches changed. When a plugin is unloaded,
 * {@link #forget(ClassLoader)} lets go of everything that could hold its classes.
 */
public final class ActionLog implements Middleware {

    /** What an action did to one branch: its state before and after, or nulls when no longer kept. */
    public record Change(String branch, Object before, Object after) {
    }

    /**
     * One logged action. {@code action} is null once its plugin was unloaded ({@code type} stays);
     * {@code statesKept} says whether the changes still have their states; {@code error} is set when a
     * reducer failed on it.
     */
    public record Entry(long sequence, Instant time, String type, Action action, List<Change> changes,
            boolean statesKept, String error) {

        public List<String> branches() {
            return changes.stream().map(Change::branch).toList();
        }

        Entry withoutStates() {
            return !statesKept ? this : new Entry(sequence, time, type, action,
                    changes.stream().map(c -> new Change(c.branch(), null, null)).toList(), false, error);
        }

        Entry withoutAction() {
            return new Entry(sequence, time, type, null, changes, statesKept, error);
        }
    }

    private final int capacity;
    private final int withStates;
    private final Clock clock;
    /** The latest entries, with their states; at most {@link #withStates}. */
    private final ArrayDeque<Entry> recent;
    /** The entries before those, without states. */
    private final ArrayDeque<Entry> older;
    private final Subject<Long> appended = PublishSubject.<Long>create().toSerialized();
    private long sequence;

    public ActionLog(int capacity, int withStates, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("action log capacity must be at least 1, was " + capacity);
        }
        if (withStates < 0 || withStates > capacity) {
            throw new IllegalArgumentException("entries with states must be between 0 and the capacity ("
                    + capacity + "), was " + withStates);
        }
        this.capacity = capacity;
        this.withStates = withStates;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.recent = new ArrayDeque<>(withStates + 1);
        this.older = new ArrayDeque<>(capacity - withStates + 1);
    }

    @Override
    public void handle(Action action, Store store, Consumer<Action> next) {
        StateTree before = store.getState();
        String error = null;
        try {
            next.accept(action);
        } catch (RuntimeException e) {
            error = e.getMessage();
            throw e;
        } finally {
            record(action, changes(before, store.getState()), error);
        }
    }

    /** The branches whose state is another instance after the action (added and removed ones too). */
    private static List<Change> changes(StateTree before, StateTree after) {
        if (before == after) {
            return List.of();
        }
        List<Change> changes = new ArrayList<>();
        Map<String, Object> old = before.branches();
        for (Map.Entry<String, Object> branch : after.branches().entrySet()) {
            Object was = old.get(branch.getKey());
            if (was != branch.getValue() || !old.containsKey(branch.getKey())) {
                changes.add(new Change(branch.getKey(), was, branch.getValue()));
            }
        }
        for (Map.Entry<String, Object> branch : old.entrySet()) {
            if (!after.has(branch.getKey())) {
                changes.add(new Change(branch.getKey(), branch.getValue(), null));
            }
        }
        return List.copyOf(changes);
    }

    private void record(Action action, List<Change> changes, String error) {
        long number;
        synchronized (this) {
            number = ++sequence;
            Entry entry = new Entry(number, clock.instant(), action.getClass().getSimpleName(), action, changes,
                    true, error);
            recent.addLast(entry);
            if (recent.size() > withStates) {
                older.addLast(recent.removeFirst().withoutStates());
            }
            if (recent.size() + older.size() > capacity) {
                older.removeFirst();
            }
        }
        appended.onNext(number);
    }

    /** The logged actions, oldest first: a copy. */
    public synchronized List<Entry> entries() {
        List<Entry> all = new ArrayList<>(older.size() + recent.size());
        all.addAll(older);
        all.addAll(recent);
        return all;
    }

    /**
     * The sequence number of each action logged from now on, delivered on a thread of its own: never
     * on the dispatching thread, which holds the store's write lock while the log sees the action.
     */
    public Observable<Long> appended() {
        return appended.observeOn(Schedulers.single());
    }

    /**
     * A plugin was unloaded: entries drop the actions of its classes (keeping their names) and every
     * kept state (its objects may sit in any branch), so the log holds nothing of its class loader.
     */
    public synchronized void forget(ClassLoader loader) {
        replaceAll(recent, loader);
        replaceAll(older, loader);
    }

    private static void replaceAll(ArrayDeque<Entry> entries, ClassLoader loader) {
        List<Entry> kept = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            Entry stripped = entry.withoutStates();
            kept.add(stripped.action() != null && stripped.action().getClass().getClassLoader() == loader
                    ? stripped.withoutAction() : stripped);
        }
        entries.clear();
        entries.addAll(kept);
    }
}
