package dev.hangar.host.ui.pluginspage;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.hangar.host.Hangar;
import dev.hangar.host.plugins.PluginInfo;
import dev.hangar.host.plugins.PluginService;
import dev.hangar.host.providers.Guard;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Permission;
import dev.hangar.host.state.ProviderStatus;
import dev.hangar.host.ui.components.HostComponents;
import dev.hangar.host.ui.MainLayout;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.host.ui.components.Live;
import java.util.Comparator;
import dev.hangar.host.ui.nav.Paths;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * Every plugin of the plugins folder: its id, version, state, providers and what went wrong. An
 * administrator can rescan the folder (new JARs load without a restart) and unload or reload a plugin;
 * open pages drop an unloaded provider's tabs, columns and actions as the registry announces it.
 */
@Route(value = Paths.PLUGINS, layout = MainLayout.class)
@PageTitle("Plugins — Hangar")
public class PluginsView extends VerticalLayout {
    private final PluginService plugins;
    private final Access access;
    private final Grid<PluginInfo> grid = new Grid<>();
    private final boolean manage;

    public PluginsView(Hangar hangar, Access access) {
        this.plugins = hangar.pluginService();
        this.access = access;
        this.manage = access.may(Permission.MANAGE_PLUGINS);
        addClassName("plugins-page");
        setSizeFull();
        H2 title = new H2("Plugins");
        title.addClassName("page-title");
        Paragraph folder = new Paragraph("Plugins folder: " + hangar.options().pluginsDir());
        folder.addClassName("plugins-folder");
        HorizontalLayout header = new HorizontalLayout(title);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        header.setWidthFull();
        if (manage) {
            Button rescan = new Button("Rescan plugins folder", VaadinIcon.REFRESH.create());
            rescan.addClassName("plugins-rescan");
            rescan.addClickListener(e -> act(rescan, "Rescan", (service, actor) -> service.rescan(actor)
                    .thenApply(result -> result.summary())));
            header.add(rescan);
        }
        configureGrid();
        add(header, folder, grid);
        setFlexGrow(1, grid);
        Live.bind(this, plugins.changes(), grid::setItems);
    }

    private void configureGrid() {
        grid.addClassName("plugin-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setEmptyStateText("The plugins folder holds no plugin.");
        grid.addColumn(new ComponentRenderer<>(PluginsView::about)).setHeader("Plugin").setKey("id")
                .setComparator(Comparator.comparing((PluginInfo p) -> Formats.orDash(p.id()))).setAutoWidth(true);
        grid.addColumn(p -> Formats.orDash(p.version())).setHeader("Version").setKey("version").setAutoWidth(true);
        grid.addColumn(new ComponentRenderer<>(PluginsView::stateBadge)).setHeader("State").setKey("state")
                .setAutoWidth(true);
        grid.addColumn(p -> p.providers().isEmpty() ? Formats.UNKNOWN : String.join(", ", p.providers().stream()
                .map(s -> s.provider() + " (" + s.state().name().toLowerCase() + ")").toList()))
                .setHeader("Providers").setKey("providers").setAutoWidth(true);
        grid.addColumn(new ComponentRenderer<>(PluginsView::problems)).setHeader("Problems").setKey("problems")
                .setFlexGrow(3);
        if (manage) {
            grid.addColumn(new ComponentRenderer<>(this::actions)).setHeader("Actions").setKey("actions").setAutoWidth(true);
        }
    }

    /** Its id, who made it (Plugin-Provider) and what it is (Plugin-Description), as text. */
    private static Component about(PluginInfo plugin) {
        Div box = new Div();
        box.addClassName("plugin-about");
        Span id = new Span(Formats.orDash(plugin.id()));
        id.addClassName("plugin-id");
        box.add(id);
        if (plugin.vendor() != null) {
            Span vendor = new Span("by " + plugin.vendor());
            vendor.addClassName("plugin-vendor");
            box.add(vendor);
        }
        if (plugin.description() != null) {
            Span description = new Span(plugin.description());
            description.addClassName("plugin-description");
            box.add(description);
        }
        return box;
    }

    private static Component stateBadge(PluginInfo plugin) {
        Span badge = new Span(plugin.state().name().toLowerCase());
        badge.addClassName("plugin-state");
        badge.getElement().getThemeList().add(switch (plugin.state()) {
            case ACTIVE -> "badge success";
            case FAILED -> "badge error";
            case STARTING -> "badge";
            case DISABLED, STOPPED, UNLOADED -> "badge contrast";
        });
        return badge;
    }

    /**
     * The plugin's error (which names its failed providers), other providers' messages and its code's
     * recent failures, as text; a plugin switched off on purpose gets a neutral note instead.
     */
    private static Component problems(PluginInfo plugin) {
        Div box = new Div();
        box.addClassName("plugin-problems");
        if (plugin.note() != null) {
            Span note = new Span(plugin.note());
            note.addClassName("plugin-note");
            box.add(note);
        }
        if (plugin.error() != null) {
            box.add(line(plugin.error()));
        }
        for (ProviderStatus provider : plugin.providers()) {
            if (provider.message() != null && provider.state() != ProviderStatus.State.FAILED) {
                box.add(line(provider.provider() + ": " + provider.message()));
            }
        }
        plugin.problems().forEach(problem -> box.add(line(problem)));
        return box;
    }

    private static Span line(String text) {
        Span line = new Span(text);
        line.addClassName("plugin-problem");
        return line;
    }

    private Component actions(PluginInfo plugin) {
        HorizontalLayout actions = new HorizontalLayout();
        actions.setSpacing(false);
        if (plugin.id() == null) {
            return actions;
        }
        Button reload = new Button("Reload");
        reload.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        reload.addClassName("plugin-reload");
        reload.addClickListener(e -> act(reload, "Reload of " + plugin.id(),
                (service, actor) -> service.reload(actor, plugin.id()).thenApply(v -> "Reloaded " + plugin.id())));
        actions.add(reload);
        if (plugin.state() != PluginInfo.State.UNLOADED) {
            Button unload = new Button("Unload");
            unload.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
            unload.addClassName("plugin-unload");
            unload.addClickListener(e -> HostComponents.confirmDialog("Unload plugin " + plugin.id() + "?",
                    "Its providers stop: their VMs, tabs, columns and actions leave every open page until it is "
                            + "reloaded. The VMs themselves keep running.",
                    "Unload", false, () -> act(unload, "Unload of " + plugin.id(),
                            (service, actor) -> service.unload(actor, plugin.id()).thenApply(v -> "Unloaded " + plugin.id()))).open());
            actions.add(unload);
        }
        return actions;
    }

    /** Runs a plugin operation off the UI thread and says how it went; the button waits meanwhile. */
    private void act(Button button, String what, BiFunction<PluginService, Actor, CompletionStage<String>> operation) {
        UI ui = getUI().orElseThrow();
        button.setEnabled(false);
        operation.apply(plugins, access.actor().orElse(null)).whenComplete((summary, error) -> ui.access(() -> {
            button.setEnabled(true);
            if (error != null) {
                HostComponents.toast(what + " failed: " + Guard.message(error), true);
            } else {
                HostComponents.toast(summary, false);
            }
        }));
    }

}
