package dev.hangar.example.engine;

/**
 * A named snapshot of a machine, as the engine keeps it: the machine's status and definition when it
 * was taken, which a revert restores.
 *
 * @param parent  the snapshot the machine ran on top of when this one was taken, or null
 * @param current whether the machine runs on top of this one now
 */
public record EngineSnapshot(String name, String description, long takenAtMs, String status, int cpus, int memoryMiB,
                             String parent, boolean current) {
    EngineSnapshot withCurrent(boolean now) {
        return new EngineSnapshot(name, description, takenAtMs, status, cpus, memoryMiB, parent, now);
    }

    EngineSnapshot withParent(String newParent) {
        return new EngineSnapshot(name, description, takenAtMs, status, cpus, memoryMiB, newParent, current);
    }
}
