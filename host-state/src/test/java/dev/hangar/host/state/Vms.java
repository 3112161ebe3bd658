package dev.hangar.host.state;

import dev.hangar.plugins.state.VmAction;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmUsage;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.store.Action;
import java.util.Map;

/** VMs and states for the reducer's tests. */
final class Vms {
    static final VmsReducer REDUCER = new VmsReducer();
    static final String LIBVIRT = "libvirt";
    static final String SYSTEM = "qemu:///system";
    static final String SESSION = "qemu:///session";

    private Vms() {
    }

    static VmRef ref(String provider, String connection, String name) {
        return new VmRef(provider, connection, name, name + "-id");
    }

    static VmRef ref(String name) {
        return ref(LIBVIRT, SYSTEM, name);
    }

    static Vm vm(VmRef ref, String state) {
        return new Vm(ref, state, null, 1, 1024, 2048, null, false, true, null, null);
    }

    static Vm vm(String name) {
        return vm(ref(name), VmStates.SHUT_OFF);
    }

    static VmUsage usage(double cpu) {
        return new VmUsage(cpu, 512, 1_000);
    }

    static VmsState reduce(VmsState state, Action... actions) {
        VmsState next = state;
        for (Action action : actions) {
            next = REDUCER.reduce(next, action);
        }
        return next;
    }

    /** A state with {@code vms}, each with a usage sample, a pending action and an error. */
    static VmsState busy(Vm... vms) {
        VmsState state = VmsState.EMPTY;
        for (Vm vm : vms) {
            state = reduce(state, new VmAction.VmUpdated(vm),
                    new VmAction.UsageSampled(Map.of(vm.ref(), usage(10))),
                    new VmAction.VmActionFailed(vm.ref(), VmVerb.START, "no memory", 5),
                    new HostVmAction.VmActionStarted(vm.ref(), VmVerb.SHUTDOWN));
        }
        return state;
    }
}
