package dev.hangar.plugins.capability;

/**
 * The host behind each of the provider's connections, as its engine reports it: the host shows it on
 * the Overview of every VM of such a provider (which machine it runs on, its CPUs, memory and
 * versions).
 */
public interface HostInformation extends Capability {

    /**
     * Reads the host of {@code connection} (one of this provider's, as in {@code VmRef.connection()})
     * now. Called on a host thread, bounded by the plugin call timeout: it may block on the engine.
     *
     * @throws Exception with a message for people when it cannot be read ("not connected")
     */
    HostInfo hostInfo(String connection) throws Exception;
}
