package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.store.Counting.Add;
import dev.hangar.store.Counting.Count;
import dev.hangar.store.StoreEvent.BranchAdded;
import dev.hangar.store.StoreEvent.BranchRemoved;
import io.reactivex.rxjava3.observers.TestObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BranchTest {

    /** A reducer that keeps the store events it sees. */
    private static final Reducer<List<StoreEvent>> EVENTS = (state, action) -> {
        if (!(action instanceof StoreEvent event)) {
            return state;
        }
        List<StoreEvent> next = new ArrayList<>(state);
        next.add(event);
        return List.copyOf(next);
    };

    @Test
    void addReducerExtendsTheTreeWithTheInitialStateAndTellsEveryone() {
        Counting.Recorder recorder = new Counting.Recorder();
        try (DefaultStore store = DefaultStore.builder().middleware(recorder).build()) {
            store.addReducer("events", EVENTS, List.of());
            Object events = store.getState().get("events", List.class);
            assertFalse(store.getState().has(Counting.BRANCH));

            Count initial = new Count(10);
            store.addReducer(Counting.BRANCH, Counting.REDUCER, initial);

            assertSame(initial, store.getState().get(Counting.BRANCH, Count.class));
            assertEquals(Optional.of(initial), store.getState().find(Counting.BRANCH, Count.class));
            // The older branch saw the new one arrive; the new reducer runs from now on.
            assertEquals(List.of(new BranchAdded("events"), new BranchAdded(Counting.BRANCH)),
                    store.getState().get("events", List.class));
            assertNotSame(events, store.getState().get("events", List.class));
            store.dispatch(new Add(1));
            assertEquals(11, Counting.count(store));
            assertEquals(List.of(new BranchAdded("events"), new BranchAdded(Counting.BRANCH), new Add(1)),
                    recorder.actions());
        }
    }

    @Test
    void theNewBranchsOwnReducerSeesItsBranchAdded() {
        try (DefaultStore store = DefaultStore.create()) {
            store.addReducer("events", EVENTS, List.of());
            assertEquals(List.of(new BranchAdded("events")), store.getState().get("events", List.class));
        }
    }

    @Test
    void addingABranchThatExistsFailsClearlyAndChangesNothing() {
        Counting.Recorder recorder = new Counting.Recorder();
        try (DefaultStore store = Counting.withCount(DefaultStore.builder().middleware(recorder))) {
            store.dispatch(new Add(4));
            StateTree before = store.getState();
            int logged = recorder.actions().size();

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.addReducer(Counting.BRANCH, (String s, Action a) -> s, "other"));

            assertEquals("a reducer branch named 'count' exists already; remove it first or choose another name",
                    e.getMessage());
            assertSame(before, store.getState());
            assertEquals(logged, recorder.actions().size());
            store.dispatch(new Add(1));
            assertEquals(5, Counting.count(store));
        }
    }

    @Test
    void aBranchWhoseReducerFailsOnItsArrivalIsNotAdded() {
        try (DefaultStore store = Counting.store()) {
            TestObserver<StateTree> states = store.states().test();
            Reducer<String> broken = (state, action) -> {
                throw new IllegalStateException("unknown action " + action);
            };

            ReducerException e = assertThrows(ReducerException.class, () -> store.addReducer("broken", broken, "x"));

            assertEquals("broken", e.branch());
            assertEquals(new BranchAdded("broken"), e.action());
            assertFalse(store.getState().has("broken"));
            assertFalse(states.values().get(states.values().size() - 1).has("broken"));
            // Its reducer is gone too: dispatching works, and the name is free again.
            store.dispatch(new Add(2));
            assertEquals(2, Counting.count(store));
            store.addReducer("broken", (String s, Action a) -> s, "fixed");
            assertEquals("fixed", store.getState().get("broken", String.class));
        }
    }

    @Test
    void removeReducerDropsTheBranchAndItsReducer() {
        Counting.Recorder recorder = new Counting.Recorder();
        try (DefaultStore store = Counting.withCount(DefaultStore.builder().middleware(recorder))) {
            store.addReducer("events", EVENTS, List.of());
            store.dispatch(new Add(3));
            Object events = store.getState().get("events", List.class);

            assertTrue(store.removeReducer(Counting.BRANCH));

            assertFalse(store.getState().has(Counting.BRANCH));
            assertEquals(Optional.empty(), store.getState().find(Counting.BRANCH, Count.class));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.getState().get(Counting.BRANCH, Count.class));
            assertEquals("no reducer branch named 'count'", e.getMessage());
            assertNotSame(events, store.getState().get("events", List.class));
            assertEquals(new BranchRemoved(Counting.BRANCH),
                    store.getState().get("events", List.class).get(1));
            assertEquals(new BranchRemoved(Counting.BRANCH), recorder.actions().get(recorder.actions().size() - 1));

            // Its reducer is gone: an action it handled changes nothing now.
            StateTree after = store.getState();
            store.dispatch(new Add(1));
            assertSame(after, store.getState());
        }
    }

    @Test
    void removingAnUnknownBranchSaysSoAndChangesNothing() {
        try (DefaultStore store = Counting.store()) {
            StateTree before = store.getState();
            assertFalse(store.removeReducer("nothing"));
            assertSame(before, store.getState());
        }
    }

    @Test
    void aRemovedBranchCanBeAddedAgainAfresh() {
        try (DefaultStore store = Counting.store()) {
            store.dispatch(new Add(9));
            store.removeReducer(Counting.BRANCH);
            store.addReducer(Counting.BRANCH, Counting.REDUCER, Counting.ZERO);
            assertEquals(0, Counting.count(store));
        }
    }

    @Test
    void aBranchMayStartEmpty() {
        try (DefaultStore store = DefaultStore.create()) {
            store.addReducer("lazy", (String state, Action action) -> action instanceof Add ? "set" : state, null);
            assertTrue(store.getState().has("lazy"));
            assertNull(store.getState().get("lazy", String.class));
            assertEquals(Optional.empty(), store.getState().find("lazy", String.class));
            store.dispatch(new Add(1));
            assertEquals("set", store.getState().get("lazy", String.class));
        }
    }
}
