package dev.hangar.host.ui.configure;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.textfield.IntegerField;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;

/** vCPUs at boot and their maximum, at most what the host allows a VM. */
final class VcpusDialog extends SettingDialog {
    private final VmSettings settings;
    final IntegerField vcpus = field("vCPUs", "setting-vcpus");
    final IntegerField maximum = field("Maximum", "setting-max-vcpus");

    VcpusDialog(String vmName, VmSettings settings, boolean running, Changes changes) {
        super(Setting.VCPUS, vmName, SettingTexts.when(Setting.VCPUS, settings, running), changes);
        this.settings = settings;
        vcpus.setValue(settings.vcpus());
        maximum.setValue(settings.maxVcpus());
        if (settings.hostMaxVcpus() > 0) {
            maximum.setMax(settings.hostMaxVcpus());
            vcpus.setMax(settings.hostMaxVcpus());
            maximum.setHelperText("The host allows at most " + settings.hostMaxVcpus() + " vCPUs per VM.");
        }
        Div note = new Div();
        note.setText(running && settings.live().contains(Setting.VCPUS)
                ? "The VM runs: its vCPUs change now, up to the maximum; a new maximum applies at next boot."
                : "The VM gets these vCPUs when it boots next.");
        form(vcpus, maximum, note);
    }

    @Override
    protected VmChange change() {
        String problem = Limits.vcpus(vcpus.getValue(), maximum.getValue(), settings);
        boolean overMaximum = vcpus.getValue() != null && maximum.getValue() != null && vcpus.getValue() > maximum.getValue();
        vcpus.setInvalid(problem != null && (vcpus.getValue() == null || overMaximum));
        maximum.setInvalid(problem != null && !vcpus.isInvalid());
        if (problem != null) {
            problem(problem);
            return null;
        }
        return new VmChange.Vcpus(vcpus.getValue(), maximum.getValue());
    }

    private static IntegerField field(String label, String className) {
        IntegerField field = new IntegerField(label);
        field.setMin(1);
        field.setStepButtonsVisible(true);
        field.addClassName(className);
        return field;
    }
}
