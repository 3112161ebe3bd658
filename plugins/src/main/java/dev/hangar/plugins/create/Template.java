package dev.hangar.plugins.create;

/** One of a provider's own templates ({@link InstallSource.FromTemplate}) with the size it proposes. */
public record Template(String id, String label, long memoryKiB, int vcpus) {
}
