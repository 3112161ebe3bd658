package dev.hangar.host.configure;

import dev.hangar.host.security.Actor;
import dev.hangar.plugins.configure.Applied;
import dev.hangar.plugins.configure.CloneSpec;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;
import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.vm.VmRef;
import java.util.concurrent.CompletionStage;

/**
 * The host's side of changing VMs, what the VM page calls. Changes go through the host's command path
 * ({@code VmCommands}: role checked on the server, VM busy while it runs, failure kept on the VM) and
 * are audited with the change's options and the provider's before/after.
 * Roles: {@code CONFIGURE} for a change; {@code DELETE} as well for a {@link VmChange#destructive()}
 * one; {@code CREATE} for a clone.
 */
public interface Configuration {

    /** Whether the VM's provider has {@code VmConfiguration} (the page shows no edit controls otherwise). */
    boolean offered(VmRef vm);

    /** The VM's settings now (a capability call). */
    CompletionStage<VmSettings> settings(VmRef vm);

    /**
     * Pools, networks, buses and models for adding a disk or NIC, from the provider's {@code VmCreation}
     * for the VM's connection; fails when the provider has none (the page then offers file paths only).
     */
    CompletionStage<CreationChoices> choices(VmRef vm);

    /** Runs one change for {@code actor}; completes with how it was applied. */
    CompletionStage<Applied> change(Actor actor, VmRef vm, VmChange change);

    /** Clones a shut-off VM as a task for {@code actor} (see {@link dev.hangar.host.create.Creation.Run}). */
    dev.hangar.host.create.Creation.Run cloneVm(Actor actor, VmRef vm, CloneSpec spec);
}
