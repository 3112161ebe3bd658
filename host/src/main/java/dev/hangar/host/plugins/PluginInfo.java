package dev.hangar.host.plugins;

import dev.hangar.host.state.ProviderStatus;
import java.nio.file.Path;
import java.util.List;

/**
 * One row of the Plugins page: a plugin JAR of the plugins folder and what became of it.
 *
 * @param id        its Plugin-Id; null only for a JAR whose manifest could not be read
 * @param version   its Plugin-Version, or null when unknown
 * @param state     what it is doing now
 * @param providers the providers it contributed, with their own state and failure
 * @param requires  its Plugin-Requires (the API versions it accepts), or null when it gives none
 * @param path      its JAR
 * @param vendor    its Plugin-Provider (who made it), or null
 * @param description its Plugin-Description (one line), or null
 * @param error     what went wrong, in words for an operator; null when nothing did
 * @param note      why it is in its state when that is no problem (switched off on purpose), or null
 * @param problems  recent failures of its UI contributions (a tab or disk column that threw), newest last
 */
public record PluginInfo(String id, String version, State state, List<ProviderStatus> providers, String requires,
                         Path path, String vendor, String description, String error, String note,
                         List<String> problems) {

    public PluginInfo {
        providers = List.copyOf(providers);
        problems = List.copyOf(problems);
    }

    /** What a plugin is doing. */
    public enum State {
        /** Started; a provider's {@code init} still runs. */
        STARTING,
        /** Started, and every provider is active. */
        ACTIVE,
        /**
         * It could not be loaded or started, an extension or provider of it failed, it was disabled for
         * what its code did, or it is quarantined ({@link #error()} says which).
         */
        FAILED,
        /**
         * Loaded but not started: on purpose ({@link #note()}: by configuration or the plugins folder's
         * disabled.txt), or because its Plugin-Requires does not accept this host ({@link #error()}).
         */
        DISABLED,
        /** Loaded but stopped. */
        STOPPED,
        /** Unloaded by an administrator; its JAR is still in the folder, and reload brings it back. */
        UNLOADED
    }
}
