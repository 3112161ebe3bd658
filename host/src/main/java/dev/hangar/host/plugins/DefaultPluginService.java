package dev.hangar.host.plugins;

import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.host.providers.Guard;
import dev.hangar.host.providers.PluginCalls;
import dev.hangar.host.providers.ProviderRegistry;
import dev.hangar.host.security.Gatekeeper;
import dev.hangar.host.security.Permission;
import dev.hangar.plugins.ApiVersion;
import dev.hangar.host.state.ProviderStatus;
import dev.hangar.host.state.VmsState;
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
import java.util.function.Function;
import java.util.function.Supplier;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * The plugin service over PF4J and the provider registry. Every change of the plugin set runs on one
 * thread of its own, so a rescan and an unload never interleave and no UI thread waits on a plugin.
 * Changes asked for by people pass the {@link Gatekeeper} (administrators only, audited before any
 * plugin code runs, so the entry is there even when that code ends the process); loading at start-up
 * does not. Plugin code itself (a plugin's start and stop, its extensions' constructors, its
 * providers' lifecycle) runs on {@link PluginCalls}' threads, bounded in time. A plugin that tries to
 * end the process is refused ({@link ExitGuard}) and disabled; one during whose start the process
 * ended anyway is quarantined at the next start ({@link Quarantine}).
 */
public final class DefaultPluginService implements PluginService, AutoCloseable {
    private static final Logger LOG = System.getLogger(DefaultPluginService.class.getName());
    private static final int PROBLEMS_KEPT = 5;

    private final HangarPluginManager manager;
    private final ProviderRegistry registry;
    private final Store store;
    private final Supplier<Set<String>> disabledByConfiguration;
    private final Gatekeeper gatekeeper;
    private final PluginCalls calls;
    private final Quarantine quarantine;
    private final Runnable stopGuarding;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hangar-plugins");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, String> startFailures = new ConcurrentHashMap<>();
    private final Map<String, List<String>> extensionFailures = new ConcurrentHashMap<>();
    private final Map<String, Unloaded> unloaded = new ConcurrentHashMap<>();
    private final Map<String, Deque<String>> problems = new ConcurrentHashMap<>();
    /** Plugins the ExitGuard caught trying to end the process: why, until they are reloaded. */
    private final Map<String, String> exitRefused = new ConcurrentHashMap<>();
    private final BehaviorSubject<List<PluginInfo>> changes = BehaviorSubject.createDefault(List.of());
    private final Disposable watching;
    private final Disposable reported;

    /** A plugin an administrator unloaded: what it was and where its JAR is. */
    private record Unloaded(PluginDescriptor descriptor, Path path) {
    }

    /**
     * @param dataDir the host's data folder, where the {@link Quarantine}'s markers live
     * @param exits   the process's exit guard; the service disables a plugin it catches
     */
    public DefaultPluginService(HangarPluginManager manager, ProviderRegistry registry, Store store, PluginCalls calls,
                                Supplier<Set<String>> disabledByConfiguration, Gatekeeper gatekeeper, Path dataDir,
                                ExitGuard exits) {
        this.manager = manager;
        this.registry = registry;
        this.store = store;
        this.calls = calls;
        this.disabledByConfiguration = disabledByConfiguration;
        this.gatekeeper = gatekeeper;
        this.quarantine = new Quarantine(dataDir, java.time.Clock.systemUTC());
        this.stopGuarding = exits.onRefused(attempt -> calls.later(() -> exitRefused(attempt)));
        this.reported = registry.problems().subscribe(problem -> record(problem.pluginId(), problem.text()));
        // Provider life (init done, failed) shows on the page without anyone asking.
        this.watching = Observable.merge(registry.changes().map(active -> Boolean.TRUE),
                        store.select(s -> s.get(VmsState.BRANCH, VmsState.class).providers()).map(p -> Boolean.TRUE))
                .subscribe(changed -> refresh());
    }

    /** Loads every JAR of the plugins folder and starts the plugins; completes when every init is done. */
    public CompletionStage<Void> start() {
        return submit(() -> {
            quarantine.afterRestart();
            manager.loadPlugins();
            List<CompletableFuture<Boolean>> activations = new ArrayList<>();
            for (PluginWrapper plugin : List.copyOf(manager.getResolvedPlugins())) {
                activations.add(startLoaded(plugin.getPluginId(), NOT_AUDITED));
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
        return administered("plugins:" + manager.getPluginsRoot(), "rescan", beforePluginCode -> {
            List<String> removed = new ArrayList<>();
            for (PluginWrapper plugin : manager.getPlugins()) {
                if (!Files.exists(plugin.getPluginPath())) {
                    unloadNow(plugin.getPluginId(), beforePluginCode);
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
            loaded.forEach(id -> activations.add(startLoaded(id, beforePluginCode)));
            return allDone(activations).thenApply(done -> {
                // Only what really started counts as loaded; the rest says why in its row.
                List<PluginInfo> rows = refresh();
                List<String> active = new ArrayList<>();
                List<String> notStarted = new ArrayList<>();
                for (String id : loaded) {
                    PluginInfo row = rows.stream().filter(r -> id.equals(r.id())).findFirst().orElse(null);
                    if (row == null || row.state() == PluginInfo.State.ACTIVE) {
                        active.add(id);
                    } else {
                        notStarted.add(id + " (" + row.state().name().toLowerCase(java.util.Locale.ROOT) + ")");
                    }
                }
                RescanResult result = new RescanResult(active, notStarted, removed, failed);
                LOG.log(Level.INFO, "rescan of " + manager.getPluginsRoot() + ": " + result.summary());
                return result;
            });
        });
    }

    @Override
    public CompletionStage<Void> unload(String pluginId) {
        return administered("plugin:" + pluginId, "unload", beforePluginCode -> {
            PluginWrapper plugin = loaded(pluginId);
            unloadNow(pluginId, beforePluginCode);
            unloaded.put(pluginId, new Unloaded(plugin.getDescriptor(), plugin.getPluginPath()));
            return CompletableFuture.completedFuture(null);
        });
    }

    @Override
    public CompletionStage<Void> reload(String pluginId) {
        return administered("plugin:" + pluginId, "reload", beforePluginCode -> {
            Path path;
            PluginWrapper plugin = manager.getPlugin(pluginId);
            if (plugin != null) {
                path = plugin.getPluginPath();
                unloadNow(pluginId, beforePluginCode);
            } else if (unloaded.containsKey(pluginId)) {
                path = unloaded.get(pluginId).path();
            } else {
                throw new IllegalArgumentException("There is no plugin '" + pluginId + "' to reload");
            }
            unloaded.remove(pluginId);
            if (!Files.exists(path)) {
                throw new IllegalStateException("The JAR of plugin '" + pluginId + "' is gone: " + path);
            }
            // An administrator's reload is the way out of quarantine and of a refused exit.
            quarantine.release(pluginId);
            exitRefused.remove(pluginId);
            String id = load(path);
            return id == null ? CompletableFuture.completedFuture(null) : allDone(List.of(startLoaded(id, beforePluginCode)));
        });
    }

    @Override
    public void reportProblem(String providerName, String what, Throwable error) {
        registry.failedIn(providerName, what, error);
    }

    /** Keeps a problem of a plugin's code for its row (the registry logged it, with its stack trace). */
    private void record(String pluginId, String problem) {
        if (pluginId == null) {
            return;
        }
        Deque<String> recent = problems.computeIfAbsent(pluginId, id -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(problem);
            while (recent.size() > PROBLEMS_KEPT) {
                recent.removeFirst();
            }
        }
        refresh();
    }

    /**
     * Starts a loaded plugin and activates its providers, unless configuration, its Plugin-Requires or
     * a quarantine disables it. What fails is kept for {@link #plugins()}. The stage completes when
     * every init is done. Its start marker ({@link Quarantine}) is written before its code runs and
     * removed then.
     */
    private CompletableFuture<Boolean> startLoaded(String pluginId, Runnable beforePluginCode) {
        startFailures.remove(pluginId);
        extensionFailures.remove(pluginId);
        PluginWrapper plugin = loaded(pluginId);
        if (disabledByConfiguration.get().contains(pluginId)) {
            LOG.log(Level.INFO, "plugin " + pluginId + " is disabled by configuration");
            return CompletableFuture.completedFuture(false);
        }
        if (plugin.getPluginState() == PluginState.DISABLED) {
            return CompletableFuture.completedFuture(false);
        }
        if (quarantine.reason(pluginId).isPresent()) {
            LOG.log(Level.WARNING, "plugin " + pluginId + " is not started: " + quarantine.reason(pluginId).get());
            return CompletableFuture.completedFuture(false);
        }
        beforePluginCode.run();
        quarantine.starting(pluginId);
        PluginState state;
        ProviderExtensions found;
        try {
            state = calls.call("the start of plugin '" + pluginId + "'", () -> manager.startPlugin(pluginId));
            found = state == PluginState.STARTED
                    ? calls.call("the extensions of plugin '" + pluginId + "'", () -> manager.createProviders(pluginId))
                    : null;
        } catch (PluginCalls.PluginCallException e) {
            LOG.log(Level.WARNING, "plugin " + pluginId + " failed to start", e.getCause());
            startFailures.put(pluginId, "it failed to start: " + HangarPluginManager.inWords(e.getCause()));
            quarantine.started(pluginId);
            return CompletableFuture.completedFuture(false);
        }
        if (found == null) {
            startFailures.put(pluginId, "it did not start (PF4J left it " + state.toString().toLowerCase() + ")");
            quarantine.started(pluginId);
            return CompletableFuture.completedFuture(false);
        }
        if (!found.problems().isEmpty()) {
            found.problems().forEach(problem -> LOG.log(Level.WARNING, "plugin " + pluginId + ": " + problem));
            extensionFailures.put(pluginId, found.problems());
        }
        List<CompletableFuture<Boolean>> activations = new ArrayList<>();
        found.providers().forEach(provider -> activations.add(registry.activate(pluginId, provider).toCompletableFuture()));
        return allDone(activations).handle((done, error) -> {
            quarantine.started(pluginId);
            return error == null;
        });
    }

    /** A plugin tried to end the process: the guard refused; its providers go, with the reason on its row. */
    private void exitRefused(ExitGuard.Attempt attempt) {
        String reason = "it tried to end the host process (exit status " + attempt.status()
                + "); the host refused and disabled it (reload it to try again)";
        for (ActiveProvider provider : List.copyOf(registry.active().values())) {
            if (provider.pluginId().equals(attempt.pluginId())) {
                registry.disable(provider.name(), reason);
            }
        }
        exitRefused.put(attempt.pluginId(), reason);
        refresh();
    }

    @Override
    public void close() {
        watching.dispose();
        reported.dispose();
        stopGuarding.run();
        worker.shutdownNow();
    }

    /** Providers first (their VMs, branch and every open UI's components go), then PF4J stops and unloads it. */
    private void unloadNow(String pluginId, Runnable beforePluginCode) {
        beforePluginCode.run();
        registry.deactivate(pluginId);
        try {
            calls.call("the unloading of plugin '" + pluginId + "'", () -> manager.unloadPlugin(pluginId));
        } catch (PluginCalls.PluginCallException e) {
            LOG.log(Level.WARNING, "plugin " + pluginId + " did not unload cleanly: " + e.getMessage(), e.getCause());
        }
        startFailures.remove(pluginId);
        extensionFailures.remove(pluginId);
        problems.remove(pluginId);
    }

    /** Loads one JAR; null when it could not be loaded (the manager keeps the reason). */
    private String load(Path path) {
        try {
            return manager.loadPlugin(path);
        } catch (Throwable e) {
            Guard.rethrowFatal(e);
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

    /**
     * A change someone asked for: checked on the caller's (UI) thread, then submitted. Its audit entry
     * is written before the first plugin code runs (the change calls the Runnable it gets first), so
     * that it is there even if that code ends the process; a change that fails before (an unknown id)
     * or runs no plugin code is audited with its outcome.
     */
    private <T> CompletionStage<T> administered(String target, String verb,
                                                Function<Runnable, CompletionStage<T>> change) {
        CompletableFuture<Void> audited = new CompletableFuture<>();
        CompletionStage<Void> allowed = gatekeeper.perform(Permission.MANAGE_PLUGINS, target, verb, Map.of(), () -> audited);
        if (allowed.toCompletableFuture().isCompletedExceptionally()) {
            return allowed.thenApply(refused -> null);
        }
        // The gatekeeper writes its entry in complete(), on the thread about to run plugin code.
        return submit(() -> change.apply(() -> audited.complete(null))).whenComplete((result, error) -> {
            if (error == null) {
                audited.complete(null);
            } else {
                audited.completeExceptionally(error);
            }
        });
    }

    private static final Runnable NOT_AUDITED = () -> { };

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
                blankToNull(plugin.descriptor().getProvider()), null, null, List.of())));
        for (LoadFailure failure : manager.loadFailures()) {
            rows.add(new PluginInfo(failure.pluginId(), failure.version(), PluginInfo.State.FAILED, List.of(),
                    failure.requires(), failure.path(), null, failure.reason(), null, List.of()));
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
        String note = null;
        if (pf4j != PluginState.STARTED && disabledByConfiguration.get().contains(id)) {
            state = PluginInfo.State.DISABLED;
            note = "disabled by configuration (--disable-plugin " + id + ")";
        } else if (pf4j == PluginState.DISABLED && manager.requiresMet(plugin)) {
            state = PluginInfo.State.DISABLED;
            note = "switched off in " + manager.getPluginsRoot().resolve("disabled.txt")
                    + " (start it with --enable-plugin " + id + ")";
        } else if (pf4j == PluginState.DISABLED) {
            state = PluginInfo.State.DISABLED;
            error = "requires API " + descriptor.getRequires().strip() + ", this host provides " + ApiVersion.CURRENT;
        } else if (pf4j != PluginState.STARTED && quarantine.reason(id).isPresent()) {
            state = PluginInfo.State.FAILED;
            error = quarantine.reason(id).get();
        } else if (startFailures.containsKey(id)) {
            state = PluginInfo.State.FAILED;
            error = startFailures.get(id);
        } else if (pf4j == PluginState.STARTED) {
            List<String> errors = new ArrayList<>(extensionFailures.getOrDefault(id, List.of()));
            // The refused exit is the cause, whichever thread reported first: an init or thunk that was
            // refused also fails on its own, with the refusal as its message.
            String exit = exitRefused.get(id);
            List<ProviderStatus> failed = providers.stream().filter(p -> p.state() == ProviderStatus.State.FAILED).toList();
            if (exit != null && failed.isEmpty()) {
                errors.add(exit);
            }
            failed.forEach(p -> errors.add("provider '" + p.provider() + "': " + (exit != null ? exit : p.message())));
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
                plugin.getPluginPath(), blankToNull(descriptor.getProvider()), error, note, recentProblems);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
