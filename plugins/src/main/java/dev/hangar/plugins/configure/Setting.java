package dev.hangar.plugins.configure;

/**
 * What a provider can change on a VM: the host shows a control only for the settings
 * {@link VmSettings#changeable()} lists (a provider that cannot rename hides Rename).
 */
public enum Setting {
    MEMORY, VCPUS, CPU, AUTOSTART, BOOT_ORDER, DESCRIPTION, FIRMWARE,
    DISK_ADD, DISK_DETACH, DISK_EDIT, MEDIA,
    NIC_ADD, NIC_REMOVE, NIC_EDIT, NIC_LINK,
    RENAME, CLONE
}
