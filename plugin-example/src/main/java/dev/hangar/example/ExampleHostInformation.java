package dev.hangar.example;

import dev.hangar.example.engine.EngineVm;
import dev.hangar.example.engine.SimulatedEngine;
import dev.hangar.plugins.capability.HostInfo;
import java.util.List;
import java.util.Set;

/**
 * The example's host information (a capability: {@link ExampleProvider} implements
 * {@code HostInformation} and asks this): the simulated engine's cluster as one host, each node with
 * {@value #CPUS_PER_NODE} CPUs and {@value #GIB_PER_NODE} GiB, less the memory of the machines that run.
 */
final class ExampleHostInformation {
    static final int CPUS_PER_NODE = 16;
    static final long GIB_PER_NODE = 64;
    private static final Set<String> USING_MEMORY = Set.of(SimulatedEngine.UP, SimulatedEngine.PAUSED,
            SimulatedEngine.MIGRATING, SimulatedEngine.POWERING_UP, SimulatedEngine.POWERING_DOWN);

    private ExampleHostInformation() {
    }

    static HostInfo of(List<EngineVm> machines) {
        long nodes = machines.stream().map(EngineVm::node).distinct().count();
        long totalKiB = nodes * GIB_PER_NODE << 20;
        long usedKiB = machines.stream().filter(vm -> USING_MEMORY.contains(vm.status()))
                .mapToLong(vm -> vm.memoryMiB() * 1024L).sum();
        return new HostInfo("example engine (" + nodes + " nodes)", (int) nodes * CPUS_PER_NODE, "Simulated vCPU",
                totalKiB, Math.max(0, totalKiB - usedKiB), "Simulated hypervisor", "Example engine 1.0");
    }
}
