package dev.hangar.host.state;

import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.state.VmsView;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmError;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmUsage;
import dev.hangar.plugins.vm.VmOperation;
import java.util.Optional;
import org.pcollections.HashTreePMap;
import org.pcollections.PMap;

/**
 * The host's {@code vms} branch: every VM of every active provider, and what goes with them.
 * All maps are persistent: a change to one VM shares the rest with the previous state. Providers read
 * it as the API's {@link VmsView}; this type is the host's own.
 *
 * @param vms         every VM by ref
 * @param usage       the latest utilization sample by ref
 * @param pending     the verb or provider action running on a VM, by ref
 * @param errors      the last failed action of a VM, until its next success
 * @param connections connection health by {@link ConnectionStatus#key()}
 * @param providers   provider life by provider name
 */
public record VmsState(PMap<VmRef, Vm> vms, PMap<VmRef, VmUsage> usage, PMap<VmRef, VmOperation> pending,
                       PMap<VmRef, VmError> errors, PMap<String, ConnectionStatus> connections,
                       PMap<String, ProviderStatus> providers) implements VmsView {

    /** The name of the branch in the store's tree. */
    public static final String BRANCH = VmsView.BRANCH;

    public static final VmsState EMPTY = new VmsState(HashTreePMap.empty(), HashTreePMap.empty(),
            HashTreePMap.empty(), HashTreePMap.empty(), HashTreePMap.empty(), HashTreePMap.empty());

    @Override
    public Optional<Vm> find(String provider, String connection, String name) {
        for (Vm vm : vms.values()) {
            VmRef ref = vm.ref();
            if (ref.name().equals(name) && ref.on(provider, connection)) {
                return Optional.of(vm);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<ConnectionStatus> connection(String provider, String connection) {
        return Optional.ofNullable(connections.get(ConnectionStatus.key(provider, connection)));
    }

    @Override
    public Optional<VmOperation> pending(VmRef ref) {
        return Optional.ofNullable(pending.get(ref));
    }

    @Override
    public Optional<VmError> error(VmRef ref) {
        return Optional.ofNullable(errors.get(ref));
    }

    VmsState withVms(PMap<VmRef, Vm> newVms) {
        return new VmsState(newVms, usage, pending, errors, connections, providers);
    }

    VmsState withUsage(PMap<VmRef, VmUsage> newUsage) {
        return new VmsState(vms, newUsage, pending, errors, connections, providers);
    }

    VmsState withPending(PMap<VmRef, VmOperation> newPending) {
        return new VmsState(vms, usage, newPending, errors, connections, providers);
    }

    VmsState withErrors(PMap<VmRef, VmError> newErrors) {
        return new VmsState(vms, usage, pending, newErrors, connections, providers);
    }

    VmsState withConnections(PMap<String, ConnectionStatus> newConnections) {
        return new VmsState(vms, usage, pending, errors, newConnections, providers);
    }

    VmsState withProviders(PMap<String, ProviderStatus> newProviders) {
        return new VmsState(vms, usage, pending, errors, connections, newProviders);
    }
}
