package dev.hangar.host.plugins;

import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.host.providers.Guard;
import dev.hangar.host.providers.PluginCalls;
import dev.hangar.host.providers.ProviderRegistry;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * What becomes of each plugin: loaded, started with its providers activated, stopped and unloaded,
 * quarantined, disabled after a refused exit, over PF4J and the provider registry. It keeps the facts
 * the Plugins page's rows are made of ({@link PluginRows}) and decides nothing about who may ask:
 * {@link DefaultPluginService} runs these changes one at a time, after its gatekeeper.
 *
 * <p>Plugin code itself (a plugin's start and stop, its extensions' constructors, its providers'
 * lifecycle) runs on {@link PluginCalls}' threads, bounded in time. Every change takes a
 * {@code beforePluginCode} to run right before the first plugin code runs (where the audit entry is
 * written, so that it is there even when that code ends the process).
 */
final class PluginLifecycle {
    private static final Logger LOG = System.getLogger(PluginLifecycle.class.getName());

    private final HangarPluginManager manager;
    private final ProviderRegistry registry;
    private final PluginCalls calls;
    private final Quarantine quarantine;
    private final Supplier<Set<String>> disabledByConfiguration;
    private final Consumer<String> forgotten;
    private final Map<String, String> startFailures = new ConcurrentHashMap<>();
    private final Map<String, List<String>> extensionFailures = new ConcurrentHashMap<>();
    private final Map<String, Unloaded> unloaded = new ConcurrentHashMap<>();
    /** Plugins the ExitGuard caught trying to end the process: why, until they are reloaded. */
    private final Map<String, String> exitRefused = new ConcurrentHashMap<>();

    /** A plugin an administrator unloaded: what it was and where its JAR is. */
    record Unloaded(PluginDescriptor descriptor, Path path) {
    }

    /** What a rescan did: the plugins it loaded (started or not), unloaded, and the JARs it could not load. */
    record Rescanned(List<String> loaded, List<String> removed, List<Path> failed) {
    }

    /** @param forgotten hears of a plugin unloaded: what was recorded about its code goes with it */
    PluginLifecycle(HangarPluginManager manager, ProviderRegistry registry, PluginCalls calls, Quarantine quarantine,
                    Supplier<Set<String>> disabledByConfiguration, Consumer<String> forgotten) {
        this.manager = manager;
        this.registry = registry;
        this.calls = calls;
        this.quarantine = quarantine;
        this.disabledByConfiguration = disabledByConfiguration;
        this.forgotten = forgotten;
    }

    /** Loads every JAR of the plugins folder and starts the plugins; completes when every init is done. */
    CompletionStage<Void> startAll(Runnable beforePluginCode) {
        quarantine.afterRestart();
        manager.loadPlugins();
        List<CompletableFuture<Boolean>> activations = new ArrayList<>();
        for (PluginWrapper plugin : List.copyOf(manager.getResolvedPlugins())) {
            activations.add(startLoaded(plugin.getPluginId(), beforePluginCode));
        }
        return allDone(activations);
    }

    /**
     * Unloads the plugins whose JAR is gone, loads and starts the JARs new in the folder (and retries
     * those that failed to load); plugins unloaded by an administrator stay unloaded. Completes when
     * the new providers' init is done.
     */
    CompletionStage<Rescanned> rescan(Runnable beforePluginCode) {
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
        return allDone(activations).thenApply(done -> new Rescanned(loaded, removed, failed));
    }

    /** Unloads a loaded plugin; it stays listed as unloaded until reloaded or its JAR is removed. */
    void unload(String pluginId, Runnable beforePluginCode) {
        PluginWrapper plugin = loaded(pluginId);
        unloadNow(pluginId, beforePluginCode);
        unloaded.put(pluginId, new Unloaded(plugin.getDescriptor(), plugin.getPluginPath()));
    }

    /**
     * Unloads the plugin if it is loaded, loads it again from its JAR and starts it: the way out of
     * quarantine and of a refused exit. Completes when its providers' init is done.
     */
    CompletionStage<Void> reload(String pluginId, Runnable beforePluginCode) {
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
        quarantine.release(pluginId);
        exitRefused.remove(pluginId);
        String id = load(path);
        return id == null ? CompletableFuture.completedFuture(null) : allDone(List.of(startLoaded(id, beforePluginCode)));
    }

    /** A plugin tried to end the process: the guard refused; its providers go, with the reason on its row. */
    void exitRefused(ExitGuard.Attempt attempt) {
        String reason = "it tried to end the host process (exit status " + attempt.status()
                + "); the host refused and disabled it (reload it to try again)";
        for (ActiveProvider provider : List.copyOf(registry.active().values())) {
            if (provider.pluginId().equals(attempt.pluginId())) {
                registry.disable(provider.name(), reason);
            }
        }
        exitRefused.put(attempt.pluginId(), reason);
    }

    /**
     * Starts a loaded plugin and activates its providers, unless configuration, its Plugin-Requires or
     * a quarantine disables it. What fails is kept for the rows. The stage completes when every init is
     * done. Its start marker ({@link Quarantine}) is written before its code runs and removed then.
     */
    private CompletableFuture<Boolean> startLoaded(String pluginId, Runnable beforePluginCode) {
        startFailures.remove(pluginId);
        extensionFailures.remove(pluginId);
        PluginWrapper plugin = loaded(pluginId);
        if (disabledByConfiguration(pluginId)) {
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
        forgotten.accept(pluginId);
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

    private static CompletableFuture<Void> allDone(List<CompletableFuture<Boolean>> activations) {
        return CompletableFuture.allOf(activations.toArray(CompletableFuture[]::new));
    }

    // What the rows are made of, read on any thread.

    /** The plugins PF4J has loaded. */
    List<PluginWrapper> loadedPlugins() {
        return List.copyOf(manager.getPlugins());
    }

    /** The plugins an administrator unloaded, by id. */
    Map<String, Unloaded> unloadedPlugins() {
        return Map.copyOf(unloaded);
    }

    /** The JARs that could not be loaded, and why. */
    List<LoadFailure> loadFailures() {
        return manager.loadFailures();
    }

    /** Why the plugin failed to start, or null. */
    String startFailure(String pluginId) {
        return startFailures.get(pluginId);
    }

    /** What failed among its extensions, in words; empty when nothing did. */
    List<String> extensionFailures(String pluginId) {
        return extensionFailures.getOrDefault(pluginId, List.of());
    }

    /** Why it was disabled after trying to end the process, or null. */
    String exitRefusal(String pluginId) {
        return exitRefused.get(pluginId);
    }

    /** Why it is quarantined, if it is. */
    Optional<String> quarantined(String pluginId) {
        return quarantine.reason(pluginId);
    }

    boolean disabledByConfiguration(String pluginId) {
        return disabledByConfiguration.get().contains(pluginId);
    }

    /** Whether its Plugin-Requires accepts this host's API. */
    boolean requiresMet(PluginWrapper plugin) {
        return manager.requiresMet(plugin);
    }

    Path pluginsRoot() {
        return manager.getPluginsRoot();
    }
}
