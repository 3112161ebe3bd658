package dev.hangar.plugins.configure;

/**
 * A device a VM can boot from, in {@link VmSettings#bootOrder()}.
 *
 * @param id      how {@link VmChange.BootOrder} names it: {@code disk:vda}, {@code nic:52:54:00:12:34:56}
 * @param label   for people: "Disk vda (/var/lib/libvirt/images/web1.qcow2)", "NIC 52:54:00:12:34:56 (default)"
 * @param enabled whether the VM boots from it (its place in the list is then its order)
 */
public record BootDevice(String id, String label, boolean enabled) {
}
