package dev.hangar.host.ui.pluginspage;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.hangar.host.Hangar;
import dev.hangar.host.ui.MainLayout;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.host.ui.components.Live;
import dev.hangar.plugins.state.ProviderStatus;
import dev.hangar.plugins.state.VmsState;
import java.util.Comparator;

/** The plugins and their providers, with what went wrong where something did. */
@Route(value = "plugins", layout = MainLayout.class)
@PageTitle("Plugins — Hangar")
public class PluginsView extends VerticalLayout {
    private final Grid<ProviderStatus> providers = new Grid<>();

    public PluginsView() {
        addClassName("plugins-page");
        setSizeFull();
        providers.addClassName("provider-grid");
        providers.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        providers.addColumn(ProviderStatus::provider).setHeader("Provider").setKey("provider").setSortable(true);
        providers.addColumn(p -> Formats.orDash(p.pluginId())).setHeader("Plugin").setKey("plugin").setSortable(true);
        providers.addColumn(new ComponentRenderer<>(p -> {
            Span state = new Span(p.state().name().toLowerCase());
            state.getElement().getThemeList().add(switch (p.state()) {
                case ACTIVE -> "badge success";
                case STARTING -> "badge";
                case FAILED -> "badge error";
            });
            return state;
        })).setHeader("State").setKey("state");
        providers.addColumn(p -> Formats.orDash(p.message())).setHeader("Error").setKey("error").setFlexGrow(3);
        providers.setAllRowsVisible(true);
        providers.setEmptyStateText("No provider has been found.");
        add(new H2("Providers"), providers);
        Live.bind(this, Hangar.current().store().select(s -> s.get(VmsState.BRANCH, VmsState.class).providers()),
                statuses -> providers.setItems(statuses.values().stream()
                        .sorted(Comparator.comparing(ProviderStatus::provider)).toList()));
    }
}
