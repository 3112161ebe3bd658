package dev.hangar.host.providers;

import dev.hangar.plugins.ProviderBranch;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.state.ProviderStatus;
import dev.hangar.plugins.state.VmAction;
import dev.hangar.plugins.state.VmsState;
import dev.hangar.plugins.ui.ExportedComponents;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.store.Store;
import dev.hangar.store.Thunk;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.subjects.BehaviorSubject;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The active providers. Activating one adds its branch, calls its {@code init} (bounded by a
 * timeout) and loads its VMs; deactivating closes it and drops its VMs and branch. Every call into
 * the plugin is guarded: a provider that throws or hangs fails alone, with the reason in its status.
 */
public final class ProviderRegistry implements AutoCloseable {
    private static final Logger LOG = System.getLogger(ProviderRegistry.class.getName());

    private final Store store;
    private final ExportedComponents components;
    private final Function<String, List<String>> options;
    private final Path dataDir;
    private final Duration initTimeout;
    /** init() runs here: a plugin that blocks in it must not block the host's start. */
    private final ExecutorService activation = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "hangar-provider-init");
        thread.setDaemon(true);
        return thread;
    });
    private final BehaviorSubject<Map<String, ActiveProvider>> active = BehaviorSubject.createDefault(Map.of());

    public ProviderRegistry(Store store, ExportedComponents components, Function<String, List<String>> options,
                            Path dataDir, Duration initTimeout) {
        this.store = store;
        this.components = components;
        this.options = options;
        this.dataDir = dataDir;
        this.initTimeout = initTimeout;
    }

    /** The active providers by name, in activation order. */
    public Map<String, ActiveProvider> active() {
        return active.getValue();
    }

    /** Every change of the active providers, starting with the current ones. */
    public Observable<Map<String, ActiveProvider>> changes() {
        return active.hide();
    }

    public Optional<ActiveProvider> get(String name) {
        return Optional.ofNullable(active().get(name));
    }

    /**
     * Activates a provider of a plugin. The returned stage completes when its {@code init} and first
     * load are done, with whether it became active; it never fails.
     */
    public synchronized CompletionStage<Boolean> activate(String pluginId, VirtProvider provider) {
        String name;
        ActiveProvider entry;
        try {
            name = provider.name();
            if (name == null || name.isBlank()) {
                throw new IllegalStateException("its name() is empty");
            }
            if (active().containsKey(name)) {
                throw new IllegalStateException("a provider named '" + name + "' is active already (plugin "
                        + active().get(name).pluginId() + ")");
            }
            entry = new ActiveProvider(name, pluginId, provider, VmStates.merge(provider.vmStateMap()));
            Optional<ProviderBranch<?>> branch = provider.branch();
            branch.ifPresent(b -> addBranch(name, b));
        } catch (RuntimeException | LinkageError e) {
            String reason = "Provider of plugin '" + pluginId + "' could not be activated: " + Guard.message(e);
            LOG.log(Level.WARNING, reason, e);
            store.dispatch(new VmAction.ProviderChanged(new ProviderStatus(
                    safeName(provider, pluginId), pluginId, ProviderStatus.State.FAILED, reason)));
            return CompletableFuture.completedFuture(false);
        }
        store.dispatch(new VmAction.ProviderChanged(new ProviderStatus(name, pluginId, ProviderStatus.State.STARTING, null)));
        publish(name, entry);
        return CompletableFuture.supplyAsync(() -> provider.init(context(pluginId, name)), activation)
                .thenCompose(stage -> {
                    if (stage == null) {
                        throw new IllegalStateException("init returned no CompletionStage");
                    }
                    return stage;
                })
                .toCompletableFuture()
                .orTimeout(initTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ok, error) -> {
                    if (error != null || !Boolean.TRUE.equals(ok)) {
                        String reason = error == null ? "init returned false"
                                : Guard.timedOut(error) ? "init did not complete within " + initTimeout.toSeconds() + " s"
                                : "init failed: " + Guard.message(error);
                        failed(name, pluginId, reason);
                        return CompletableFuture.completedFuture(false);
                    }
                    store.dispatch(new VmAction.ProviderChanged(new ProviderStatus(name, pluginId, ProviderStatus.State.ACTIVE, null)));
                    // Active even if the first load fails: the provider may recover; loadAll logs why.
                    return loadAll(entry).handle((loaded, loadError) -> true);
                })
                .thenCompose(activated -> activated);
    }

    /** Reloads every VM of a provider (its GET_ALL_VMS). */
    public CompletionStage<Void> loadAll(ActiveProvider entry) {
        Thunk<Void> thunk;
        try {
            thunk = entry.provider().getAllVms();
        } catch (RuntimeException | LinkageError e) {
            return CompletableFuture.failedFuture(e);
        }
        return store.dispatch(thunk).exceptionally(error -> {
            LOG.log(Level.WARNING, "loading the VMs of provider " + entry.name() + " failed: " + Guard.message(error));
            return null;
        });
    }

    /**
     * Deactivates every provider of a plugin: closes it, drops its VMs, removes its branch, and forgets
     * the status of those that had failed, so nothing of the plugin stays behind.
     */
    public synchronized void deactivate(String pluginId) {
        for (ActiveProvider entry : List.copyOf(active().values())) {
            if (entry.pluginId().equals(pluginId)) {
                drop(entry);
            }
        }
        for (ProviderStatus status : store.getState().get(VmsState.BRANCH, VmsState.class).providers().values()) {
            if (pluginId.equals(status.pluginId())) {
                store.dispatch(new VmAction.ProviderRemoved(status.provider()));
            }
        }
    }

    private void failed(String name, String pluginId, String reason) {
        LOG.log(Level.WARNING, "provider " + name + " of plugin " + pluginId + ": " + reason);
        synchronized (this) {
            ActiveProvider entry = active().get(name);
            if (entry != null) {
                drop(entry);
            }
        }
        store.dispatch(new VmAction.ProviderChanged(new ProviderStatus(name, pluginId, ProviderStatus.State.FAILED, reason)));
    }

    private void drop(ActiveProvider entry) {
        try {
            entry.provider().close();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "provider " + entry.name() + " failed to close", e);
        }
        Map<String, ActiveProvider> remaining = new LinkedHashMap<>(active());
        remaining.remove(entry.name());
        active.onNext(Collections.unmodifiableMap(remaining));
        store.dispatch(new VmAction.ProviderRemoved(entry.name()));
        store.removeReducer(entry.name());
    }

    private <S> void addBranch(String name, ProviderBranch<S> branch) {
        store.addReducer(name, new GuardedReducer<>(name, branch.reducer()), branch.initialState());
    }

    private void publish(String name, ActiveProvider entry) {
        Map<String, ActiveProvider> next = new LinkedHashMap<>(active());
        next.put(name, entry);
        active.onNext(Collections.unmodifiableMap(next));
    }

    private HostProviderContext context(String pluginId, String name) {
        Path providerData = dataDir.resolve("providers").resolve(name);
        try {
            Files.createDirectories(providerData);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data folder " + providerData + ": " + e.getMessage(), e);
        }
        return new HostProviderContext(store, components, pluginId, options, providerData);
    }

    private static String safeName(VirtProvider provider, String pluginId) {
        try {
            String name = provider.name();
            return name == null || name.isBlank() ? pluginId : name;
        } catch (RuntimeException | LinkageError e) {
            return pluginId;
        }
    }

    @Override
    public synchronized void close() {
        for (String pluginId : active().values().stream().map(ActiveProvider::pluginId).distinct().toList()) {
            deactivate(pluginId);
        }
        activation.shutdownNow();
    }
}
