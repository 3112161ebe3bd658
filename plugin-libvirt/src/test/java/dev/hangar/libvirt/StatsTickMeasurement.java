package dev.hangar.libvirt;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.hangar.plugins.state.VmAction;
import dev.hangar.plugins.state.VmActions;
import dev.hangar.plugins.state.VmsReducer;
import dev.hangar.plugins.state.VmsState;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmUsage;
import dev.hangar.store.DefaultStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.libvirt.Connect;
import org.libvirt.HangarBridge;
import org.libvirt.LibvirtException;

/**
 * Not a test (surefire does not pick it up): the CPU cost of one stats tick, phase by phase, on a
 * test-driver host of N domains loaded into a real store, as {@code LibvirtConnection.sample()} runs
 * it. Prints figures; asserts nothing (the machine is shared and noisy). To run it:
 * <pre>
 * mvn -q -o -f plugin-libvirt/pom.xml test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp plugin-libvirt/target/classes:plugin-libvirt/target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.hangar.libvirt.StatsTickMeasurement [ticks, default 30] [domain counts, default 1000 10000]
 * </pre>
 *
 * <p>Phases: {@code call} is the bare native bulk call and free (no decoding, to split the driver's
 * cost from ours); {@code fetch} is the tick's fetch with its decoding; then {@code sample},
 * {@code action} (the plugins module's action, which copies the map) and {@code dispatch} (the
 * reducer); {@code tick} is all but {@code call}. CPU is the tick thread's own CPU time.
 */
final class StatsTickMeasurement {
    private static final int[] RUNSTATES = {1, 1, 1, 5, 5, 5, 3, 1, 5, 2};
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

    public static void main(String[] args) throws Exception {
        int ticks = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int[] counts = args.length > 1
                ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[]{1_000, 10_000};
        Path dir = Files.createTempDirectory("hangar-stats-tick");
        try {
            for (int count : counts) {
                measure(write(dir, count), count, ticks);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void measure(String uri, int count, int ticks) throws LibvirtException {
        Connect connect = new Connect(uri);
        try (DefaultStore store = DefaultStore.builder().build()) {
            store.addReducer(VmsState.BRANCH, new VmsReducer(), VmsState.EMPTY);
            List<Vm> loaded = new VmReader(LibvirtProvider.NAME, uri, connect).readAll(Stats.MAX_DOMAINS_PER_CALL);
            store.dispatch(VmActions.INSTANCE.replaceVms(LibvirtProvider.NAME, uri, loaded));
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

    /** Like the benchmarks' test-driver host (N domains in varied start states), without disks: none is sampled. */
    private static String write(Path dir, int count) throws IOException {
        Path file = dir.toAbsolutePath().resolve("host-" + count + ".xml");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n");
            for (int i = 0; i < count; i++) {
                String name = String.format(Locale.ROOT, "vm-%05d", i);
                String uuid = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
                out.write(String.format(Locale.ROOT, """
                          <domain type='test'>
                            <name>%s</name>
                            <uuid>%s</uuid>
                            <memory unit='MiB'>%d</memory>
                            <currentMemory unit='MiB'>%d</currentMemory>
                            <vcpu>%d</vcpu>
                            <os><type arch='x86_64'>hvm</type></os>
                            <devices>
                              <interface type='network'><source network='default'/></interface>
                            </devices>
                            <test:runstate>%d</test:runstate>
                          </domain>
                        """, name, uuid, 512 << (i % 4), 512 << (i % 4), 1 + i % 4,
                        RUNSTATES[i % RUNSTATES.length]));
            }
            out.write("</node>\n");
        }
        return "test://" + file;
    }
}
