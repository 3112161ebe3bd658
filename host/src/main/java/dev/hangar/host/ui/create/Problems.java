package dev.hangar.host.ui.create;

import com.vaadin.flow.component.HasValidation;
import java.util.List;

/** A message next to a field (as text, in the field's error slot), and taking them away again. */
final class Problems {
    private Problems() {
    }

    static void show(HasValidation field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
    }

    static void clear(List<? extends HasValidation> fields) {
        for (HasValidation field : fields) {
            field.setInvalid(false);
            field.setErrorMessage(null);
        }
    }
}
