package dev.hangar.host.ui.vmlist;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How wide the list's columns are and which of them a grid of a given width shows: name, state and
 * actions always; CPU, memory, connection and provider (when there are several) while they fit, so
 * that no visible column is narrower than what it shows.
 */
final class Layout {
    /** Room for the grid's vertical scrollbar and borders, which the columns cannot use. */
    static final int SLACK = 24;
    private static final List<String> ALWAYS = List.of(VmListView.NAME, VmListView.STATE, VmListView.ACTIONS);
    /** The optional columns, the first to stay as the window narrows first. */
    private static final List<String> OPTIONAL = List.of(VmListView.CPU, VmListView.MEMORY, VmListView.CONNECTION,
            VmListView.PROVIDER);
    /**
     * Widths in CSS pixels (cell padding included). State, CPU, memory and actions fit their usual values
     * ("Running ! Failed", "100.0 %", "1.5 GiB / 2 GiB", "Shut down" and the menu); a longer value is
     * cut short with its whole text as tooltip, as are names and connections longer than their room.
     */
    private static final Map<String, Integer> WIDTHS = Map.of(VmListView.NAME, 200, VmListView.CONNECTION, 150,
            VmListView.PROVIDER, 110, VmListView.STATE, 190, VmListView.CPU, 85, VmListView.MEMORY, 150,
            VmListView.ACTIONS, 170);
    /** What is left over goes to the name first, then to the connection and the state. */
    private static final Map<String, Integer> FLEX = Map.of(VmListView.NAME, 3, VmListView.CONNECTION, 1,
            VmListView.STATE, 1);

    private Layout() {
    }

    static int width(String column) {
        return WIDTHS.get(column);
    }

    static int flexGrow(String column) {
        return FLEX.getOrDefault(column, 0);
    }

    /** The keys of the columns shown in a grid {@code width} pixels wide. */
    static Set<String> columns(int width, boolean severalProviders) {
        Set<String> shown = new HashSet<>(ALWAYS);
        int used = SLACK + ALWAYS.stream().mapToInt(Layout::width).sum();
        for (String column : OPTIONAL) {
            if (column.equals(VmListView.PROVIDER) && !severalProviders) {
                continue;
            }
            used += width(column);
            if (used > width) {
                break;
            }
            shown.add(column);
        }
        return shown;
    }
}
