package dev.hangar.host.ui.configure;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.hangar.host.providers.Guard;
import dev.hangar.plugins.configure.Applied;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmChange;
import java.util.Locale;

/**
 * A dialog that changes one setting: says whether the change applies now or at next boot, checks the
 * form, asks the provider through the host's command path, and shows a refusal or failure whole
 * below the form (the dialog stays open to fix it). Closes once the change was made; the panel then
 * shows how it was applied.
 */
abstract class SettingDialog extends Dialog {
    private final Setting setting;
    private final String vmName;
    private final Changes changes;
    private final Div problem = new Div();
    private final Button save = new Button("Save");

    /** What the panel does with the changes its dialogs ask for. */
    interface Changes {
        /** Runs the change as the page's user; completes with how it was applied. */
        java.util.concurrent.CompletionStage<Applied> run(VmChange change);

        /** Called on the UI thread once a change was made. */
        void applied(VmChange change, Applied applied);
    }

    /** @param when whether it applies now or at next boot, as the person reads it first */
    SettingDialog(Setting setting, String vmName, String when, Changes changes) {
        this.setting = setting;
        this.vmName = vmName;
        this.changes = changes;
        addClassName("setting-dialog");
        addClassName("setting-dialog-" + setting.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        setHeaderTitle(SettingTexts.label(setting) + " of " + vmName);
        setWidth("min(34rem, 95vw)");
        Paragraph note = new Paragraph(when);
        note.addClassName("setting-when");
        add(note);
        problem.addClassName("setting-problem");
        problem.getElement().setAttribute("role", "alert");
        problem.setVisible(false);
        problem.getStyle().set("color", "var(--lumo-error-text-color)").set("overflow-wrap", "anywhere")
                .set("white-space", "pre-wrap");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClassName("setting-save");
        save.addClickListener(e -> save());
        getFooter().add(new Button("Cancel", e -> close()), save);
    }

    /** Adds the form (subclasses call it last in their constructor), with the problem area below it. */
    protected final void form(Component... fields) {
        VerticalLayout form = new VerticalLayout(fields);
        form.setPadding(false);
        form.addClassName("setting-form");
        add(form, problem);
    }

    /** The change the form asks for, or null after {@link #problem(String)} said what is wrong. */
    protected abstract VmChange change();

    /** Shows what is wrong below the form, whole, as text. */
    protected final void problem(String message) {
        problem.setText(message);
        problem.setVisible(true);
    }

    /** Names the button that makes the change ("Save" unless said). */
    protected final void saveLabel(String label) {
        save.setText(label);
    }

    /** The message shown below the form, or null. */
    String problem() {
        return problem.isVisible() ? problem.getText() : null;
    }

    private void save() {
        problem.setVisible(false);
        VmChange change = change();
        if (change == null) {
            return;
        }
        save.setEnabled(false);
        UI ui = UI.getCurrent();
        changes.run(change).whenComplete((applied, failure) -> ui.access(() -> {
            save.setEnabled(true);
            if (failure != null) {
                problem(SettingTexts.label(setting) + " of " + vmName + " was not changed: " + Guard.message(failure));
                return;
            }
            close();
            changes.applied(change, applied);
        }));
    }
}
