package dev.hangar.plugins.create;

import java.util.List;
import java.util.Set;

/**
 * What one connection offers a new VM, read now: the create dialog offers these and nothing else
 * (a provider without pools gets no storage choices, one without {@link InstallMethod#PXE} no PXE).
 *
 * @param installMethods the sources it can create from
 * @param pools          storage pools (empty: no storage choices)
 * @param diskFormats    formats of new volumes ("qcow2", "raw"), the first the default
 * @param networks       virtual networks a NIC can join (active ones)
 * @param bridges        host bridges a NIC can join
 * @param firmware       what VMs can boot with here (BIOS; UEFI only where OVMF is present)
 * @param templates      the provider's templates ({@link InstallMethod#TEMPLATE})
 * @param maxVcpus       the most vCPUs a VM may have on this host
 * @param hostMemoryKiB  the host's memory, the most a VM may have
 * @param diskBuses      buses a disk may use ("virtio", "sata", "scsi", "ide")
 * @param nicModels      NIC models ("virtio", "e1000e", "rtl8139")
 */
public record CreationChoices(Set<InstallMethod> installMethods, List<Pool> pools, List<String> diskFormats,
                              List<String> networks, List<String> bridges, Set<Firmware> firmware,
                              List<Template> templates, int maxVcpus, long hostMemoryKiB,
                              List<String> diskBuses, List<String> nicModels) {
    public CreationChoices {
        installMethods = Set.copyOf(installMethods);
        pools = List.copyOf(pools);
        diskFormats = List.copyOf(diskFormats);
        networks = List.copyOf(networks);
        bridges = List.copyOf(bridges);
        firmware = Set.copyOf(firmware);
        templates = List.copyOf(templates);
        diskBuses = List.copyOf(diskBuses);
        nicModels = List.copyOf(nicModels);
    }
}
