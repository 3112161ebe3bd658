package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.store.Counting.Add;
import dev.hangar.store.Counting.Count;
import dev.hangar.store.Counting.Noop;
import io.reactivex.rxjava3.observers.TestObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    @Test
    void aSubscriberThatBlocksHoldsUpNoOtherDispatcher() throws Exception {
        try (DefaultStore store = Counting.store()) {
            CountDownLatch inSubscriber = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<Long> seen = new CopyOnWriteArrayList<>();
            store.select(s -> s.get(Counting.BRANCH, Count.class)).skip(1).subscribe(count -> {
                seen.add(count.value());
                if (count.value() == 1) {
                    inSubscriber.countDown();
                    release.await();
                }
            });
            Thread first = new Thread(() -> store.dispatch(new Add(1)), "first-dispatcher");
            first.start();
            try {
                assertTrue(inSubscriber.await(10, TimeUnit.SECONDS), "the subscriber saw the first dispatch");

                // The subscriber blocks on the first dispatcher's thread; a second dispatcher is not held up.
                CompletableFuture.runAsync(() -> store.dispatch(new Add(2))).get(10, TimeUnit.SECONDS);
                assertEquals(3, Counting.count(store));
            } finally {
                release.countDown();
                first.join();
            }
            // The blocked thread emitted the second state after the first: every state, in dispatch order.
            assertEquals(List.of(1L, 3L), seen);
        }
    }

    @Test
    void aSubscriberMayWaitForADispatchOfAnotherThread() throws Exception {
        try (DefaultStore store = Counting.store()) {
            CompletableFuture<Void> other = new CompletableFuture<>();
            store.select(s -> s.get(Counting.BRANCH, Count.class)).skip(1).subscribe(count -> {
                if (count.value() == 1) {
                    // As a view's listener that hands work to another thread and waits for it.
                    CompletableFuture.runAsync(() -> store.dispatch(new Add(10))).get(10, TimeUnit.SECONDS);
                    other.complete(null);
                }
            }, other::completeExceptionally);
            store.dispatch(new Add(1));
            other.get(10, TimeUnit.SECONDS);
            assertEquals(11, Counting.count(store));
        }
    }

    @Test
    void aSubscriberThatDispatchesSeesTheStatesInDispatchOrder() {
        try (DefaultStore store = Counting.store()) {
            List<Long> seen = new ArrayList<>();
            store.select(s -> s.get(Counting.BRANCH, Count.class)).subscribe(count -> {
                seen.add(count.value());
                if (count.value() == 1) {
                    store.dispatch(new Add(10));
                }
            });
            store.dispatch(new Add(1));
            assertEquals(List.of(0L, 1L, 11L), seen);
            assertEquals(11, Counting.count(store));
        }
    }
}
