package dev.hangar.host.providers;

import dev.hangar.plugins.ProviderContext;
import dev.hangar.plugins.ProviderStore;
import dev.hangar.plugins.ui.ExportedComponents;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** The context the host gives each provider: its own lane onto the store, never the store itself. */
record HostProviderContext(ProviderStore store, ExportedComponents components, String pluginId,
                           Function<String, List<String>> options, Path dataDir) implements ProviderContext {

    @Override
    public List<String> option(String name) {
        return options.apply(name);
    }
}
