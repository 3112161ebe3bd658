package dev.hangar.host.create;

/** A connection new VMs can be made on: a provider with {@code VmCreation} and one of its connected connections. */
public record CreationTarget(String provider, String connection, String label) {
}
