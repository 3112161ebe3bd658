package dev.hangar.host.ui.dialogs;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmDisk;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Asks how to delete a VM: which of its disks' storage goes too (none unless ticked), whether to force
 * it off first (required while it runs), and says exactly what will be destroyed before the button
 * that does it.
 */
public final class DeleteDialog extends Dialog {
    private final Vm vm;
    private final boolean running;
    private final Checkbox forceOff = new Checkbox("Force off the VM first (it is running)");
    private final Map<String, Checkbox> storage = new LinkedHashMap<>();
    private final Paragraph summary = new Paragraph();
    private final Button delete = new Button("Delete");

    public DeleteDialog(Vm vm, boolean running, Consumer<DeleteOptions> onDelete) {
        this.vm = vm;
        this.running = running;
        addClassName("delete-dialog");
        setHeaderTitle("Delete VM " + vm.name() + "?");
        setWidth("min(40rem, 95vw)");
        VerticalLayout body = new VerticalLayout();
        body.setPadding(false);
        if (running) {
            forceOff.addClassName("delete-force-off");
            forceOff.addValueChangeListener(e -> update());
            body.add(forceOff);
        }
        List<VmDisk> deletable = vm.disks().stream().filter(d -> d.source() != null && !d.source().isBlank()).toList();
        if (deletable.isEmpty()) {
            body.add(new Paragraph("This VM has no disk with storage to delete."));
        } else {
            body.add(new H4("Also delete the storage of:"));
            Div disks = new Div();
            disks.addClassName("delete-disks");
            for (VmDisk disk : deletable) {
                Checkbox box = new Checkbox(diskLabel(disk));
                box.addClassName("delete-disk");
                box.getElement().setAttribute("data-target", disk.target());
                box.addValueChangeListener(e -> update());
                storage.put(disk.target(), box);
                disks.add(box);
            }
            body.add(disks);
        }
        summary.addClassName("delete-summary");
        summary.getElement().setAttribute("aria-live", "polite");
        body.add(summary);
        add(body);

        Button cancel = new Button("Cancel", e -> close());
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        delete.addClassName("delete-confirm");
        delete.addClickListener(e -> {
            onDelete.accept(options());
            close();
        });
        getFooter().add(cancel, delete);
        update();
    }

    /** What the Delete button dispatches, as the dialog stands. */
    public DeleteOptions options() {
        List<String> targets = new ArrayList<>();
        storage.forEach((target, box) -> {
            if (box.getValue()) {
                targets.add(target);
            }
        });
        return new DeleteOptions(running && forceOff.getValue(), targets);
    }

    /** The summary the person reads before confirming. */
    public String summary() {
        return summary.getText();
    }

    public boolean canConfirm() {
        return delete.isEnabled();
    }

    private void update() {
        boolean blocked = running && !forceOff.getValue();
        delete.setEnabled(!blocked);
        summary.setText(describe(blocked));
    }

    private String describe(boolean blocked) {
        StringBuilder text = new StringBuilder();
        if (blocked) {
            text.append("VM ").append(vm.name()).append(" is running: tick \"Force off the VM first\" to delete it. ");
        }
        text.append(running && !blocked ? "This forces off VM " + vm.name() + " at once, then deletes it"
                : "This deletes VM " + vm.name());
        List<String> destroyed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (VmDisk disk : vm.disks()) {
            Checkbox box = storage.get(disk.target());
            if (box == null) {
                continue;
            }
            (box.getValue() ? destroyed : kept).add(disk.target() + " (" + disk.source() + ")");
        }
        if (destroyed.isEmpty()) {
            text.append(" and keeps all of its storage.");
        } else {
            text.append(" and destroys the storage of ").append(String.join(", ", destroyed)).append('.');
            if (!kept.isEmpty()) {
                text.append(" Kept: ").append(String.join(", ", kept)).append('.');
            }
        }
        return text.append(" This cannot be undone.").toString();
    }

    private static String diskLabel(VmDisk disk) {
        String size = disk.capacity() == null ? "" : ", " + Formats.bytes(disk.capacity());
        return disk.target() + " — " + disk.source() + " (" + Formats.orDash(disk.device()) + size + ")";
    }
}
