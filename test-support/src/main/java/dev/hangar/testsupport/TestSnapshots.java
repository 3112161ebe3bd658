package dev.hangar.testsupport;

import dev.hangar.plugins.snapshot.Snapshot;
import dev.hangar.plugins.snapshot.SnapshotList;
import dev.hangar.plugins.snapshot.SnapshotSpec;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.store.Thunk;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * {@link TestProvider}'s snapshots, kept in memory with libvirt's rules: a running VM's snapshot has
 * its memory, names are unique per VM, a revert puts the VM in the snapshot's state, and deleting one
 * without its children hangs them on its parent. {@link #unsupported} and {@link #failNext} make the
 * refusals a test needs.
 */
public final class TestSnapshots {
    /** Why a VM (by name) takes no snapshots. */
    public final Map<String, String> unsupported = new ConcurrentHashMap<>();
    private final Map<VmRef, List<Snapshot>> byVm = new ConcurrentHashMap<>();
    private final Function<VmRef, String> stateOf;
    private final BiConsumer<VmRef, String> setState;
    private volatile String failure;

    /**
     * @param stateOf  the VM's state now
     * @param setState puts the VM in a state and tells the store
     */
    TestSnapshots(Function<VmRef, String> stateOf, BiConsumer<VmRef, String> setState) {
        this.stateOf = stateOf;
        this.setState = setState;
    }

    /** The next take, revert or delete fails with this message. */
    public void failNext(String message) {
        failure = message;
    }

    public synchronized SnapshotList snapshots(VmRef vm) {
        String why = unsupported.get(vm.name());
        return new SnapshotList(byVm.getOrDefault(vm, List.of()), why,
                why == null && VmStates.RUNNING.equals(stateOf.apply(vm)));
    }

    public Thunk<String> take(VmRef vm, SnapshotSpec spec) {
        return work(() -> {
            String why = unsupported.get(vm.name());
            if (why != null) {
                throw new IllegalStateException(why);
            }
            List<Snapshot> list = new ArrayList<>(byVm.getOrDefault(vm, List.of()));
            if (list.stream().anyMatch(s -> s.name().equals(spec.name()))) {
                throw new IllegalStateException("VM '" + vm.name() + "' has a snapshot named '" + spec.name() + "' already.");
            }
            String state = stateOf.apply(vm);
            String parent = list.stream().filter(Snapshot::current).map(Snapshot::name).findFirst().orElse(null);
            list.replaceAll(s -> current(s, false));
            list.add(new Snapshot(spec.name(), spec.description(), Instant.now(),
                    VmStates.RUNNING.equals(state) ? "running" : "shutoff", parent, true, VmStates.RUNNING.equals(state)));
            byVm.put(vm, List.copyOf(list));
            return "Took snapshot '" + spec.name() + "' of VM '" + vm.name() + "'";
        });
    }

    public Thunk<String> revert(VmRef vm, String name) {
        return work(() -> {
            Snapshot to = find(vm, name);
            List<Snapshot> list = new ArrayList<>(byVm.get(vm));
            list.replaceAll(s -> current(s, s.name().equals(name)));
            byVm.put(vm, List.copyOf(list));
            setState.accept(vm, "running".equals(to.vmState()) ? VmStates.RUNNING : VmStates.SHUT_OFF);
            return "Reverted VM '" + vm.name() + "' to snapshot '" + name + "'";
        });
    }

    public Thunk<String> delete(VmRef vm, String name, boolean withChildren) {
        return work(() -> {
            Snapshot gone = find(vm, name);
            List<Snapshot> list = new ArrayList<>(byVm.get(vm));
            List<String> removed = new ArrayList<>(List.of(name));
            if (withChildren) {
                for (int i = 0; i < list.size(); i++) { // parents come first: one pass finds every descendant
                    Snapshot s = list.get(i);
                    if (s.parent() != null && removed.contains(s.parent())) {
                        removed.add(s.name());
                    }
                }
            }
            list.removeIf(s -> removed.contains(s.name()));
            list.replaceAll(s -> name.equals(s.parent()) ? new Snapshot(s.name(), s.description(), s.createdAt(),
                    s.vmState(), gone.parent(), s.current(), s.withMemory()) : s);
            byVm.put(vm, List.copyOf(list));
            return "Deleted snapshot '" + name + "' of VM '" + vm.name() + "'";
        });
    }

    private Snapshot find(VmRef vm, String name) {
        return byVm.getOrDefault(vm, List.of()).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("VM '" + vm.name() + "' has no snapshot named '" + name + "'"));
    }

    private static Snapshot current(Snapshot s, boolean current) {
        return new Snapshot(s.name(), s.description(), s.createdAt(), s.vmState(), s.parent(), current, s.withMemory());
    }

    private interface Work {
        String run();
    }

    private Thunk<String> work(Work work) {
        return (dispatcher, state) -> {
            String failed = failure;
            failure = null;
            if (failed != null) {
                return CompletableFuture.failedFuture(new IllegalStateException(failed));
            }
            try {
                synchronized (this) {
                    return CompletableFuture.completedFuture(work.run());
                }
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }
}
