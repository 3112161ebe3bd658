package dev.hangar.example.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.hangar.example.ExampleProvider;
import dev.hangar.example.history.History;
import dev.hangar.example.history.Operation;
import dev.hangar.plugins.state.VmsView;
import dev.hangar.plugins.ui.ExportedComponents;
import dev.hangar.plugins.ui.VmContext;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmUsage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * The "Operations" subtab: the machine's state and CPU, and what the engine did with it, newest
 * first, rendered from the provider's branch and kept live through {@link VmContext#onUi}.
 */
public final class OperationsTab extends VerticalLayout {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final ExportedComponents components;
    private final Div state = new Div();
    private final Div cpu = new Div();
    private final Grid<Operation> operations = new Grid<>();

    // tag::tab[]
    public OperationsTab(VmContext vm, ExportedComponents components) {
        this.components = components;
        VmRef ref = vm.vm().ref();
        addClassName("example-operations");
        operations.addColumn(op -> TIME.format(Instant.ofEpochMilli(op.at()))).setHeader("Time").setAutoWidth(true).setFlexGrow(0);
        operations.addColumn(Operation::text).setHeader("Operation");
        operations.addColumn(op -> op.failed() ? "failed" : "").setHeader("Outcome").setAutoWidth(true).setFlexGrow(0);
        operations.addThemeVariants(GridVariant.LUMO_COMPACT);
        operations.setAllRowsVisible(true);
        add(new HorizontalLayout(state, cpu), operations);

        vm.onUi(vm.select(s -> s.find(ExampleProvider.NAME, History.class).orElse(History.EMPTY)),
                history -> operations.setItems(history.of(ref.id())));
        // The host's VMs, read through the API's view of its branch.
        vm.onUi(vm.select(s -> VmsView.of(s).vm(ref), Objects::equals), current -> current.ifPresent(this::showState));
        vm.onUi(vm.select(s -> VmsView.of(s).usage(ref), Objects::equals), usage -> usage.ifPresent(this::showCpu));
    }
    // end::tab[]

    private void showState(Vm vm) {
        state.removeAll();
        state.add(components.stateBadge(vm));
    }

    private void showCpu(VmUsage usage) {
        cpu.removeAll();
        if (usage.cpuKnown()) {
            Component bar = components.usageBar(usage.cpuPercent() / 100, String.format("CPU %.0f %%", usage.cpuPercent()));
            cpu.add(bar);
        }
    }
}
