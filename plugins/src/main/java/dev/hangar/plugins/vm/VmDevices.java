package dev.hangar.plugins.vm;

import java.util.List;

/**
 * What a VM has besides its disks and network interfaces: graphical consoles, shared filesystems,
 * host devices passed through, and the security labels it runs under. Each list is in definition
 * order and never null.
 */
public record VmDevices(List<VmGraphics> graphics, List<VmFilesystem> filesystems, List<VmHostDevice> hostDevices,
                        List<VmSeclabel> seclabels) {
    public static final VmDevices NONE = new VmDevices(List.of(), List.of(), List.of(), List.of());

    public VmDevices {
        graphics = graphics == null ? List.of() : List.copyOf(graphics);
        filesystems = filesystems == null ? List.of() : List.copyOf(filesystems);
        hostDevices = hostDevices == null ? List.of() : List.copyOf(hostDevices);
        seclabels = seclabels == null ? List.of() : List.copyOf(seclabels);
    }
}
