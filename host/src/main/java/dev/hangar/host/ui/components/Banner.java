package dev.hangar.host.ui.components;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;

/** A full-width message above a page's content; its text is always set as text. */
public final class Banner extends Div {

    /** How serious the message is; also its CSS class. */
    public enum Kind { INFO, WARNING, ERROR }

    public Banner(Kind kind, String text) {
        addClassNames("banner", "banner-" + kind.name().toLowerCase());
        getElement().setAttribute("role", kind == Kind.INFO ? "status" : "alert");
        VaadinIcon icon = switch (kind) {
            case INFO -> VaadinIcon.INFO_CIRCLE_O;
            case WARNING -> VaadinIcon.WARNING;
            case ERROR -> VaadinIcon.EXCLAMATION_CIRCLE_O;
        };
        Span message = new Span(text);
        message.addClassName("banner-text");
        add(icon.create(), message);
    }

    public String text() {
        return getChildren().filter(Span.class::isInstance).map(c -> ((Span) c).getText()).findFirst().orElse("");
    }
}
