package dev.hangar.host.ui.snapshots;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.hangar.plugins.snapshot.Snapshot;
import java.util.function.Consumer;

/** Confirms deleting a snapshot, and asks whether those taken on top of it go too (not unless ticked). */
final class DeleteSnapshotDialog extends Dialog {

    DeleteSnapshotDialog(String vmName, Snapshot snapshot, int descendants, boolean hasChildren,
                         Consumer<Boolean> onDelete) {
        addClassName("delete-snapshot-dialog");
        setHeaderTitle("Delete snapshot " + snapshot.name() + " of " + vmName + "?");
        setWidth("min(32rem, 95vw)");
        Paragraph summary = new Paragraph();
        summary.addClassName("delete-snapshot-summary");
        Checkbox children = new Checkbox("Also delete the " + descendants + " snapshot" + (descendants == 1 ? "" : "s")
                + " taken on top of it");
        children.addClassName("delete-snapshot-children");
        children.setVisible(hasChildren);
        Runnable update = () -> summary.setText("The VM itself does not change; "
                + (children.getValue() ? snapshot.name() + " and the " + descendants + " taken on top of it are"
                : snapshot.name() + " is") + " gone for good" + (hasChildren && !children.getValue()
                ? " (those taken on top of it stay)." : "."));
        children.addValueChangeListener(e -> update.run());
        update.run();
        VerticalLayout body = new VerticalLayout(children, summary);
        body.setPadding(false);
        add(body);
        Button confirm = new Button("Delete", e -> {
            onDelete.accept(children.getValue());
            close();
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        confirm.addClassName("delete-snapshot-confirm");
        getFooter().add(new Button("Cancel", e -> close()), confirm);
    }
}
