package dev.hangar.example.engine;

import java.util.List;

/** What the engine tells its listener, the way a remote engine's event stream would. */
public sealed interface EngineEvent {

    /** A machine changed; {@code what} says what happened, in words ("Migrating node-a → node-b"). */
    record Changed(EngineVm vm, String what) implements EngineEvent {
    }

    /** A machine was deleted. */
    record Removed(EngineVm vm) implements EngineEvent {
    }

    /** A utilization sample of every running machine. */
    record Sampled(List<Usage> usage, long at) implements EngineEvent {
        public Sampled {
            usage = List.copyOf(usage);
        }
    }

    /** One machine's utilization: CPU percent and memory in use. */
    record Usage(EngineVm vm, double cpuPercent, int memoryUsedMiB) {
    }
}
