package dev.hangar.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.hangar.store.Counting.Add;
import dev.hangar.store.Counting.Count;
import org.junit.jupiter.api.Test;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * One update among 10,000 entries shares everything else with the previous state. That it also
 * costs no time in proportion to the entries is shown by the benchmark (StoreDispatchBenchmark
 * with -p vms=1000,10000,100000), not here.
 */
class StructuralSharingTest {
    private static final int ENTRIES = 10_000;

    /** Puts one entry. */
    record Put(int key, Count value) implements Action {
    }

    private static final Reducer<PMap<Integer, Count>> ENTRIES_REDUCER = (state, action) ->
            action instanceof Put put ? state.plus(put.key(), put.value()) : state;

    @Test
    void oneUpdateAmongTenThousandSharesTheRest() {
        PMap<Integer, Count> initial = HashTreePMap.empty();
        for (int i = 0; i < ENTRIES; i++) {
            initial = initial.plus(i, new Count(i));
        }
        try (DefaultStore store = Counting.store()) {
            store.addReducer("entries", ENTRIES_REDUCER, initial);
            StateTree before = store.getState();
            PMap<?, ?> entriesBefore = before.get("entries", PMap.class);

            Count changed = new Count(-1);
            store.dispatch(new Put(4242, changed));

            StateTree after = store.getState();
            PMap<?, ?> entriesAfter = after.get("entries", PMap.class);
            assertNotSame(before, after);
            assertSame(before.get(Counting.BRANCH, Count.class), after.get(Counting.BRANCH, Count.class));
            assertNotSame(entriesBefore, entriesAfter);
            assertEquals(ENTRIES, entriesAfter.size());
            assertSame(changed, entriesAfter.get(4242));
            assertEquals(new Count(4242), entriesBefore.get(4242));
            for (int i = 0; i < ENTRIES; i++) {
                if (i != 4242) {
                    assertSame(entriesBefore.get(i), entriesAfter.get(i), "entry " + i);
                }
            }
        }
    }

    @Test
    void aChangeToOneBranchKeepsEveryOtherBranch() {
        try (DefaultStore store = Counting.store()) {
            store.addReducer("entries", ENTRIES_REDUCER, HashTreePMap.empty());
            StateTree before = store.getState();
            store.dispatch(new Add(1));
            assertSame(before.get("entries", PMap.class), store.getState().get("entries", PMap.class));
        }
    }
}
