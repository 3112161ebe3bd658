package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.hangar.store.Counting.Add;
import dev.hangar.store.Counting.Count;
import dev.hangar.store.Counting.Noop;
import io.reactivex.rxjava3.observers.TestObserver;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SubscriptionTest {

    @Test
    void aNewSubscriberGetsTheLatestStateAtOnce() {
        try (DefaultStore store = Counting.store()) {
            store.dispatch(new Add(3));
            TestObserver<StateTree> late = store.states().test();
            late.assertValuesOnly(store.getState());
            store.dispatch(new Add(1));
            late.assertValueCount(2);
            assertSame(store.getState(), late.values().get(1));
        }
    }

    @Test
    void selectEmitsOnlyWhenTheSlicesReferenceChanges() {
        try (DefaultStore store = Counting.store()) {
            store.addReducer("other", Counting.REDUCER, Counting.ZERO);
            TestObserver<Count> slice = store.select(s -> s.get(Counting.BRANCH, Count.class)).test();
            slice.assertValuesOnly(Counting.ZERO);

            store.dispatch(new Noop());
            store.removeReducer("other");
            slice.assertValueCount(1);

            store.dispatch(new Add(2));
            store.dispatch(new Add(0));
            // Add(0) makes an equal but new Count: by reference that is a change.
            slice.assertValuesOnly(Counting.ZERO, new Count(2), new Count(2));
        }
    }

    @Test
    void selectWithAnEqualityEmitsOnlyWhenTheValueDiffers() {
        try (DefaultStore store = Counting.store()) {
            TestObserver<Long> slice = store.select(s -> s.get(Counting.BRANCH, Count.class).value(), Objects::equals)
                    .test();
            store.dispatch(new Add(2));
            store.dispatch(new Add(0));
            store.dispatch(new Add(-2));
            slice.assertValuesOnly(0L, 2L, 0L);
        }
    }

    @Test
    void statesAreEmittedOnTheDispatchingThread() throws Exception {
        try (DefaultStore store = Counting.store()) {
            AtomicReference<Thread> emittedOn = new AtomicReference<>();
            store.states().skip(1).subscribe(state -> emittedOn.set(Thread.currentThread()));
            Thread dispatcher = new Thread(() -> store.dispatch(new Add(1)), "some-dispatcher");
            dispatcher.start();
            dispatcher.join();
            assertSame(dispatcher, emittedOn.get());
        }
    }

    @Test
    void closingTheStoreCompletesTheStream() {
        DefaultStore store = Counting.store();
        TestObserver<StateTree> states = store.states().test();
        store.close();
        states.assertComplete();
        assertEquals(1, states.values().size());
    }
}
