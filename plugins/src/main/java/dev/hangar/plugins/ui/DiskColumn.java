package dev.hangar.plugins.ui;

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
     * A disk's cell: a {@code String} (shown as text) or a Vaadin {@code Component}, which acts through
     * {@link VmContext#run} like a disk action. Runs on the UI thread each time the row is drawn (read
     * state you have, from {@code vm.getState()}); for a {@code String} also whenever the state changes
     * while the Disks tab is shown, and the rows are drawn again when its text changed, so a text cell
     * that reads your branch never goes stale. If it throws, the cell shows that it failed and the
     * table stays.
     */
    @FunctionalInterface
    public interface DiskValue {
        Object of(VmContext vm, String diskTarget);
    }
}
