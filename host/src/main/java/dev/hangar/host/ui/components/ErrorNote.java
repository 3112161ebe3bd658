package dev.hangar.host.ui.components;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.hangar.plugins.vm.VmError;

/**
 * A VM's last failed action on its page: what failed and when, and the provider's whole message,
 * wrapped (never cut off), until the VM's next success or until someone dismisses it. All text is
 * set as text.
 */
public final class ErrorNote extends Div {
    private ErrorNote(VmError error, Runnable dismiss) {
        addClassName("vm-error-note");
        getElement().setAttribute("role", "alert");
        Span title = new Span(title(error));
        title.addClassName("vm-error-title");
        Span when = new Span("at " + Formats.time(error.at()));
        when.addClassName("vm-error-time");
        Div heading = new Div(VaadinIcon.EXCLAMATION_CIRCLE_O.create(), title, when);
        heading.addClassName("vm-error-heading");
        Div message = new Div();
        message.setText(error.message());
        message.addClassName("vm-error-message");
        Div body = new Div(heading, message);
        body.addClassName("vm-error-body");
        add(body);
        if (dismiss != null) {
            Button close = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> dismiss.run());
            close.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ICON, ButtonVariant.LUMO_SMALL);
            close.addClassName("vm-error-dismiss");
            close.setAriaLabel("Dismiss this message");
            close.setTooltipText("Dismiss this message (for everyone)");
            add(close);
        }
    }

    /**
     * @param dismiss what the dismiss button does, or null to show none (the user may not dismiss it)
     */
    public static ErrorNote of(VmError error, Runnable dismiss) {
        return new ErrorNote(error, dismiss);
    }

    /** What failed: "Pause failed". */
    public static String title(VmError error) {
        return (error.operation() == null ? "Action" : error.operation().label()) + " failed";
    }

    /** The whole note as one line: "Pause failed: " and the provider's message. */
    public static String text(VmError error) {
        return title(error) + ": " + error.message();
    }
}
