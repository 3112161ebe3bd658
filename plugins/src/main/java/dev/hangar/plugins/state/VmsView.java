package dev.hangar.plugins.state;

import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmError;
import dev.hangar.plugins.vm.VmOperation;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmUsage;
import dev.hangar.store.StateTree;
import java.util.Map;
import java.util.Optional;

/**
 * The host's {@code vms} branch as a provider and its components read it: every VM of every active
 * provider and what goes with them, read-only, in {@code java.util} types. Get it from any state tree
 * with {@link #of}: in a thunk {@code VmsView.of(state.get())}, in a component
 * {@code ctx.select(s -> VmsView.of(s).vm(ref))}. Reading is open to all; a provider changes only its
 * own VMs, through the actions of {@link VmActions}. The host keeps the branch in its own type, which
 * is not part of the API and may change.
 */
public interface VmsView {

    /** The name of the branch in the store's tree. */
    String BRANCH = "vms";

    /** The branch of {@code state}, or an empty view when the tree has none (a test without a host). */
    static VmsView of(StateTree state) {
        return state.find(BRANCH, VmsView.class).orElse(NoVms.INSTANCE);
    }

    /** Every VM by ref; a read-only map that is not copied, so reading it is cheap. */
    Map<VmRef, Vm> vms();

    /** The latest utilization sample of each running VM by ref; read-only. */
    Map<VmRef, VmUsage> usage();

    default Optional<Vm> vm(VmRef ref) {
        return Optional.ofNullable(vms().get(ref));
    }

    default Optional<VmUsage> usage(VmRef ref) {
        return Optional.ofNullable(usage().get(ref));
    }

    /** The VM of that provider and connection with that name. Walks all VMs: keep the ref. */
    Optional<Vm> find(String provider, String connection, String name);

    /** The verb or provider action running on the VM now, if any. */
    Optional<VmOperation> pending(VmRef ref);

    /** The VM's last failure, until its next successful action. */
    Optional<VmError> error(VmRef ref);

    /** The health of a provider's connection, as the provider last dispatched it. */
    Optional<ConnectionStatus> connection(String provider, String connection);
}
