package dev.hangar.host.plugins;

import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.host.providers.ProviderRegistry;
import dev.hangar.host.security.Gatekeeper;
import dev.hangar.host.security.Permission;
import dev.hangar.plugins.ApiVersion;
import dev.hangar.plugins.state.ProviderStatus;
import dev.hangar.plugins.state.VmsState;
import dev.hangar.store.Store;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.subjects.BehaviorSubject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * The plugin service over PF4J and the provider registry. Every change of the plugin set runs on one
 * thread of its own, so a rescan and an unload never interleave and no UI thread waits on a plugin.
 * Changes asked for by people pass the {@link Gatekeeper} (administrators only, audited); loading at
 * start-up does not.
 */
public final class DefaultPluginService implements PluginService, AutoCloseable {
    private static final Logger LOG = System.getLogger(DefaultPluginService.class.getName());
    private static final int PROBLEMS_KEPT = 5;

    private final HangarPluginManager manager;
    private final ProviderRegistry registry;
    private final Store store;
    private final Supplier<Set<String>> disabledByConfiguration;
    private final Gatekeeper gatekeeper;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hangar-plugins");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, String> startFailures = new ConcurrentHashMap<>();
    private final Map<String, List<String>> extensionFailures = new ConcurrentHashMap<>();
    private final Map<String, Unloaded> unloaded = new ConcurrentHashMap<>();
    private final Map<String, Deque<String>> problems = new ConcurrentHashMap<>();
    private final BehaviorSubject<List<PluginInfo>> changes = BehaviorSubject.createDefault(List.of());
    private final Disposable watching;

    /** A plugin an administrator unloaded: what it was and where its JAR is. */
    private record Unloaded(PluginDescriptor descriptor, Path path) {
    }

    public DefaultPluginService(HangarPluginManager manager, ProviderRegistry registry, Store store,
                                Supplier<Set<String>> disabledByConfiguration, Gatekeeper gatekeeper) {
        this.manager = manager;
        this.registry = registry;
        this.store = store;
        this.disabledByConfiguration = disabledByConfiguration;
        this.gatekeeper = gatekeeper;
        // Provider life (init done, failed) shows on the page without anyone asking.
        this.watching = Observable.merge(registry.changes().map(active -> Boolean.TRUE),
                        store.select(s -> s.get(VmsState.BRANCH, VmsState.class).providers()).map(p -> Boolean.TRUE))
                .subscribe(changed -> refresh());
    }

    /** Loads every JAR of the plugins folder and starts the plugins; completes when every init is done. */
    public CompletionStage<Void> start() {
        return submit(() -> {
            manager.loadPlugins();
            List<CompletableFuture<Boolean>> activations = new ArrayList<>();
            for (PluginWrapper plugin : List.copyOf(manager.getResolvedPlugins())) {
                activations.addAll(startLoaded(plugin.getPluginId()));
            }
            return allDone(activations);
        });
    }

    @Override
    public List<PluginInfo> plugins() {
        return refresh();
    }

    @Override
    public Observable<List<PluginInfo>> changes() {
        return changes.hide();
    }

    @Override
    public CompletionStage<RescanResult> rescan() {
        return administered("plugins:" + manager.getPluginsRoot(), "rescan", () -> {
            List<String> removed = new ArrayList<>();
            for (PluginWrapper plugin : manager.getPlugins()) {
                if (!Files.exists(plugin.getPluginPath())) {
                    unloadNow(plugin.getPluginId());
                    removed.add(plugin.getPluginId());
                }
            }
            unloaded.values().removeIf(plugin -> !Files.exists(plugin.path()));
            manager.forgetVanished();
            Set<Path> keptUnloaded = Set.copyOf(unloaded.values().stream().map(Unloaded::path).toList());
            List<String> loaded = new ArrayList<>();
            List<Path> failed = new ArrayList<>();
            for (Path path : manager.newPluginPaths()) {
                if (!keptUnloaded.contains(path)) {
                    String id = load(path);
                    if (id == null) {
                        failed.add(path);
                    } else {
                        loaded.add(id);
                    }
                }
            }
            List<CompletableFuture<Boolean>> activations = new ArrayList<>();
            loaded.forEach(id -> activations.addAll(startLoaded(id)));
            RescanResult result = new RescanResult(loaded, removed, failed);
            LOG.log(Level.INFO, "rescan of " + manager.getPluginsRoot() + ": " + result.summary());
            return allDone(activations).thenApply(done -> result);
        });
    }

    @Override
    public CompletionStage<Void> unload(String pluginId) {
        return administered("plugin:" + pluginId, "unload", () -> {
            PluginWrapper plugin = loaded(pluginId);
            unloadNow(pluginId);
            unloaded.put(pluginId, new Unloaded(plugin.getDescriptor(), plugin.getPluginPath()));
            return CompletableFuture.completedFuture(null);
        });
    }

    @Override
    public CompletionStage<Void> reload(String pluginId) {
        return administered("plugin:" + pluginId, "reload", () -> {
            Path path;
            PluginWrapper plugin = manager.getPlugin(pluginId);
            if (plugin != null) {
                path = plugin.getPluginPath();
                unloadNow(pluginId);
            } else if (unloaded.containsKey(pluginId)) {
                path = unloaded.get(pluginId).path();
            } else {
                throw new IllegalArgumentException("There is no plugin '" + pluginId + "' to reload");
            }
            unloaded.remove(pluginId);
            if (!Files.exists(path)) {
                throw new IllegalStateException("The JAR of plugin '" + pluginId + "' is gone: " + path);
            }
            String id = load(path);
            return id == null ? CompletableFuture.completedFuture(null) : allDone(startLoaded(id));
        });
    }

    @Override
    public void reportProblem(String providerName, String problem) {
        ActiveProvider provider = registry.active().get(providerName);
        if (provider == null) {
            LOG.log(Level.WARNING, "provider " + providerName + ": " + problem);
            return;
        }
        LOG.log(Level.WARNING, "plugin " + provider.pluginId() + ", provider " + providerName + ": " + problem);
        Deque<String> recent = problems.computeIfAbsent(provider.pluginId(), id -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(problem);
            while (recent.size() > PROBLEMS_KEPT) {
                recent.removeFirst();
            }
        }
        refresh();
    }

    /**
     * Starts a loaded plugin and activates its providers, unless configuration or its Plugin-Requires
     * disables it. What fails is kept for {@link #plugins()}. The stages complete when each init is done.
     */
    private List<CompletableFuture<Boolean>> startLoaded(String pluginId) {
        startFailures.remove(pluginId);
        extensionFailures.remove(pluginId);
        PluginWrapper plugin = loaded(pluginId);
        if (disabledByConfiguration.get().contains(pluginId)) {
            LOG.log(Level.INFO, "plugin " + pluginId + " is disabled by configuration");
            return List.of();
        }
        if (plugin.getPluginState() == PluginState.DISABLED) {
            return List.of();
        }
        PluginState state;
        try {
            state = manager.startPlugin(pluginId);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "plugin " + pluginId + " failed to start", e);
            startFailures.put(pluginId, "it failed to start: " + HangarPluginManager.inWords(e));
            return List.of();
        }
        if (state != PluginState.STARTED) {
            startFailures.put(pluginId, "it did not start (PF4J left it " + state.toString().toLowerCase() + ")");
            return List.of();
        }
        ProviderExtensions found = manager.createProviders(pluginId);
        if (!found.problems().isEmpty()) {
            found.problems().forEach(problem -> LOG.log(Level.WARNING, "plugin " + pluginId + ": " + problem));
            extensionFailures.put(pluginId, found.problems());
        }
        List<CompletableFuture<Boolean>> activations = new ArrayList<>();
        found.providers().forEach(provider -> activations.add(registry.activate(pluginId, provider).toCompletableFuture()));
        return activations;
    }

    @Override
    public void close() {
        watching.dispose();
        worker.shutdownNow();
    }

    /** Providers first (their VMs, branch and every open UI's components go), then PF4J stops and unloads it. */
    private void unloadNow(String pluginId) {
        registry.deactivate(pluginId);
        try {
            manager.unloadPlugin(pluginId);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "plugin " + pluginId + " did not unload cleanly", e);
        }
        startFailures.remove(pluginId);
        extensionFailures.remove(pluginId);
        problems.remove(pluginId);
    }

    /** Loads one JAR; null when it could not be loaded (the manager keeps the reason). */
    private String load(Path path) {
        try {
            return manager.loadPlugin(path);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "cannot load plugin " + path + ": " + HangarPluginManager.inWords(e));
            return null;
        }
    }

    private PluginWrapper loaded(String pluginId) {
        PluginWrapper plugin = manager.getPlugin(pluginId);
        if (plugin == null) {
            throw new IllegalArgumentException("No plugin '" + pluginId + "' is loaded");
        }
        return plugin;
    }

    /** A change someone asked for: checked and audited on the caller's (UI) thread, then submitted. */
    private <T> CompletionStage<T> administered(String target, String verb, Supplier<CompletionStage<T>> change) {
        return gatekeeper.perform(Permission.MANAGE_PLUGINS, target, verb, Map.of(), () -> submit(change));
    }

    /** Runs a change of the plugin set on the service's thread; the page hears of it when it is done. */
    private <T> CompletionStage<T> submit(Supplier<CompletionStage<T>> change) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return change.get();
            } finally {
                refresh();
            }
        }, worker).thenCompose(stage -> stage).whenComplete((result, error) -> refresh());
    }

    private static CompletableFuture<Void> allDone(List<CompletableFuture<Boolean>> activations) {
        return CompletableFuture.allOf(activations.toArray(CompletableFuture[]::new));
    }

    /** Computes the rows and publishes them when they changed. */
    private synchronized List<PluginInfo> refresh() {
        VmsState vms = store.getState().get(VmsState.BRANCH, VmsState.class);
        List<PluginInfo> rows = new ArrayList<>();
        for (PluginWrapper plugin : manager.getPlugins()) {
            rows.add(info(plugin, vms));
        }
        unloaded.forEach((id, plugin) -> rows.add(new PluginInfo(id, plugin.descriptor().getVersion(),
                PluginInfo.State.UNLOADED, List.of(), blankToNull(plugin.descriptor().getRequires()), plugin.path(),
                blankToNull(plugin.descriptor().getProvider()), null, List.of())));
        for (LoadFailure failure : manager.loadFailures()) {
            rows.add(new PluginInfo(failure.pluginId(), failure.version(), PluginInfo.State.FAILED, List.of(),
                    failure.requires(), failure.path(), null, failure.reason(), List.of()));
        }
        rows.sort(Comparator.comparing((PluginInfo row) -> row.id() == null ? "\uffff" : row.id())
                .thenComparing(row -> row.path().toString()));
        List<PluginInfo> list = List.copyOf(rows);
        if (!list.equals(changes.getValue())) {
            changes.onNext(list);
        }
        return list;
    }

    private PluginInfo info(PluginWrapper plugin, VmsState vms) {
        String id = plugin.getPluginId();
        PluginDescriptor descriptor = plugin.getDescriptor();
        List<ProviderStatus> providers = vms.providers().values().stream()
                .filter(status -> id.equals(status.pluginId()))
                .sorted(Comparator.comparing(ProviderStatus::provider))
                .toList();
        PluginState pf4j = plugin.getPluginState();
        PluginInfo.State state;
        String error = null;
        if (pf4j != PluginState.STARTED && disabledByConfiguration.get().contains(id)) {
            state = PluginInfo.State.DISABLED;
            error = "disabled by configuration (--disable-plugin " + id + ")";
        } else if (pf4j == PluginState.DISABLED) {
            state = PluginInfo.State.DISABLED;
            error = manager.requiresMet(plugin)
                    ? "disabled in " + manager.getPluginsRoot().resolve("disabled.txt")
                    : "requires API " + descriptor.getRequires().strip() + ", this host provides " + ApiVersion.CURRENT;
        } else if (startFailures.containsKey(id)) {
            state = PluginInfo.State.FAILED;
            error = startFailures.get(id);
        } else if (pf4j == PluginState.STARTED) {
            List<String> errors = new ArrayList<>(extensionFailures.getOrDefault(id, List.of()));
            providers.stream().filter(p -> p.state() == ProviderStatus.State.FAILED)
                    .forEach(p -> errors.add("provider '" + p.provider() + "': " + p.message()));
            if (!errors.isEmpty()) {
                state = PluginInfo.State.FAILED;
                error = String.join("; ", errors);
            } else if (providers.stream().anyMatch(p -> p.state() == ProviderStatus.State.STARTING)) {
                state = PluginInfo.State.STARTING;
            } else {
                state = PluginInfo.State.ACTIVE;
            }
        } else {
            state = PluginInfo.State.STOPPED;
        }
        Deque<String> recent = problems.getOrDefault(id, new ArrayDeque<>());
        List<String> recentProblems;
        synchronized (recent) {
            recentProblems = List.copyOf(recent);
        }
        return new PluginInfo(id, descriptor.getVersion(), state, providers, blankToNull(descriptor.getRequires()),
                plugin.getPluginPath(), blankToNull(descriptor.getProvider()), error, recentProblems);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
