package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.store.Counting.Add;
import dev.hangar.store.Counting.Boom;
import dev.hangar.store.Counting.Noop;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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
        try (DefaultStore store = Counting.withCount(DefaultStore.builder().middleware(dropNegative))) {
            StateTree before = store.getState();
            store.dispatch(new Add(-5));
            assertSame(before, store.getState());
            store.dispatch(new Add(5));
            assertEquals(5, Counting.count(store));
            // The action log comes first in the chain, so it also shows what was dropped.
            List<ActionLog.Entry> log = store.recentActions();
            assertEquals(new Add(-5), log.get(log.size() - 2).action());
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
    void theLoggingMiddlewareLogsFailuresAndPassesEverythingOn() {
        Logger logger = Logger.getLogger(LoggingMiddleware.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try (DefaultStore store = Counting.withCount(DefaultStore.builder().middleware(new LoggingMiddleware()))) {
            store.dispatch(new Add(3));
            store.dispatch(new Noop());
            assertEquals(3, Counting.count(store));
            assertThrows(ReducerException.class, () -> store.dispatch(new Boom("bad")));

            LogRecord warning = records.stream().filter(r -> r.getLevel() == Level.WARNING).findFirst().orElseThrow();
            assertEquals("dispatch of Boom failed", warning.getMessage());
            assertTrue(warning.getThrown() instanceof ReducerException);
        } finally {
            logger.removeHandler(handler);
        }
    }
}
