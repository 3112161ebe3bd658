package dev.hangar.host.ui.usage;

import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmUsage;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.disposables.Disposable;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last minutes of every VM's usage samples, kept by the host so that a VM's Usage tab opens with
 * them instead of empty. It sits at the edge, fed by the store's state stream: the store itself keeps
 * only the latest sample, as its reducers and its snapshots should stay small.
 *
 * <p>Memory is bounded: per VM at most {@link #SLOTS} samples of 20 bytes (one per {@link #STEP_MS}
 * at the most, a denser stream is thinned), none older than {@link #WINDOW}; a VM that leaves the
 * store takes its history with it. 10,000 running VMs cost about 40 MB.
 */
public final class UsageHistories implements AutoCloseable {
    /** How far back the history reaches. */
    public static final Duration WINDOW = Duration.ofMinutes(10);
    static final long STEP_MS = 3_000;
    static final int SLOTS = (int) (WINDOW.toMillis() / STEP_MS);

    private static final Logger LOG = System.getLogger(UsageHistories.class.getName());

    private final Clock clock;
    private final Map<VmRef, History> histories = new ConcurrentHashMap<>();
    private final Disposable subscription;
    /** What the stream delivered last; only the stream's thread touches it. */
    private VmsState last = VmsState.EMPTY;
    /** When gone VMs' histories were last dropped; only the stream's thread touches it. */
    private long prunedAt = Long.MIN_VALUE / 2;

    public UsageHistories(Observable<VmsState> states, Clock clock) {
        this.clock = clock;
        this.subscription = states.subscribe(this::accept,
                error -> LOG.log(Level.WARNING, "the usage history stopped: charts open empty from now on", error));
    }

    private void accept(VmsState state) {
        VmsState before = last;
        last = state;
        if (state.usage() == before.usage()) {
            return;
        }
        state.usage().forEach((ref, usage) -> {
            if (usage != before.usage().get(ref)) {
                histories.computeIfAbsent(ref, r -> new History()).add(usage);
            }
        });
        // The store drops a VM's sample with the VM, so a history without a sample is a gone VM's. This
        // runs inside every dispatch: a pass over all histories on every VM event would stall a burst
        // of 10,000 events for minutes, so it runs at most once a stats step.
        long now = clock.millis();
        if (now - prunedAt >= STEP_MS) {
            prunedAt = now;
            histories.keySet().removeIf(ref -> !state.usage().containsKey(ref));
        }
    }

    /** The samples of the VM over the last {@link #WINDOW}, oldest first; empty when there are none. */
    public List<VmUsage> samples(VmRef ref) {
        History history = histories.get(ref);
        return history == null ? List.of() : history.since(now() - WINDOW.toMillis());
    }

    /** The samples of the VM's last minutes, as the Usage tab shows them: what was kept, then the latest. */
    public List<VmUsage> samples(Vm vm, VmUsage latest) {
        List<VmUsage> samples = new ArrayList<>(samples(vm.ref()));
        if (latest != null && latest.sampledAt() >= now() - WINDOW.toMillis()
                && (samples.isEmpty() || samples.get(samples.size() - 1).sampledAt() < latest.sampledAt())) {
            samples.add(latest);
        }
        return samples;
    }

    /** The host's time now, in epoch milliseconds: where the charts end. */
    public long now() {
        return clock.millis();
    }

    /** How many VMs have a history now. */
    public int vms() {
        return histories.size();
    }

    @Override
    public void close() {
        subscription.dispose();
    }

    /** One VM's samples in a ring of primitives: no object per sample. */
    private static final class History {
        private final long[] at = new long[SLOTS];
        private final float[] cpu = new float[SLOTS];
        private final long[] memory = new long[SLOTS];
        private int first;
        private int size;

        synchronized void add(VmUsage usage) {
            if (size > 0) {
                long newest = at[(first + size - 1) % SLOTS];
                // A sample too close to the last kept one is thinned out (a quarter step of jitter is fine).
                if (usage.sampledAt() < newest + STEP_MS - STEP_MS / 4) {
                    return;
                }
            }
            int slot = (first + size) % SLOTS;
            if (size == SLOTS) {
                first = (first + 1) % SLOTS;
            } else {
                size++;
            }
            at[slot] = usage.sampledAt();
            cpu[slot] = (float) usage.cpuPercent();
            memory[slot] = usage.memoryUsedKiB();
        }

        synchronized List<VmUsage> since(long from) {
            List<VmUsage> samples = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                int slot = (first + i) % SLOTS;
                if (at[slot] >= from) {
                    samples.add(new VmUsage(cpu[slot], memory[slot], at[slot]));
                }
            }
            return samples;
        }
    }
}
