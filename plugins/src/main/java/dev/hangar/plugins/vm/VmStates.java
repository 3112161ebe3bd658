package dev.hangar.plugins.vm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The built-in VM states, named as libvirt and Cockpit Machines name them. A provider's
 * {@code vmStateMap()} is merged over these (its entries win), as the seed's
 * {@code Object.assign} did.
 */
public final class VmStates {
    public static final String RUNNING = "running";
    public static final String IDLE = "idle";
    public static final String PAUSED = "paused";
    public static final String SHUTDOWN = "shutdown";
    public static final String SHUT_OFF = "shut off";
    public static final String CRASHED = "crashed";
    public static final String DYING = "dying";
    public static final String PMSUSPENDED = "pmsuspended";
    public static final String BLOCKED = "blocked";
    public static final String UNKNOWN = "unknown";

    private static final Map<String, VmStateInfo> BUILT_IN = Map.ofEntries(
            Map.entry(RUNNING, new VmStateInfo("Running", "success", "play")),
            Map.entry(IDLE, new VmStateInfo("Idle", "success", "play")),
            Map.entry(BLOCKED, new VmStateInfo("Blocked", "warning", "hourglass")),
            Map.entry(PAUSED, new VmStateInfo("Paused", "warning", "pause")),
            Map.entry(SHUTDOWN, new VmStateInfo("Shutting down", "warning", "hourglass")),
            Map.entry(SHUT_OFF, new VmStateInfo("Shut off", "contrast", "power-off")),
            Map.entry(CRASHED, new VmStateInfo("Crashed", "error", "warning")),
            Map.entry(DYING, new VmStateInfo("Dying", "error", "warning")),
            Map.entry(PMSUSPENDED, new VmStateInfo("Suspended (PM)", "warning", "moon-o")),
            Map.entry(UNKNOWN, new VmStateInfo("Unknown", "contrast", "question")));

    private VmStates() {
    }

    public static Map<String, VmStateInfo> builtIn() {
        return BUILT_IN;
    }

    /** The built-in states with the provider's entries over them. */
    public static Map<String, VmStateInfo> merge(Map<String, VmStateInfo> providerStates) {
        Map<String, VmStateInfo> merged = new LinkedHashMap<>(BUILT_IN);
        merged.putAll(providerStates);
        return Map.copyOf(merged);
    }

    /** How to show a state; a state nobody declared is shown under its own name. */
    public static VmStateInfo info(Map<String, VmStateInfo> states, String state) {
        VmStateInfo info = states.get(state);
        return info != null ? info : new VmStateInfo(state, "contrast", "question");
    }
}
