package dev.hangar.host.ui.configure;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import dev.hangar.plugins.configure.CpuModel;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;
import java.util.ArrayList;
import java.util.List;

/** The CPU the VM sees: the hypervisor's default, the host's, the host's model, or one the host's hypervisor names. */
final class CpuDialog extends SettingDialog {
    final RadioButtonGroup<CpuModel.Mode> mode = new RadioButtonGroup<>("CPU");
    final ComboBox<String> model = new ComboBox<>("Model");

    CpuDialog(String vmName, VmSettings settings, boolean running, Changes changes) {
        super(Setting.CPU, vmName, SettingTexts.when(Setting.CPU, settings, running), changes);
        List<CpuModel.Mode> modes = new ArrayList<>(List.of(CpuModel.Mode.DEFAULT, CpuModel.Mode.HOST_PASSTHROUGH,
                CpuModel.Mode.HOST_MODEL));
        if (!settings.cpuModels().isEmpty() || settings.cpu().mode() == CpuModel.Mode.NAMED) {
            modes.add(CpuModel.Mode.NAMED);
        }
        mode.addClassName("setting-cpu-mode");
        mode.setItems(modes);
        mode.setItemLabelGenerator(m -> m == CpuModel.Mode.NAMED ? "A named model" : SettingTexts.cpu(new CpuModel(m, null)));
        model.addClassName("setting-cpu-model");
        List<String> models = new ArrayList<>(settings.cpuModels());
        if (settings.cpu().model() != null && !models.contains(settings.cpu().model())) {
            models.add(0, settings.cpu().model());
        }
        model.setItems(models);
        mode.setValue(settings.cpu().mode());
        model.setValue(settings.cpu().model());
        model.setVisible(settings.cpu().mode() == CpuModel.Mode.NAMED);
        mode.addValueChangeListener(e -> model.setVisible(e.getValue() == CpuModel.Mode.NAMED));
        form(mode, model);
    }

    @Override
    protected VmChange change() {
        if (mode.getValue() == null) {
            problem("Choose what CPU the VM sees.");
            return null;
        }
        if (mode.getValue() == CpuModel.Mode.NAMED && (model.getValue() == null || model.getValue().isBlank())) {
            model.setInvalid(true);
            problem("Choose a CPU model.");
            return null;
        }
        model.setInvalid(false);
        return new VmChange.Cpu(new CpuModel(mode.getValue(), mode.getValue() == CpuModel.Mode.NAMED ? model.getValue() : null));
    }
}
