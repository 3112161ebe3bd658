package dev.hangar.example.history;

import dev.hangar.store.Action;
import java.util.Map;

/** The actions of the example provider's own branch. */
public sealed interface HistoryAction extends Action {

    /** Something happened to a machine. */
    record Recorded(Operation operation) implements HistoryAction {
    }

    /** The snapshot count of each disk of one machine, by disk target. */
    record SnapshotsCounted(String vmId, Map<String, Integer> counts) implements HistoryAction {
        public SnapshotsCounted {
            counts = Map.copyOf(counts);
        }
    }
}
