package dev.hangar.plugins.vm;

import java.util.List;

/**
 * What the VM boots as. Optional parts are null when unknown.
 *
 * @param type      {@code hvm}, {@code linux}, {@code exe}
 * @param arch      the guest architecture
 * @param machine   the machine type ({@code pc-q35-7.2})
 * @param bootOrder boot devices in order ({@code hd}, {@code cdrom}, {@code network}, or disk targets)
 */
public record VmOs(String type, String arch, String machine, List<String> bootOrder) {
    public static final VmOs UNKNOWN = new VmOs(null, null, null, List.of());

    public VmOs {
        bootOrder = bootOrder == null ? List.of() : List.copyOf(bootOrder);
    }
}
