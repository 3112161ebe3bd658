package dev.hangar.plugins.vm;

import java.util.List;
import java.util.Objects;

/**
 * A VM as its provider last read it: identity, state and configuration. Utilization is kept apart
 * ({@link VmUsage}) so that a stats tick does not replace every VM.
 *
 * @param ref         who it is
 * @param state       a key of the merged state map: {@code running}, {@code shut off}, … or a provider's own
 * @param stateReason why it is in that state ({@code booted}, {@code crashed}, …), or null
 * @param vcpus       virtual CPUs
 * @param memoryKiB   current memory in KiB
 * @param maxMemoryKiB maximum memory in KiB
 * @param os          what it boots as
 * @param autostart   whether it starts with its host
 * @param persistent  whether it is defined (false: transient, gone when it stops)
 * @param disks       its disks, in device order
 * @param nics        its network interfaces, in device order
 * @param devices     its other devices (graphics, filesystems, host devices) and security labels
 */
public record Vm(VmRef ref, String state, String stateReason, int vcpus, long memoryKiB, long maxMemoryKiB,
                 VmOs os, boolean autostart, boolean persistent, List<VmDisk> disks, List<VmNic> nics,
                 VmDevices devices) {
    public Vm {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(state, "state");
        os = os == null ? VmOs.UNKNOWN : os;
        disks = disks == null ? List.of() : List.copyOf(disks);
        nics = nics == null ? List.of() : List.copyOf(nics);
        devices = devices == null ? VmDevices.NONE : devices;
    }

    /** A VM without other devices than its disks and NICs (or a provider that does not read them). */
    public Vm(VmRef ref, String state, String stateReason, int vcpus, long memoryKiB, long maxMemoryKiB,
              VmOs os, boolean autostart, boolean persistent, List<VmDisk> disks, List<VmNic> nics) {
        this(ref, state, stateReason, vcpus, memoryKiB, maxMemoryKiB, os, autostart, persistent, disks, nics, null);
    }

    public String name() {
        return ref.name();
    }

    /** This VM in another state; everything else is kept. */
    public Vm withState(String newState, String newReason) {
        return new Vm(ref, newState, newReason, vcpus, memoryKiB, maxMemoryKiB, os, autostart, persistent, disks, nics,
                devices);
    }

    /** The disk with that target, or null. */
    public VmDisk disk(String target) {
        for (VmDisk disk : disks) {
            if (disk.target() != null && disk.target().equals(target)) {
                return disk;
            }
        }
        return null;
    }
}
