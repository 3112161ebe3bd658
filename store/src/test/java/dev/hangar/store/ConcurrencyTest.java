package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.store.Counting.Add;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 10_000;

    /** Dispatch number {@code seq} of thread {@code thread}. */
    record Tick(int thread, int seq) implements Action {
    }

    /** What the reducer saw: the last sequence number per thread, and how often one came out of order. */
    record Tally(PMap<Integer, Integer> last, long total, long outOfOrder) {
        static final Tally EMPTY = new Tally(HashTreePMap.empty(), 0, 0);
    }

    @Test
    void eightThreadsOfTenThousandDispatchesAreAllCountedInOrderPerThread() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        Reducer<Tally> tally = (state, action) -> {
            if (!(action instanceof Tick tick)) {
                return state;
            }
            // The store promises one writer at a time: count any reducer call that overlaps another.
            if (inside.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            try {
                int last = state.last().getOrDefault(tick.thread(), -1);
                return new Tally(state.last().plus(tick.thread(), tick.seq()), state.total() + 1,
                        state.outOfOrder() + (tick.seq() == last + 1 ? 0 : 1));
            } finally {
                inside.decrementAndGet();
            }
        };
        try (DefaultStore store = DefaultStore.create()) {
            store.addReducer("tally", tally, Tally.EMPTY);
            List<Long> totals = new ArrayList<>();
            store.select(s -> s.get("tally", Tally.class)).subscribe(t -> totals.add(t.total()));

            runTogether(THREADS, thread -> {
                for (int seq = 0; seq < PER_THREAD; seq++) {
                    store.dispatch(new Tick(thread, seq));
                }
            });

            Tally result = store.getState().get("tally", Tally.class);
            assertEquals((long) THREADS * PER_THREAD, result.total());
            assertEquals(0, result.outOfOrder());
            assertEquals(0, overlaps.get());
            for (int thread = 0; thread < THREADS; thread++) {
                assertEquals(PER_THREAD - 1, result.last().get(thread), "last dispatch of thread " + thread);
            }
            // Emissions are serialized in dispatch order: the initial state, then one per dispatch.
            assertEquals(THREADS * PER_THREAD + 1, totals.size());
            for (int i = 0; i < totals.size(); i++) {
                assertEquals(i, totals.get(i));
            }
        }
    }

    @Test
    void thunksDispatchingFromManyThreadsLoseNothing() throws Exception {
        ExecutorService thunks = Executors.newFixedThreadPool(4);
        try (DefaultStore store = Counting.withCount(DefaultStore.builder().middleware(Middleware.thunks(thunks)))) {
            List<CompletableFuture<Void>> stages = new ArrayList<>();
            runTogether(THREADS, thread -> {
                for (int i = 0; i < 1_000; i++) {
                    CompletableFuture<Void> stage = store.<Void>dispatch((dispatch, state) -> {
                        dispatch.dispatch(new Add(1));
                        return CompletableFuture.completedFuture(null);
                    }).toCompletableFuture();
                    synchronized (stages) {
                        stages.add(stage);
                    }
                }
                // Dispatches from the calling threads mix with those of the thunks.
                for (int i = 0; i < 1_000; i++) {
                    store.dispatch(new Add(1));
                }
            });
            CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertEquals(THREADS * 2_000L, Counting.count(store));
        } finally {
            thunks.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface Work {
        void run(int thread);
    }

    /** Runs {@code work} on {@code threads} threads released at once, and rethrows their failures. */
    private static void runTogether(int threads, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    work.run(thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
