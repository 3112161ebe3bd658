package dev.hangar.plugins.ui;

import dev.hangar.plugins.vm.Vm;
import java.util.Objects;

/**
 * An extra column of a VM's Disks subtab (the seed's {@code vmDisksColumns} entry).
 *
 * @param title the header
 * @param index where it goes among the columns, 0 being first; past the end means last
 * @param value the cell of one disk
 */
public record DiskColumn(String title, int index, DiskValue value) {
    public DiskColumn {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(value, "value");
    }

    /**
     * A disk's cell: a {@code String} (shown as text) or a Vaadin {@code Component}. Runs on the UI
     * thread; if it throws, the cell shows that it failed and the table stays.
     */
    @FunctionalInterface
    public interface DiskValue {
        Object of(Vm vm, String diskTarget);
    }
}
