package dev.hangar.host.state;

import java.util.Objects;

/**
 * The life of one active provider as the host sees it.
 *
 * @param provider the provider's name
 * @param pluginId the plugin that contributed it
 * @param state    starting (its {@code init} runs), active, or failed
 * @param message  why it failed, or null
 */
public record ProviderStatus(String provider, String pluginId, State state, String message) {

    public enum State { STARTING, ACTIVE, FAILED }

    public ProviderStatus {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(state, "state");
    }
}
