package dev.hangar.host.providers;

import dev.hangar.plugins.vm.VmStateInfo;
import dev.hangar.plugins.vm.VmStates;
import java.util.Map;

/**
 * A provider the host has activated: the extension behind the host's guard (with its lane onto the
 * store, which its context hands it and on which the host runs its thunks), the plugin it came from,
 * and its state map merged over the built-in one (read once, so a view never calls the plugin for it).
 */
public record ActiveProvider(String name, String pluginId, GuardedProvider provider, Map<String, VmStateInfo> states) {

    /** How this provider's VMs in that state are shown. */
    public VmStateInfo stateInfo(String state) {
        return VmStates.info(states, state);
    }
}
