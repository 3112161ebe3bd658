package dev.hangar.host.ui.configure;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.hangar.plugins.configure.BootDevice;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The devices the VM boots from, in order: a checkbox to boot from each and up/down buttons to move
 * it, as virt-manager's boot options list is.
 */
final class BootOrderDialog extends SettingDialog {
    /** The devices as the dialog orders them, with whether each is ticked. */
    private final List<BootDevice> devices;
    private final Div rows = new Div();

    BootOrderDialog(String vmName, VmSettings settings, boolean running, Changes changes) {
        super(Setting.BOOT_ORDER, vmName, SettingTexts.when(Setting.BOOT_ORDER, settings, running), changes);
        devices = new ArrayList<>(settings.bootOrder());
        rows.addClassName("boot-devices");
        render();
        form(rows);
    }

    /** The ids the VM is to boot from, in order: what Save sends. */
    List<String> order() {
        return devices.stream().filter(BootDevice::enabled).map(BootDevice::id).toList();
    }

    @Override
    protected VmChange change() {
        if (devices.isEmpty()) {
            problem("The VM has no device to boot from.");
            return null;
        }
        if (order().isEmpty()) {
            problem("Tick at least one device to boot from.");
            return null;
        }
        return new VmChange.BootOrder(order());
    }

    private void render() {
        rows.removeAll();
        if (devices.isEmpty()) {
            rows.setText("The VM has no device to boot from.");
            return;
        }
        for (int i = 0; i < devices.size(); i++) {
            rows.add(row(i));
        }
    }

    private HorizontalLayout row(int index) {
        BootDevice device = devices.get(index);
        Checkbox enabled = new Checkbox(device.label(), device.enabled());
        enabled.addClassName("boot-device-enabled");
        enabled.addValueChangeListener(e -> devices.set(index,
                new BootDevice(device.id(), device.label(), e.getValue())));
        Button up = move(VaadinIcon.ARROW_UP, "Move " + device.label() + " up", index, -1);
        up.addClassName("boot-device-up");
        Button down = move(VaadinIcon.ARROW_DOWN, "Move " + device.label() + " down", index, 1);
        down.addClassName("boot-device-down");
        HorizontalLayout row = new HorizontalLayout(up, down, enabled);
        row.addClassName("boot-device");
        row.getElement().setAttribute("data-device", device.id());
        row.setAlignItems(FlexComponent.Alignment.CENTER);
        return row;
    }

    private Button move(VaadinIcon icon, String label, int index, int by) {
        Button button = new Button(icon.create(), e -> {
            devices.add(index + by, devices.remove(index));
            render();
        });
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ICON, ButtonVariant.LUMO_SMALL);
        button.setAriaLabel(label);
        button.setTooltipText(label);
        button.setEnabled(index + by >= 0 && index + by < devices.size());
        return button;
    }
}
