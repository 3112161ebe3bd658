package dev.hangar.plugins.storage;

import dev.hangar.plugins.vm.VmRef;
import java.util.List;
import java.util.Objects;

/**
 * One volume of a pool.
 *
 * @param pool            the pool's name
 * @param name            its name, unique in the pool
 * @param path            its path on the host (what a VM's disk names), or null
 * @param format          "qcow2", "raw", "iso", …, or null when unknown
 * @param capacityBytes   its virtual size
 * @param allocationBytes what it takes on the host now
 * @param usedBy          the VMs whose disks are this volume (defined or running): what deleting it breaks
 */
public record StorageVolume(String pool, String name, String path, String format, long capacityBytes,
                            long allocationBytes, List<VmRef> usedBy) {
    public StorageVolume {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(name, "name");
        usedBy = usedBy == null ? List.of() : List.copyOf(usedBy);
    }
}
