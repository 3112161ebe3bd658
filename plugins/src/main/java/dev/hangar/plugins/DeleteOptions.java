package dev.hangar.plugins;

import java.util.List;

/**
 * How to delete a VM (the seed's {@code DELETE_VM} options).
 *
 * @param destroy        force the VM off first when it runs; without it a running VM is not deleted
 * @param storageTargets the disk targets ({@code vda}, …) whose volumes are deleted too; only these.
 *                       Empty: the VM's storage is kept.
 */
public record DeleteOptions(boolean destroy, List<String> storageTargets) {
    public static final DeleteOptions KEEP_STORAGE = new DeleteOptions(false, List.of());

    public DeleteOptions {
        storageTargets = storageTargets == null ? List.of() : List.copyOf(storageTargets);
    }
}
