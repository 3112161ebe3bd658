package dev.hangar.plugins;

import java.util.Objects;

/**
 * A provider dispatched an action its {@link ProviderStore} does not let through: one about another
 * provider's VMs or connections, or one of the host's own. Nothing changed. The message names the
 * provider, the action and why; the host logs it once per provider and action type.
 */
public final class ActionRefusedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String provider;
    private final String action;

    /**
     * @param provider the provider whose lane refused it
     * @param action   the action's type ({@code VmsReplaced})
     * @param why      what is wrong, for the message ("it replaces the VMs of provider 'libvirt'")
     */
    public ActionRefusedException(String provider, String action, String why) {
        super("Provider '" + provider + "' may not dispatch " + action + ": " + why);
        this.provider = Objects.requireNonNull(provider, "provider");
        this.action = Objects.requireNonNull(action, "action");
    }

    /** The provider whose lane refused the action. */
    public String provider() {
        return provider;
    }

    /** The refused action's type, its simple class name. */
    public String action() {
        return action;
    }
}
