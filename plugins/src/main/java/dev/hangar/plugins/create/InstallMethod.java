package dev.hangar.plugins.create;

/** The kinds of {@link InstallSource} a provider can create from, one per record of that family. */
public enum InstallMethod {
    /** {@link InstallSource.Iso}. */
    ISO,
    /** {@link InstallSource.NetworkTree}. */
    NETWORK,
    /** {@link InstallSource.Pxe}. */
    PXE,
    /** {@link InstallSource.Import}. */
    IMPORT,
    /** {@link InstallSource.CloudImage}. */
    CLOUD_IMAGE,
    /** {@link InstallSource.Kernel}. */
    KERNEL,
    /** {@link InstallSource.FromTemplate}. */
    TEMPLATE
}
