package dev.hangar.host;

import dev.hangar.host.configure.ConfigCommands;
import dev.hangar.host.configure.Configuration;
import dev.hangar.host.snapshots.SnapshotCommands;
import dev.hangar.host.snapshots.Snapshots;
import dev.hangar.host.consoles.ConsoleHub;
import dev.hangar.host.create.Creation;
import dev.hangar.host.create.CreationCommands;
import dev.hangar.host.osinfo.OsDatabase;
import dev.hangar.host.osinfo.OsinfoDatabase;
import dev.hangar.host.plugins.DefaultPluginService;
import dev.hangar.host.plugins.ExitGuard;
import dev.hangar.host.plugins.HangarPluginManager;
import dev.hangar.host.plugins.PluginService;
import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.host.providers.Guard;
import dev.hangar.host.providers.PluginCalls;
import dev.hangar.host.providers.ProviderRegistry;
import dev.hangar.host.providers.VmCommands;
import dev.hangar.host.store.ActionLog;
import dev.hangar.host.store.HostStore;
import dev.hangar.host.tasks.TaskCommands;
import dev.hangar.host.tasks.Tasks;
import dev.hangar.host.ui.components.HostComponents;
import dev.hangar.host.ui.usage.UsageHistories;
import dev.hangar.host.state.VmsReducer;
import dev.hangar.host.state.VmsState;
import dev.hangar.store.DefaultStore;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.pf4j.PluginState;

/**
 * The running application: the store, the plugins, the active providers and the commands views use.
 * One per process, made by {@code Main} and passed to whatever needs it: the web server keeps it in
 * the servlet context, where the console's views are made with it ({@code ui.wiring.Views}). There is
 * no static way to reach it.
 */
public final class Hangar implements AutoCloseable {

    private final HostOptions options;
    private final HostStore hostStore;
    private final DefaultStore store;
    private final HangarPluginManager plugins;
    private final PluginCalls calls;
    private final ProviderRegistry providers;
    private final VmCommands commands;
    private final TaskCommands tasks;
    private final DefaultPluginService pluginService;
    private final Security security;
    private final UsageHistories usageHistories;
    private final ConsoleHub consoles;
    private final Creation creation;
    private final Configuration configuration;
    private final Snapshots snapshots;
    private final CompletableFuture<OsDatabase> osDatabase;

    public Hangar(HostOptions options) {
        this(options, Clock.systemUTC());
    }

    /** @param clock the time of the host's own bookkeeping (e.g. how far back usage charts reach) */
    public Hangar(HostOptions options, Clock clock) {
        this.options = options;
        this.hostStore = new HostStore(clock);
        this.store = hostStore.store();
        store.addReducer(VmsState.BRANCH, new VmsReducer(), VmsState.EMPTY);
        this.usageHistories = new UsageHistories(store.select(s -> s.get(VmsState.BRANCH, VmsState.class)), clock);
        this.plugins = new HangarPluginManager(options.pluginsDir(), Set.copyOf(options.enabledPlugins()));
        // An unloaded plugin's class loader must be collectable: the action log lets go of its classes.
        plugins.addPluginStateListener(event -> {
            if (event.getPluginState() == PluginState.UNLOADED) {
                hostStore.actionLog().forget(event.getPlugin().getPluginClassLoader());
            }
        });
        this.calls = new PluginCalls(options.pluginCallTimeout());
        this.providers = new ProviderRegistry(store, new HostComponents(this::activeProviders), options::option,
                options.dataDir(), options.pluginInitTimeout(), calls, options.secrets());
        this.security = new Security(options.security(), options.dataDir(), Guard::message);
        this.commands = new VmCommands(store, providers, security.gatekeeper());
        this.tasks = new TaskCommands(new Tasks(clock), commands, providers, security.gatekeeper(), security.audit());
        this.creation = new CreationCommands(providers, store, tasks);
        this.configuration = new ConfigCommands(providers, store, commands, tasks);
        this.snapshots = new SnapshotCommands(providers, commands);
        this.pluginService = new DefaultPluginService(plugins, providers, store, calls,
                () -> Set.copyOf(options.disabledPlugins()), security.gatekeeper(), options.dataDir(),
                ExitGuard.install());
        this.consoles = new ConsoleHub(providers, security.sessions(), security.audit(), clock,
                options.maxConsolesPerUser(), options.consoleIdleTimeout());
        this.osDatabase = OsinfoDatabase.loadInBackground(options.osinfoDir(), clock);
    }

    /**
     * Loads and starts every plugin of the plugins folder (but those disabled by configuration) and
     * activates their providers. Completes when every provider's init and first load are done.
     */
    public CompletionStage<Void> start() {
        return pluginService.start();
    }

    public HostOptions options() {
        return options;
    }

    public DefaultStore store() {
        return store;
    }

    /** The last actions and what they did to the state, for the State inspector. */
    public ActionLog actionLog() {
        return hostStore.actionLog();
    }

    public HangarPluginManager plugins() {
        return plugins;
    }

    /** The plugins as the Plugins page shows them: list, rescan, unload, reload. */
    public PluginService pluginService() {
        return pluginService;
    }

    public ProviderRegistry providers() {
        return providers;
    }

    /** For the exported components, made before the registry they read. */
    private Map<String, ActiveProvider> activeProviders() {
        return providers.active();
    }

    public VmCommands commands() {
        return commands;
    }

    /** Providers' long actions: the task list, and running and cancelling tasks through the command path. */
    public TaskCommands tasks() {
        return tasks;
    }

    /** Making VMs: where, with what, and the creation task. */
    public Creation creation() {
        return creation;
    }

    /** Changing and cloning VMs through the command path. */
    public Configuration configuration() {
        return configuration;
    }

    public Snapshots snapshots() {
        return snapshots;
    }

    /** Sign-in, the access check of every action, and the audit log. */
    public Security security() {
        return security;
    }

    /** VMs' consoles: the addresses the VM page connects to, who watches which, and the websocket behind them. */
    public ConsoleHub consoleGate() {
        return consoles;
    }

    /** The operating systems the create dialog offers: libosinfo's database, read once from the start on. */
    public OsDatabase osDatabase() {
        return osDatabase.join();
    }

    /** The last minutes of every VM's usage, which the Usage tab opens with. */
    public UsageHistories usageHistories() {
        return usageHistories;
    }

    /**
     * Stops the plugins and the store. Bounded: each call into a plugin (a provider's close, PF4J's
     * stop) is given up after the plugin call timeout, so a blocked plugin cannot keep SIGTERM from
     * ending the process.
     */
    @Override
    public void close() {
        consoles.close();
        usageHistories.close();
        pluginService.close();
        providers.close();
        tasks.close();
        try {
            calls.run("stopping the plugins", () -> {
                plugins.stopPlugins();
                plugins.unloadPlugins();
            });
        } catch (PluginCalls.PluginCallException e) {
            System.getLogger(Hangar.class.getName()).log(System.Logger.Level.WARNING, e.getMessage(), e.getCause());
        }
        calls.close();
        hostStore.close();
    }
}
