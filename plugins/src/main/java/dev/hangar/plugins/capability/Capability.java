package dev.hangar.plugins.capability;

/**
 * A feature beyond the seed's verbs that a provider may have: its {@link dev.hangar.plugins.VirtProvider}
 * extension implements the feature's interface (which extends this one), and the host asks for it with
 * {@code instanceof} on that object, the one the plugin's {@code @Extension} made. Nothing to register:
 * a provider that does not implement an interface simply lacks the feature, and the host shows it only
 * for VMs whose provider has it.
 *
 * <p>The host calls a capability's methods the way it calls all plugin code: on a host thread of its
 * own, never a UI thread, bounded by {@code --option plugin-call-timeout}; an exception fails that one
 * call (its message is shown in words), an {@link Error} disables the provider. {@link HostInformation}
 * is the first; consoles, creation, configuration, storage, networks, snapshots and migration follow
 * in their own interfaces here.
 */
public interface Capability {
}
