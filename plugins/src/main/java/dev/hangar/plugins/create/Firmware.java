package dev.hangar.plugins.create;

/** What a VM boots with: legacy BIOS (SeaBIOS) or UEFI (OVMF where the host has it). */
public enum Firmware {
    BIOS, UEFI
}
