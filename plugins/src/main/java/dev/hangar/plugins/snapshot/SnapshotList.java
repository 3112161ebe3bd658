package dev.hangar.plugins.snapshot;

import java.util.List;

/**
 * A VM's snapshots and what it supports now.
 *
 * @param snapshots   every snapshot, parents before their children (the host draws the tree from
 *                    {@link Snapshot#parent()})
 * @param unsupported why this VM cannot take snapshots, for people ("Disk vdb is raw: internal
 *                    snapshots need qcow2"), or null when it can
 * @param memory      whether a snapshot with the guest's memory is possible now (the VM runs and its
 *                    disks allow it)
 */
public record SnapshotList(List<Snapshot> snapshots, String unsupported, boolean memory) {
    public SnapshotList {
        snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
    }

    /** The snapshot the VM runs on top of, or null. */
    public Snapshot current() {
        return snapshots.stream().filter(Snapshot::current).findFirst().orElse(null);
    }
}
