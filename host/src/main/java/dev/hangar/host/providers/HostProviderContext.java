package dev.hangar.host.providers;

import dev.hangar.plugins.ProviderContext;
import dev.hangar.plugins.ui.ExportedComponents;
import dev.hangar.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** The context the host gives each provider. */
record HostProviderContext(Store store, ExportedComponents components, String pluginId,
                           Function<String, List<String>> options, Path dataDir) implements ProviderContext {

    @Override
    public List<String> option(String name) {
        return options.apply(name);
    }
}
