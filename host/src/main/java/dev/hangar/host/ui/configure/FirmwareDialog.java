package dev.hangar.host.ui.configure;

import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;
import dev.hangar.plugins.create.Firmware;
import java.util.Arrays;

/** What the VM boots with, of what the host has (UEFI only where OVMF is there). */
final class FirmwareDialog extends SettingDialog {
    final RadioButtonGroup<Firmware> firmware = new RadioButtonGroup<>("Firmware");

    FirmwareDialog(String vmName, VmSettings settings, boolean running, Changes changes) {
        super(Setting.FIRMWARE, vmName, SettingTexts.when(Setting.FIRMWARE, settings, running), changes);
        firmware.addClassName("setting-firmware");
        firmware.setItems(Arrays.stream(Firmware.values())
                .filter(f -> settings.firmwareChoices().contains(f) || f == settings.firmware()).toList());
        firmware.setItemLabelGenerator(SettingTexts::firmware);
        firmware.setItemEnabledProvider(settings.firmwareChoices()::contains);
        firmware.setValue(settings.firmware());
        form(firmware);
    }

    @Override
    protected VmChange change() {
        if (firmware.getValue() == null) {
            problem("Choose what the VM boots with.");
            return null;
        }
        return new VmChange.SetFirmware(firmware.getValue());
    }
}
