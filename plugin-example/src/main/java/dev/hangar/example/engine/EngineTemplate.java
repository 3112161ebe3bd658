package dev.hangar.example.engine;

import java.util.List;

/**
 * A machine template of the engine: what a new machine made from it gets. Its disks are images the
 * engine copies into new volumes ({@link SimulatedEngine#copyTemplateDisk}).
 *
 * @param id        the engine's id of it
 * @param label     for people
 * @param cpus      virtual CPUs
 * @param memoryMiB memory
 * @param diskGiB   the size of each disk image, in device order
 */
public record EngineTemplate(String id, String label, int cpus, int memoryMiB, List<Integer> diskGiB) {
    public EngineTemplate {
        diskGiB = List.copyOf(diskGiB);
    }
}
