package dev.hangar.plugins;

import dev.hangar.plugins.state.VmActions;
import dev.hangar.plugins.ui.ExportedComponents;
import java.nio.file.Path;
import java.util.List;

/**
 * What the host hands a provider in {@link VirtProvider#init(ProviderContext)} (the seed's
 * {@code providerContext}). Vaadin, the other shared library, comes from the host's class loader.
 */
public interface ProviderContext {

    /**
     * This provider's lane onto the host's one store (shared by every provider and every browser tab):
     * it reads all state and dispatches only this provider's own updates, its own actions and thunks
     * (see {@link ProviderStore}). Adding or removing branches is the host's: it adds
     * {@link VirtProvider#branch()} under the provider's name.
     */
    ProviderStore store();

    /** The exported action creators. */
    default VmActions actions() {
        return VmActions.INSTANCE;
    }

    /** Factories for the host's own components, to reuse in tabs and disk actions. */
    ExportedComponents components();

    /** The id of the plugin that contributed this provider. */
    String pluginId();

    /**
     * The values of a configuration option: the command line's ({@code --libvirt-uri}, repeatable, or
     * {@code --option NAME=VALUE}) when it gives any, otherwise the configuration file's; never a mix of
     * both, so the first value of a single-valued option is the one that wins. Empty when not set.
     */
    List<String> option(String name);

    /** A folder of the host's data directory that belongs to this provider alone. */
    Path dataDir();
}
