package dev.hangar.plugins;

import dev.hangar.plugins.ui.DiskColumn;
import dev.hangar.plugins.ui.VmContext;
import dev.hangar.plugins.ui.VmTab;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStateInfo;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.store.Thunk;
import com.vaadin.flow.component.Component;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.pf4j.ExtensionPoint;

/**
 * A source of VMs: the extension point a provider plugin implements (the seed's
 * {@code setVirtProvider(MyProvider)}), as a PF4J {@code @Extension} with a public no-argument
 * constructor. The host creates one instance per plugin start.
 *
 * <h2>Life</h2>
 * The host calls {@link #name()}, adds {@link #branch()} to the store, calls {@link #init} and, when
 * that yields true, dispatches {@link #getAllVms()}. When the plugin stops, it calls {@link #close()},
 * drops the provider's VMs and removes its branch.
 *
 * <h2>Thunks</h2>
 * Every VM action returns a {@link Thunk} at once, without doing anything: the host dispatches it on
 * the provider's lane ({@link ProviderStore}), whose store's executor runs it, never on a UI thread. A thunk may block on its engine, dispatches
 * what it learns ({@link ProviderContext#actions()}), and completes its stage when the action is done;
 * it fails its stage with an exception whose message says, in words for an operator, what went wrong
 * ("Domain 'web1' is not running"). The host marks the VM as busy while the thunk runs, and records a
 * failure on the VM until its next successful action, so a thunk need not dispatch those itself.
 * Methods may be called from any thread, concurrently.
 */
public interface VirtProvider extends ExtensionPoint {

    /** A short unique name ("libvirt"); the key of the provider's branch and of its VMs. */
    String name();

    /**
     * Starts the provider: open connections, subscribe to events. May complete later; {@code false} or
     * a failed stage disables the provider and the host shows the reason. Must not block the caller:
     * do slow work on a thread of your own or in the returned stage.
     */
    CompletionStage<Boolean> init(ProviderContext context);

    /** Loads one VM by name on a connection and dispatches it (or its removal when it is gone). */
    Thunk<Void> getVm(String connection, String name);

    /** Loads every VM of every connection and dispatches them. */
    Thunk<Void> getAllVms();

    /**
     * The thunk of one verb on one VM, for a provider that implements its verbs in one place (a
     * {@code switch} over {@code verb}) rather than method by method: each verb method below defaults to
     * this, and this defaults to a thunk that fails "Provider 'x' cannot pause VM 'y'". Override either
     * this or the verb methods, not both. The host never calls it for {@link VmVerb#DELETE}: it calls
     * {@link #deleteVm} with the person's options; {@link Verbs} is the table from verbs to methods.
     */
    default Thunk<Void> verb(VmVerb verb, VmRef vm) {
        return Verbs.unsupported(name(), verb, vm);
    }

    /** Asks the guest to shut down (ACPI). Completes when the VM is off, fails when the guest ignores it. */
    default Thunk<Void> shutdownVm(VmRef vm) {
        return verb(VmVerb.SHUTDOWN, vm);
    }

    /** Turns the VM off at once, like pulling the plug. */
    default Thunk<Void> forceOffVm(VmRef vm) {
        return verb(VmVerb.FORCE_OFF, vm);
    }

    /** Asks the guest to reboot (ACPI). */
    default Thunk<Void> rebootVm(VmRef vm) {
        return verb(VmVerb.REBOOT, vm);
    }

    /** Resets the VM at once, like pressing its reset button. */
    default Thunk<Void> forceRebootVm(VmRef vm) {
        return verb(VmVerb.FORCE_REBOOT, vm);
    }

    /** Sends the guest a non-maskable interrupt. */
    default Thunk<Void> sendNmiVm(VmRef vm) {
        return verb(VmVerb.SEND_NMI, vm);
    }

    /** Starts the VM. */
    default Thunk<Void> startVm(VmRef vm) {
        return verb(VmVerb.START, vm);
    }

    /**
     * Deletes the VM: forced off first when {@code options.destroy()}, otherwise a running VM is refused;
     * the volumes of exactly {@code options.storageTargets()} are deleted, no others.
     */
    Thunk<Void> deleteVm(VmRef vm, DeleteOptions options);

    /** Pauses the VM; only called where {@link #canPause} holds. */
    default Thunk<Void> pauseVm(VmRef vm) {
        return verb(VmVerb.PAUSE, vm);
    }

    /** Resumes a paused VM; only called where {@link #canResume} holds. */
    default Thunk<Void> resumeVm(VmRef vm) {
        return verb(VmVerb.RESUME, vm);
    }

    /** States of this provider's own, or new looks for built-in ones; merged over {@link VmStates#builtIn()}. */
    default Map<String, VmStateInfo> vmStateMap() {
        return Map.of();
    }

    // One predicate per verb ({@link Verbs} pairs them). The seed's canReset, canShutdown and canSendNMI
    // keep their meaning: the finer ones default to them, so a provider of the seed's predicates works as before.

    /** Whether a VM in this state can be reset: the default of {@link #canReboot} and {@link #canForceReboot}. */
    default boolean canReset(String state) {
        return VmStates.RUNNING.equals(state) || VmStates.IDLE.equals(state) || VmStates.PAUSED.equals(state);
    }

    /** Whether a VM in this state can be shut down; the default of {@link #canForceOff}. */
    default boolean canShutdown(String state) {
        return canReset(state);
    }

    /** Whether a VM in this state can be forced off; {@link #canShutdown} unless overridden. */
    default boolean canForceOff(String state) {
        return canShutdown(state);
    }

    /** Whether a VM in this state can be rebooted (ACPI); {@link #canReset} unless overridden. */
    default boolean canReboot(String state) {
        return canReset(state);
    }

    /** Whether a VM in this state can be force-rebooted; {@link #canReset} unless overridden. */
    default boolean canForceReboot(String state) {
        return canReset(state);
    }

    /** Whether a VM in this state can be deleted. */
    default boolean canDelete(String state) {
        return true;
    }

    /** The seed's name for {@link #canSendNmi}, which defaults to it. */
    default boolean canSendNMI(String state) {
        return canReset(state);
    }

    /** Whether a VM in this state can receive an NMI; {@link #canSendNMI} unless overridden. */
    default boolean canSendNmi(String state) {
        return canSendNMI(state);
    }

    /** Whether a VM in this state counts as running (shown as such, has usage). */
    default boolean isRunning(String state) {
        return canReset(state);
    }

    /** Whether a VM in this state can be started. */
    default boolean canRun(String state) {
        return VmStates.SHUT_OFF.equals(state);
    }

    /** Whether a VM in this state can be paused; false unless the provider implements {@link #pauseVm}. */
    default boolean canPause(String state) {
        return false;
    }

    /** Whether a VM in this state can be resumed; false unless the provider implements {@link #resumeVm}. */
    default boolean canResume(String state) {
        return false;
    }

    /** The provider's own reducer branch, added under {@link #name()} when it activates. */
    default Optional<ProviderBranch<?>> branch() {
        return Optional.empty();
    }

    /** Subtabs of a VM's details page, after the host's own. */
    default List<VmTab> vmTabs() {
        return List.of();
    }

    /** Extra columns of a VM's Disks subtab. */
    default List<DiskColumn> vmDiskColumns() {
        return List.of();
    }

    /**
     * Components shown above a VM's disk table, acting on all its disks (the seed's
     * {@code vmDisksActionsFactory}). Called on the UI thread each time the Disks tab renders.
     */
    default List<Component> vmDiskActions(VmContext vm) {
        return List.of();
    }

    /** Releases connections, threads and subscriptions; called once when the provider is deactivated. */
    default void close() {
    }
}
