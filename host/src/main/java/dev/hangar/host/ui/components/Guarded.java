package dev.hangar.host.ui.components;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.hangar.host.plugins.PluginService;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Calls plugin code that makes UI (tabs, disk columns, disk actions) through the plugin service's
 * guard, so that a failure stays where it happened (the tab, cell or strip says what went wrong, the
 * rest of the page works) and is listed with its plugin on the Plugins page. Callers pass the plugin
 * service of the application they were made with.
 */
public final class Guarded {
    private Guarded() {
    }

    /** The factory's component, or a box saying that {@code what} failed and why. */
    public static Component component(PluginService plugins, String provider, String what, Supplier<Component> factory) {
        return plugins.guard(provider, what, () -> {
            Component component = factory.get();
            if (component == null) {
                throw new IllegalStateException("it made no component");
            }
            return component;
        }, Guarded::failure);
    }

    /** The supplier's list, or empty after {@code onFailure} got a box saying why. */
    public static <T> List<T> list(PluginService plugins, String provider, String what, Supplier<List<T>> supplier,
            Consumer<Component> onFailure) {
        List<T> list = plugins.guard(provider, what, supplier, problem -> {
            onFailure.accept(failure(problem));
            return List.of();
        });
        return list == null ? List.of() : list;
    }

    /** A disk cell's value, or a short note that it failed (the full sentence is its tooltip). */
    public static Object cell(PluginService plugins, String provider, String what, Supplier<Object> value) {
        return plugins.guard(provider, what, value, problem -> {
            Span failed = new Span("failed");
            failed.addClassName("cell-error");
            failed.getElement().setAttribute("title", problem);
            return failed;
        });
    }

    /** A box that says what failed, as text. */
    public static Component failure(String problem) {
        Div box = new Div();
        box.addClassName("contribution-error");
        box.getElement().setAttribute("role", "alert");
        Span text = new Span(problem);
        box.add(VaadinIcon.WARNING.create(), text);
        return box;
    }
}
