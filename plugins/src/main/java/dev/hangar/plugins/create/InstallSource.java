package dev.hangar.plugins.create;

import java.util.Objects;

/**
 * Where a new VM's operating system comes from. Paths are paths on the connection's host (a storage
 * volume's path, or any file there), never on the browser's machine.
 */
public sealed interface InstallSource {

    /** Which of {@link CreationChoices#installMethods()} this is. */
    InstallMethod method();

    /** Boots an installer ISO from a CD-ROM; the ISO stays attached until ejected. */
    record Iso(String path) implements InstallSource {
        public Iso {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public InstallMethod method() {
            return InstallMethod.ISO;
        }
    }

    /**
     * Installs from a distribution tree on the network ({@code http://deb.debian.org/debian/dists/bookworm/main/installer-amd64/},
     * a Fedora {@code .../os/} tree): the provider fetches the tree's kernel and initrd and boots them
     * once, the way {@code virt-install --location} does.
     */
    record NetworkTree(String url) implements InstallSource {
        public NetworkTree {
            Objects.requireNonNull(url, "url");
        }

        @Override
        public InstallMethod method() {
            return InstallMethod.NETWORK;
        }
    }

    /** Boots from the network (PXE) through the VM's first NIC; needs a network. */
    record Pxe() implements InstallSource {
        @Override
        public InstallMethod method() {
            return InstallMethod.PXE;
        }
    }

    /**
     * Uses an existing disk image as the VM's first disk, in place (nothing is copied or installed);
     * {@link VmSpec#storage()} is then {@link StorageChoice.NoStorage} or an additional disk.
     */
    record Import(String path) implements InstallSource {
        public Import {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public InstallMethod method() {
            return InstallMethod.IMPORT;
        }
    }

    /**
     * Copies a cloud image into the new volume of {@link VmSpec#storage()} (which must be a
     * {@link StorageChoice.NewVolume}; the copy is grown to its size) and attaches a NoCloud seed ISO
     * made from {@code seed}.
     */
    record CloudImage(String imagePath, CloudInit seed) implements InstallSource {
        public CloudImage {
            Objects.requireNonNull(imagePath, "imagePath");
            Objects.requireNonNull(seed, "seed");
        }

        @Override
        public InstallMethod method() {
            return InstallMethod.CLOUD_IMAGE;
        }
    }

    /** Boots a kernel and initrd directly (no boot loader), with a kernel command line; null parts are left out. */
    record Kernel(String kernel, String initrd, String cmdline) implements InstallSource {
        public Kernel {
            Objects.requireNonNull(kernel, "kernel");
        }

        @Override
        public InstallMethod method() {
            return InstallMethod.KERNEL;
        }
    }

    /** Makes the VM from one of the provider's {@link CreationChoices#templates()}. */
    record FromTemplate(String templateId) implements InstallSource {
        public FromTemplate {
            Objects.requireNonNull(templateId, "templateId");
        }

        @Override
        public InstallMethod method() {
            return InstallMethod.TEMPLATE;
        }
    }
}
