package dev.hangar.host.ui.configure;

import dev.hangar.host.ui.components.Formats;
import dev.hangar.plugins.configure.VmSettings;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The checks the forms make before they ask the provider, which checks again: memory and vCPUs
 * against their maximum and the host's, and a VM's new name. Each returns a message for people, or
 * null when the value is fine.
 */
final class Limits {
    /** Names the page accepts: what virsh, file names and URLs all take without quoting. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    static final int NAME_MAX = 64;

    private Limits() {
    }

    static String memory(Long memoryMiB, Long maxMemoryMiB, VmSettings settings) {
        if (memoryMiB == null || memoryMiB < 1) {
            return "Memory must be at least 1 MiB.";
        }
        if (maxMemoryMiB == null || maxMemoryMiB < 1) {
            return "The maximum must be at least 1 MiB.";
        }
        if (memoryMiB > maxMemoryMiB) {
            return "Memory (" + Formats.kib(memoryMiB * 1024) + ") cannot be more than its maximum ("
                    + Formats.kib(maxMemoryMiB * 1024) + ").";
        }
        if (settings.hostMemoryKiB() > 0 && maxMemoryMiB * 1024 > settings.hostMemoryKiB()) {
            return "The host has " + Formats.kib(settings.hostMemoryKiB()) + " of memory; a maximum of "
                    + Formats.kib(maxMemoryMiB * 1024) + " is too much.";
        }
        return null;
    }

    static String vcpus(Integer vcpus, Integer maxVcpus, VmSettings settings) {
        if (vcpus == null || vcpus < 1) {
            return "A VM needs at least 1 vCPU.";
        }
        if (maxVcpus == null || maxVcpus < 1) {
            return "The maximum must be at least 1 vCPU.";
        }
        if (vcpus > maxVcpus) {
            return vcpus + " vCPUs cannot be more than the maximum (" + maxVcpus + ").";
        }
        if (settings.hostMaxVcpus() > 0 && maxVcpus > settings.hostMaxVcpus()) {
            return "The host allows at most " + settings.hostMaxVcpus() + " vCPUs per VM; a maximum of "
                    + maxVcpus + " is too many.";
        }
        return null;
    }

    /**
     * @param current the VM's name now
     * @param taken   whether a VM of that name exists on the VM's connection
     */
    static String name(String name, String current, Predicate<String> taken) {
        if (name == null || name.isBlank()) {
            return "Give the VM a name.";
        }
        if (name.length() > NAME_MAX) {
            return "A name has at most " + NAME_MAX + " characters; this one has " + name.length() + ".";
        }
        if (!NAME.matcher(name).matches()) {
            return "Use letters, digits, '.', '-' and '_' only, starting with a letter or digit.";
        }
        if (name.equals(current)) {
            return "That is the VM's name already.";
        }
        if (taken.test(name)) {
            return "A VM named '" + name + "' exists on this connection.";
        }
        return null;
    }
}
