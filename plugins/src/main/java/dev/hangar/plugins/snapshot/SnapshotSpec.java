package dev.hangar.plugins.snapshot;

import java.util.Objects;

/**
 * A new snapshot as the person chose it.
 *
 * @param name        the snapshot's name (the provider refuses one that exists, with a message)
 * @param description free text, or ""
 * @param withMemory  also save the running guest's memory; only where {@link SnapshotList#memory()}
 */
public record SnapshotSpec(String name, String description, boolean withMemory) {
    public SnapshotSpec {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
    }
}
