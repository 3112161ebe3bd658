package dev.hangar.example.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.hangar.plugins.ui.ExportedComponents;
import dev.hangar.plugins.ui.VmContext;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.VmDisk;
import dev.hangar.store.Thunk;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * The disk action "Snapshot all disks": asks for confirmation, then runs the provider's action
 * through the host ({@link VmContext#run}: the role check, the VM's busy marker and the audit are the
 * host's), and tells how it went. Shown only to users whose role may run it.
 */
public final class SnapshotAllButton extends Button {
    private final VmContext vm;
    private final ExportedComponents components;
    private final ProviderAction action;
    private final Thunk<Void> snapshot;
    private final List<String> targets;

    // tag::action[]
    public SnapshotAllButton(VmContext vm, ExportedComponents components, ProviderAction action, Thunk<Void> snapshot) {
        super(action.label(), VaadinIcon.CAMERA.create());
        this.vm = vm;
        this.components = components;
        this.action = action;
        this.snapshot = snapshot;
        this.targets = vm.vm().disks().stream().map(VmDisk::target).toList();
        // Hints for the UI only: the host checks the role and the predicate again when the action runs.
        setVisible(vm.may(action));
        setEnabled(action.availableOn(vm.vm()));
        addClassName("example-snapshot-all");
        addClickListener(click -> components.confirm(action,
                "Take a snapshot of " + String.join(", ", targets) + " of '" + vm.vm().name() + "'?", this::take));
    }

    private void take() {
        UI ui = UI.getCurrent();
        setEnabled(false);
        vm.run(action, Map.of("disks", targets), snapshot).whenComplete((done, error) -> ui.access(() -> {
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
