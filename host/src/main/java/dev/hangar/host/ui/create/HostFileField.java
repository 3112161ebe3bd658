package dev.hangar.host.ui.create;

import com.vaadin.flow.component.combobox.ComboBox;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.plugins.create.Pool;
import dev.hangar.plugins.create.Volume;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A file on the connection's host: one of the pools' volumes, picked from the list, or any path typed
 * in (a custom value). Its value is the path.
 */
final class HostFileField extends ComboBox<String> {
    private final List<String> paths = new ArrayList<>();
    private final Map<String, String> labels = new HashMap<>();
    private final Predicate<Volume> offered;

    /** @param offered which volumes are listed (an ISO field lists ISO images first, all others too) */
    HostFileField(String label, Predicate<Volume> offered) {
        super(label);
        this.offered = offered;
        setAllowCustomValue(true);
        setManualValidation(true);
        setHelperText("A volume of a pool, or a path on the host");
        setItemLabelGenerator(path -> labels.getOrDefault(path, path));
        setItems(paths);
        addCustomValueSetListener(e -> use(e.getDetail()));
        setWidthFull();
    }

    /** Lists the volumes of these pools; a typed-in path stays. */
    void volumes(List<Pool> pools) {
        String value = getValue();
        paths.clear();
        labels.clear();
        for (Pool pool : pools) {
            for (Volume volume : pool.volumes()) {
                if (volume.path() != null && offered.test(volume)) {
                    paths.add(volume.path());
                    labels.put(volume.path(), pool.name() + "/" + volume.name() + " (" + Formats.bytes(volume.capacityBytes())
                            + (volume.format() == null ? "" : ", " + volume.format()) + ")");
                }
            }
        }
        if (value != null && !paths.contains(value)) {
            paths.add(value);
        }
        getDataProvider().refreshAll();
        setValue(value);
    }

    /** Takes a path typed in. */
    void use(String typed) {
        String path = typed == null ? "" : typed.strip();
        if (path.isEmpty()) {
            clear();
            return;
        }
        if (!paths.contains(path)) {
            paths.add(path);
            getDataProvider().refreshAll();
        }
        setValue(path);
    }

    /** The path chosen, or null. */
    String path() {
        String value = getValue();
        return value == null || value.isBlank() ? null : value;
    }
}
