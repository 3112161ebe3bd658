package dev.hangar.host.ui.devicechange;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import dev.hangar.plugins.configure.VmChange;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A dialog that asks for one device change: its fields, a line that says when it takes effect, and
 * a button that hands the change on once the fields make one (a field that does not says why beside
 * itself and the dialog stays open).
 */
public final class DeviceDialog extends Dialog {
    private final FormLayout form = new FormLayout();
    private final Paragraph hint = new Paragraph();
    private final Button confirm;

    /**
     * @param change  the change the fields make now, or null after marking what is wrong
     * @param onChange what to do with it (the dialog closes first)
     */
    public DeviceDialog(String title, String confirmLabel, Supplier<VmChange> change, Consumer<VmChange> onChange) {
        addClassName("device-dialog");
        setHeaderTitle(title);
        setWidth("min(36rem, 95vw)");
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        hint.addClassName("device-dialog-hint");
        hint.setVisible(false);
        add(form, hint);
        confirm = new Button(confirmLabel, e -> {
            VmChange made = change.get();
            if (made != null) {
                close();
                onChange.accept(made);
            }
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        confirm.addClassName("device-dialog-confirm");
        Button cancel = new Button("Cancel", e -> close());
        cancel.addClassName("device-dialog-cancel");
        getFooter().add(cancel, confirm);
    }

    /** Adds fields, one a row. */
    public DeviceDialog fields(Component... fields) {
        form.add(fields);
        return this;
    }

    /** Paints the button as a danger: the change takes something away. */
    public DeviceDialog danger() {
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR);
        return this;
    }

    /** Says when the change takes effect ("Applies at next boot."), as text. */
    public DeviceDialog hint(String text) {
        hint.setText(text);
        hint.setVisible(true);
        return this;
    }
}
