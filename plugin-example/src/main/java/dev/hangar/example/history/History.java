package dev.hangar.example.history;

import java.util.List;
import java.util.Map;

/**
 * The example provider's branch of the store: the recent operations of its machines, newest last,
 * and the snapshot counts of their disks.
 *
 * @param operations the last {@link #LIMIT} operations
 * @param snapshots  snapshot count by machine id, then disk target
 */
public record History(List<Operation> operations, Map<String, Map<String, Integer>> snapshots) {
    public static final int LIMIT = 500;
    public static final History EMPTY = new History(List.of(), Map.of());

    /** The operations of one machine, newest first. */
    public List<Operation> of(String vmId) {
        return operations.stream().filter(op -> op.vmId().equals(vmId))
                .sorted((a, b) -> Long.compare(b.at(), a.at())).toList();
    }

    /** How many snapshots the engine keeps of a disk; 0 when unknown. */
    public int snapshots(String vmId, String target) {
        return snapshots.getOrDefault(vmId, Map.of()).getOrDefault(target, 0);
    }
}
