package dev.hangar.host.ui.create;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.hangar.host.Hangar;
import dev.hangar.host.create.Creation;
import dev.hangar.host.create.CreationTarget;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.Permission;
import dev.hangar.host.state.VmsState;
import java.util.List;
import java.util.function.Supplier;

/**
 * The VM list's "Create VM" button, for who may create ({@link Permission#CREATE}; the host checks again
 * when it creates). It is disabled while no connection can make VMs, with a note beside it saying why
 * (a disabled button shows no tooltip).
 */
public final class CreateVmButton extends HorizontalLayout {
    static final String NO_TARGETS = "No connected provider can create VMs now";

    private final Creation creation;
    private final Button button = new Button("Create VM", VaadinIcon.PLUS.create());
    private final Span note = new Span();

    /** The list's button for this application and session. */
    public static CreateVmButton of(Hangar hangar, Access access) {
        // The OS database is asked for on the click: it may still be loading while the first pages render.
        return new CreateVmButton(access, hangar.creation(), () -> new CreateServices(hangar.creation(), hangar.osDatabase(),
                hangar.tasks(), () -> hangar.store().getState().get(VmsState.BRANCH, VmsState.class), access));
    }

    /** @param dialog what a new dialog works with, made on each click */
    public CreateVmButton(Access access, Creation creation, Supplier<CreateServices> dialog) {
        this.creation = creation;
        addClassName("create-vm");
        setPadding(false);
        setAlignItems(FlexComponent.Alignment.BASELINE);
        button.addClassName("create-vm-button");
        button.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        button.addClickListener(e -> new CreateVmDialog(dialog.get()).open());
        note.addClassName("create-vm-note");
        add(button, note);
        setVisible(access.may(Permission.CREATE));
        refresh();
    }

    /**
     * Enables or disables it for the connections there are now. The list calls it whenever it renders a
     * new state (connections come and go with it), so the button needs no subscription of its own.
     */
    public void refresh() {
        if (!isVisible()) {
            return;
        }
        List<CreationTarget> targets = creation.targets();
        button.setEnabled(!targets.isEmpty());
        button.setTooltipText(targets.isEmpty() ? NO_TARGETS : "Make a new VM on one of the connections");
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
