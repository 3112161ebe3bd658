package dev.hangar.example.engine;

import java.util.List;

/**
 * A machine as the engine describes it: its own model, which the provider maps to Hangar's.
 *
 * @param id            the engine's stable id
 * @param name          unique within the engine
 * @param status        one of the {@link SimulatedEngine} status constants
 * @param node          the engine node that runs (or last ran) it
 * @param cpus          virtual CPUs it has now
 * @param memoryMiB     memory it has now
 * @param disks         its disks, in device order
 * @param nextCpus      virtual CPUs of its definition, which it gets once it is down (its next boot)
 * @param nextMemoryMiB memory of its definition, likewise
 */
public record EngineVm(String id, String name, String status, String node, int cpus, int memoryMiB,
                       List<EngineDisk> disks, int nextCpus, int nextMemoryMiB) {
    public EngineVm {
        disks = List.copyOf(disks);
    }

    /** A machine whose definition is what it has now: nothing waits for its next boot. */
    public EngineVm(String id, String name, String status, String node, int cpus, int memoryMiB, List<EngineDisk> disks) {
        this(id, name, status, node, cpus, memoryMiB, disks, cpus, memoryMiB);
    }

    /** Whether its definition differs from what it has now. */
    public boolean pending() {
        return nextCpus != cpus || nextMemoryMiB != memoryMiB;
    }

    EngineVm with(String newStatus, String newNode) {
        return new EngineVm(id, name, newStatus, newNode, cpus, memoryMiB, disks, nextCpus, nextMemoryMiB);
    }

    EngineVm withDisks(List<EngineDisk> newDisks) {
        return new EngineVm(id, name, status, node, cpus, memoryMiB, newDisks, nextCpus, nextMemoryMiB);
    }

    EngineVm withNext(int newCpus, int newMemoryMiB) {
        return new EngineVm(id, name, status, node, cpus, memoryMiB, disks, newCpus, newMemoryMiB);
    }

    /** As it boots next: with its definition's CPUs and memory. */
    EngineVm nextApplied() {
        return new EngineVm(id, name, status, node, nextCpus, nextMemoryMiB, disks, nextCpus, nextMemoryMiB);
    }

    /**
     * One disk of an engine machine.
     *
     * @param target      the guest's name for it
     * @param volume      the engine's volume behind it
     * @param capacityGiB its size
     * @param snapshots   how many snapshots the engine keeps of it
     */
    public record EngineDisk(String target, String volume, int capacityGiB, int snapshots) {
    }
}
