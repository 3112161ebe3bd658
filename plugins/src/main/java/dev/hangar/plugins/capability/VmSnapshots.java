package dev.hangar.plugins.capability;

import dev.hangar.plugins.snapshot.SnapshotList;
import dev.hangar.plugins.snapshot.SnapshotSpec;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.store.Thunk;

/**
 * A VM's snapshots: list, take, revert to and delete them. The host shows a Snapshots tab for VMs of
 * a provider that has this capability, and runs each change through the VM's command path (role,
 * busy mark, failure kept on the VM, audit): taking and reverting need the snapshot permission
 * (operators and administrators), deleting needs delete (administrators). A revert is confirmed in
 * the host, naming what is lost (everything since the current snapshot's time).
 *
 * <p>Each thunk runs on the provider's lane like a verb's, dispatches the VM as it is afterwards
 * (a revert changes its state) before its stage completes, completes with a result text for people
 * ("Took snapshot 'before-upgrade'"), and fails with a message for people.
 */
public interface VmSnapshots extends Capability {

    /** The VM's snapshots now (a capability call). */
    SnapshotList snapshots(VmRef vm) throws Exception;

    /** Takes a snapshot; with {@link SnapshotSpec#withMemory()} of a running VM, its memory too. */
    Thunk<String> takeSnapshot(VmRef vm, SnapshotSpec spec);

    /** Reverts the VM's disks (and memory, where the snapshot has it) to {@code snapshot}. */
    Thunk<String> revertToSnapshot(VmRef vm, String snapshot);

    /** Deletes {@code snapshot}, and with {@code withChildren} every snapshot taken on top of it. */
    Thunk<String> deleteSnapshot(VmRef vm, String snapshot, boolean withChildren);
}
