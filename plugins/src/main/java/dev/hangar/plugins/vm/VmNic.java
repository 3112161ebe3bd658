package dev.hangar.plugins.vm;

/**
 * One network interface of a VM. Optional parts are null when unknown.
 *
 * @param type      {@code network}, {@code bridge}, {@code direct}, {@code user}, …
 * @param source    the network, bridge or host device it attaches to
 * @param model     the emulated model ({@code virtio}, {@code e1000e}, …)
 * @param mac       its MAC address
 * @param linkState {@code up} or {@code down}
 * @param target    the host-side device name ({@code vnet3}) while running
 */
public record VmNic(String type, String source, String model, String mac, String linkState, String target) {
}
