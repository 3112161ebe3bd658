package dev.hangar.host.ui.disks;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.shared.Registration;
import dev.hangar.host.plugins.PluginService;
import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.host.ui.components.Guarded;
import dev.hangar.host.ui.components.Live;
import dev.hangar.plugins.ui.DiskColumn;
import dev.hangar.plugins.ui.VmContext;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmDisk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A VM's disks: the host's columns, the provider's disk columns at their index, and the provider's
 * disk actions above the table. Both get a {@link VmContext}, which reads the store and acts only
 * through the host's command path. A provider's text cell usually reads its own branch, which changes
 * without the VM: while the table is shown, the cells are drawn again whenever a text one would say
 * something else.
 */
public final class DisksTab extends VerticalLayout {
    private final PluginService plugins;
    private final Div actions = new Div();
    private final Div problems = new Div();
    private final Grid<VmDisk> grid = new Grid<>();
    private Vm vm;
    private ActiveProvider provider;
    private Supplier<VmContext> context;
    /** The provider's text cells as last drawn, by column and disk: what a state change is checked against. */
    private final Map<TextCell, String> drawn = new ConcurrentHashMap<>();
    private Registration watching;

    private record TextCell(DiskColumn column, String target) {
    }

    /** @param plugins where a contribution that fails is reported */
    public DisksTab(PluginService plugins) {
        this.plugins = plugins;
        addClassName("disks-tab");
        setPadding(false);
        actions.addClassName("disk-actions");
        problems.addClassName("disk-problems");
        grid.addClassName("disk-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("This VM has no disks.");
        add(problems, actions, grid);
        columns();
    }

    /** Shows the VM; the provider's actions are remade only when its disks changed. */
    public void show(Vm next) {
        if (next == vm) {
            return;
        }
        boolean disksChanged = vm == null || !vm.disks().equals(next.disks());
        vm = next;
        if (disksChanged) {
            grid.setItems(next.disks());
            diskActions();
        } else {
            grid.getDataProvider().refreshAll();
        }
    }

    /**
     * Takes the contributions of the VM's provider (null: none, e.g. after its plugin was unloaded).
     *
     * @param context a fresh context for each contributed component
     */
    public void contribute(ActiveProvider contributor, Supplier<VmContext> context) {
        this.provider = contributor;
        this.context = context;
        problems.removeAll();
        if (watching != null) {
            watching.remove();
            watching = null;
        }
        columns();
        diskActions();
        if (contributor != null) {
            watching = Live.bind(this, context.get().states(), state -> redrawStaleText());
        }
    }

    /** Draws the cells again when a provider's text cell now says something else than it shows. */
    private void redrawStaleText() {
        if (provider == null || vm == null) {
            return;
        }
        for (Map.Entry<TextCell, String> cell : drawn.entrySet()) {
            Object now = value(cell.getKey().column(), cell.getKey().target());
            if (!(now instanceof String text) || !text.equals(cell.getValue())) {
                grid.getDataProvider().refreshAll();
                return;
            }
        }
    }

    private void columns() {
        List<Consumer<Grid<VmDisk>>> columns = new ArrayList<>();
        columns.add(text("Target", VmDisk::target));
        columns.add(text("Device", VmDisk::device));
        columns.add(text("Bus", VmDisk::bus));
        columns.add(text("Source", VmDisk::source));
        columns.add(text("Format", VmDisk::format));
        columns.add(g -> g.addColumn(d -> Formats.bytes(d.capacity()) + " / " + Formats.bytes(d.allocation()))
                .setHeader("Capacity / allocation").setKey("capacity").setTextAlign(ColumnTextAlign.END));
        if (provider != null) {
            List<DiskColumn> extra = new ArrayList<>(Guarded.list(plugins, provider.name(), "disk columns",
                    () -> provider.provider().vmDiskColumns(), problems::add));
            extra.sort(Comparator.comparingInt(DiskColumn::index));
            for (DiskColumn column : extra) {
                int at = Math.max(0, Math.min(column.index(), columns.size()));
                columns.add(at, g -> g.addColumn(new ComponentRenderer<>(disk -> cell(column, disk)))
                        .setHeader(column.title()).addClassName("provider-column"));
            }
        }
        drawn.clear();
        grid.removeAllColumns();
        columns.forEach(c -> c.accept(grid));
    }

    private static Consumer<Grid<VmDisk>> text(String title, Function<VmDisk, String> value) {
        return g -> g.addColumn(d -> Formats.orDash(value.apply(d))).setHeader(title)
                .setKey(title.toLowerCase()).setAutoWidth(true);
    }

    private Component cell(DiskColumn column, VmDisk disk) {
        Object value = value(column, disk.target());
        TextCell key = new TextCell(column, disk.target());
        if (value instanceof Component component) {
            drawn.remove(key);
            return component;
        }
        String text = value == null ? "" : value.toString();
        drawn.put(key, text);
        return new Span(text);
    }

    /** What the provider's cell is now: a component, or anything else to show as text (null: nothing). */
    private Object value(DiskColumn column, String target) {
        Object value = Guarded.cell(plugins, provider.name(), "disk column '" + column.title() + "' for " + target,
                () -> column.value().of(context.get(), target));
        return value instanceof Component || value == null ? value : Objects.toString(value);
    }

    private void diskActions() {
        actions.removeAll();
        if (provider == null || vm == null) {
            actions.setVisible(false);
            return;
        }
        ActiveProvider contributor = provider;
        VmContext vmContext = context.get();
        List<Component> made = Guarded.list(plugins, contributor.name(), "disk actions",
                () -> contributor.provider().vmDiskActions(vmContext), actions::add);
        made.forEach(actions::add);
        actions.setVisible(actions.getComponentCount() > 0);
    }
}
