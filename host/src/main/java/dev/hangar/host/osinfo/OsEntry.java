package dev.hangar.host.osinfo;

/**
 * One operating system of libosinfo's database, with what the create dialog proposes for it.
 *
 * @param id               its libosinfo id ({@code http://debian.org/debian/11}); {@link OsDatabase#GENERIC_ID} for "generic"
 * @param shortId          its short id ({@code debian11}), the base of a suggested VM name
 * @param name             for people ("Debian 11")
 * @param vendor           "Debian Project"; "" when unknown
 * @param family           "linux", "winnt", …; "" when unknown
 * @param memoryKiB        the memory it recommends (else its minimum, else a default), KiB
 * @param vcpus            the vCPUs it recommends
 * @param storageBytes     the disk size it recommends
 * @param minimumMemoryKiB the least memory it needs, KiB; 0 when unknown
 * @param diskBus          {@code virtio} where it has virtio-block drivers, else {@code sata}
 * @param nicModel         {@code virtio} where it has virtio-net drivers, else {@code e1000e}
 * @param eol              whether it has reached its end of life (listed after the others)
 */
public record OsEntry(String id, String shortId, String name, String vendor, String family, long memoryKiB, int vcpus,
                      long storageBytes, long minimumMemoryKiB, String diskBus, String nicModel, boolean eol) {
}
