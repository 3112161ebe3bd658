package dev.hangar.host.ui.vmdetails;

import com.vaadin.flow.component.html.Div;
import dev.hangar.host.plugins.PluginService;
import dev.hangar.host.ui.components.Guarded;
import dev.hangar.plugins.ui.VmContext;
import dev.hangar.plugins.ui.VmTab;
import java.util.function.Supplier;

/** The content of a provider's tab, made by its factory the first time the tab is opened. */
final class ProviderTab extends Div {
    private final PluginService plugins;
    private final String provider;
    private final VmTab tab;
    private final Supplier<VmContext> context;
    private boolean built;

    ProviderTab(PluginService plugins, String provider, VmTab tab, Supplier<VmContext> context) {
        this.plugins = plugins;
        this.provider = provider;
        this.tab = tab;
        this.context = context;
        addClassName("provider-tab-content");
    }

    void build() {
        if (built) {
            return;
        }
        built = true;
        add(Guarded.component(plugins, provider, "tab '" + tab.name() + "'", () -> tab.factory().apply(context.get())));
    }
}
