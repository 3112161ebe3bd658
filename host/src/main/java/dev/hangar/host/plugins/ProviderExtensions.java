package dev.hangar.host.plugins;

import dev.hangar.plugins.VirtProvider;
import java.util.List;

/**
 * The providers a started plugin yielded, and what went wrong with the others.
 *
 * @param providers the created extensions
 * @param problems  one sentence per extension that could not be loaded or created
 */
public record ProviderExtensions(List<VirtProvider> providers, List<String> problems) {
    public ProviderExtensions {
        providers = List.copyOf(providers);
        problems = List.copyOf(problems);
    }
}
