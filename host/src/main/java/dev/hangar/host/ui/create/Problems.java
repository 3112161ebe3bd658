package dev.hangar.host.ui.create;

import com.vaadin.flow.component.HasValidation;
import java.util.List;

/** A message next to a field (as text, in the field's error slot), taking it away again, and null-safe lookups in the choices. */
final class Problems {
    private Problems() {
    }

    static void show(HasValidation field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
    }

    /** Whether {@code list} holds {@code value}; null never (the choices' lists refuse to be asked about null). */
    static <T> boolean has(List<T> list, T value) {
        return value != null && list.contains(value);
    }

    static void clear(List<? extends HasValidation> fields) {
        for (HasValidation field : fields) {
            field.setInvalid(false);
            field.setErrorMessage(null);
        }
    }
}
