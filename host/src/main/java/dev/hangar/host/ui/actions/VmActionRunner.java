package dev.hangar.host.ui.actions;

import com.vaadin.flow.component.UI;
import dev.hangar.host.providers.Guard;
import dev.hangar.host.providers.VmCommands;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.Actor;
import dev.hangar.host.ui.components.HostComponents;
import dev.hangar.host.ui.dialogs.DeleteDialog;
import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmError;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.plugins.vm.VmWarning;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Performs what a person picked in a {@link VmActionBar}: asks first where the action loses the
 * guest's state (force off, force reboot, delete), dispatches through {@link VmCommands}, and shows a
 * failure's own message (or the {@link VmWarning} of an action that was done) in a notification.
 * The row or page shows progress and the lasting error from the store.
 */
public final class VmActionRunner {
    private final VmCommands commands;
    private final Access access;
    private final Function<VmRef, VirtProvider> providers;
    private final Consumer<VmRef> onDeleted;

    /**
     * @param access    the page's session: each action is done as its user as they are at that moment
     * @param providers the active provider of a VM's ref, or null (for the delete dialog's "running")
     * @param onDeleted runs on the UI thread after a VM was deleted from here
     */
    public VmActionRunner(VmCommands commands, Access access, Function<VmRef, VirtProvider> providers,
            Consumer<VmRef> onDeleted) {
        this.commands = commands;
        this.access = access;
        this.providers = providers;
        this.onDeleted = onDeleted;
    }

    public void perform(Vm vm, VmVerb verb) {
        switch (verb) {
            case DELETE -> {
                VirtProvider provider = providers.apply(vm.ref());
                boolean running = provider != null && provider.isRunning(vm.state());
                new DeleteDialog(vm, running, options -> delete(vm.ref(), options)).open();
            }
            case FORCE_OFF -> HostComponents.confirmDialog("Force off " + vm.name() + "?",
                    "The VM stops at once, like pulling its plug: whatever the guest has not saved is lost.",
                    "Force off", true, () -> run(vm.ref(), verb)).open();
            case FORCE_REBOOT -> HostComponents.confirmDialog("Force reboot " + vm.name() + "?",
                    "The VM is reset at once, like pressing its reset button: whatever the guest has not saved is lost.",
                    "Force reboot", true, () -> run(vm.ref(), verb)).open();
            default -> run(vm.ref(), verb);
        }
    }

    /** Dispatches a verb other than delete. */
    public void run(VmRef ref, VmVerb verb) {
        watch(ref, verb, commands.run(actor(), ref, verb));
    }

    /** Dispatches a delete with exactly these options. */
    public void delete(VmRef ref, DeleteOptions options) {
        watch(ref, VmVerb.DELETE, commands.delete(actor(), ref, options));
    }

    /** Dismisses the VM's last failure for everyone; a refusal is shown like a failed action's. */
    public void dismiss(VmRef ref, VmError error) {
        UI ui = UI.getCurrent();
        commands.dismissError(actor(), ref, error).whenComplete((ignored, failure) -> {
            if (failure != null) {
                ui.access(() -> HostComponents.toast("Could not dismiss the message of VM " + ref.name() + ": "
                        + Guard.message(failure), true));
            }
        });
    }

    /** Whether the signed-in user may dismiss this failure (the server checks again). */
    public static boolean mayDismiss(Access access, VmError error) {
        return access.may(VmCommands.dismissPermission(error));
    }

    /** The session whose user the actions are done as. */
    public Access access() {
        return access;
    }

    /** Who acts now: the session's user (null once the session ended: the gatekeeper refuses). */
    private Actor actor() {
        return access.actor().orElse(null);
    }

    private void watch(VmRef ref, VmVerb verb, CompletionStage<Void> stage) {
        UI ui = UI.getCurrent();
        stage.whenComplete((ignored, error) -> ui.access(() -> {
            VmWarning warning = VmWarning.of(error);
            if (warning != null) {
                // Done, but not entirely as asked: said as long and as plainly as a failure.
                HostComponents.toast((verb == VmVerb.DELETE ? "VM " + ref.name() + " was deleted. "
                        : verb.label() + " done for VM " + ref.name() + ". ") + "Warning: " + warning.getMessage(), true);
            } else if (error != null) {
                HostComponents.toast(verb.label() + " failed for VM " + ref.name() + ": " + Guard.message(error), true);
            } else if (verb == VmVerb.DELETE) {
                HostComponents.toast("VM " + ref.name() + " was deleted", false);
            }
            if (verb == VmVerb.DELETE && (error == null || warning != null)) {
                onDeleted.accept(ref);
            }
        }));
    }
}
