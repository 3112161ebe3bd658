package dev.hangar.plugins;

import dev.hangar.plugins.ui.DiskColumn;
import dev.hangar.plugins.ui.VmContext;
import dev.hangar.plugins.ui.VmTab;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStateInfo;
import dev.hangar.plugins.vm.VmStates;
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
 * the store, whose executor runs it, never on a UI thread. A thunk may block on its engine, dispatches
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

    /** Asks the guest to shut down (ACPI). Completes when the VM is off, fails when the guest ignores it. */
    Thunk<Void> shutdownVm(VmRef vm);

    /** Turns the VM off at once, like pulling the plug. */
    Thunk<Void> forceOffVm(VmRef vm);

    /** Asks the guest to reboot (ACPI). */
    Thunk<Void> rebootVm(VmRef vm);

    /** Resets the VM at once, like pressing its reset button. */
    Thunk<Void> forceRebootVm(VmRef vm);

    /** Sends the guest a non-maskable interrupt. */
    Thunk<Void> sendNmiVm(VmRef vm);

    /** Starts the VM. */
    Thunk<Void> startVm(VmRef vm);

    /**
     * Deletes the VM: forced off first when {@code options.destroy()}, otherwise a running VM is refused;
     * the volumes of exactly {@code options.storageTargets()} are deleted, no others.
     */
    Thunk<Void> deleteVm(VmRef vm, DeleteOptions options);

    /** Pauses the VM; only called where {@link #canPause} holds. */
    default Thunk<Void> pauseVm(VmRef vm) {
        return unsupported("pause", vm);
    }

    /** Resumes a paused VM; only called where {@link #canResume} holds. */
    default Thunk<Void> resumeVm(VmRef vm) {
        return unsupported("resume", vm);
    }

    /** States of this provider's own, or new looks for built-in ones; merged over {@link VmStates#builtIn()}. */
    default Map<String, VmStateInfo> vmStateMap() {
        return Map.of();
    }

    /** Whether a VM in this state can be reset (force reboot). */
    default boolean canReset(String state) {
        return VmStates.RUNNING.equals(state) || VmStates.IDLE.equals(state) || VmStates.PAUSED.equals(state);
    }

    /** Whether a VM in this state can be shut down or forced off. */
    default boolean canShutdown(String state) {
        return canReset(state);
    }

    /** Whether a VM in this state can be deleted. */
    default boolean canDelete(String state) {
        return true;
    }

    /** Whether a VM in this state can receive an NMI. */
    default boolean canSendNMI(String state) {
        return canReset(state);
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

    private Thunk<Void> unsupported(String verb, VmRef vm) {
        return (dispatcher, state) -> java.util.concurrent.CompletableFuture.failedFuture(
                new UnsupportedOperationException("Provider '" + name() + "' cannot " + verb + " VM '" + vm.name() + "'"));
    }
}
