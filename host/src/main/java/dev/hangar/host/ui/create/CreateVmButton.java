package dev.hangar.host.ui.create;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.hangar.host.create.CreationTarget;
import dev.hangar.host.security.Permission;
import dev.hangar.host.ui.components.Live;
import io.reactivex.rxjava3.core.Observable;
import java.util.List;

/**
 * The VM list's "Create VM" button, for who may create ({@link Permission#CREATE}; the host checks again
 * when it creates). It is disabled while no connection can make VMs, with a note beside it saying why
 * (a disabled button shows no tooltip).
 */
public final class CreateVmButton extends HorizontalLayout {
    static final String NO_TARGETS = "No connected provider can create VMs now";

    private final CreateServices services;
    private final Button button = new Button("Create VM", VaadinIcon.PLUS.create());
    private final Span note = new Span();

    /** @param changes when the connections may have changed (the store's VMs and the active providers) */
    public CreateVmButton(CreateServices services, Observable<?> changes) {
        this.services = services;
        addClassName("create-vm");
        setPadding(false);
        setAlignItems(FlexComponent.Alignment.BASELINE);
        button.addClassName("create-vm-button");
        button.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        button.addClickListener(e -> new CreateVmDialog(services).open());
        note.addClassName("create-vm-note");
        add(button, note);
        setVisible(services.access().may(Permission.CREATE));
        if (isVisible()) {
            update();
            Live.bind(this, changes, changed -> update());
        }
    }

    private void update() {
        List<CreationTarget> targets = services.creation().targets();
        button.setEnabled(!targets.isEmpty());
        note.setText(targets.isEmpty() ? NO_TARGETS : "");
        note.setVisible(targets.isEmpty());
    }

    public Button button() {
        return button;
    }

    /** Why the button is disabled, or "". */
    public String note() {
        return note.getText();
    }
}
