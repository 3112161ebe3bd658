package dev.hangar.host.state;

import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.state.VmAction;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmError;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmUsage;
import dev.hangar.store.Action;
import dev.hangar.store.Reducer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.pcollections.PMap;

/** The pure reducer of the {@code vms} branch: the providers' {@link VmAction}s and the host's {@link HostVmAction}s. */
public final class VmsReducer implements Reducer<VmsState> {

    @Override
    public VmsState reduce(VmsState state, Action action) {
        if (action instanceof VmAction vmAction) {
            return reduce(state, vmAction);
        }
        if (action instanceof HostVmAction hostAction) {
            return reduce(state, hostAction);
        }
        return state;
    }

    private static VmsState reduce(VmsState state, VmAction vmAction) {
        if (vmAction instanceof VmAction.VmUpdated a) {
            Vm vm = a.vm();
            return vm.equals(state.vms().get(vm.ref())) ? state : state.withVms(state.vms().plus(vm.ref(), vm));
        }
        if (vmAction instanceof VmAction.VmRemoved a) {
            return state.vms().containsKey(a.ref()) ? forget(state, Set.of(a.ref())) : state;
        }
        if (vmAction instanceof VmAction.VmsReplaced a) {
            return replace(state, a);
        }
        if (vmAction instanceof VmAction.UsageSampled a) {
            return usage(state, a.usage());
        }
        // What happens to a VM that is gone is not kept: it would outlive the VM and come back with a
        // VM defined again under the same name and id.
        if (vmAction instanceof VmAction.VmActionFailed a) {
            return state.vms().containsKey(a.ref())
                    ? state.withPending(state.pending().minus(a.ref()))
                            .withErrors(state.errors().plus(a.ref(), new VmError(a.operation(), a.message(), a.at())))
                    : state;
        }
        if (vmAction instanceof VmAction.ConnectionChanged a) {
            return state.withConnections(state.connections().plus(a.status().key(), a.status()));
        }
        return state;
    }

    private static VmsState reduce(VmsState state, HostVmAction hostAction) {
        if (hostAction instanceof HostVmAction.VmActionStarted a) {
            return state.vms().containsKey(a.ref()) ? state.withPending(state.pending().plus(a.ref(), a.operation())) : state;
        }
        if (hostAction instanceof HostVmAction.VmActionSucceeded a) {
            return state.pending().containsKey(a.ref()) || state.errors().containsKey(a.ref())
                    ? state.withPending(state.pending().minus(a.ref())).withErrors(state.errors().minus(a.ref()))
                    : state;
        }
        if (hostAction instanceof HostVmAction.VmErrorDismissed a) {
            VmError error = state.errors().get(a.ref());
            return error != null && error.at() == a.at() ? state.withErrors(state.errors().minus(a.ref())) : state;
        }
        if (hostAction instanceof HostVmAction.ProviderChanged a) {
            return state.withProviders(state.providers().plus(a.status().provider(), a.status()));
        }
        if (hostAction instanceof HostVmAction.ProviderRemoved a) {
            return removeProvider(state, a.provider());
        }
        return state;
    }

    private static VmsState replace(VmsState state, VmAction.VmsReplaced a) {
        Set<VmRef> stale = refs(state, ref -> ref.on(a.provider(), a.connection()));
        PMap<VmRef, Vm> vms = state.vms();
        for (Vm vm : a.vms()) {
            stale.remove(vm.ref());
            if (!vm.equals(vms.get(vm.ref()))) {
                vms = vms.plus(vm.ref(), vm);
            }
        }
        // A reload that finds nothing new keeps the branch, so subscribers do not redraw for nothing.
        return forget(vms == state.vms() ? state : state.withVms(vms), stale);
    }

    private static VmsState usage(VmsState state, Map<VmRef, VmUsage> samples) {
        // Samples of VMs removed since the tick began are dropped, so usage never outlives its VM.
        PMap<VmRef, VmUsage> usage = state.usage();
        for (Map.Entry<VmRef, VmUsage> sample : samples.entrySet()) {
            if (state.vms().containsKey(sample.getKey())) {
                usage = usage.plus(sample.getKey(), sample.getValue());
            }
        }
        return usage == state.usage() ? state : state.withUsage(usage);
    }

    private static VmsState removeProvider(VmsState state, String provider) {
        VmsState without = forget(state, refs(state, ref -> ref.provider().equals(provider)));
        PMap<String, ConnectionStatus> connections = without.connections();
        for (ConnectionStatus status : without.connections().values()) {
            if (status.provider().equals(provider)) {
                connections = connections.minus(status.key());
            }
        }
        return without.withConnections(connections).withProviders(without.providers().minus(provider));
    }

    private static Set<VmRef> refs(VmsState state, Predicate<VmRef> which) {
        Set<VmRef> refs = new HashSet<>();
        for (VmRef ref : state.vms().keySet()) {
            if (which.test(ref)) {
                refs.add(ref);
            }
        }
        return refs;
    }

    /** Drops VMs and everything kept about them. */
    private static VmsState forget(VmsState state, Set<VmRef> refs) {
        if (refs.isEmpty()) {
            return state;
        }
        return new VmsState(state.vms().minusAll(refs), state.usage().minusAll(refs),
                state.pending().minusAll(refs), state.errors().minusAll(refs), state.connections(),
                state.providers());
    }
}
