package dev.hangar.host.ui.components;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.hangar.host.providers.Guard;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.Supplier;

/**
 * Calls plugin code that makes UI (tabs, disk columns, disk actions) so that a failure stays where
 * it happened: the tab, cell or strip shows what went wrong and the rest of the page works.
 */
public final class Guarded {
    private static final Logger LOG = System.getLogger(Guarded.class.getName());

    private Guarded() {
    }

    /** The factory's component, or a box saying that {@code what} failed and why. */
    public static Component component(String what, Supplier<Component> factory) {
        try {
            Component component = factory.get();
            if (component == null) {
                throw new IllegalStateException("it made no component");
            }
            return component;
        } catch (RuntimeException | LinkageError e) {
            return failure(what, e);
        }
    }

    /** The supplier's list, or empty after {@code onFailure} got a box saying why. */
    public static <T> List<T> list(String what, Supplier<List<T>> supplier, java.util.function.Consumer<Component> onFailure) {
        try {
            List<T> list = supplier.get();
            return list == null ? List.of() : list;
        } catch (RuntimeException | LinkageError e) {
            onFailure.accept(failure(what, e));
            return List.of();
        }
    }

    /** A box that says {@code what} failed, with the plugin's message as text. */
    public static Component failure(String what, Throwable error) {
        LOG.log(Level.WARNING, what + " failed", error);
        Div box = new Div();
        box.addClassName("contribution-error");
        box.getElement().setAttribute("role", "alert");
        Span text = new Span(what + " failed: " + Guard.message(error));
        box.add(VaadinIcon.WARNING.create(), text);
        return box;
    }
}
