package dev.hangar.example.history;

import dev.hangar.store.Action;
import dev.hangar.store.Reducer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The pure reducer of the example provider's branch. */
public final class HistoryReducer implements Reducer<History> {

    @Override
    public History reduce(History state, Action action) {
        if (action instanceof HistoryAction.Recorded recorded) {
            List<Operation> operations = new ArrayList<>(state.operations());
            operations.add(recorded.operation());
            int excess = operations.size() - History.LIMIT;
            return new History(List.copyOf(operations.subList(Math.max(0, excess), operations.size())),
                    state.snapshots());
        }
        if (action instanceof HistoryAction.SnapshotsCounted counted) {
            if (counted.counts().equals(state.snapshots().get(counted.vmId()))) {
                return state;
            }
            Map<String, Map<String, Integer>> snapshots = new HashMap<>(state.snapshots());
            snapshots.put(counted.vmId(), counted.counts());
            return new History(state.operations(), Map.copyOf(snapshots));
        }
        return state;
    }
}
