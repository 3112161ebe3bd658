package dev.hangar.plugins.create;

import java.util.Objects;

/** The disk a new VM (or a disk added to a VM) gets. */
public sealed interface StorageChoice {

    /** A new volume in a storage pool, made by the provider (and removed again if the creation fails). */
    record NewVolume(String pool, long sizeBytes, String format) implements StorageChoice {
        public NewVolume {
            Objects.requireNonNull(pool, "pool");
            Objects.requireNonNull(format, "format");
            if (sizeBytes <= 0) {
                throw new IllegalArgumentException("a new volume needs a size above 0 bytes");
            }
        }
    }

    /** An existing volume or file on the host, used in place (never removed by a failed creation). */
    record ExistingVolume(String path) implements StorageChoice {
        public ExistingVolume {
            Objects.requireNonNull(path, "path");
        }
    }

    /** No disk. */
    record NoStorage() implements StorageChoice {
    }
}
