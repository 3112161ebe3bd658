package dev.hangar.host.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.store.Action;
import dev.hangar.store.DefaultStore;
import dev.hangar.store.Reducer;
import dev.hangar.store.ReducerException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ActionLogTest {
    private static final Instant NOW = Instant.parse("2026-12-02T01:30:00Z");

    record Count(long value) {
    }

    record Add(long amount) implements Action {
    }

    record Boom(String why) implements Action {
    }

    private static final Reducer<Count> COUNT = (state, action) -> {
        if (action instanceof Add add) {
            return new Count(state.value() + add.amount());
        }
        if (action instanceof Boom boom) {
            throw new IllegalStateException(boom.why());
        }
        return state;
    };

    private static DefaultStore storeWith(ActionLog log) {
        DefaultStore store = DefaultStore.builder().middleware(log).build();
        store.addReducer("count", COUNT, new Count(0));
        return store;
    }

    private static ActionLog log(int capacity, int withStates) {
        return new ActionLog(capacity, withStates, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void theLogKeepsTheLatestActionsOldestFirstAndOnlyTheLatestKeepTheirStates() {
        ActionLog log = log(5, 2);
        try (DefaultStore store = storeWith(log)) {
            for (int i = 1; i <= 12; i++) {
                store.dispatch(new Add(i));
            }

            List<ActionLog.Entry> entries = log.entries();
            // BranchAdded was the first of 13 actions; the last five remain, the last two with their states.
            assertEquals(List.of(9L, 10L, 11L, 12L, 13L), entries.stream().map(ActionLog.Entry::sequence).toList());
            assertEquals(new Add(8), entries.get(0).action());
            assertEquals("Add", entries.get(0).type());
            assertEquals(NOW, entries.get(0).time());
            assertNull(entries.get(0).error());
            assertEquals(List.of(false, false, false, true, true), entries.stream().map(ActionLog.Entry::statesKept).toList());
            assertEquals(List.of(new ActionLog.Change("count", null, null)), entries.get(2).changes());
            // 1 + ... + 11 = 66 before the twelfth Add.
            assertEquals(List.of(new ActionLog.Change("count", new Count(66), new Count(78))), entries.get(4).changes());
        }
    }

    @Test
    void eachEntrySaysWhichBranchesTheActionChangedAddedOrRemoved() {
        ActionLog log = log(10, 10);
        try (DefaultStore store = storeWith(log)) {
            store.addReducer("other", (String s, Action a) -> s, "quiet");
            store.dispatch(new Add(0));
            store.removeReducer("other");

            List<ActionLog.Entry> entries = log.entries();
            assertEquals(List.of("BranchAdded", "BranchAdded", "Add", "BranchRemoved"),
                    entries.stream().map(ActionLog.Entry::type).toList());
            // Add(0) makes an equal but new Count: by reference, as subscribers see it, that is a change.
            ActionLog.Change add = entries.get(2).changes().get(0);
            assertEquals("count", add.branch());
            assertNotSame(add.before(), add.after());
            assertEquals(List.of(), entries.get(1).changes(), "the branch was in the tree before its BranchAdded");
        }
    }

    @Test
    void aFailedActionIsLoggedWithItsErrorAndNoChange() {
        ActionLog log = log(10, 10);
        try (DefaultStore store = storeWith(log)) {
            assertThrows(ReducerException.class, () -> store.dispatch(new Boom("no space left")));
            ActionLog.Entry entry = log.entries().get(log.entries().size() - 1);
            assertEquals(new Boom("no space left"), entry.action());
            assertEquals("reducer of branch 'count' failed on Boom: java.lang.IllegalStateException: no space left",
                    entry.error());
            assertEquals(List.of(), entry.changes());
        }
    }

    @Test
    void theEntriesAreACopy() {
        ActionLog log = log(10, 10);
        try (DefaultStore store = storeWith(log)) {
            List<ActionLog.Entry> entries = log.entries();
            store.dispatch(new Add(1));
            assertEquals(1, entries.size());
            assertEquals(2, log.entries().size());
        }
    }

    @Test
    void appendedActionsAreAnnouncedOffTheDispatchingThread() throws Exception {
        ActionLog log = log(10, 10);
        try (DefaultStore store = storeWith(log)) {
            CompletableFuture<Thread> announcedOn = new CompletableFuture<>();
            log.appended().firstElement().subscribe(n -> announcedOn.complete(Thread.currentThread()));
            store.dispatch(new Add(1));
            Thread thread = announcedOn.get(10, TimeUnit.SECONDS);
            assertFalse(thread == Thread.currentThread(), "announced on the dispatching thread, under the write lock");
        }
    }

    @Test
    void forgettingAClassLoaderDropsItsActionsAndEveryKeptState() throws Exception {
        ActionLog log = log(10, 10);
        try (DefaultStore store = storeWith(log); URLClassLoader other = new URLClassLoader(new URL[0])) {
            store.dispatch(new Add(1));

            log.forget(other);
            ActionLog.Entry kept = log.entries().get(1);
            assertEquals(new Add(1), kept.action(), "an action of another loader's class stays");
            assertFalse(kept.statesKept());
            assertEquals(List.of(new ActionLog.Change("count", null, null)), kept.changes());

            log.forget(Add.class.getClassLoader());
            ActionLog.Entry forgotten = log.entries().get(1);
            assertNull(forgotten.action());
            assertEquals("Add", forgotten.type());
            assertEquals(List.of("count"), forgotten.branches());
            // New actions keep their states again.
            store.dispatch(new Add(2));
            ActionLog.Entry next = log.entries().get(2);
            assertTrue(next.statesKept());
            assertSame(store.getState().get("count", Count.class), next.changes().get(0).after());
        }
    }

    @Test
    void sizesOutOfRangeAreRefusedSayingWhich() {
        IllegalArgumentException capacity = assertThrows(IllegalArgumentException.class, () -> log(0, 0));
        assertEquals("action log capacity must be at least 1, was 0", capacity.getMessage());
        IllegalArgumentException states = assertThrows(IllegalArgumentException.class, () -> log(5, 6));
        assertEquals("entries with states must be between 0 and the capacity (5), was 6", states.getMessage());
    }
}
