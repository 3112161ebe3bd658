package dev.hangar.plugins.configure;

import dev.hangar.plugins.create.StorageChoice;
import java.util.Objects;

/**
 * A disk to add to a VM.
 *
 * @param storage a new volume or an existing volume/file (a CD-ROM may have {@link StorageChoice.NoStorage}: an empty drive)
 * @param device  {@code disk} or {@code cdrom}
 * @param bus     {@code virtio}, {@code sata}, {@code scsi}, … ; null: the provider's choice
 * @param cache   {@code none}, {@code writeback}, … ; null: the hypervisor's default
 */
public record DiskSpec(StorageChoice storage, String device, String bus, String cache) {
    public DiskSpec {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(device, "device");
    }
}
