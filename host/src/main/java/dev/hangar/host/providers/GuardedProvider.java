package dev.hangar.host.providers;

import com.vaadin.flow.component.Component;
import dev.hangar.host.state.ProviderLane;
import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.ProviderBranch;
import dev.hangar.plugins.ProviderContext;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.ui.DiskColumn;
import dev.hangar.plugins.ui.VmContext;
import dev.hangar.plugins.ui.VmTab;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStateInfo;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.store.Reducer;
import dev.hangar.store.Thunk;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An active provider as the host calls it: the plugin's {@link VirtProvider} behind the one guard
 * ({@link Guard}'s rule, applied here once). The host holds only this one ({@link ActiveProvider#provider()}),
 * so every call into the provider goes through it:
 * <ul>
 *   <li>a predicate that throws means "not now" ({@code isRunning}: "may be running", so force off stays
 *       offered), logged once per predicate;</li>
 *   <li>a method that throws instead of making its thunk (or makes none) throws {@link Failed}, whose
 *       message is for the VM: "Provider 'x' failed to force off: …";</li>
 *   <li>its thunks, its reducer and its components' renderers are wrapped so that what they throw is
 *       handled the same way;</li>
 *   <li>an {@link Error} from any of them disables the provider ({@link Failure}, the registry's
 *       {@code failedIn}); what the JVM cannot survive goes on.</li>
 * </ul>
 * {@code init}, {@code vmStateMap}, {@code branch} and {@code close} are called by the registry through
 * {@link PluginCalls} (bounded in time, on its threads); tabs, disk columns and disk actions through
 * {@code PluginService.guard}, which shows a failure where the contribution would be. Those delegate
 * here as they are.
 */
public final class GuardedProvider implements VirtProvider {
    private static final Logger LOG = System.getLogger(GuardedProvider.class.getName());

    /** Where a failure of the provider's code is reported: an Error disables it, an exception is listed. */
    @FunctionalInterface
    public interface Failure {
        void failed(String provider, String what, Throwable error);
    }

    private final String name;
    private final VirtProvider provider;
    private final ProviderLane lane;
    private final Failure failure;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    /** The registry makes one per activation; a test may make its own. */
    public GuardedProvider(String name, VirtProvider provider, ProviderLane lane, Failure failure) {
        this.name = name;
        this.provider = provider;
        this.lane = lane;
        this.failure = failure;
    }

    /** The provider's lane: what its context hands it, and what its thunks run on. */
    public ProviderLane lane() {
        return lane;
    }

    /** The plugin's own object, for the registry's bounded calls and for tests. */
    public VirtProvider plugin() {
        return provider;
    }

    /**
     * The plugin's object as an optional interface it implements (a capability), when it does: this
     * wrapper itself implements only {@link VirtProvider}, so {@code instanceof} on it finds none.
     */
    public <C> Optional<C> as(Class<C> type) {
        return type.isInstance(provider) ? Optional.of(type.cast(provider)) : Optional.empty();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletionStage<Boolean> init(ProviderContext context) {
        return provider.init(context);
    }

    // Thunks: made through make(), run through the lane by whoever dispatches them.

    @Override
    public Thunk<Void> getVm(String connection, String vmName) {
        return make("load VM '" + vmName + "'", () -> provider.getVm(connection, vmName), false);
    }

    /** An exception making it is listed on the plugin's row too: nothing else would show it. */
    @Override
    public Thunk<Void> getAllVms() {
        return make("load its VMs", provider::getAllVms, true);
    }

    @Override
    public Thunk<Void> verb(VmVerb verb, VmRef vm) {
        return make(verb, () -> provider.verb(verb, vm));
    }

    @Override
    public Thunk<Void> shutdownVm(VmRef vm) {
        return make(VmVerb.SHUTDOWN, () -> provider.shutdownVm(vm));
    }

    @Override
    public Thunk<Void> forceOffVm(VmRef vm) {
        return make(VmVerb.FORCE_OFF, () -> provider.forceOffVm(vm));
    }

    @Override
    public Thunk<Void> rebootVm(VmRef vm) {
        return make(VmVerb.REBOOT, () -> provider.rebootVm(vm));
    }

    @Override
    public Thunk<Void> forceRebootVm(VmRef vm) {
        return make(VmVerb.FORCE_REBOOT, () -> provider.forceRebootVm(vm));
    }

    @Override
    public Thunk<Void> sendNmiVm(VmRef vm) {
        return make(VmVerb.SEND_NMI, () -> provider.sendNmiVm(vm));
    }

    @Override
    public Thunk<Void> startVm(VmRef vm) {
        return make(VmVerb.START, () -> provider.startVm(vm));
    }

    @Override
    public Thunk<Void> deleteVm(VmRef vm, DeleteOptions options) {
        return make(VmVerb.DELETE, () -> provider.deleteVm(vm, options));
    }

    @Override
    public Thunk<Void> pauseVm(VmRef vm) {
        return make(VmVerb.PAUSE, () -> provider.pauseVm(vm));
    }

    @Override
    public Thunk<Void> resumeVm(VmRef vm) {
        return make(VmVerb.RESUME, () -> provider.resumeVm(vm));
    }

    /** A thunk of this provider made elsewhere (a component's, for one of its actions), guarded as its own. */
    public <T> Thunk<T> thunk(ProviderAction action, Thunk<T> thunk) {
        return guarded(action.label(), thunk);
    }

    // Predicates: pure, called on UI threads for every row.

    @Override
    public boolean canReset(String state) {
        return ask("canReset", () -> provider.canReset(state), false);
    }

    @Override
    public boolean canShutdown(String state) {
        return ask("canShutdown", () -> provider.canShutdown(state), false);
    }

    @Override
    public boolean canForceOff(String state) {
        return ask("canForceOff", () -> provider.canForceOff(state), false);
    }

    @Override
    public boolean canReboot(String state) {
        return ask("canReboot", () -> provider.canReboot(state), false);
    }

    @Override
    public boolean canForceReboot(String state) {
        return ask("canForceReboot", () -> provider.canForceReboot(state), false);
    }

    @Override
    public boolean canDelete(String state) {
        return ask("canDelete", () -> provider.canDelete(state), false);
    }

    @Override
    public boolean canSendNMI(String state) {
        return ask("canSendNMI", () -> provider.canSendNMI(state), false);
    }

    @Override
    public boolean canSendNmi(String state) {
        return ask("canSendNmi", () -> provider.canSendNmi(state), false);
    }

    /** When it throws, "may be running": force off stays offered and the usage stays shown. */
    @Override
    public boolean isRunning(String state) {
        return ask("isRunning", () -> provider.isRunning(state), true);
    }

    @Override
    public boolean canRun(String state) {
        return ask("canRun", () -> provider.canRun(state), false);
    }

    @Override
    public boolean canPause(String state) {
        return ask("canPause", () -> provider.canPause(state), false);
    }

    @Override
    public boolean canResume(String state) {
        return ask("canResume", () -> provider.canResume(state), false);
    }

    /** Whether the provider's action is available on the VM; a predicate that throws means "not now". */
    public boolean available(ProviderAction action, Vm vm) {
        return ask(action.label() + " (its predicate)", () -> action.availableOn(vm), false);
    }

    // Called through PluginCalls or PluginService.guard (see the class comment).

    @Override
    public Map<String, VmStateInfo> vmStateMap() {
        return provider.vmStateMap();
    }

    @Override
    public Optional<ProviderBranch<?>> branch() {
        return provider.branch();
    }

    @Override
    public List<VmTab> vmTabs() {
        return provider.vmTabs();
    }

    @Override
    public List<DiskColumn> vmDiskColumns() {
        return provider.vmDiskColumns();
    }

    @Override
    public List<Component> vmDiskActions(VmContext vm) {
        return provider.vmDiskActions(vm);
    }

    @Override
    public void close() {
        provider.close();
    }

    /** The provider's reducer, unable to fail the shared store (see {@link GuardedReducer}). */
    <S> Reducer<S> reducer(Reducer<S> reducer) {
        return new GuardedReducer<>(name, reducer, failure);
    }

    /** A renderer of the provider's component: one that throws is logged, and the page's other updates go on. */
    public <T> Consumer<T> rendering(Consumer<T> render) {
        return value -> {
            try {
                render.accept(value);
            } catch (Throwable e) {
                failed("a component's renderer", e, false);
            }
        };
    }

    private boolean ask(String what, BooleanSupplier predicate, boolean otherwise) {
        try {
            return predicate.getAsBoolean();
        } catch (Throwable e) {
            failed(what, e, false);
            return otherwise;
        }
    }

    private Thunk<Void> make(VmVerb verb, Supplier<Thunk<Void>> method) {
        return make(verb.label().toLowerCase(Locale.ROOT), method, false);
    }

    /** The provider's thunk for {@code doing} ("force off"), guarded; {@link Failed} when it makes none. */
    private Thunk<Void> make(String doing, Supplier<Thunk<Void>> method, boolean listed) {
        Thunk<Void> thunk;
        try {
            thunk = method.get();
            if (thunk == null) {
                throw new IllegalStateException("the provider returned no thunk");
            }
        } catch (Throwable e) {
            failed(doing + " (making its thunk)", e, listed);
            throw new Failed("Provider '" + name + "' failed to " + doing + ": " + Guard.message(e), e);
        }
        return guarded(doing, thunk);
    }

    /** The thunk, whose failure (thrown or in its stage) is handled by the rule; the caller still sees it. */
    private <T> Thunk<T> guarded(String doing, Thunk<T> thunk) {
        return (dispatcher, state) -> {
            CompletionStage<T> stage;
            try {
                stage = thunk.run(dispatcher, state);
            } catch (Throwable e) {
                failed(doing + " (its thunk)", e, false);
                throw e;
            }
            if (stage == null) {
                return null;  // the store says so to the caller
            }
            return stage.whenComplete((value, error) -> {
                if (error != null && Guard.disables(error)) {
                    failed(doing + " (its thunk)", error, false);
                }
            });
        };
    }

    /**
     * The one rule for what the provider's code threw: the JVM's own errors go on; an {@link Error}
     * disables the provider; an exception is reported as its plugin's problem when {@code listed}, and
     * otherwise logged once per {@code what} (the caller shows it where it happened).
     */
    private void failed(String what, Throwable error, boolean listed) {
        Guard.rethrowFatal(error);
        if (Guard.disables(error) || listed) {
            failure.failed(name, what, error);
        } else if (logged.add(what)) {
            LOG.log(Level.WARNING, "provider " + name + ": " + what + " failed (logged once): " + Guard.message(error), error);
        }
    }

    /** The provider failed to make what the host asked for; the message is for people. */
    public static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
