package dev.hangar.host;

import dev.hangar.host.plugins.HangarPluginManager;
import dev.hangar.host.providers.ProviderRegistry;
import dev.hangar.host.providers.VmCommands;
import dev.hangar.host.security.Security;
import dev.hangar.host.ui.HostComponents;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.state.VmsReducer;
import dev.hangar.plugins.state.VmsState;
import dev.hangar.store.DefaultStore;
import dev.hangar.store.LoggingMiddleware;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * The running application: the store, the plugins, the active providers and the commands views use.
 * One per process; views reach it through {@link #current()}.
 */
public final class Hangar implements AutoCloseable {
    private static final Logger LOG = System.getLogger(Hangar.class.getName());
    private static volatile Hangar current;

    private final HostOptions options;
    private final DefaultStore store;
    private final HangarPluginManager plugins;
    private final ProviderRegistry providers;
    private final VmCommands commands;
    private final Security security;

    public Hangar(HostOptions options) {
        this.options = options;
        this.store = DefaultStore.builder().middleware(new LoggingMiddleware()).build();
        store.addReducer(VmsState.BRANCH, new VmsReducer(), VmsState.EMPTY);
        this.plugins = new HangarPluginManager(options.pluginsDir());
        this.providers = new ProviderRegistry(store, new HostComponents(this), options::option,
                options.dataDir(), Duration.ofSeconds(30));
        this.security = new Security(options.security(), options.dataDir());
        this.commands = new VmCommands(store, providers, security.gatekeeper());
    }

    /** The application of this process; set by {@link #install(Hangar)}. */
    public static Hangar current() {
        Hangar hangar = current;
        if (hangar == null) {
            throw new IllegalStateException("Hangar has not been started");
        }
        return hangar;
    }

    public static void install(Hangar hangar) {
        current = hangar;
    }

    /**
     * Loads and starts every plugin of the plugins folder (but those disabled by configuration) and
     * activates their providers. Completes when every provider's init and first load are done.
     */
    public CompletionStage<Void> start() {
        plugins.loadPlugins();
        List<CompletableFuture<Boolean>> activations = new ArrayList<>();
        for (PluginWrapper plugin : plugins.getResolvedPlugins()) {
            activations.addAll(startPlugin(plugin.getPluginId()));
        }
        return CompletableFuture.allOf(activations.toArray(CompletableFuture[]::new));
    }

    /** Starts one loaded plugin and activates its providers, unless configuration disables it. */
    public List<CompletableFuture<Boolean>> startPlugin(String pluginId) {
        if (Set.copyOf(options.disabledPlugins()).contains(pluginId)) {
            LOG.log(Level.INFO, "plugin " + pluginId + " is disabled by configuration");
            return List.of();
        }
        PluginState state;
        try {
            state = plugins.startPlugin(pluginId);
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "plugin " + pluginId + " failed to start", e);
            return List.of();
        }
        if (state != PluginState.STARTED) {
            return List.of();
        }
        List<CompletableFuture<Boolean>> activations = new ArrayList<>();
        for (VirtProvider provider : plugins.getExtensions(VirtProvider.class, pluginId)) {
            activations.add(providers.activate(pluginId, provider).toCompletableFuture());
        }
        return activations;
    }

    public HostOptions options() {
        return options;
    }

    public DefaultStore store() {
        return store;
    }

    public HangarPluginManager plugins() {
        return plugins;
    }

    public ProviderRegistry providers() {
        return providers;
    }

    public VmCommands commands() {
        return commands;
    }

    /** Sign-in, the access check of every action, and the audit log. */
    public Security security() {
        return security;
    }

    public Path dataDir() {
        return options.dataDir();
    }

    @Override
    public void close() {
        providers.close();
        plugins.stopPlugins();
        plugins.unloadPlugins();
        store.close();
    }
}
