package dev.hangar.libvirt;

import dev.hangar.plugins.ProviderStore;
import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.state.VmActions;
import dev.hangar.plugins.state.VmsView;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.event.ConnectionCloseReason;

/**
 * One libvirt URI and its supervision: the connection, what it is known as in the store, and its
 * recovery. When the connection is lost (daemon restarted, network gone) the UI is told, the
 * connection is retried with backoff, and when it returns every VM is read again, so nothing stale
 * lingers. Its domain events are the {@link EventFeed}'s, its usage samples the {@link StatsTicker}'s;
 * this class starts and stops them with the connection.
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

    private final String provider;
    private final String uri;
    private final String label;
    private final boolean demo;
    private final Osinfo osinfo;
    private final ProviderStore store;
    private final ScheduledExecutorService scheduler;
    private final EventFeed feed;
    private final StatsTicker ticker;

    private volatile Connect connect;
    private DomainEvents events;
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
        this.label = ConnectionLabel.of(uri, embeddedDemo);
        this.demo = embeddedDemo || ConnectionLabel.testDriver(uri);
        this.osinfo = osinfo;
        this.store = store;
        this.scheduler = scheduler;
        this.feed = new EventFeed(provider, uri, label, store, this::refresh);
        this.ticker = new StatsTicker(provider, uri, store, scheduler, tickMillis, statsChunk, this::failed);
    }

    String uri() {
        return uri;
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
            subscribed = feed.subscribe(fresh);
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
            ticker.start(fresh);
            status(ConnectionStatus.State.CONNECTED, null);
        }
    }

    /** Reads every VM of the connection and replaces what the store had for it. */
    void reload() throws LibvirtException {
        List<Vm> vms = withConnect(current -> new VmReader(provider, uri, current, osinfo).readAll(ticker.chunk()));
        ticker.domainsKnown(vms.size());
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
        return feed.expect(uuid, kinds);
    }

    private void onClose(Connect which, ConnectionCloseReason reason) {
        if (reason != ConnectionCloseReason.CLIENT) {
            scheduler.execute(() -> lost(which, "libvirt closed the connection (" + reason.name().toLowerCase() + ")"));
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
        ticker.stop();
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
        feed.close();
        if (open != null) {
            detach(open, oldEvents);
        }
    }
}
