package dev.hangar.libvirt;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.hangar.plugins.state.VmAction;
import dev.hangar.plugins.state.VmActions;
import dev.hangar.host.state.VmsReducer;
import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmUsage;
import dev.hangar.store.DefaultStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.libvirt.Connect;
import org.libvirt.HangarBridge;
import org.libvirt.LibvirtException;

/**
 * Not a test (surefire does not pick it up): the CPU cost of one stats tick, phase by phase, on a
 * test-driver host of N domains loaded into a real store, as {@code StatsTicker.sample()} runs
 * it. Prints figures; asserts nothing (the machine is shared and noisy). The hosts are the console
 * harness's fixtures; to run it:
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.hangar.benchmarks.console.TestDriverFixture /tmp/hosts 1000 10000
 * mvn -q -o -f plugin-libvirt/pom.xml test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp plugin-libvirt/target/classes:plugin-libvirt/target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.hangar.libvirt.StatsTickMeasurement 30 test:///tmp/hosts/test-host-1000.xml test:///tmp/hosts/test-host-10000.xml
 * </pre>
 *
 * <p>Phases: {@code call} is the bare native bulk call and free (no decoding, to split the driver's
 * cost from ours); {@code fetch} is the tick's fetch with its decoding; then {@code sample},
 * {@code action} (the plugins module's action, which copies the map) and {@code dispatch} (the
 * reducer); {@code tick} is all but {@code call}. CPU is the tick thread's own CPU time.
 */
final class StatsTickMeasurement {
    private static final String[] PHASES = {"call", "fetch", "sample", "action", "dispatch"};

    /** The bare bulk call, for the {@code call} phase only. */
    private interface Bare extends com.sun.jna.Library {
        int virConnectGetAllDomainStats(Pointer conn, int stats, PointerByReference records, int flags);

        void virDomainStatsRecordListFree(Pointer records);
    }

    private static final Bare BARE = Native.load("virt", Bare.class);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private StatsTickMeasurement() {
    }

    /** {@code ticks uri…}: each URI a test-driver host, e.g. written by the benchmarks' TestDriverFixture. */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: StatsTickMeasurement TICKS TEST-DRIVER-URI...");
        }
        int ticks = Integer.parseInt(args[0]);
        for (String uri : Arrays.copyOfRange(args, 1, args.length)) {
            measure(uri, ticks);
        }
    }

    private static void measure(String uri, int ticks) throws LibvirtException {
        Connect connect = new Connect(uri);
        try (DefaultStore store = DefaultStore.builder().build()) {
            store.addReducer(VmsState.BRANCH, new VmsReducer(), VmsState.EMPTY);
            List<Vm> loaded = new VmReader(LibvirtProvider.NAME, uri, connect, new Osinfo(Osinfo.SYSTEM_DB)).readAll(Stats.MAX_DOMAINS_PER_CALL);
            store.dispatch(VmActions.INSTANCE.replaceVms(LibvirtProvider.NAME, uri, loaded));
            int count = loaded.size();
            Stats stats = new Stats(LibvirtProvider.NAME, uri, Stats.MAX_DOMAINS_PER_CALL);
            int warmUp = Math.max(10, ticks / 2);
            long[][] cpu = new long[PHASES.length][ticks];
            long[][] wall = new long[PHASES.length][ticks];
            long[][] bytes = new long[PHASES.length][ticks];
            int samples = 0;
            for (int t = -warmUp; t < ticks; t++) {
                long[][] at = new long[PHASES.length + 1][];
                at[0] = now();
                bareCall(connect);
                at[1] = now();
                var records = stats.fetch(connect, count);
                at[2] = now();
                VmsState vms = store.getState().find(VmsState.BRANCH, VmsState.class).orElse(VmsState.EMPTY);
                Map<VmRef, VmUsage> usage = stats.sample(records, System.nanoTime(), System.currentTimeMillis(),
                        ref -> vms.vms().get(ref));
                at[3] = now();
                VmAction action = VmActions.INSTANCE.usageSampled(usage);
                at[4] = now();
                store.dispatch(action);
                at[5] = now();
                samples = usage.size();
                if (t >= 0) {
                    for (int p = 0; p < PHASES.length; p++) {
                        cpu[p][t] = at[p + 1][0] - at[p][0];
                        wall[p][t] = at[p + 1][1] - at[p][1];
                        bytes[p][t] = at[p + 1][2] - at[p][2];
                    }
                }
            }
            int withUsage = store.getState().get(VmsState.BRANCH, VmsState.class).usage().size();
            System.out.printf(Locale.ROOT, "%,d domains (%,d VMs in the store, %,d samples per tick, %,d with usage), "
                            + "%d ticks after %d warm-up; loadavg %s%n", count, loaded.size(), samples, withUsage,
                    ticks, warmUp, loadavg());
            System.out.printf(Locale.ROOT, "  %-9s %14s %14s %12s%n", "phase", "CPU ms mean/med", "wall ms med",
                    "MB alloc");
            long[] totalCpu = new long[ticks];
            long[] totalWall = new long[ticks];
            long[] totalBytes = new long[ticks];
            for (int p = 0; p < PHASES.length; p++) {
                print(PHASES[p], cpu[p], wall[p], bytes[p]);
                for (int t = 0; p > 0 && t < ticks; t++) {
                    totalCpu[t] += cpu[p][t];
                    totalWall[t] += wall[p][t];
                    totalBytes[t] += bytes[p][t];
                }
            }
            print("tick", totalCpu, totalWall, totalBytes);
        } finally {
            connect.close();
        }
    }

    private static void bareCall(Connect connect) throws LibvirtException {
        PointerByReference records = new PointerByReference();
        if (BARE.virConnectGetAllDomainStats(HangarBridge.pointer(connect), Stats.GROUPS, records, 0) < 0) {
            throw HangarBridge.lastError();
        }
        BARE.virDomainStatsRecordListFree(records.getValue());
    }

    /** This thread's CPU nanos, wall nanos and allocated bytes. */
    private static long[] now() {
        return new long[]{THREADS.getCurrentThreadCpuTime(), System.nanoTime(),
                THREADS.getThreadAllocatedBytes(Thread.currentThread().getId())};
    }

    private static void print(String phase, long[] cpu, long[] wall, long[] bytes) {
        System.out.printf(Locale.ROOT, "  %-9s %6.1f / %6.1f %14.1f %12.1f%n", phase,
                Arrays.stream(cpu).average().orElse(0) / 1e6, median(cpu) / 1e6, median(wall) / 1e6,
                Arrays.stream(bytes).average().orElse(0) / 1e6);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
