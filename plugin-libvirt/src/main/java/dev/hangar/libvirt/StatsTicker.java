package dev.hangar.libvirt;

import dev.hangar.plugins.ProviderStore;
import dev.hangar.plugins.state.VmActions;
import dev.hangar.plugins.state.VmsView;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmUsage;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * The stats tick of one connection: every tick, one bulk stats call for all its domains, turned into
 * usage samples ({@link Stats}) and dispatched as one action. It runs while the connection is up
 * ({@link #start}/{@link #stop} by its supervision); a failing tick never cancels the schedule.
 */
final class StatsTicker {
    private static final Logger LOG = System.getLogger(StatsTicker.class.getName());

    private final String uri;
    private final ProviderStore store;
    private final ScheduledExecutorService scheduler;
    private final long tickMillis;
    private final Stats stats;
    private final BiConsumer<Connect, LibvirtException> onFailure;
    /** How many domains the last look found: sizes the next bulk call. */
    private volatile int knownDomains;
    private Connect connect;
    private ScheduledFuture<?> tick;

    /** @param onFailure hears of a libvirt failure of a tick, which may mean the connection is lost */
    StatsTicker(String provider, String uri, ProviderStore store, ScheduledExecutorService scheduler, long tickMillis,
                int statsChunk, BiConsumer<Connect, LibvirtException> onFailure) {
        this.uri = uri;
        this.store = store;
        this.scheduler = scheduler;
        this.tickMillis = tickMillis;
        this.stats = new Stats(provider, uri, statsChunk);
        this.onFailure = onFailure;
    }

    /** How many domains one bulk call may cover; the full read of a connection uses it too. */
    int chunk() {
        return stats.chunk();
    }

    /** The connection has this many domains now (a full read found them). */
    void domainsKnown(int count) {
        knownDomains = count;
    }

    /** Ticks on this connection from now on, the first tick one period from now. */
    synchronized void start(Connect live) {
        stop();
        connect = live;
        tick = scheduler.scheduleWithFixedDelay(this::sample, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    /** No more ticks (the connection is gone or closed); a tick already running finishes. */
    synchronized void stop() {
        connect = null;
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
    }

    private void sample() {
        Connect current;
        synchronized (this) {
            current = connect;
        }
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
            onFailure.accept(current, e);
            LOG.log(Level.DEBUG, "stats tick on " + uri + " failed: " + LibvirtErrors.detail(e));
        } catch (RuntimeException e) {
            // A failing tick must not cancel the schedule.
            LOG.log(Level.WARNING, "stats tick on " + uri + " failed", e);
        }
    }
}
