package dev.hangar.plugins.configure;

import dev.hangar.plugins.create.Firmware;
import java.util.List;
import java.util.Set;

/**
 * A VM's settings as they will be at its next boot (its persistent definition), with what differs
 * from the running VM. The live values (memory, vCPUs now) are on {@code Vm}.
 *
 * @param memoryKiB     memory at boot, KiB
 * @param maxMemoryKiB  most memory, KiB (what memory may be raised to while it runs)
 * @param vcpus         vCPUs at boot
 * @param maxVcpus      most vCPUs (what vCPUs may be raised to while it runs)
 * @param cpu           the CPU it sees
 * @param autostart     whether it starts with its host
 * @param bootOrder     its bootable devices, enabled ones first in boot order
 * @param description   its description ("" when none)
 * @param firmware      what it boots with
 * @param hostMaxVcpus  the most vCPUs the host allows a VM
 * @param hostMemoryKiB the host's memory
 * @param cpuModels     named models the host's hypervisor offers, for {@link CpuModel.Mode#NAMED}
 * @param firmwareChoices what it may boot with on this host
 * @param changeable    what the provider can change on this VM at all
 * @param live          of those, what it can change on the running VM now without a restart
 * @param pending       changes made that wait for the next boot, in words ("Memory: 2 GiB → 4 GiB"); empty when none
 */
public record VmSettings(long memoryKiB, long maxMemoryKiB, int vcpus, int maxVcpus, CpuModel cpu, boolean autostart,
                         List<BootDevice> bootOrder, String description, Firmware firmware, int hostMaxVcpus,
                         long hostMemoryKiB, List<String> cpuModels, Set<Firmware> firmwareChoices,
                         Set<Setting> changeable, Set<Setting> live, List<String> pending) {
    public VmSettings {
        bootOrder = List.copyOf(bootOrder);
        description = description == null ? "" : description;
        cpuModels = List.copyOf(cpuModels);
        firmwareChoices = Set.copyOf(firmwareChoices);
        changeable = Set.copyOf(changeable);
        live = Set.copyOf(live);
        pending = List.copyOf(pending);
    }
}
