package dev.hangar.host.ui.devicechange;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One of a few ways to say something (a new volume, an existing one or a file; a virtual network or
 * a bridge): radio buttons, and below them only the fields of the way chosen.
 */
public final class Alternatives extends Div {
    private final RadioButtonGroup<String> choice = new RadioButtonGroup<>();
    private final Map<String, Component> fields = new LinkedHashMap<>();

    public Alternatives(String label) {
        addClassName("device-alternatives");
        choice.setLabel(label);
        choice.addValueChangeListener(e -> fields.forEach((option, part) -> part.setVisible(option.equals(e.getValue()))));
        add(choice);
    }

    /** Adds a way with its fields (none: {@code part} may be an empty Div); the first one added is chosen. */
    public Alternatives option(String option, Component part) {
        String chosen = fields.isEmpty() ? option : choice.getValue();
        fields.put(option, part);
        add(part);
        // New items clear the value: the way chosen so far stays chosen.
        choice.setItems(java.util.List.copyOf(fields.keySet()));
        choice.setValue(chosen);
        part.setVisible(option.equals(chosen));
        return this;
    }

    /** Chooses a way. */
    public void choose(String option) {
        choice.setValue(option);
    }

    /** The way chosen. */
    public String chosen() {
        return choice.getValue();
    }

    /** The radio buttons, for tests and for disabling a way that is not possible. */
    public RadioButtonGroup<String> choice() {
        return choice;
    }
}
