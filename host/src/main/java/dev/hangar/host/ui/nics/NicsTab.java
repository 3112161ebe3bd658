package dev.hangar.host.ui.nics;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmNic;
import java.util.List;
import java.util.function.Function;

/** A VM's network interfaces. */
public final class NicsTab extends VerticalLayout {
    private final Grid<VmNic> grid = new Grid<>();
    private List<VmNic> shown;

    public NicsTab() {
        addClassName("nics-tab");
        setPadding(false);
        grid.addClassName("nic-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("This VM has no network interfaces.");
        column("Type", VmNic::type);
        column("Source", VmNic::source);
        column("Model", VmNic::model);
        column("MAC address", VmNic::mac);
        column("Link state", VmNic::linkState);
        column("Host device", VmNic::target);
        add(grid);
    }

    public void show(Vm vm) {
        if (!vm.nics().equals(shown)) {
            shown = vm.nics();
            grid.setItems(shown);
        }
    }

    private void column(String title, Function<VmNic, String> value) {
        grid.addColumn(nic -> Formats.orDash(value.apply(nic))).setHeader(title).setAutoWidth(true)
                .setKey(title.toLowerCase().replace(' ', '-'));
    }
}
