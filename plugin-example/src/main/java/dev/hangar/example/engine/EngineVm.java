package dev.hangar.example.engine;

import java.util.List;

/**
 * A machine as the engine describes it: its own model, which the provider maps to Hangar's.
 *
 * @param id        the engine's stable id
 * @param name      unique within the engine
 * @param status    one of the {@link SimulatedEngine} status constants
 * @param node      the engine node that runs (or last ran) it
 * @param cpus      virtual CPUs
 * @param memoryMiB memory
 * @param disks     its disks, in device order
 */
public record EngineVm(String id, String name, String status, String node, int cpus, int memoryMiB,
                       List<EngineDisk> disks) {
    public EngineVm {
        disks = List.copyOf(disks);
    }

    EngineVm with(String newStatus, String newNode) {
        return new EngineVm(id, name, newStatus, newNode, cpus, memoryMiB, disks);
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
