package dev.hangar.host.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.hangar.host.Hangar;
import dev.hangar.plugins.state.VmsState;
import dev.hangar.plugins.vm.Vm;
import io.reactivex.rxjava3.disposables.Disposable;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The list of every VM of every active provider. Renders from the store only. */
@Route("")
@PageTitle("Virtual machines — Hangar")
public class VmListView extends VerticalLayout {
    private final Grid<Vm> grid = new Grid<>();
    private final Paragraph empty = new Paragraph();
    private Disposable subscription;

    public VmListView() {
        add(new H2("Virtual machines"), empty, grid);
        grid.addColumn(vm -> vm.ref().name()).setHeader("Name").setSortable(true);
        grid.addColumn(vm -> vm.ref().connection()).setHeader("Connection");
        grid.addColumn(Vm::state).setHeader("State");
        setSizeFull();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        Hangar hangar = Hangar.current();
        subscription = hangar.store().select(s -> s.get(VmsState.BRANCH, VmsState.class))
                .throttleLatest(100, TimeUnit.MILLISECONDS, true)
                .subscribe(state -> ui.access(() -> show(state)));
    }

    @Override
    protected void onDetach(DetachEvent event) {
        subscription.dispose();
    }

    private void show(VmsState state) {
        List<Vm> vms = state.vms().values().stream().sorted(Comparator.comparing(Vm::name)).toList();
        grid.setItems(vms);
        empty.setText(state.providers().isEmpty() ? "No provider is loaded: put a provider plugin into the plugins folder." : "");
        empty.setVisible(state.providers().isEmpty());
    }
}
