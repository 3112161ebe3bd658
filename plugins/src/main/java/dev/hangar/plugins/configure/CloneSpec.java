package dev.hangar.plugins.configure;

import java.util.List;
import java.util.Objects;

/**
 * A clone to make of a shut-off VM: a new name, a new id, new MAC addresses, and a full copy of each
 * disk in {@code disks} into the pool named with it. Writable disks not listed are left out of the
 * clone (never shared between two VMs); CD-ROMs keep their media.
 */
public record CloneSpec(String name, List<CloneDisk> disks) {
    public CloneSpec {
        Objects.requireNonNull(name, "name");
        disks = List.copyOf(disks);
    }

    /** Copy the disk of {@code target} into a new volume of {@code pool}. */
    public record CloneDisk(String target, String pool) {
        public CloneDisk {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(pool, "pool");
        }
    }
}
