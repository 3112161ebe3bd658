package dev.hangar.host.ui.configure;

import dev.hangar.host.ui.components.Formats;
import dev.hangar.plugins.configure.Applied;
import dev.hangar.plugins.configure.BootDevice;
import dev.hangar.plugins.configure.CpuModel;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmSettings;
import dev.hangar.plugins.create.Firmware;
import java.util.stream.Collectors;

/** How the settings panel words a VM's settings and what a change did; plain Java, tested without a UI. */
final class SettingTexts {
    static final String NOW = "Applies now";
    static final String NEXT_BOOT = "Applies at next boot";

    private SettingTexts() {
    }

    /** The setting's name as the panel labels it. */
    static String label(Setting setting) {
        return switch (setting) {
            case MEMORY -> "Memory";
            case VCPUS -> "vCPUs";
            case CPU -> "CPU model";
            case AUTOSTART -> "Autostart";
            case BOOT_ORDER -> "Boot order";
            case DESCRIPTION -> "Description";
            case FIRMWARE -> "Firmware";
            case RENAME -> "Name";
            default -> setting.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }

    /** The setting's value as the VM boots next. */
    static String value(Setting setting, VmSettings settings) {
        return switch (setting) {
            case MEMORY -> Formats.kib(settings.memoryKiB()) + ", maximum " + Formats.kib(settings.maxMemoryKiB());
            case VCPUS -> settings.vcpus() + ", maximum " + settings.maxVcpus();
            case CPU -> cpu(settings.cpu());
            case AUTOSTART -> settings.autostart() ? "Starts with its host" : "Does not start with its host";
            case BOOT_ORDER -> bootOrder(settings);
            case DESCRIPTION -> Formats.orDash(settings.description());
            case FIRMWARE -> firmware(settings.firmware());
            default -> "";
        };
    }

    /** "Applies now" where the provider changes it on the running VM, else "Applies at next boot". */
    static String when(Setting setting, VmSettings settings, boolean running) {
        return running && settings.live().contains(setting) ? NOW : NEXT_BOOT;
    }

    static String cpu(CpuModel cpu) {
        return switch (cpu.mode()) {
            case HOST_PASSTHROUGH -> "Host passthrough (the host's own CPU)";
            case HOST_MODEL -> "Host model (the nearest named model)";
            case NAMED -> cpu.model();
            case DEFAULT -> "Hypervisor default";
        };
    }

    static String firmware(Firmware firmware) {
        if (firmware == null) {
            return Formats.UNKNOWN;
        }
        return firmware == Firmware.UEFI ? "UEFI" : "BIOS";
    }

    static String bootOrder(VmSettings settings) {
        String enabled = settings.bootOrder().stream().filter(BootDevice::enabled).map(BootDevice::label)
                .collect(Collectors.joining(", "));
        return enabled.isEmpty() ? "No boot device" : enabled;
    }

    /** What a change did, whole: "Memory: 1 GiB → 2 GiB — applied now". */
    static String applied(Setting setting, Applied applied) {
        StringBuilder text = new StringBuilder(label(setting)).append(": ");
        if (!applied.before().isEmpty()) {
            text.append(applied.before()).append(" → ");
        }
        text.append(Formats.orDash(applied.after())).append(" — ");
        if (applied.live() && applied.nextBoot()) {
            text.append("applied now; the rest applies at next boot");
        } else if (applied.live()) {
            text.append("applied now");
        } else if (applied.nextBoot()) {
            text.append("applies at next boot");
        } else {
            text.append("saved");
        }
        return text.toString();
    }
}
