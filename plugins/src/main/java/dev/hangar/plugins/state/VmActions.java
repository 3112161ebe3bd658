package dev.hangar.plugins.state;

import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmUsage;
import dev.hangar.plugins.vm.VmOperation;
import java.util.List;
import java.util.Map;

/**
 * The exported action creators (the seed's {@code exportedActionCreators}): what a provider
 * dispatches to tell the host about its own VMs. Each returns an action; dispatch it on the
 * provider's {@link dev.hangar.plugins.ProviderStore} ({@code context.store()}).
 */
public final class VmActions {
    public static final VmActions INSTANCE = new VmActions();

    private VmActions() {
    }

    public VmAction updateOrAddVm(Vm vm) {
        return new VmAction.VmUpdated(vm);
    }

    public VmAction vmRemoved(VmRef ref) {
        return new VmAction.VmRemoved(ref);
    }

    public VmAction replaceVms(String provider, String connection, List<Vm> vms) {
        return new VmAction.VmsReplaced(provider, connection, vms);
    }

    public VmAction usageSampled(Map<VmRef, VmUsage> usage) {
        return new VmAction.UsageSampled(usage);
    }

    public VmAction actionFailed(VmRef ref, VmOperation operation, String message) {
        return new VmAction.VmActionFailed(ref, operation, message, System.currentTimeMillis());
    }

    public VmAction connectionChanged(ConnectionStatus status) {
        return new VmAction.ConnectionChanged(status);
    }
}
