package dev.hangar.host.snapshots;

import dev.hangar.host.security.Actor;
import dev.hangar.plugins.snapshot.SnapshotList;
import dev.hangar.plugins.snapshot.SnapshotSpec;
import dev.hangar.plugins.vm.VmRef;
import java.util.concurrent.CompletionStage;

/**
 * The host's side of a VM's snapshots, what the Snapshots tab calls. Each change goes through the VM's
 * command path ({@code VmCommands}: role checked on the server, VM busy while it runs, failure kept on
 * the VM, audited). Roles: {@code SNAPSHOT} to take and revert (operators and administrators),
 * {@code DELETE} to delete (administrators).
 */
public interface Snapshots {

    /** Whether the VM's provider has {@code VmSnapshots} (the page shows no Snapshots tab otherwise). */
    boolean offered(VmRef vm);

    /** The VM's snapshots now (a capability call). */
    CompletionStage<SnapshotList> list(VmRef vm);

    /** Takes a snapshot for {@code actor}; completes with the provider's result text. */
    CompletionStage<String> take(Actor actor, VmRef vm, SnapshotSpec spec);

    CompletionStage<String> revert(Actor actor, VmRef vm, String snapshot);

    CompletionStage<String> delete(Actor actor, VmRef vm, String snapshot, boolean withChildren);
}
