package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.store.Counting.Add;
import dev.hangar.store.Counting.Boom;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.List;
import org.junit.jupiter.api.Test;

class MiddlewareTest {

    /** A middleware that notes when the action passes it, going in and coming out. */
    private static Middleware tracing(String name, List<String> trace) {
        return (action, store, next) -> {
            trace.add(name + " in");
            next.accept(action);
            trace.add(name + " out");
        };
    }

    @Test
    void middlewareRunsInTheOrderAddedAroundTheReducers() {
        List<String> trace = new ArrayList<>();
        DefaultStore.Builder builder = DefaultStore.builder()
                .middleware(tracing("a", trace))
                .middleware(tracing("b", trace));
        try (DefaultStore store = Counting.withCount(builder)) {
            store.addReducer("trace", (String state, Action action) -> {
                trace.add("reduce " + action.getClass().getSimpleName());
                return state;
            }, "");
            trace.clear();

            store.dispatch(new Add(1));

            assertEquals(List.of("a in", "b in", "reduce Add", "b out", "a out"), trace);
        }
    }

    @Test
    void aMiddlewareCanDropAnAction() {
        Middleware dropNegative = (action, store, next) -> {
            if (!(action instanceof Add add && add.amount() < 0)) {
                next.accept(action);
            }
        };
        Counting.Recorder before = new Counting.Recorder();
        Counting.Recorder after = new Counting.Recorder();
        try (DefaultStore store = Counting.withCount(DefaultStore.builder().middleware(before).middleware(dropNegative)
                .middleware(after))) {
            StateTree state = store.getState();
            store.dispatch(new Add(-5));
            assertSame(state, store.getState());
            store.dispatch(new Add(5));
            assertEquals(5, Counting.count(store));
            // A link before the dropping one saw the action; one after it did not.
            assertEquals(List.of(new Add(-5), new Add(5)), before.actions().subList(1, 3));
            assertEquals(List.of(new Add(5)), after.actions().subList(1, 2));
        }
    }

    @Test
    void aMiddlewareCanReplaceAnAction() {
        Middleware doubling = (action, store, next) ->
                next.accept(action instanceof Add add ? new Add(add.amount() * 2) : action);
        try (DefaultStore store = Counting.withCount(DefaultStore.builder().middleware(doubling))) {
            store.dispatch(new Add(21));
            assertEquals(42, Counting.count(store));
        }
    }

    @Test
    void aMiddlewareCanDispatchMoreThroughTheStore() {
        Middleware bonus = (action, store, next) -> {
            if (action instanceof Add add && add.amount() == 100) {
                store.dispatch(new Add(1));
            }
            next.accept(action);
        };
        try (DefaultStore store = Counting.withCount(DefaultStore.builder().middleware(bonus))) {
            store.dispatch(new Add(100));
            assertEquals(101, Counting.count(store));
        }
    }

    @Test
    void aMiddlewareSeesAReducerFailureAndMayNotHideIt() {
        List<String> trace = new ArrayList<>();
        try (DefaultStore store = Counting.withCount(DefaultStore.builder().middleware(tracing("a", trace)))) {
            assertThrows(ReducerException.class, () -> store.dispatch(new Boom("x")));
            // "a out" is missing: the failure went through the middleware to the dispatcher.
            assertEquals(List.of("a in"), trace.subList(trace.size() - 1, trace.size()));
        }
    }


    @Test
    void thunksPassTheChainAndALinkMayReplaceOne() throws Exception {
        List<String> seen = new ArrayList<>();
        Middleware wrapping = new Middleware() {
            @Override
            public void handle(Action action, Store store, java.util.function.Consumer<Action> next) {
                next.accept(action);
            }

            @Override
            public <T> CompletionStage<T> handle(Thunk<T> thunk, Store store, Function<Thunk<T>, CompletionStage<T>> next) {
                seen.add("thunk on " + Thread.currentThread().getName());
                return next.apply((dispatcher, state) -> {
                    dispatcher.dispatch(new Add(1));
                    return thunk.run(dispatcher, state);
                });
            }
        };
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (DefaultStore store = Counting.withCount(DefaultStore.builder().middleware(wrapping)
                .middleware(Middleware.thunks(executor)))) {
            String result = store.<String>dispatch((dispatcher, state) -> {
                dispatcher.dispatch(new Add(10));
                return CompletableFuture.completedFuture("done");
            }).toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertEquals("done", result);
            assertEquals(11, Counting.count(store));
            // Links see a thunk on the dispatching thread, before the thunk middleware hands it on.
            assertEquals(List.of("thunk on " + Thread.currentThread().getName()), seen);
        } finally {
            executor.shutdownNow();
        }
    }
}
