package dev.hangar.plugins.snapshot;

import java.time.Instant;
import java.util.Objects;

/**
 * One snapshot of a VM.
 *
 * @param name        unique among the VM's snapshots
 * @param description what the person wrote, or "" (text: rendered as text)
 * @param createdAt   when it was taken
 * @param vmState     the VM's state when taken, in the engine's words ("running", "shutoff"); a revert
 *                    leaves the VM in it
 * @param parent      the snapshot it was taken on top of, or null for a root
 * @param current     whether the VM runs on top of this one now (its changes since are what a revert loses)
 * @param withMemory  whether it holds the guest's memory (a revert resumes the guest where it was)
 */
public record Snapshot(String name, String description, Instant createdAt, String vmState, String parent,
                       boolean current, boolean withMemory) {
    public Snapshot {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(vmState, "vmState");
    }
}
