package dev.hangar.host.state;

import dev.hangar.plugins.vm.VmOperation;
import dev.hangar.plugins.vm.VmRef;
import java.util.Objects;

/** The host's own actions on the {@code vms} branch: busy markers, dismissed errors, provider life. */
public sealed interface HostVmAction extends HostAction {

    /** A verb or provider action on a VM began; the UI shows it in progress. */
    record VmActionStarted(VmRef ref, VmOperation operation) implements HostVmAction {
        public VmActionStarted {
            Objects.requireNonNull(ref, "ref");
        }
    }

    /** A verb or provider action on a VM finished well; its last error is cleared. */
    record VmActionSucceeded(VmRef ref, VmOperation operation) implements HostVmAction {
        public VmActionSucceeded {
            Objects.requireNonNull(ref, "ref");
        }
    }

    /**
     * Someone read the VM's last failure and dismissed it; the host's command path dispatches this.
     * It clears only the failure recorded at {@code at}, so a newer one that arrived meanwhile stays.
     */
    record VmErrorDismissed(VmRef ref, long at) implements HostVmAction {
        public VmErrorDismissed {
            Objects.requireNonNull(ref, "ref");
        }
    }

    /** A provider was activated, became active, or failed. */
    record ProviderChanged(ProviderStatus status) implements HostVmAction {
        public ProviderChanged {
            Objects.requireNonNull(status, "status");
        }
    }

    /** A provider was deactivated (its plugin stopped): its VMs and connections are dropped. */
    record ProviderRemoved(String provider) implements HostVmAction {
        public ProviderRemoved {
            Objects.requireNonNull(provider, "provider");
        }
    }
}
