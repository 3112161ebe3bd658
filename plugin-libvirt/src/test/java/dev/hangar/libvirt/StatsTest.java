package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmUsage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CPU and memory from two bulk-stats records of real QEMU's shape (the test driver has no cpu.time). */
class StatsTest {
    private static final String URI = "qemu:///system";
    private static final long SECOND = 1_000_000_000L;

    private final Stats stats = new Stats(LibvirtProvider.NAME, URI, Stats.MAX_DOMAINS_PER_CALL);

    @Test
    void cpuIsTheCpuTimeDeltaOverElapsedTimeAndVcpus() {
        VmRef ref = new VmRef(LibvirtProvider.NAME, URI, "web", "u1");
        Vm twoVcpus = new Vm(ref, VmStates.RUNNING, null, 2, 0, 0, null, false, true, List.of(), List.of());

        Map<VmRef, VmUsage> first = stats.sample(List.of(running("u1", "web", 10 * SECOND, 4096, 2048)), 0, 1000,
                r -> twoVcpus);
        assertFalse(first.get(ref).cpuKnown(), "no delta at the first sample");
        assertEquals(2048, first.get(ref).memoryUsedKiB(), "balloon.rss is preferred over balloon.current");

        Map<VmRef, VmUsage> second = stats.sample(List.of(running("u1", "web", 11 * SECOND, 4096, 2048)),
                2 * SECOND, 3000, r -> twoVcpus);
        assertEquals(25.0, second.get(ref).cpuPercent(), 1e-9, "1 s of CPU in 2 s on 2 vCPUs");
        assertEquals(3000, second.get(ref).sampledAt());
    }

    @Test
    void aRestartedDomainsCounterAndAShutOffDomainAreHandled() {
        VmRef ref = new VmRef(LibvirtProvider.NAME, URI, "db", "u2");
        stats.sample(List.of(running("u2", "db", 50 * SECOND, 1024, -1)), 0, 0, r -> null);
        VmUsage restarted = stats.sample(List.of(running("u2", "db", SECOND, 1024, -1)), SECOND, 1, r -> null)
                .get(ref);
        assertFalse(restarted.cpuKnown(), "a counter that went back is not a negative percentage");
        assertEquals(1024, restarted.memoryUsedKiB(), "balloon.current when there is no balloon.rss");

        VmUsage off = stats.sample(List.of(new NativeLibvirt.StatsRecord("u2", "db", Map.of("state.state", 5))),
                2 * SECOND, 2, r -> null).get(ref);
        assertEquals(0, off.cpuPercent());
        assertEquals(0, off.memoryUsedKiB());
    }

    private static NativeLibvirt.StatsRecord running(String uuid, String name, long cpuTime, long current, long rss) {
        Map<String, Object> values = new java.util.HashMap<>(Map.of("state.state", 1, "cpu.time", cpuTime,
                "balloon.current", current));
        if (rss >= 0) {
            values.put("balloon.rss", rss);
        }
        return new NativeLibvirt.StatsRecord(uuid, name, values);
    }
}
