package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.store.Counting.Add;
import dev.hangar.store.Counting.Noop;
import io.reactivex.rxjava3.observers.TestObserver;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DispatchTest {

    @Test
    void anActionIsReducedBeforeDispatchReturnsOnTheCallingThread() {
        AtomicReference<Thread> reducedOn = new AtomicReference<>();
        try (DefaultStore store = Counting.store()) {
            store.addReducer("thread", (Thread state, Action action) -> {
                reducedOn.set(Thread.currentThread());
                return state;
            }, null);
            store.dispatch(new Add(5));
            assertEquals(5, Counting.count(store));
            assertSame(Thread.currentThread(), reducedOn.get());
            store.dispatch(new Add(-2));
            assertEquals(3, Counting.count(store));
        }
    }

    @Test
    void anActionNoReducerChangesKeepsTheSameStateAndEmitsNothing() {
        try (DefaultStore store = Counting.store()) {
            StateTree before = store.getState();
            TestObserver<StateTree> states = store.states().test();
            store.dispatch(new Noop());
            assertSame(before, store.getState());
            states.assertValuesOnly(before);
        }
    }

    @Test
    void aChangedBranchGivesANewTreeAndOneEmission() {
        try (DefaultStore store = Counting.store()) {
            StateTree before = store.getState();
            TestObserver<StateTree> states = store.states().test();
            store.dispatch(new Add(1));
            assertNotSame(before, store.getState());
            states.assertValueCount(2);
            assertSame(store.getState(), states.values().get(1));
        }
    }

    @Test
    void aNullActionOrThunkIsRefusedByName() {
        try (DefaultStore store = Counting.store()) {
            NullPointerException action = assertThrows(NullPointerException.class, () -> store.dispatch((Action) null));
            assertEquals("action", action.getMessage());
            NullPointerException thunk = assertThrows(NullPointerException.class,
                    () -> store.dispatch((Thunk<Object>) null));
            assertEquals("thunk", thunk.getMessage());
        }
    }

    @Test
    void aReducerThatDispatchesIsRefusedAndTheStateStays() {
        try (DefaultStore store = Counting.store()) {
            store.addReducer("echo", (String state, Action action) -> {
                if (action instanceof Add) {
                    store.dispatch(new Noop());
                }
                return state;
            }, "quiet");
            StateTree before = store.getState();

            ReducerException e = assertThrows(ReducerException.class, () -> store.dispatch(new Add(1)));
            assertEquals("echo", e.branch());
            assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
            assertTrue(e.getCause().getMessage().contains("a reducer may not dispatch (dispatched Noop"),
                    e.getCause().getMessage());
            assertSame(before, store.getState());
        }
    }

    @Test
    void aReducerMayNotChangeTheTreeEither() {
        try (DefaultStore store = Counting.store()) {
            store.addReducer("grower", (String state, Action action) -> {
                if (action instanceof Add) {
                    store.addReducer("sprout", Counting.REDUCER, Counting.ZERO);
                }
                return state;
            }, "seed");
            StateTree before = store.getState();

            ReducerException e = assertThrows(ReducerException.class, () -> store.dispatch(new Add(1)));
            assertTrue(e.getCause().getMessage().contains("a reducer may not add a reducer branch"),
                    e.getCause().getMessage());
            assertSame(before, store.getState());
            // Still absent: a later dispatch must not find a reducer without its branch.
            store.dispatch(new Noop());
            assertFalse(store.getState().has("sprout"));
        }
    }
}
