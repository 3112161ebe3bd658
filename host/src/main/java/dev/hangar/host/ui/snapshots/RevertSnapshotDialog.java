package dev.hangar.host.ui.snapshots;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.plugins.snapshot.Snapshot;

/** Confirms a revert, saying what is lost: the VM's present state, back to its current snapshot's time. */
final class RevertSnapshotDialog extends Dialog {

    /** @param current the snapshot the VM runs on top of now, or null */
    RevertSnapshotDialog(String vmName, Snapshot to, Snapshot current, Runnable onRevert) {
        addClassName("revert-snapshot-dialog");
        setHeaderTitle("Revert " + vmName + " to snapshot " + to.name() + "?");
        setWidth("min(34rem, 95vw)");
        Paragraph lost = new Paragraph(lost(vmName, to, current));
        lost.addClassName("revert-snapshot-summary");
        add(lost);
        Button confirm = new Button("Revert", e -> {
            onRevert.run();
            close();
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        confirm.addClassName("revert-snapshot-confirm");
        getFooter().add(new Button("Cancel", e -> close()), confirm);
    }

    static String lost(String vmName, Snapshot to, Snapshot current) {
        String since = current == null ? "everything on its disks that no snapshot holds"
                : "every change since snapshot " + current.name() + " (" + Formats.dateTime(current.createdAt())
                + ") that no snapshot holds";
        return "The disks" + (to.withMemory() ? " and memory" : "") + " of " + vmName + " go back to "
                + Formats.dateTime(to.createdAt()) + ": " + since + " is lost. Afterwards the VM is "
                + ("running".equals(to.vmState()) ? "running" : to.vmState().equals("shutoff") ? "shut off" : to.vmState())
                + ", as it was then.";
    }
}
