package dev.hangar.host.providers;

import dev.hangar.host.secrets.Secrets;
import dev.hangar.host.state.HostVmAction;
import dev.hangar.host.state.ProviderLane;
import dev.hangar.plugins.ProviderBranch;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.host.state.ProviderStatus;
import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.capability.Capability;
import dev.hangar.plugins.ui.ExportedComponents;
import dev.hangar.plugins.vm.VmStateInfo;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.store.Store;
import dev.hangar.store.Thunk;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.subjects.BehaviorSubject;
import io.reactivex.rxjava3.subjects.PublishSubject;
import io.reactivex.rxjava3.subjects.Subject;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The active providers. Activating one adds its branch, calls its {@code init} (bounded by a
 * timeout) and loads its VMs; deactivating closes it and drops its VMs and branch. Every call into
 * the plugin is guarded ({@link Guard}'s rule) and runs on {@link PluginCalls}' threads, bounded in
 * time and outside this registry's lock (which guards only the map of active providers): a provider
 * that throws, hangs or blocks in {@code close()} fails alone, with the reason in its status.
 */
public final class ProviderRegistry implements AutoCloseable {
    private static final Logger LOG = System.getLogger(ProviderRegistry.class.getName());

    private final Store store;
    private final ExportedComponents components;
    private final Function<String, List<String>> options;
    private final Path dataDir;
    private final Duration initTimeout;
    private final PluginCalls calls;
    private final Secrets secrets;
    private final Object lock = new Object();
    private final BehaviorSubject<Map<String, ActiveProvider>> active = BehaviorSubject.createDefault(Map.of());
    private final Subject<Problem> problems = PublishSubject.<Problem>create().toSerialized();

    /**
     * A failure of a provider's code that did not disable it (an exception of its reducer, a tab that
     * threw), for its plugin's row on the Plugins page.
     */
    public record Problem(String provider, String pluginId, String text, Throwable cause) {
    }

    /** @param secrets the secret option values, kept out of what the registry shows and logs of a provider */
    public ProviderRegistry(Store store, ExportedComponents components, Function<String, List<String>> options,
                            Path dataDir, Duration initTimeout, PluginCalls calls, Secrets secrets) {
        this.store = store;
        this.components = components;
        this.options = options;
        this.dataDir = dataDir;
        this.initTimeout = initTimeout;
        this.calls = calls;
        this.secrets = secrets;
    }

    /** The active providers by name, in activation order. */
    public Map<String, ActiveProvider> active() {
        return active.getValue();
    }

    /** Every change of the active providers, starting with the current ones. */
    public Observable<Map<String, ActiveProvider>> changes() {
        return active.hide();
    }

    /** Failures of providers' code that were reported but did not disable the provider. */
    public Observable<Problem> problems() {
        return problems.hide();
    }

    public Optional<ActiveProvider> get(String name) {
        return Optional.ofNullable(active().get(name));
    }

    /**
     * The capability of that type of an active provider: its extension, when it implements the
     * interface ({@code instanceof}). Only to learn whether it has it; call it through {@link #call}.
     */
    public <C extends Capability> Optional<C> capability(String provider, Class<C> type) {
        return get(provider).flatMap(active -> active.provider().as(type));
    }

    /** A call of a capability's method. */
    @FunctionalInterface
    public interface CapabilityCall<C, R> {
        R apply(C capability) throws Exception;
    }

    /**
     * Calls a provider's capability as all plugin code is called: on a plugin thread, bounded by the
     * plugin call limit, completing on a host thread. Fails when the provider is not active or lacks
     * the capability, with what the call threw (an {@link Error} disables the provider), or when it
     * did not answer in time.
     *
     * @param what names the call for people: "host information of qemu:///system"
     */
    public <C extends Capability, R> CompletionStage<R> call(String provider, Class<C> type, String what,
            CapabilityCall<C, R> call) {
        C capability = capability(provider, type).orElse(null);
        if (capability == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "Provider '" + provider + "' is not active or has no " + type.getSimpleName()));
        }
        return calls.<R>stage(calls.limit(), () -> {
            try {
                return CompletableFuture.completedFuture(call.apply(capability));
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        }).whenComplete((result, error) -> {
            if (error != null && Guard.disables(error)) {
                failedIn(provider, what, error);
            }
        });
    }

    /**
     * Activates a provider of a plugin. The returned stage completes when its {@code init} and first
     * load are done, with whether it became active; it never fails.
     */
    public CompletionStage<Boolean> activate(String pluginId, VirtProvider provider) {
        String name = null;
        ActiveProvider entry;
        boolean branchAdded = false;
        try {
            String named = calls.call("name() of plugin '" + pluginId + "'", provider::name);
            if (named == null || named.isBlank()) {
                throw new IllegalStateException("its name() is empty");
            }
            Map<String, VmStateInfo> states = calls.call("vmStateMap() of provider '" + named + "'", provider::vmStateMap);
            Optional<ProviderBranch<?>> branch = calls.call("branch() of provider '" + named + "'", provider::branch);
            // Reported off the calling thread (a reducer's, a UI's): what hears of it may read or change the store.
            GuardedProvider guarded = new GuardedProvider(named, provider, new ProviderLane(named, store),
                    (failed, what, error) -> calls.later(() -> failedIn(failed, what, error)));
            entry = new ActiveProvider(named, pluginId, guarded, VmStates.merge(states));
            synchronized (lock) {
                if (active().containsKey(named)) {
                    throw new IllegalStateException("a provider named '" + named + "' is active already (plugin "
                            + active().get(named).pluginId() + ")");
                }
                name = named;
                if (branch != null && branch.isPresent()) {
                    addBranch(guarded, branch.get());
                    branchAdded = true;
                }
                store.dispatch(new HostVmAction.ProviderChanged(new ProviderStatus(named, pluginId, ProviderStatus.State.STARTING, null)));
                publish(named, entry);
            }
        } catch (Throwable e) {
            Guard.rethrowFatal(e);
            // All or nothing: a provider that failed here leaves no branch behind to fail later dispatches.
            if (branchAdded) {
                store.removeReducer(name);
            }
            String reason = secrets.scrub("Provider of plugin '" + pluginId + "' could not be activated: " + Guard.message(e));
            LOG.log(Level.WARNING, reason, secrets.loggable(e));
            store.dispatch(new HostVmAction.ProviderChanged(new ProviderStatus(
                    name == null ? pluginId : name, pluginId, ProviderStatus.State.FAILED, reason)));
            return CompletableFuture.completedFuture(false);
        }
        String activated = name;
        return calls.stage(initTimeout, () -> entry.provider().plugin().init(context(entry)))
                .handle((ok, error) -> {
                    if (error != null || !Boolean.TRUE.equals(ok)) {
                        String reason = error == null ? "init returned false"
                                : Guard.timedOut(error) ? "init did not complete within " + PluginCalls.seconds(initTimeout)
                                : "init failed: " + Guard.message(error);
                        disable(activated, reason);
                        return CompletableFuture.completedFuture(false);
                    }
                    store.dispatch(new HostVmAction.ProviderChanged(new ProviderStatus(activated, pluginId, ProviderStatus.State.ACTIVE, null)));
                    // Active even if the first load fails: the provider may recover; loadAll logs why.
                    return loadAll(entry).handle((loaded, loadError) -> true);
                })
                .thenCompose(done -> done);
    }

    /** Reloads every VM of a provider (its GET_ALL_VMS). */
    public CompletionStage<Void> loadAll(ActiveProvider entry) {
        Thunk<Void> thunk;
        try {
            thunk = entry.provider().getAllVms();
        } catch (GuardedProvider.Failed e) {
            return CompletableFuture.failedFuture(e);
        }
        return entry.provider().lane().dispatch(thunk).exceptionally(error -> {
            LOG.log(Level.WARNING, secrets.scrub("loading the VMs of provider " + entry.name() + " failed: " + Guard.message(error)));
            return null;
        });
    }

    /**
     * Plugin code of a provider threw: an {@link Exception} is reported as a problem of its plugin; an
     * {@link Error} (see {@link Guard}) disables the provider with {@code what} and the error as the
     * reason. Safe to call from a UI thread: disabling (which closes the provider) is done on a host
     * thread. (Failures reach it off the failing thread: see the GuardedProvider made in {@link #activate}.)
     *
     * @param what the code that failed, for people: "its reducer on VmUpdated", "tab 'Operations'"
     */
    public void failedIn(String providerName, String what, Throwable error) {
        ActiveProvider entry = active().get(providerName);
        String pluginId = entry == null ? null : entry.pluginId();
        if (Guard.disables(error)) {
            LOG.log(Level.WARNING, "provider " + providerName + ": " + what + " threw an Error; the provider is disabled",
                    secrets.loggable(error));
            calls.later(() -> disable(providerName, what + " threw " + Guard.message(error)
                    + "; the provider was disabled (reload its plugin to try again)"));
        } else {
            LOG.log(Level.WARNING, "provider " + providerName + ": " + what + " failed: "
                    + secrets.scrub(Guard.message(error)), secrets.loggable(error));
            problems.onNext(new Problem(providerName, pluginId, secrets.scrub(what + " failed: " + Guard.message(error)), error));
        }
    }

    /**
     * Deactivates every provider of a plugin: closes it, drops its VMs, removes its branch, and forgets
     * the status of those that had failed, so nothing of the plugin stays behind.
     */
    public void deactivate(String pluginId) {
        for (ActiveProvider entry : List.copyOf(active().values())) {
            if (entry.pluginId().equals(pluginId)) {
                drop(entry);
            }
        }
        for (ProviderStatus status : store.getState().get(VmsState.BRANCH, VmsState.class).providers().values()) {
            if (pluginId.equals(status.pluginId())) {
                store.dispatch(new HostVmAction.ProviderRemoved(status.provider()));
            }
        }
    }

    /** Takes an active provider out of service with a reason for its plugin's row; it stays so until reloaded. */
    public void disable(String name, String why) {
        String reason = secrets.scrub(why);
        ActiveProvider entry = active().get(name);
        if (entry == null) {
            return;
        }
        LOG.log(Level.WARNING, "provider " + name + " of plugin " + entry.pluginId() + ": " + reason);
        String closing = drop(entry);
        store.dispatch(new HostVmAction.ProviderChanged(new ProviderStatus(name, entry.pluginId(), ProviderStatus.State.FAILED,
                closing == null ? reason : reason + "; " + closing)));
    }

    /**
     * Takes the provider out of the map first (open pages drop its components), then closes it on a
     * plugin thread, bounded, and drops its VMs and branch. Returns what went wrong closing it, or null.
     */
    private String drop(ActiveProvider entry) {
        synchronized (lock) {
            if (active().get(entry.name()) != entry) {
                return null;  // another thread dropped it already
            }
            Map<String, ActiveProvider> remaining = new LinkedHashMap<>(active());
            remaining.remove(entry.name());
            active.onNext(Collections.unmodifiableMap(remaining));
        }
        String problem = null;
        try {
            calls.run("close() of provider '" + entry.name() + "'", entry.provider().plugin()::close);
        } catch (PluginCalls.PluginCallException e) {
            LOG.log(Level.WARNING, e.getMessage(), e.getCause());
            problem = e.getMessage();
        }
        entry.provider().lane().close();
        store.dispatch(new HostVmAction.ProviderRemoved(entry.name()));
        store.removeReducer(entry.name());
        return problem;
    }

    private <S> void addBranch(GuardedProvider provider, ProviderBranch<S> branch) {
        store.addReducer(provider.name(), provider.reducer(branch.reducer()), branch.initialState());
    }

    private void publish(String name, ActiveProvider entry) {
        Map<String, ActiveProvider> next = new LinkedHashMap<>(active());
        next.put(name, entry);
        active.onNext(Collections.unmodifiableMap(next));
    }

    private HostProviderContext context(ActiveProvider entry) {
        Path providerData = dataDir.resolve("providers").resolve(entry.name());
        try {
            Files.createDirectories(providerData);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data folder " + providerData + ": " + e.getMessage(), e);
        }
        return new HostProviderContext(entry.provider().lane(), components, entry.pluginId(), options, providerData);
    }

    /** Deactivates every provider; each close is bounded by the plugin call limit. */
    @Override
    public void close() {
        for (String pluginId : active().values().stream().map(ActiveProvider::pluginId).distinct().toList()) {
            deactivate(pluginId);
        }
    }
}
