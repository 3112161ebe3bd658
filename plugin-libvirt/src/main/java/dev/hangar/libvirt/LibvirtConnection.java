package dev.hangar.libvirt;

import dev.hangar.plugins.ProviderStore;
import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.state.VmActions;
import dev.hangar.plugins.state.VmsView;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmUsage;
import io.reactivex.rxjava3.disposables.Disposable;
import io.reactivex.rxjava3.subjects.PublishSubject;
import io.reactivex.rxjava3.subjects.Subject;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.event.ConnectionCloseReason;

/**
 * One libvirt URI: its connection, its event feed, its stats tick, and its recovery. When the
 * connection is lost (daemon restarted, network gone) the UI is told, the connection is retried with
 * backoff, and when it returns every VM is read again, so nothing stale lingers.
 */
final class LibvirtConnection implements AutoCloseable {
    private static final Logger LOG = System.getLogger(LibvirtConnection.class.getName());
    private static final long FIRST_RETRY_MS = 500;
    private static final long MAX_RETRY_MS = 15_000;

    /** A libvirt call on a domain of this connection. */
    @FunctionalInterface
    interface DomainCall<T> {
        T apply(Domain domain) throws LibvirtException;
    }

    /** A libvirt call on the connection itself. */
    @FunctionalInterface
    interface ConnectCall<T> {
        T apply(Connect connect) throws LibvirtException;
    }

    /** {@code test:…} and remote {@code test+transport:…} URIs. */
    private static final Pattern TEST_DRIVER = Pattern.compile("(?i)test(\\+[a-z0-9]+)?:.*");

    private final String provider;
    private final String uri;
    private final String label;
    private final boolean demo;
    private final Osinfo osinfo;
    private final ProviderStore store;
    private final ScheduledExecutorService scheduler;
    private final long tickMillis;
    private final Stats stats;
    private final ExecutorService eventWorker;
    private final Subject<DomainEvents.Event> feed = PublishSubject.<DomainEvents.Event>create().toSerialized();

    private volatile Connect connect;
    private volatile int knownDomains;
    private DomainEvents events;
    private ScheduledFuture<?> tick;
    private long retryMs = FIRST_RETRY_MS;
    private boolean closed;

    /**
     * @param embeddedDemo whether this is the demo host the provider installed itself; any test-driver
     *                     connection serves demonstration data, but only that one is labelled the demo
     */
    LibvirtConnection(String provider, String uri, boolean embeddedDemo, Osinfo osinfo, ProviderStore store,
                      ScheduledExecutorService scheduler, long tickMillis, int statsChunk) {
        this.provider = provider;
        this.uri = uri;
        this.label = label(uri, embeddedDemo);
        this.demo = embeddedDemo || testDriver(uri);
        this.osinfo = osinfo;
        this.store = store;
        this.scheduler = scheduler;
        this.tickMillis = tickMillis;
        this.stats = new Stats(provider, uri, statsChunk);
        this.eventWorker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hangar-libvirt-events " + uri);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** How the UI names a connection, as Cockpit does. */
    static String label(String uri, boolean embeddedDemo) {
        if (embeddedDemo) {
            return "Demo (libvirt test driver)";
        }
        if (testDriver(uri)) {
            // test:///abs/path.xml → its fixture file; test+tcp://… stays whole.
            return "Test driver (" + (uri.startsWith("test:///") ? uri.substring("test://".length()) : uri) + ")";
        }
        if ("qemu:///system".equals(uri)) {
            return "System";
        }
        if ("qemu:///session".equals(uri)) {
            return "Session";
        }
        return uri;
    }

    String uri() {
        return uri;
    }

    /** libvirt's test driver ({@code test:///default}, {@code test:///path/host.xml}): never a real host's VMs. */
    static boolean testDriver(String uri) {
        return TEST_DRIVER.matcher(uri).matches();
    }

    /**
     * Opens the connection, subscribes to its events and loads its VMs; on failure reports it lost and
     * retries in the background. May block as long as libvirt takes to connect.
     */
    void open() {
        synchronized (this) {
            if (closed) {
                return;
            }
            status(ConnectionStatus.State.CONNECTING, null);
        }
        connectAndLoad();
    }

    private void attach(Connect fresh) throws LibvirtException {
        DomainEvents subscribed;
        try {
            subscribed = DomainEvents.register(fresh, this::onEvent);
            fresh.registerCloseListener(this::onClose);
            if (!uri.startsWith("test:")) {
                // Detects a dead daemon or network within seconds even when no call is in flight.
                fresh.setKeepAlive(5, 3);
            }
        } catch (LibvirtException e) {
            closeQuietly(fresh);
            throw e;
        }
        synchronized (this) {
            if (closed) {
                subscribed.deregister();
                closeQuietly(fresh);
                return;
            }
            connect = fresh;
            events = subscribed;
            retryMs = FIRST_RETRY_MS;
            tick = scheduler.scheduleWithFixedDelay(this::sample, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
            status(ConnectionStatus.State.CONNECTED, null);
        }
    }

    /** Reads every VM of the connection and replaces what the store had for it. */
    void reload() throws LibvirtException {
        List<Vm> vms = withConnect(current -> new VmReader(provider, uri, current, osinfo).readAll(stats.chunk()));
        knownDomains = vms.size();
        store.dispatch(VmActions.INSTANCE.replaceVms(provider, uri, vms));
    }

    /** Runs a call on the domain behind {@code ref}, found by UUID, and frees it afterwards. */
    <T> T withDomain(VmRef ref, DomainCall<T> call) throws LibvirtException {
        return withConnect(current -> {
            Domain domain = current.domainLookupByUUIDString(ref.id());
            try {
                return call.apply(domain);
            } finally {
                Handles.free(domain);
            }
        });
    }

    /** Runs a call on the live connection; a failure that means the connection is gone starts its recovery. */
    <T> T withConnect(ConnectCall<T> call) throws LibvirtException {
        Connect current = require();
        try {
            return call.apply(current);
        } catch (LibvirtException e) {
            failed(current, e);
            throw e;
        }
    }

    /** Reads one VM again and puts it in the store, or removes it when libvirt no longer has it. */
    void refresh(VmRef ref) {
        Connect current = connect;
        if (current == null) {
            return;
        }
        Domain domain = null;
        try {
            domain = current.domainLookupByUUIDString(ref.id());
            Vm vm = new VmReader(provider, uri, current, osinfo).read(domain);
            if (!vm.ref().equals(ref)) {
                // Renamed: the old name must not linger beside the new one.
                store.dispatch(VmActions.INSTANCE.vmRemoved(ref));
            }
            store.dispatch(VmActions.INSTANCE.updateOrAddVm(vm));
        } catch (LibvirtException e) {
            if (LibvirtErrors.code(e) == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                store.dispatch(VmActions.INSTANCE.vmRemoved(ref));
            } else {
                failed(current, e);
                LOG.log(Level.WARNING, "cannot read VM '" + ref.name() + "' on " + uri + ": " + LibvirtErrors.detail(e));
            }
        } finally {
            Handles.free(domain);
        }
    }

    /**
     * A future of the next event of one of {@code kinds} about the domain; subscribe before acting, so
     * that an event that follows the call at once is not missed.
     */
    CompletableFuture<DomainEvents.Event> expect(String uuid, Set<DomainEvents.Kind> kinds) {
        CompletableFuture<DomainEvents.Event> next = new CompletableFuture<>();
        Disposable subscription = feed.filter(e -> uuid.equals(e.uuid()) && kinds.contains(e.kind()))
                .firstElement()
                .subscribe(next::complete, next::completeExceptionally, () -> next.completeExceptionally(
                        new IllegalStateException("The connection '" + label + "' was closed before the VM reacted")));
        next.whenComplete((event, error) -> subscription.dispose());
        return next;
    }

    private void onEvent(DomainEvents.Event event) {
        if (event.uuid() == null || event.name() == null) {
            return;
        }
        VmRef ref = new VmRef(provider, uri, event.name(), event.uuid());
        showImpliedState(ref, event.kind().impliedState());
        // Off libvirt's event thread: reading the domain is a call of its own and must not stall other events.
        eventWorker.execute(() -> {
            refresh(ref);
            feed.onNext(event);
        });
    }

    /**
     * Shows at once the state a lifecycle event implies. The full read that follows brings the reason
     * and the rest, but it waits on the daemon, which still holds the domain for a while after some
     * events (after a destroy, for a couple of hundred milliseconds).
     */
    private void showImpliedState(VmRef ref, String state) {
        if (state == null) {
            return;
        }
        Vm known = VmsView.of(store.getState()).vm(ref).orElse(null);
        if (known != null && !known.state().equals(state)) {
            store.dispatch(VmActions.INSTANCE.updateOrAddVm(known.withState(state, null)));
        }
    }

    private void onClose(Connect which, ConnectionCloseReason reason) {
        if (reason != ConnectionCloseReason.CLIENT) {
            scheduler.execute(() -> lost(which, "libvirt closed the connection (" + reason.name().toLowerCase() + ")"));
        }
    }

    private void sample() {
        Connect current = connect;
        if (current == null) {
            return;
        }
        try {
            List<NativeLibvirt.UsageRecord> records = stats.fetch(current, knownDomains);
            knownDomains = records.size();
            VmsView vms = VmsView.of(store.getState());
            Map<VmRef, VmUsage> usage = stats.sample(records, System.nanoTime(), System.currentTimeMillis(),
                    ref -> vms.vms().get(ref));
            if (!usage.isEmpty()) {
                store.dispatch(VmActions.INSTANCE.usageSampled(usage));
            }
        } catch (LibvirtException e) {
            failed(current, e);
            LOG.log(Level.DEBUG, "stats tick on " + uri + " failed: " + LibvirtErrors.detail(e));
        } catch (RuntimeException e) {
            // A failing tick must not cancel the schedule.
            LOG.log(Level.WARNING, "stats tick on " + uri + " failed", e);
        }
    }

    private void failed(Connect which, LibvirtException e) {
        if (LibvirtErrors.connectionLost(e)) {
            lost(which, LibvirtErrors.detail(e));
        }
    }

    /** The connection (or the attempt to make it) failed: tell the UI and retry with backoff. */
    private void lost(Connect which, String message) {
        Connect dead;
        DomainEvents oldEvents;
        long delay;
        synchronized (this) {
            if (closed || which != connect) {
                return;
            }
            dead = connect;
            oldEvents = events;
            forget();
            delay = retryMs;
            retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
            status(ConnectionStatus.State.LOST, message + "; retrying in "
                    + Math.max(1, delay / 1000) + " s");
        }
        LOG.log(Level.WARNING, "libvirt connection " + uri + " lost: " + message);
        if (dead != null) {
            detach(dead, oldEvents);
        }
        scheduler.schedule(this::reconnect, delay, TimeUnit.MILLISECONDS);
    }

    /** Drops the live connection, its events and its tick; the caller holds the lock and detaches them. */
    private void forget() {
        connect = null;
        events = null;
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
    }

    private void reconnect() {
        synchronized (this) {
            if (closed || connect != null) {
                return;
            }
        }
        connectAndLoad();
    }

    private void connectAndLoad() {
        try {
            attach(new Connect(uri));
            reload();
        } catch (LibvirtException e) {
            Connect current = connect;
            if (current != null) {
                lost(current, LibvirtErrors.detail(e));
            } else {
                lost(null, "Cannot connect to " + uri + ": " + LibvirtErrors.detail(e));
            }
        } catch (IllegalStateException e) {
            // Closed or lost again between connecting and loading: nothing more to do here.
            LOG.log(Level.DEBUG, "loading " + uri + " after connecting: " + e.getMessage());
        }
    }

    private Connect require() {
        Connect current = connect;
        if (current == null) {
            ConnectionStatus status = VmsView.of(store.getState()).connection(provider, uri).orElse(null);
            String why = status == null || status.message() == null ? "" : ": " + status.message();
            throw new IllegalStateException("The connection '" + label + "' is not available" + why);
        }
        return current;
    }

    private void status(ConnectionStatus.State state, String message) {
        store.dispatch(VmActions.INSTANCE.connectionChanged(new ConnectionStatus(provider, uri, label, state, message,
                demo, System.currentTimeMillis())));
    }

    private static void detach(Connect dead, DomainEvents oldEvents) {
        if (oldEvents != null) {
            oldEvents.deregister();
        }
        try {
            dead.unregisterCloseListener();
        } catch (LibvirtException e) {
            LOG.log(Level.DEBUG, "unregistering the close listener: " + LibvirtErrors.detail(e));
        }
        closeQuietly(dead);
    }

    private static void closeQuietly(Connect connect) {
        try {
            connect.close();
        } catch (LibvirtException e) {
            LOG.log(Level.DEBUG, "closing a libvirt connection: " + LibvirtErrors.detail(e));
        }
    }

    @Override
    public void close() {
        Connect open;
        DomainEvents oldEvents;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = connect;
            oldEvents = events;
            forget();
        }
        eventWorker.shutdownNow();
        feed.onComplete();
        if (open != null) {
            detach(open, oldEvents);
        }
    }
}
