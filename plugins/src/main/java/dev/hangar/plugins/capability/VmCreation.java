package dev.hangar.plugins.capability;

import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.create.InvalidSpecException;
import dev.hangar.plugins.create.VmSpec;
import dev.hangar.plugins.task.TaskBody;

/**
 * Making new VMs on a provider's connections. The host's create dialog offers what
 * {@link #choices} lists, proposes sizes from the operating system's libosinfo entry, checks the name
 * as people type ({@link #nameProblem}), asks {@link #validate} before it starts, and runs
 * {@link #create} as a task (progress bar, cancel button, task list, audit).
 *
 * <p>{@link #choices}, {@link #nameProblem} and {@link #validate} are called like every capability
 * method (a host thread, the plugin call timeout); {@link #create}'s body runs as a task's thunk.
 */
public interface VmCreation extends Capability {

    /** What {@code connection} offers a new VM now. */
    CreationChoices choices(String connection) throws Exception;

    /**
     * Why {@code name} cannot be a new VM's name on {@code connection} ("A VM named 'web1' exists on
     * this connection", "Names are at most 64 characters"), or null when it can.
     */
    String nameProblem(String connection, String name) throws Exception;

    /**
     * Checks every choice against the connection as it is now (the name, memory against the host's,
     * vCPUs against its limit, that paths exist, that the pool has room, that a seed is YAML), without
     * changing anything.
     *
     * @throws InvalidSpecException naming the field at fault, with a message for people
     */
    void validate(VmSpec spec) throws Exception;

    /**
     * The work of making the VM: volumes first (reporting progress while it copies or creates them),
     * then its definition, then (with {@link VmSpec#start()}) starting it; it dispatches the new VM
     * before its stage completes, with the result text ("Created VM 'web1'"). A failure, or a cancel
     * ({@link dev.hangar.plugins.task.TaskProgress#onCancel}), removes exactly what this creation made
     * — never a volume or file it did not make — and fails with what went wrong.
     */
    TaskBody create(VmSpec spec);
}
