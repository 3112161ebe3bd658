package dev.hangar.plugins.state;

import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmUsage;
import dev.hangar.plugins.vm.VmOperation;
import dev.hangar.store.Action;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a provider tells the host about its own VMs and connections: the actions it may dispatch on
 * the host's {@code vms} branch. Providers create them through {@link VmActions} and dispatch them
 * from their thunks and event feeds on their {@link dev.hangar.plugins.ProviderStore}, which refuses
 * one about another provider's VMs. The host's own bookkeeping (busy markers, provider life) is not
 * part of the API.
 */
public sealed interface VmAction extends Action {

    /** A VM was read: added when new, replaced when known. */
    record VmUpdated(Vm vm) implements VmAction {
        public VmUpdated {
            Objects.requireNonNull(vm, "vm");
        }
    }

    /** A VM is gone (undefined, vanished). Its usage, error and pending action go with it. */
    record VmRemoved(VmRef ref) implements VmAction {
        public VmRemoved {
            Objects.requireNonNull(ref, "ref");
        }
    }

    /**
     * The complete list of one connection's VMs, after a (re)load: VMs of that connection not in the
     * list are dropped, so nothing stale lingers after a reconnect.
     */
    record VmsReplaced(String provider, String connection, List<Vm> vms) implements VmAction {
        public VmsReplaced {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(connection, "connection");
            vms = List.copyOf(vms);
        }
    }

    /** One stats tick: the usage of many VMs at once, as one action. */
    record UsageSampled(Map<VmRef, VmUsage> usage) implements VmAction {
        public UsageSampled {
            usage = Map.copyOf(usage);
        }
    }

    /** A verb or provider action on a VM failed; the message is for people and stays on the VM until its next success. */
    record VmActionFailed(VmRef ref, VmOperation operation, String message, long at) implements VmAction {
        public VmActionFailed {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(message, "message");
        }
    }

    /** A connection's health changed. */
    record ConnectionChanged(ConnectionStatus status) implements VmAction {
        public ConnectionChanged {
            Objects.requireNonNull(status, "status");
        }
    }
}
