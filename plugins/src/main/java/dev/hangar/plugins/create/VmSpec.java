package dev.hangar.plugins.create;

import java.util.Objects;

/**
 * A new VM as the person chose it in the create dialog.
 *
 * @param connection one of the provider's connections (as in {@code VmRef.connection()})
 * @param name       the VM's name
 * @param os         the libosinfo id of its operating system ({@code http://debian.org/debian/11}),
 *                   recorded in the VM's definition the way virt-install does; null for "generic"
 * @param memoryKiB  memory, KiB (current and maximum)
 * @param vcpus      virtual CPUs
 * @param firmware   what it boots with
 * @param install    where its operating system comes from
 * @param storage    its first disk (besides an imported one)
 * @param network    its first NIC
 * @param diskBus    the bus of its disks ("virtio"); null: the provider's default
 * @param nicModel   the model of its NIC ("virtio"); null: the provider's default
 * @param start      start it once made ("Start after creation"); false makes it shut off ("Edit before install")
 */
public record VmSpec(String connection, String name, String os, long memoryKiB, int vcpus, Firmware firmware,
                     InstallSource install, StorageChoice storage, NetworkChoice network, String diskBus,
                     String nicModel, boolean start) {
    public VmSpec {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(install, "install");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(network, "network");
    }
}
