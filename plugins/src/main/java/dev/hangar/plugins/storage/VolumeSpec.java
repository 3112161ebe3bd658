package dev.hangar.plugins.storage;

import java.util.Objects;

/**
 * A new volume: its name, virtual size and format ("qcow2", "raw", "iso"; null: the pool's default).
 */
public record VolumeSpec(String name, long capacityBytes, String format) {
    public VolumeSpec {
        Objects.requireNonNull(name, "name");
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("volume '" + name + "': a size cannot be negative");
        }
    }
}
