package dev.hangar.libvirt;

import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.ProviderContext;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.capability.Console;
import dev.hangar.plugins.capability.ConsoleStream;
import dev.hangar.plugins.capability.Consoles;
import dev.hangar.plugins.capability.HostInfo;
import dev.hangar.plugins.capability.HostInformation;
import dev.hangar.plugins.capability.VirtualNetworks;
import dev.hangar.plugins.capability.VmConfiguration;
import dev.hangar.plugins.network.DhcpHost;
import dev.hangar.plugins.network.DhcpLease;
import dev.hangar.plugins.network.NetworkSpec;
import dev.hangar.plugins.network.VirtualNetwork;
import dev.hangar.plugins.capability.VmSnapshots;
import dev.hangar.plugins.snapshot.SnapshotList;
import dev.hangar.plugins.snapshot.SnapshotSpec;
import dev.hangar.plugins.capability.VmCreation;
import dev.hangar.plugins.configure.Applied;
import dev.hangar.plugins.configure.CloneSpec;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;
import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.create.VmSpec;
import dev.hangar.plugins.task.TaskBody;
import dev.hangar.plugins.state.VmActions;
import dev.hangar.plugins.state.VmsView;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.store.Thunk;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.pf4j.Extension;

/**
 * The default provider: the VMs of one or more libvirt connections. See {@link ProviderOptions} for
 * its configuration; with none it uses {@code qemu:///system} when that daemon answers, else a demo
 * host on libvirt's test driver.
 */
@Extension
public class LibvirtProvider implements VirtProvider, HostInformation, Consoles, VmCreation, VmConfiguration,
        VmSnapshots, VirtualNetworks {
    public static final String NAME = "libvirt";
    private static final Logger LOG = System.getLogger(LibvirtProvider.class.getName());
    /** How long init waits for the connections; the host gives a provider 30 s by default. */
    private static final long INIT_WAIT_SECONDS = 10;

    /** One verb's libvirt part; the stage completes when the verb has taken effect. */
    @FunctionalInterface
    private interface Step {
        CompletionStage<Void> run(LibvirtConnection connection) throws LibvirtException;
    }

    /** A verb that is done when its call on the domain returns. */
    @FunctionalInterface
    private interface Call {
        void run(Domain domain) throws LibvirtException;
    }

    private final Map<String, LibvirtConnection> connections = new LinkedHashMap<>();
    /** Shared by the connections: OS names are the same on every host. */
    private final Osinfo osinfo = new Osinfo(Osinfo.SYSTEM_DB);
    private final LibvirtConsoles consoles = new LibvirtConsoles(uri -> connection(uri, "-"));
    private final LibvirtConfiguration configuration = new LibvirtConfiguration(uri -> connection(uri, "-"));
    private final LibvirtSnapshots snapshots = new LibvirtSnapshots(uri -> connection(uri, "-"));
    private final LibvirtNetworks networks = new LibvirtNetworks(NAME, uri -> connection(uri, "-"));
    private final int statsChunk;
    private final Path systemSocket;
    private volatile ProviderContext context;
    private ScheduledExecutorService scheduler;
    private DomainActions actions;
    private volatile LibvirtCreation creation;

    public LibvirtProvider() {
        this(Stats.MAX_DOMAINS_PER_CALL, ProviderOptions.SYSTEM_SOCKET);
    }

    /**
     * For tests: a bulk-stats chunk smaller than libvirt's limit, to exercise chunking, and the socket
     * whose answer makes {@code qemu:///system} the default.
     */
    LibvirtProvider(int statsChunk, Path systemSocket) {
        this.statsChunk = statsChunk;
        this.systemSocket = systemSocket;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<Boolean> init(ProviderContext ctx) {
        this.context = ctx;
        ProviderOptions options;
        try {
            options = ProviderOptions.from(ctx);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        AtomicInteger threads = new AtomicInteger();
        scheduler = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "hangar-libvirt-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        actions = new DomainActions(options.acpiTimeoutSeconds());
        List<String> virtType = ctx.option(LibvirtCreation.VIRT_TYPE);
        try {
            creation = new LibvirtCreation(uri -> connection(uri, "-"), this::getVm,
                    virtType.isEmpty() ? null : virtType.get(virtType.size() - 1).trim(), new InstallTree());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.supplyAsync(() -> start(options), scheduler);
    }

    private boolean start(ProviderOptions options) {
        try {
            EventLoop.ensureRunning();
        } catch (LibvirtException e) {
            throw new CompletionException(new IllegalStateException(
                    "libvirt's event loop cannot start: " + LibvirtErrors.detail(e), e));
        }
        List<String> uris = options.uris();
        boolean demo = false;
        if (uris.isEmpty()) {
            demo = !ProviderOptions.reachable(systemSocket);
            uris = List.of(demo ? DemoFixture.install(context.dataDir()) : ProviderOptions.SYSTEM_URI);
        }
        synchronized (connections) {
            for (String uri : uris) {
                connections.put(uri, new LibvirtConnection(NAME, uri, demo, osinfo, context.store(), scheduler,
                        options.statsIntervalMs(), statsChunk));
            }
        }
        // Connections open side by side, each on its own thread: a slow or unreachable host must
        // neither delay the others nor hold init past the host's patience. One still connecting when
        // the wait ends shows as such, and loads its VMs itself once it is there.
        List<CompletableFuture<Void>> opening = new ArrayList<>();
        for (LibvirtConnection connection : connections()) {
            opening.add(CompletableFuture.runAsync(connection::open, runnable -> {
                Thread thread = new Thread(runnable, "hangar-libvirt-open " + connection.uri());
                thread.setDaemon(true);
                thread.start();
            }));
        }
        try {
            CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(INIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.log(Level.INFO, "some libvirt connections are still connecting; they load when they are there");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        }
        return true;
    }

    private List<LibvirtConnection> connections() {
        synchronized (connections) {
            return new ArrayList<>(connections.values());
        }
    }

    /** The URIs this provider serves, in configuration order. */
    List<String> connectionUris() {
        synchronized (connections) {
            return new ArrayList<>(connections.keySet());
        }
    }

    @Override
    public Thunk<Void> getAllVms() {
        return (dispatcher, state) -> {
            List<String> problems = new ArrayList<>();
            for (LibvirtConnection connection : connections()) {
                try {
                    connection.reload();
                } catch (LibvirtException e) {
                    problems.add(connection.uri() + ": " + LibvirtErrors.detail(e));
                } catch (IllegalStateException e) {
                    // A lost connection says so in its status and reloads itself when it returns.
                    continue;
                }
            }
            if (!problems.isEmpty()) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "Cannot list the VMs of " + String.join("; ", problems)));
            }
            return CompletableFuture.completedFuture(null);
        };
    }

    @Override
    public Thunk<Void> getVm(String connectionUri, String name) {
        return (dispatcher, state) -> {
            LibvirtConnection connection = connection(connectionUri, name);
            try {
                VmRef ref = connection.withConnect(connect -> {
                    Domain domain = connect.domainLookupByName(name);
                    try {
                        return new VmRef(NAME, connectionUri, name, domain.getUUIDString());
                    } finally {
                        Handles.free(domain);
                    }
                });
                connection.refresh(ref);
            } catch (LibvirtException e) {
                if (LibvirtErrors.code(e) != ErrorNumber.VIR_ERR_NO_DOMAIN) {
                    return CompletableFuture.failedFuture(new IllegalStateException("Cannot read VM '" + name
                            + "' on " + connectionUri + ": " + LibvirtErrors.detail(e), e));
                }
                VmsView.of(state.get()).find(NAME, connectionUri, name)
                        .ifPresent(vm -> dispatcher.dispatch(VmActions.INSTANCE.vmRemoved(vm.ref())));
            }
            return CompletableFuture.completedFuture(null);
        };
    }

    /** Every verb in one place: the verb methods of {@code VirtProvider} default to this. */
    @Override
    public Thunk<Void> verb(VmVerb verb, VmRef vm) {
        return switch (verb) {
            case START -> call(vm, verb, Domain::create);
            case SHUTDOWN -> act(vm, verb, c -> actions.shutdown(c, vm));
            case FORCE_OFF -> call(vm, verb, NativeLibvirt::destroy);
            case REBOOT -> act(vm, verb, c -> actions.reboot(c, vm));
            case FORCE_REBOOT -> call(vm, verb, Domain::reset);
            case SEND_NMI -> call(vm, verb, NativeLibvirt::injectNmi);
            case PAUSE -> call(vm, verb, Domain::suspend);
            case RESUME -> call(vm, verb, Domain::resume);
            case DELETE -> deleteVm(vm, DeleteOptions.KEEP_STORAGE);
        };
    }

    @Override
    public Thunk<Void> deleteVm(VmRef vm, DeleteOptions options) {
        DeleteOptions chosen = options == null ? DeleteOptions.KEEP_STORAGE : options;
        return act(vm, VmVerb.DELETE, c -> {
            Storage.delete(c, vm, chosen);
            return CompletableFuture.completedFuture(null);
        });
    }

    @Override
    public boolean canPause(String state) {
        return VmStates.RUNNING.equals(state) || VmStates.IDLE.equals(state);
    }

    @Override
    public boolean canResume(String state) {
        return VmStates.PAUSED.equals(state);
    }

    private Thunk<Void> call(VmRef vm, VmVerb verb, Call call) {
        return act(vm, verb, c -> {
            c.withDomain(vm, domain -> {
                call.run(domain);
                return null;
            });
            return CompletableFuture.completedFuture(null);
        });
    }

    /**
     * A verb as a thunk: its failures become messages for people, and a VM that turns out to be gone
     * is removed from the store.
     */
    private Thunk<Void> act(VmRef vm, VmVerb verb, Step step) {
        return (dispatcher, state) -> {
            CompletableFuture<Void> result = new CompletableFuture<>();
            CompletionStage<Void> running;
            try {
                running = step.run(connection(vm.connection(), vm.name()));
            } catch (LibvirtException e) {
                if (LibvirtErrors.code(e) == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                    dispatcher.dispatch(VmActions.INSTANCE.vmRemoved(vm));
                }
                running = CompletableFuture.failedFuture(LibvirtErrors.failure(e, verb, vm.name()));
            } catch (RuntimeException e) {
                running = CompletableFuture.failedFuture(e);
            }
            running.whenComplete((done, error) -> {
                if (error == null) {
                    result.complete(null);
                } else {
                    result.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error);
                }
            });
            return result;
        };
    }

    @Override
    public HostInfo hostInfo(String connection) {
        try {
            return connection(connection, "-").withConnect(LibvirtHostInformation::read);
        } catch (LibvirtException e) {
            throw new IllegalStateException(connection + ": " + LibvirtErrors.detail(e), e);
        }
    }

    @Override
    public List<Console> consoles(VmRef vm) throws Exception {
        return consoles.consoles(vm);
    }

    @Override
    public ConsoleStream open(VmRef vm, String consoleId, boolean takeOver) throws Exception {
        return consoles.open(vm, consoleId, takeOver);
    }

    @Override
    public String remoteViewerFile(VmRef vm, String consoleId) throws Exception {
        return consoles.remoteViewerFile(vm, consoleId);
    }

    @Override
    public CreationChoices choices(String connection) throws Exception {
        return creation.choices(connection);
    }

    @Override
    public String nameProblem(String connection, String name) throws Exception {
        return creation.nameProblem(connection, name);
    }

    @Override
    public void validate(VmSpec spec) throws Exception {
        creation.validate(spec);
    }

    @Override
    public TaskBody create(VmSpec spec) {
        return creation.create(spec);
    }

    @Override
    public VmSettings settings(VmRef vm) throws Exception {
        return configuration.settings(vm);
    }

    @Override
    public Thunk<Applied> change(VmRef vm, VmChange change) {
        return configuration.change(vm, change);
    }

    @Override
    public TaskBody cloneVm(VmRef vm, CloneSpec spec) {
        return configuration.cloneVm(vm, spec);
    }

    @Override
    public SnapshotList snapshots(VmRef vm) throws Exception {
        return snapshots.snapshots(vm);
    }

    @Override
    public Thunk<String> takeSnapshot(VmRef vm, SnapshotSpec spec) {
        return snapshots.takeSnapshot(vm, spec);
    }

    @Override
    public Thunk<String> revertToSnapshot(VmRef vm, String snapshot) {
        return snapshots.revertToSnapshot(vm, snapshot);
    }

    @Override
    public Thunk<String> deleteSnapshot(VmRef vm, String snapshot, boolean withChildren) {
        return snapshots.deleteSnapshot(vm, snapshot, withChildren);
    }

    @Override
    public List<VirtualNetwork> networks(String connection) throws Exception {
        return networks.networks(connection);
    }

    @Override
    public List<DhcpLease> leases(String connection, String network) throws Exception {
        return networks.leases(connection, network);
    }

    @Override
    public void defineNetwork(NetworkSpec spec) throws Exception {
        networks.defineNetwork(spec);
    }

    @Override
    public void startNetwork(String connection, String network) throws Exception {
        networks.startNetwork(connection, network);
    }

    @Override
    public void stopNetwork(String connection, String network) throws Exception {
        networks.stopNetwork(connection, network);
    }

    @Override
    public void setNetworkAutostart(String connection, String network, boolean autostart) throws Exception {
        networks.setNetworkAutostart(connection, network, autostart);
    }

    @Override
    public void deleteNetwork(String connection, String network, boolean inUse) throws Exception {
        networks.deleteNetwork(connection, network, inUse);
    }

    @Override
    public void addDhcpHost(String connection, String network, DhcpHost host) throws Exception {
        networks.addDhcpHost(connection, network, host);
    }

    @Override
    public void removeDhcpHost(String connection, String network, DhcpHost host) throws Exception {
        networks.removeDhcpHost(connection, network, host);
    }

    @Override
    public AutoCloseable watch(String connection, Runnable changed) throws Exception {
        return networks.watch(connection, changed);
    }

    /** The connection of that URI, for tests that look behind the store. */
    LibvirtConnection connectionFor(String uri) {
        return connection(uri, "-");
    }

    private LibvirtConnection connection(String uri, String vmName) {
        synchronized (connections) {
            LibvirtConnection connection = connections.get(uri);
            if (connection == null) {
                throw new IllegalArgumentException("VM '" + vmName + "' is on connection '" + uri
                        + "', which the libvirt provider does not serve (it serves " + connections.keySet() + ")");
            }
            return connection;
        }
    }

    @Override
    public void close() {
        consoles.closeAll();
        for (LibvirtConnection connection : connections()) {
            connection.close();
        }
        synchronized (connections) {
            connections.clear();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
