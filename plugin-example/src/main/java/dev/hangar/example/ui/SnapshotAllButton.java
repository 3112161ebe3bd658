package dev.hangar.example.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.hangar.plugins.ui.ExportedComponents;
import dev.hangar.plugins.ui.VmContext;
import dev.hangar.plugins.vm.VmDisk;
import dev.hangar.store.Thunk;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * The disk action "Snapshot all disks": asks for confirmation, then dispatches the provider's thunk
 * (it runs on the store's executor, never on the UI thread) and tells how it went.
 */
public final class SnapshotAllButton extends Button {
    private final VmContext vm;
    private final ExportedComponents components;
    private final Thunk<Void> snapshot;

    // tag::action[]
    public SnapshotAllButton(VmContext vm, ExportedComponents components, Thunk<Void> snapshot) {
        super("Snapshot all disks", VaadinIcon.CAMERA.create());
        this.vm = vm;
        this.components = components;
        this.snapshot = snapshot;
        List<String> targets = vm.vm().disks().stream().map(VmDisk::target).toList();
        setEnabled(!targets.isEmpty());
        addClassName("example-snapshot-all");
        addClickListener(click -> components.confirm("Snapshot all disks",
                "Take a snapshot of " + String.join(", ", targets) + " of '" + vm.vm().name() + "'?",
                "Snapshot", this::take));
    }

    private void take() {
        UI ui = UI.getCurrent();
        setEnabled(false);
        vm.store().dispatch(snapshot).whenComplete((done, error) -> ui.access(() -> {
            setEnabled(true);
            if (error == null) {
                components.notify("Snapshot of '" + vm.vm().name() + "' taken", false);
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                components.notify("Snapshot of '" + vm.vm().name() + "' failed: " + cause.getMessage(), true);
            }
        }));
    }
    // end::action[]
}
