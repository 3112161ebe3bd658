package dev.hangar.host.providers;

import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.vm.VmVerb;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** Which verbs a provider allows in a state: its predicates, guarded against plugins that throw. */
public final class VmVerbs {
    private static final Logger LOG = System.getLogger(VmVerbs.class.getName());

    private VmVerbs() {
    }

    public static boolean allowed(VirtProvider provider, VmVerb verb, String state) {
        try {
            return switch (verb) {
                case START -> provider.canRun(state);
                case SHUTDOWN, FORCE_OFF -> provider.canShutdown(state);
                case REBOOT, FORCE_REBOOT -> provider.canReset(state);
                case SEND_NMI -> provider.canSendNMI(state);
                case PAUSE -> provider.canPause(state);
                case RESUME -> provider.canResume(state);
                case DELETE -> provider.canDelete(state);
            };
        } catch (Throwable e) {
            Guard.rethrowFatal(e);
            LOG.log(Level.WARNING, "predicate for " + verb + " of provider failed; the action is not offered", e);
            return false;
        }
    }
}
