package dev.hangar.plugins.capability;

import dev.hangar.plugins.configure.Applied;
import dev.hangar.plugins.configure.CloneSpec;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;
import dev.hangar.plugins.task.TaskBody;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.store.Thunk;

/**
 * Changing existing VMs: their settings, disks, NICs and name, and cloning them. The host shows a
 * control only for what {@link VmSettings#changeable()} lists, runs each change through its command
 * path (role, busy mark, audit with {@link Applied#before()} and {@link Applied#after()}), and shows
 * {@link VmSettings#pending()} until the VM restarts.
 */
public interface VmConfiguration extends Capability {

    /** The VM's settings as of its next boot, with what can be changed (a capability call). */
    VmSettings settings(VmRef vm) throws Exception;

    /**
     * The thunk of one change, run on the provider's lane like a verb's: live where the engine allows
     * it on a running VM, else in the definition for the next boot (say which in {@link Applied}).
     * It dispatches the changed VM (a rename: the old name's removal and the new one) before its stage
     * completes, and fails with a message for people ("The host has 4 CPUs; 6 vCPUs are too many").
     */
    Thunk<Applied> change(VmRef vm, VmChange change);

    /**
     * The work of cloning a shut-off VM, as a task: copies {@code spec.disks()} with progress, then
     * defines the clone (new id, new MACs) and dispatches it. A failure or cancel removes what the
     * clone made, never the original's. Only offered where {@link VmSettings#changeable()} has
     * {@link dev.hangar.plugins.configure.Setting#CLONE}.
     */
    default TaskBody cloneVm(VmRef vm, CloneSpec spec) {
        throw new UnsupportedOperationException("this provider cannot clone VMs");
    }
}
