package dev.hangar.plugins.vm;

import java.util.List;

/**
 * What the VM boots as. Optional parts are null when unknown.
 *
 * @param type      the OS type libvirt boots ({@code hvm} for full virtualization, {@code linux} for Xen PV,
 *                  {@code exe} for containers): how the guest runs, not which system it is
 * @param arch      the guest architecture
 * @param machine   the machine type ({@code pc-q35-7.2})
 * @param bootOrder boot devices in order ({@code hd}, {@code cdrom}, {@code network}, or disk targets)
 * @param osinfoId  the guest operating system's libosinfo id ({@code http://debian.org/debian/11}), as
 *                  virt-install, virt-manager and Cockpit record it in the domain's metadata
 * @param name      that operating system for people ({@code Debian 11}); null when the VM does not say
 */
public record VmOs(String type, String arch, String machine, List<String> bootOrder, String osinfoId, String name) {
    public static final VmOs UNKNOWN = new VmOs(null, null, null, List.of());

    public VmOs {
        bootOrder = bootOrder == null ? List.of() : List.copyOf(bootOrder);
    }

    /** Without knowing the guest's operating system. */
    public VmOs(String type, String arch, String machine, List<String> bootOrder) {
        this(type, arch, machine, bootOrder, null, null);
    }
}
