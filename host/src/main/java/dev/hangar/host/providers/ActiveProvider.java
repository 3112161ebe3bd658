package dev.hangar.host.providers;

import dev.hangar.host.state.ProviderLane;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.vm.VmStateInfo;
import dev.hangar.plugins.vm.VmStates;
import java.util.Map;

/**
 * A provider the host has activated: the extension, the plugin it came from, its state map merged
 * over the built-in one (read once, so a view never calls the plugin for it), and its lane onto the
 * store, which its context hands it and on which the host runs its thunks.
 */
public record ActiveProvider(String name, String pluginId, VirtProvider provider, Map<String, VmStateInfo> states,
                             ProviderLane lane) {

    /** How this provider's VMs in that state are shown. */
    public VmStateInfo stateInfo(String state) {
        return VmStates.info(states, state);
    }
}
