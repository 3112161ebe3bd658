package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.store.Counting.Add;
import dev.hangar.store.Counting.Count;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThunkTest {

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletionStage<?> stage) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(stage));
        return e.getCause();
    }

    @Test
    void aThunkRunsOnTheThunkExecutorNeverOnTheCallingThread() throws Exception {
        try (DefaultStore store = Counting.store()) {
            Thread caller = Thread.currentThread();
            CompletionStage<Thread> stage = store.dispatch((dispatch, state) ->
                    CompletableFuture.completedFuture(Thread.currentThread()));
            Thread ranOn = await(stage);
            assertNotSame(caller, ranOn);
            assertTrue(ranOn.getName().startsWith("hangar-thunk-"), ranOn.getName());
        }
    }

    @Test
    void dispatchReturnsBeforeTheThunkIsDone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (DefaultStore store = Counting.store()) {
            CompletionStage<String> stage = store.dispatch((dispatch, state) -> {
                release.await();
                return CompletableFuture.completedFuture("done");
            });
            assertFalse(stage.toCompletableFuture().isDone());
            release.countDown();
            assertEquals("done", await(stage));
        }
    }

    @Test
    void aThunkDispatchesAndReadsTheCurrentState() throws Exception {
        try (DefaultStore store = Counting.store()) {
            store.dispatch(new Add(40));
            long seen = await(store.<Long>dispatch((dispatch, state) -> {
                long before = state.get().get(Counting.BRANCH, Count.class).value();
                dispatch.dispatch(new Add(2));
                long after = state.get().get(Counting.BRANCH, Count.class).value();
                return CompletableFuture.completedFuture(before * 1000 + after);
            }));
            assertEquals(40_042, seen);
            assertEquals(42, Counting.count(store));
        }
    }

    @Test
    void aThunkMayDispatchAnotherThunk() throws Exception {
        try (DefaultStore store = Counting.store()) {
            int value = await(store.<Integer>dispatch((dispatch, state) ->
                    dispatch.<Integer>dispatch((inner, innerState) -> CompletableFuture.completedFuture(7))
                            .thenApply(v -> v * 6)));
            assertEquals(42, value);
        }
    }

    @Test
    void aThrowingThunkFailsItsStage() {
        try (DefaultStore store = Counting.store()) {
            IOException cause = new IOException("connection refused");
            assertSame(cause, failure(store.dispatch((dispatch, state) -> {
                throw cause;
            })));
        }
    }

    @Test
    void aFailedStageFailsTheReturnedStage() {
        try (DefaultStore store = Counting.store()) {
            IllegalStateException cause = new IllegalStateException("Domain 'web1' is not running");
            assertSame(cause, failure(store.dispatch((dispatch, state) -> CompletableFuture.failedFuture(cause))));
        }
    }

    @Test
    void aNullStageFailsTheReturnedStageWithAClearMessage() {
        try (DefaultStore store = Counting.store()) {
            Throwable e = failure(store.dispatch((dispatch, state) -> null));
            assertTrue(e instanceof IllegalStateException, e.toString());
            assertTrue(e.getMessage().endsWith("returned no CompletionStage"), e.getMessage());
        }
    }

    @Test
    void aThunkWhoseDispatchFailsGetsTheReducerException() {
        try (DefaultStore store = Counting.store()) {
            Throwable e = failure(store.dispatch((dispatch, state) -> {
                dispatch.dispatch(new Counting.Boom("refused"));
                return CompletableFuture.completedFuture(null);
            }));
            assertTrue(e instanceof ReducerException, e.toString());
        }
    }

    @Test
    void theHostsExecutorRunsTheThunksAndOutlivesTheStore() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "own-executor"));
        try {
            AtomicReference<String> ranOn = new AtomicReference<>();
            try (DefaultStore store = Counting.withCount(DefaultStore.builder().middleware(Middleware.thunks(executor)))) {
                await(store.dispatch((dispatch, state) -> {
                    ranOn.set(Thread.currentThread().getName());
                    return CompletableFuture.completedFuture(null);
                }));
            }
            assertEquals("own-executor", ranOn.get());
            assertFalse(executor.isShutdown());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aThunkRefusedByAShutDownExecutorFailsSayingSo() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        executor.shutdown();
        try (DefaultStore store = Counting.withCount(DefaultStore.builder().middleware(Middleware.thunks(executor)))) {
            Throwable e = failure(store.dispatch((dispatch, state) -> CompletableFuture.completedFuture(null)));
            assertEquals("the thunk executor refused the thunk (shut down?)", e.getMessage());
        }
    }

    @Test
    void aStoreWithoutTheThunkMiddlewareRefusesThunksInWords() {
        try (DefaultStore store = DefaultStore.builder().build()) {
            Throwable e = failure(store.dispatch((dispatch, state) -> CompletableFuture.completedFuture(null)));
            assertEquals("this store runs no thunks: build it with Middleware.thunks(executor)", e.getMessage());
        }
    }
}
