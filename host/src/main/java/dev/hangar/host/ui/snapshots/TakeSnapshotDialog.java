package dev.hangar.host.ui.snapshots;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.hangar.plugins.snapshot.Snapshot;
import dev.hangar.plugins.snapshot.SnapshotList;
import dev.hangar.plugins.snapshot.SnapshotSpec;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

/** Asks for a new snapshot's name, description and (for a running VM where possible) its memory. */
final class TakeSnapshotDialog extends Dialog {
    private static final DateTimeFormatter SUGGESTED = DateTimeFormatter.ofPattern("'snapshot-'yyyyMMdd-HHmmss");

    private final TextField name = new TextField("Name");
    private final TextArea description = new TextArea("Description");
    private final Checkbox memory = new Checkbox("Include the guest's memory (it resumes where it was after a revert)");
    private final Button confirm = new Button("Take snapshot");
    private final SnapshotList list;

    TakeSnapshotDialog(String vmName, SnapshotList list, boolean running, Consumer<SnapshotSpec> onTake) {
        this.list = list;
        addClassName("take-snapshot-dialog");
        setHeaderTitle("Take a snapshot of " + vmName);
        setWidth("min(32rem, 95vw)");
        name.addClassName("take-snapshot-name");
        name.setWidthFull();
        name.setValue(LocalDateTime.now().format(SUGGESTED));
        name.setValueChangeMode(com.vaadin.flow.data.value.ValueChangeMode.EAGER);
        name.addValueChangeListener(e -> check());
        description.addClassName("take-snapshot-description");
        description.setWidthFull();
        memory.addClassName("take-snapshot-memory");
        memory.setValue(list.memory());
        memory.setVisible(list.memory());
        VerticalLayout body = new VerticalLayout(name, description, memory);
        body.setPadding(false);
        if (running && !list.memory()) {
            body.add(new Paragraph("The VM is running: this snapshot holds its disks only."));
        }
        add(body);
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        confirm.addClassName("take-snapshot-confirm");
        confirm.addClickListener(e -> {
            onTake.accept(new SnapshotSpec(name.getValue().strip(), description.getValue(), memory.getValue()));
            close();
        });
        getFooter().add(new Button("Cancel", e -> close()), confirm);
        check();
    }

    private void check() {
        String wanted = name.getValue().strip();
        String problem = wanted.isEmpty() ? "A snapshot needs a name."
                : list.snapshots().stream().map(Snapshot::name).anyMatch(wanted::equals)
                ? "This VM has a snapshot named '" + wanted + "' already." : null;
        name.setInvalid(problem != null);
        name.setErrorMessage(problem);
        confirm.setEnabled(problem == null);
    }
}
