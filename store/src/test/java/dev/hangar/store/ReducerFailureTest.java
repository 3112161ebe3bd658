package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.store.Counting.Add;
import dev.hangar.store.Counting.Boom;
import dev.hangar.store.Counting.Count;
import io.reactivex.rxjava3.observers.TestObserver;
import org.junit.jupiter.api.Test;

class ReducerFailureTest {

    @Test
    void aThrowingReducerLeavesTheSameStateAndTheErrorReachesTheDispatcher() {
        try (DefaultStore store = Counting.store()) {
            store.dispatch(new Add(2));
            StateTree before = store.getState();
            TestObserver<StateTree> states = store.states().test();
            Boom boom = new Boom("disk on fire");

            ReducerException e = assertThrows(ReducerException.class, () -> store.dispatch(boom));

            assertSame(before, store.getState());
            states.assertValuesOnly(before);
            assertEquals(Counting.BRANCH, e.branch());
            assertSame(boom, e.action());
            assertTrue(e.getCause() instanceof IllegalStateException);
            assertEquals("reducer of branch 'count' failed on Boom: java.lang.IllegalStateException: disk on fire",
                    e.getMessage());
        }
    }

    @Test
    void theStoreKeepsWorkingAfterAFailure() {
        try (DefaultStore store = Counting.store()) {
            assertThrows(ReducerException.class, () -> store.dispatch(new Boom("once")));
            store.dispatch(new Add(7));
            assertEquals(7, Counting.count(store));
        }
    }

    @Test
    void aFailureInOneBranchDiscardsWhatOtherBranchesDidWithTheSameAction() {
        try (DefaultStore store = DefaultStore.create()) {
            // "first" is added first, so it reduces first and its change is already made when "second" fails.
            store.addReducer("first", Counting.REDUCER, Counting.ZERO);
            store.addReducer("second", (Count state, Action action) -> {
                if (action instanceof Add add && add.amount() > 100) {
                    throw new IllegalArgumentException("too much");
                }
                return Counting.REDUCER.reduce(state, action);
            }, Counting.ZERO);
            StateTree before = store.getState();

            ReducerException e = assertThrows(ReducerException.class, () -> store.dispatch(new Add(1000)));

            assertEquals("second", e.branch());
            assertSame(before, store.getState());
            assertEquals(0, store.getState().get("first", Count.class).value());
        }
    }

    @Test
    void anErrorThrownByAReducerAlsoLeavesTheState() {
        try (DefaultStore store = Counting.store()) {
            store.addReducer("broken", (String state, Action action) -> {
                if (action instanceof Add) {
                    throw new AssertionError("invariant broken");
                }
                return state;
            }, "ok");
            StateTree before = store.getState();
            assertThrows(AssertionError.class, () -> store.dispatch(new Add(1)));
            assertSame(before, store.getState());
            // The single-writer flag was reset: dispatching again is not mistaken for a reducer's dispatch.
            store.removeReducer("broken");
            store.dispatch(new Add(1));
            assertEquals(1, Counting.count(store));
        }
    }
}
