package dev.hangar.host.ui.devicechange;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.HasValueUtilsKt;
import com.github.mvysny.kaributesting.v10.LocatorKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.plugins.vm.Vm;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

/**
 * The Disks and Network interfaces subtabs of a VM's page as the Karibu tests of their changes work
 * in them: select a row, click a change, fill its dialog, read the note beside the table.
 */
public final class DevicePage {
    private DevicePage() {
    }

    /** Opens the VM's page and returns the subtab of that title once the page shows the VM. */
    public static Component open(Vm vm, String tab) {
        UI.getCurrent().navigate(VmAddress.of(vm.ref()).path());
        eventually(() -> assertTrue(TestHangar.vmTabNames().contains(tab)));
        return TestHangar.vmTab(tab);
    }

    /** The tab's one table. */
    @SuppressWarnings("unchecked")
    public static <T> Grid<T> grid(Component tab) {
        return _get(tab, Grid.class);
    }

    /** Selects the first row whose item {@code key} gives {@code value} (a disk's target, a NIC's MAC). */
    public static <T> void select(Component tab, Function<T, String> key, String value) {
        Grid<T> grid = grid(tab);
        int row = IntStream.range(0, GridKt._size(grid)).filter(i -> value.equals(key.apply(GridKt._get(grid, i))))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + value));
        GridKt._selectRow(grid, row);
    }

    /** The button of that class in {@code in}, shown or hidden (Karibu's locators see only what is shown). */
    public static Button button(Component in, String className) {
        return StreamSupport.stream(LocatorKt._walkAll(in).spliterator(), false)
                .filter(c -> c instanceof Button && c.hasClassName(className)).map(Button.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no button " + className));
    }

    /** Whether the tab shows a component (a button, the selection's name) of that class. */
    public static boolean shows(Component tab, String className) {
        return StreamSupport.stream(LocatorKt._walkAll(tab).spliterator(), false)
                .anyMatch(c -> c.hasClassName(className) && visible(c));
    }

    private static boolean visible(Component component) {
        for (Component c = component; c != null; c = c.getParent().orElse(null)) {
            if (!c.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** The classes of the buttons the tab shows, in order. */
    public static List<String> shownButtons(Component tab) {
        return StreamSupport.stream(LocatorKt._walkAll(tab).spliterator(), false)
                .filter(c -> c instanceof Button && visible(c)).map(c -> String.join(" ", c.getClassNames())).toList();
    }

    /** The open change dialog, once the provider's choices came. */
    public static DeviceDialog dialog() {
        DeviceDialog[] found = new DeviceDialog[1];
        eventually(() -> {
            List<DeviceDialog> open = _find(DeviceDialog.class).stream().filter(DeviceDialog::isOpened).toList();
            assertTrue(open.size() == 1, "one open change dialog: " + open.size());
            found[0] = open.get(0);
        });
        return found[0];
    }

    /** A field of the dialog by its class. */
    public static <F extends Component> F field(DeviceDialog dialog, Class<F> type, String className) {
        return _get(dialog, type, spec -> spec.withClasses(className));
    }

    /** Sets a field as the user would (a value change from the client). */
    public static <V> void set(HasValue<?, V> field, V value) {
        HasValueUtilsKt._setValue(field, value, true);
    }

    /** Chooses a way in the dialog's radio buttons of that class ("File on the host"). */
    public static void choose(DeviceDialog dialog, String className, String way) {
        Alternatives alternatives = _get(dialog, Alternatives.class, spec -> spec.withClasses(className));
        set(alternatives.choice(), way);
    }

    /** Clicks the dialog's confirm button. */
    public static void confirm(DeviceDialog dialog) {
        _get(dialog, Button.class, spec -> spec.withClasses("device-dialog-confirm")).click();
    }

    /** The field's error message when it is marked invalid, else null. */
    public static String error(Component field) {
        return field instanceof com.vaadin.flow.component.HasValidation v && v.isInvalid() ? v.getErrorMessage() : null;
    }

    /** What the note beside the table says once the change ended. */
    public static String noteAfterChange(Component tab) {
        String[] text = new String[1];
        eventually(() -> {
            Div note = _get(tab, Div.class, spec -> spec.withClasses("device-change-note"));
            assertTrue(!"running".equals(note.getElement().getAttribute("data-state")), "the change still runs");
            text[0] = note.getText();
        });
        return text[0];
    }

    /** What the tab says of the selection ("Select a disk to change it.", "Disk vdb (…):"). */
    public static String selection(Component tab, String className) {
        return _get(tab, Span.class, spec -> spec.withClasses(className)).getText();
    }
}
