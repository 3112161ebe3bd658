package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.store.Counting.Add;
import dev.hangar.store.Counting.Boom;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionLogTest {

    @Test
    void theLogKeepsOnlyTheLatestActionsOldestFirst() {
        try (DefaultStore store = Counting.withCount(DefaultStore.builder().actionLogSize(5))) {
            long before = System.currentTimeMillis();
            for (int i = 1; i <= 12; i++) {
                store.dispatch(new Add(i));
            }

            List<ActionLog.Entry> log = store.recentActions();
            // BranchAdded was the first of 13 actions; the last five remain.
            assertEquals(5, log.size());
            for (int i = 0; i < 5; i++) {
                ActionLog.Entry entry = log.get(i);
                assertEquals(9 + i, entry.sequence());
                assertEquals(new Add(8 + i), entry.action());
                assertEquals("Add", entry.type());
                assertNull(entry.error());
                assertTrue(entry.epochMillis() >= before, "time of entry " + i);
            }
        }
    }

    @Test
    void aFailedActionIsLoggedWithItsError() {
        try (DefaultStore store = Counting.store()) {
            assertThrows(ReducerException.class, () -> store.dispatch(new Boom("no space left")));
            ActionLog.Entry entry = store.recentActions().get(store.recentActions().size() - 1);
            assertEquals(new Boom("no space left"), entry.action());
            assertEquals("reducer of branch 'count' failed on Boom: java.lang.IllegalStateException: no space left",
                    entry.error());
        }
    }

    @Test
    void theLogIsACopy() {
        try (DefaultStore store = Counting.store()) {
            List<ActionLog.Entry> log = store.recentActions();
            store.dispatch(new Add(1));
            assertEquals(1, log.size());
            assertEquals(2, store.recentActions().size());
        }
    }

    @Test
    void aLogWithoutRoomIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ActionLog(-3));
        assertEquals("action log capacity must be at least 1, was -3", e.getMessage());
    }
}
