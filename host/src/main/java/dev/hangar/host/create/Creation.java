package dev.hangar.host.create;

import dev.hangar.host.security.Actor;
import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.create.VmSpec;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The host's side of making VMs, what the create dialog calls; it never calls a provider itself.
 * Every call into the provider goes through {@code ProviderRegistry.call} (a host thread, the plugin
 * call timeout). {@link #create} checks {@code Permission.CREATE} on the server, audits as
 * {@code create_vm} (start and end), and runs the provider's body as a task of the VM to be.
 */
public interface Creation {

    /** Where VMs can be made now: providers with {@code VmCreation}, each connected connection of theirs. */
    List<CreationTarget> targets();

    /** What the target offers. */
    CompletionStage<CreationChoices> choices(CreationTarget target);

    /** Why the name cannot be used there, or null (completes with null when it can). */
    CompletionStage<String> nameProblem(CreationTarget target, String name);

    /**
     * Makes the VM for {@code actor}: refused (audited) without {@code CREATE}; then the provider's
     * {@code validate} (an {@code InvalidSpecException} fails {@link Run#started()} as it is, for the dialog
     * to show next to its field), then its {@code create} body as a task.
     */
    Run create(Actor actor, CreationTarget target, VmSpec spec);

    /**
     * One creation: {@code started} completes with the task's id once it is listed (fails when refused
     * or invalid), {@code done} with the task's result text when it ends (fails with what failed, or a
     * {@code CancellationException} when cancelled).
     */
    record Run(CompletionStage<Long> started, CompletionStage<String> done) {
    }
}
