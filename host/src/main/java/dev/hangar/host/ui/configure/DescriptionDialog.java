package dev.hangar.host.ui.configure;

import com.vaadin.flow.component.textfield.TextArea;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;

/** The VM's description, free text for people (shown as text everywhere). */
final class DescriptionDialog extends SettingDialog {
    /** Enough for a paragraph; libvirt keeps it in the domain XML. */
    static final int MAX = 4000;
    final TextArea text = new TextArea("Description");

    DescriptionDialog(String vmName, VmSettings settings, boolean running, Changes changes) {
        super(Setting.DESCRIPTION, vmName, SettingTexts.when(Setting.DESCRIPTION, settings, running), changes);
        text.addClassName("setting-description");
        text.setWidthFull();
        text.setMaxLength(MAX);
        text.setValue(settings.description());
        form(text);
    }

    @Override
    protected VmChange change() {
        if (text.getValue().length() > MAX) {
            problem("A description has at most " + MAX + " characters; this one has " + text.getValue().length() + ".");
            return null;
        }
        return new VmChange.Description(text.getValue());
    }
}
