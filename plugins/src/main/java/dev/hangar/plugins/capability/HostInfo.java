package dev.hangar.plugins.capability;

import java.util.Objects;

/**
 * One connection's host at a glance.
 *
 * @param hostName      the machine's name ("kvm-3.example.net")
 * @param cpus          logical CPUs the host runs guests on
 * @param cpuModel      the CPUs' model ("x86_64", "Intel Xeon Gold 6338"); null when unknown
 * @param memoryKiB     the host's memory, KiB (the unit of {@code Vm.memoryKiB()})
 * @param freeMemoryKiB memory not in use now, KiB; null when the engine does not say
 * @param hypervisor    the hypervisor and its version ("QEMU 8.2.2"); null when unknown
 * @param engine        the management engine and its version ("libvirt 9.0.0"); null when unknown
 */
public record HostInfo(String hostName, int cpus, String cpuModel, long memoryKiB, Long freeMemoryKiB,
                       String hypervisor, String engine) {
    public HostInfo {
        Objects.requireNonNull(hostName, "hostName");
        if (cpus < 0 || memoryKiB < 0 || (freeMemoryKiB != null && freeMemoryKiB < 0)) {
            throw new IllegalArgumentException("host '" + hostName + "': CPUs and memory cannot be negative");
        }
    }
}
