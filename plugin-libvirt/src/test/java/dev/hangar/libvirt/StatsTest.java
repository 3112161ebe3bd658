package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmUsage;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** CPU and memory from two bulk-stats records of real QEMU's shape (the test driver has no cpu.time). */
class StatsTest {
    private static final String URI = "qemu:///system";
    private static final long SECOND = 1_000_000_000L;
    private static final UUID U1 = UUID.fromString("6f1c1e0a-33a1-4c36-9d3e-2b1f5a7e0c01");
    private static final UUID U2 = UUID.fromString("6f1c1e0a-33a1-4c36-9d3e-2b1f5a7e0c02");

    private final Stats stats = new Stats(LibvirtProvider.NAME, URI, Stats.MAX_DOMAINS_PER_CALL);

    @Test
    void cpuIsTheCpuTimeDeltaOverElapsedTimeAndVcpus() {
        VmRef ref = new VmRef(LibvirtProvider.NAME, URI, "web", U1.toString());
        Vm twoVcpus = new Vm(ref, VmStates.RUNNING, null, 2, 0, 0, null, false, true, List.of(), List.of());

        Map<VmRef, VmUsage> first = stats.sample(List.of(running(U1, "web", 10 * SECOND, 2048)), 0, 1000,
                r -> twoVcpus);
        assertFalse(first.get(ref).cpuKnown(), "no delta at the first sample");
        assertEquals(2048, first.get(ref).memoryUsedKiB());

        Map<VmRef, VmUsage> second = stats.sample(List.of(running(U1, "web", 11 * SECOND, 2048)),
                2 * SECOND, 3000, r -> twoVcpus);
        assertEquals(25.0, second.get(ref).cpuPercent(), 1e-9, "1 s of CPU in 2 s on 2 vCPUs");
        assertEquals(3000, second.get(ref).sampledAt());
    }

    @Test
    void aRestartedDomainsCounterAndAShutOffDomainAreHandled() {
        VmRef ref = new VmRef(LibvirtProvider.NAME, URI, "db", U2.toString());
        stats.sample(List.of(running(U2, "db", 50 * SECOND, 1024)), 0, 0, r -> null);
        VmUsage restarted = stats.sample(List.of(running(U2, "db", SECOND, 1024)), SECOND, 1, r -> null)
                .get(ref);
        assertFalse(restarted.cpuKnown(), "a counter that went back is not a negative percentage");
        assertEquals(1024, restarted.memoryUsedKiB());

        VmUsage off = stats.sample(List.of(new NativeLibvirt.UsageRecord(U2, "db", 5, -1, -1)),
                2 * SECOND, 2, r -> null).get(ref);
        assertEquals(0, off.cpuPercent());
        assertEquals(0, off.memoryUsedKiB());
        VmUsage backOn = stats.sample(List.of(running(U2, "db", 2 * SECOND, 1024)), 3 * SECOND, 3, r -> null)
                .get(ref);
        assertFalse(backOn.cpuKnown(), "the counter from before the shut-off is not a base");
    }

    @Test
    void aTickReusesTheRefOfTheLastUnlessTheVmWasRenamed() {
        VmRef first = stats.sample(List.of(running(U1, "web", SECOND, 1)), 0, 0, r -> null).keySet().iterator().next();
        VmRef same = stats.sample(List.of(running(U1, "web", SECOND, 1)), SECOND, 1, r -> null).keySet().iterator()
                .next();
        assertSame(first, same);

        Map<VmRef, VmUsage> renamed = stats.sample(List.of(running(U1, "front", 2 * SECOND, 1)), 2 * SECOND, 2,
                r -> null);
        VmRef ref = new VmRef(LibvirtProvider.NAME, URI, "front", U1.toString());
        assertEquals(100.0, renamed.get(ref).cpuPercent(), 1e-9, "the CPU counter goes on across a rename");
        assertEquals(1, renamed.size());
    }

    @Test
    void aDomainMissingFromATickStartsOver() {
        stats.sample(List.of(running(U1, "web", SECOND, 1)), 0, 0, r -> null);
        assertEquals(Map.of(), stats.sample(List.of(), SECOND, 1, r -> null));
        VmUsage back = stats.sample(List.of(running(U1, "web", 2 * SECOND, 1)), 2 * SECOND, 2, r -> null).values()
                .iterator().next();
        assertFalse(back.cpuKnown(), "no delta against a sample from before it went missing");
    }

    private static NativeLibvirt.UsageRecord running(UUID uuid, String name, long cpuTime, long memory) {
        return new NativeLibvirt.UsageRecord(uuid, name, 1, cpuTime, memory);
    }
}
