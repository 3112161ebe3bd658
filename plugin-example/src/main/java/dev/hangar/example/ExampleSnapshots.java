package dev.hangar.example;

import dev.hangar.example.engine.EngineSnapshot;
import dev.hangar.example.engine.EngineVm;
import dev.hangar.example.engine.SimulatedEngine;
import dev.hangar.plugins.snapshot.Snapshot;
import dev.hangar.plugins.snapshot.SnapshotList;
import dev.hangar.plugins.snapshot.SnapshotSpec;
import dev.hangar.store.Thunk;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The example's {@code VmSnapshots} (a capability: {@link ExampleProvider} implements it and asks this):
 * the engine's named snapshots. The engine keeps a machine's status and definition with each (no guest
 * memory: a simulated machine has none), and a revert restores both; it takes snapshots only while a
 * machine is up, down or paused, not while it changes state or migrates.
 */
final class ExampleSnapshots {
    private final SimulatedEngine engine;

    ExampleSnapshots(SimulatedEngine engine) {
        this.engine = engine;
    }

    SnapshotList snapshots(String id) throws Exception {
        EngineVm vm = ExampleProvider.answer(engine.machine(id));
        List<Snapshot> snapshots = new ArrayList<>();
        // The engine lists oldest first, so a parent always comes before its children.
        for (EngineSnapshot s : ExampleProvider.answer(engine.snapshots(id))) {
            snapshots.add(new Snapshot(s.name(), s.description(), Instant.ofEpochMilli(s.takenAtMs()), s.status(),
                    s.parent(), s.current(), false));
        }
        boolean steady = List.of(SimulatedEngine.UP, SimulatedEngine.DOWN, SimulatedEngine.PAUSED).contains(vm.status());
        return new SnapshotList(snapshots, steady ? null : "Machine '" + vm.name() + "' is " + vm.status().replace('_', ' ')
                + ": the engine takes snapshots of machines that are up, down or paused.", false);
    }

    // tag::snapshot[]
    /** Each thunk is one engine request; the engine's event of the changed machine updates the store. */
    Thunk<String> take(String id, SnapshotSpec spec) {
        return (dispatcher, state) -> engine.takeSnapshot(id, spec.name(), spec.description())
                .thenApply(vm -> "Took snapshot '" + spec.name() + "' of machine '" + vm.name() + "'");
    }
    // end::snapshot[]

    Thunk<String> revert(String id, String name) {
        return (dispatcher, state) -> engine.revertSnapshot(id, name)
                .thenApply(vm -> "Reverted machine '" + vm.name() + "' to snapshot '" + name + "': it is " + vm.status());
    }

    Thunk<String> delete(String id, String name, boolean withChildren) {
        return (dispatcher, state) -> engine.deleteSnapshot(id, name, withChildren)
                .thenApply(done -> "Deleted snapshot '" + name + "'" + (withChildren ? " and those taken on top of it" : ""));
    }
}
