package dev.hangar.plugins.vm;

/**
 * A security label of a VM (libvirt's {@code <seclabel>}, one per security driver). Optional parts
 * are null when unknown.
 *
 * @param model      the security driver: {@code selinux}, {@code apparmor}, {@code dac}, {@code none}
 * @param type       {@code dynamic} (generated at start), {@code static}, or {@code none}
 * @param relabel    whether the host relabels the VM's resources; null when not said
 * @param label      the process label ({@code system_u:system_r:svirt_t:s0:c1,c2}, {@code 107:107}), once known
 * @param imageLabel the label of its disk images, once known
 */
public record VmSeclabel(String model, String type, Boolean relabel, String label, String imageLabel) {
}
