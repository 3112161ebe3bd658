package dev.hangar.host.ui.components;

import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.hangar.plugins.vm.VmError;

/** A VM's last failed action, shown until its next success; the provider's message is set as text. */
public final class ErrorNote extends Span {

    private ErrorNote(String text) {
        addClassName("vm-error");
        Span message = new Span(text);
        message.addClassName("vm-error-text");
        add(VaadinIcon.EXCLAMATION_CIRCLE_O.create(), message);
        getElement().setAttribute("title", text);
    }

    public static ErrorNote of(VmError error) {
        return new ErrorNote(text(error));
    }

    /** What the note says: "Pause failed: " and the provider's message. */
    public static String text(VmError error) {
        return (error.verb() == null ? "Action" : error.verb().label()) + " failed: " + error.message();
    }
}
