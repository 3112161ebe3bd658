package dev.hangar.plugins.configure;

import dev.hangar.plugins.create.Firmware;
import dev.hangar.plugins.create.NetworkChoice;
import dev.hangar.plugins.create.StorageChoice;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One change to a VM, as the host asks its provider for it ({@code VmConfiguration.change}). The host
 * offers a change only where {@link VmSettings#changeable()} has its {@link #setting()}, checks the
 * person's role for it, audits it with {@link #options()} and the provider's before/after, and asks
 * for a confirmation first where {@link #destructive()} (or where the VM runs and a NIC goes).
 */
public sealed interface VmChange {

    /** The setting this change needs. */
    Setting setting();

    /** What the audit records of it: strings, numbers, booleans and lists of them, no nulls. */
    Map<String, Object> options();

    /** Whether it deletes data (a disk's volume): the host confirms it and needs the delete permission. */
    default boolean destructive() {
        return false;
    }

    /** The audit's verb: {@code change_memory}, {@code change_disk_add}, … */
    default String id() {
        return "change_" + setting().name().toLowerCase(Locale.ROOT);
    }

    /** Memory at boot and its maximum, KiB; on a running VM the current memory changes live up to the maximum. */
    record Memory(long memoryKiB, long maxMemoryKiB) implements VmChange {
        public Setting setting() {
            return Setting.MEMORY;
        }

        public Map<String, Object> options() {
            return Map.of("memory_kib", memoryKiB, "max_memory_kib", maxMemoryKiB);
        }
    }

    /** vCPUs and their maximum; on a running VM vCPUs change live up to the maximum. */
    record Vcpus(int vcpus, int maxVcpus) implements VmChange {
        public Setting setting() {
            return Setting.VCPUS;
        }

        public Map<String, Object> options() {
            return Map.of("vcpus", vcpus, "max_vcpus", maxVcpus);
        }
    }

    record Cpu(CpuModel cpu) implements VmChange {
        public Cpu {
            Objects.requireNonNull(cpu, "cpu");
        }

        public Setting setting() {
            return Setting.CPU;
        }

        public Map<String, Object> options() {
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("mode", cpu.mode().name().toLowerCase(Locale.ROOT));
            if (cpu.model() != null) {
                options.put("model", cpu.model());
            }
            return options;
        }
    }

    record Autostart(boolean autostart) implements VmChange {
        public Setting setting() {
            return Setting.AUTOSTART;
        }

        public Map<String, Object> options() {
            return Map.of("autostart", autostart);
        }
    }

    /** Boots from exactly these {@link BootDevice#id()}s, in this order; the others are not booted from. */
    record BootOrder(List<String> devices) implements VmChange {
        public BootOrder {
            devices = List.copyOf(devices);
        }

        public Setting setting() {
            return Setting.BOOT_ORDER;
        }

        public Map<String, Object> options() {
            return Map.of("devices", devices);
        }
    }

    record Description(String text) implements VmChange {
        public Description {
            text = text == null ? "" : text;
        }

        public Setting setting() {
            return Setting.DESCRIPTION;
        }

        public Map<String, Object> options() {
            return Map.of("description", text);
        }
    }

    record SetFirmware(Firmware firmware) implements VmChange {
        public SetFirmware {
            Objects.requireNonNull(firmware, "firmware");
        }

        public Setting setting() {
            return Setting.FIRMWARE;
        }

        public Map<String, Object> options() {
            return Map.of("firmware", firmware.name().toLowerCase(Locale.ROOT));
        }
    }

    record AddDisk(DiskSpec disk) implements VmChange {
        public AddDisk {
            Objects.requireNonNull(disk, "disk");
        }

        public Setting setting() {
            return Setting.DISK_ADD;
        }

        public Map<String, Object> options() {
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("device", disk.device());
            if (disk.bus() != null) {
                options.put("bus", disk.bus());
            }
            if (disk.cache() != null) {
                options.put("cache", disk.cache());
            }
            if (disk.storage() instanceof StorageChoice.NewVolume volume) {
                options.put("pool", volume.pool());
                options.put("size_bytes", volume.sizeBytes());
                options.put("format", volume.format());
            } else if (disk.storage() instanceof StorageChoice.ExistingVolume existing) {
                options.put("path", existing.path());
            }
            return options;
        }
    }

    /** Detaches the disk of {@code target}; with {@code deleteVolume} its volume is deleted too. */
    record DetachDisk(String target, boolean deleteVolume) implements VmChange {
        public DetachDisk {
            Objects.requireNonNull(target, "target");
        }

        public Setting setting() {
            return Setting.DISK_DETACH;
        }

        public Map<String, Object> options() {
            return Map.of("target", target, "delete_volume", deleteVolume);
        }

        @Override
        public boolean destructive() {
            return deleteVolume;
        }
    }

    /** Changes a disk's bus and cache (offline: at next boot); null keeps it. */
    record EditDisk(String target, String bus, String cache) implements VmChange {
        public EditDisk {
            Objects.requireNonNull(target, "target");
        }

        public Setting setting() {
            return Setting.DISK_EDIT;
        }

        public Map<String, Object> options() {
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("target", target);
            if (bus != null) {
                options.put("bus", bus);
            }
            if (cache != null) {
                options.put("cache", cache);
            }
            return options;
        }
    }

    /** Puts media into the CD-ROM of {@code target} (live where it runs); {@code path} null ejects it. */
    record Media(String target, String path) implements VmChange {
        public Media {
            Objects.requireNonNull(target, "target");
        }

        public Setting setting() {
            return Setting.MEDIA;
        }

        public Map<String, Object> options() {
            return path == null ? Map.of("target", target, "eject", true) : Map.of("target", target, "path", path);
        }
    }

    record AddNic(NicSpec nic) implements VmChange {
        public AddNic {
            Objects.requireNonNull(nic, "nic");
        }

        public Setting setting() {
            return Setting.NIC_ADD;
        }

        public Map<String, Object> options() {
            Map<String, Object> options = new LinkedHashMap<>(VmChange.network(nic.network()));
            if (nic.model() != null) {
                options.put("model", nic.model());
            }
            if (nic.mac() != null) {
                options.put("mac", nic.mac());
            }
            return options;
        }
    }

    /** Removes the NIC with this MAC (live too where the VM runs: the host confirms that). */
    record RemoveNic(String mac) implements VmChange {
        public RemoveNic {
            Objects.requireNonNull(mac, "mac");
        }

        public Setting setting() {
            return Setting.NIC_REMOVE;
        }

        public Map<String, Object> options() {
            return Map.of("mac", mac);
        }
    }

    /** Changes the NIC with {@code mac}: where it is attached, its model and its MAC; null keeps each. */
    record EditNic(String mac, NetworkChoice network, String model, String newMac) implements VmChange {
        public EditNic {
            Objects.requireNonNull(mac, "mac");
        }

        public Setting setting() {
            return Setting.NIC_EDIT;
        }

        public Map<String, Object> options() {
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("mac", mac);
            if (network != null) {
                options.putAll(VmChange.network(network));
            }
            if (model != null) {
                options.put("model", model);
            }
            if (newMac != null) {
                options.put("new_mac", newMac);
            }
            return options;
        }
    }

    /** Plugs ({@code up}) or unplugs the NIC's link, live. */
    record NicLink(String mac, boolean up) implements VmChange {
        public NicLink {
            Objects.requireNonNull(mac, "mac");
        }

        public Setting setting() {
            return Setting.NIC_LINK;
        }

        public Map<String, Object> options() {
            return Map.of("mac", mac, "link", up ? "up" : "down");
        }
    }

    /** Renames a shut-off VM; its id stays. */
    record Rename(String newName) implements VmChange {
        public Rename {
            Objects.requireNonNull(newName, "newName");
        }

        public Setting setting() {
            return Setting.RENAME;
        }

        public Map<String, Object> options() {
            return Map.of("new_name", newName);
        }
    }

    private static Map<String, Object> network(NetworkChoice choice) {
        if (choice instanceof NetworkChoice.VirtualNetwork network) {
            return Map.of("network", network.name());
        }
        if (choice instanceof NetworkChoice.Bridge bridge) {
            return Map.of("bridge", bridge.name());
        }
        return Map.of("network", "");
    }
}
