package dev.hangar.host.ui.configure;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.textfield.IntegerField;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;

/** Memory at boot and its maximum, in MiB, at most the host's memory. */
final class MemoryDialog extends SettingDialog {
    private final VmSettings settings;
    final IntegerField memory = mib("Memory", "setting-memory");
    final IntegerField maximum = mib("Maximum", "setting-max-memory");

    MemoryDialog(String vmName, VmSettings settings, boolean running, Changes changes) {
        super(Setting.MEMORY, vmName, SettingTexts.when(Setting.MEMORY, settings, running), changes);
        this.settings = settings;
        memory.setValue(mib(settings.memoryKiB()));
        maximum.setValue(mib(settings.maxMemoryKiB()));
        if (settings.hostMemoryKiB() > 0) {
            maximum.setMax(mib(settings.hostMemoryKiB()));
            maximum.setHelperText("The host has " + Formats.kib(settings.hostMemoryKiB()) + ".");
        }
        Div note = new Div();
        note.setText(running && settings.live().contains(Setting.MEMORY)
                ? "The VM runs: its memory changes now, up to its maximum; a new maximum applies at next boot."
                : "The VM gets this memory when it boots next.");
        form(memory, maximum, note);
    }

    @Override
    protected VmChange change() {
        String problem = Limits.memory(value(memory), value(maximum), settings);
        memory.setInvalid(problem != null && value(memory) != null && value(maximum) != null
                && value(memory) > value(maximum));
        maximum.setInvalid(problem != null && !memory.isInvalid());
        if (problem != null) {
            problem(problem);
            return null;
        }
        return new VmChange.Memory(value(memory) * 1024, value(maximum) * 1024);
    }

    private static IntegerField mib(String label, String className) {
        IntegerField field = new IntegerField(label);
        field.setSuffixComponent(new Div("MiB"));
        field.setMin(1);
        field.setStepButtonsVisible(true);
        field.setStep(256);
        field.addClassName(className);
        return field;
    }

    private static int mib(long kib) {
        return (int) Math.min(Integer.MAX_VALUE, kib / 1024);
    }

    private static Long value(IntegerField field) {
        return field.getValue() == null ? null : field.getValue().longValue();
    }
}
