package dev.hangar.host.ui.configure;

import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmChange;
import java.util.function.Predicate;

/** A new name for a shut-off VM, checked as it is typed (and by the provider when it is saved). */
final class RenameDialog extends SettingDialog {
    private final String current;
    private final Predicate<String> taken;
    final TextField name = new TextField("New name");

    /** @param taken whether a VM of that name exists on the VM's connection */
    RenameDialog(String vmName, Predicate<String> taken, Changes changes) {
        super(Setting.RENAME, vmName, "The VM is shut off: it is renamed now. Its id, disks and settings stay.", changes);
        this.current = vmName;
        this.taken = taken;
        setHeaderTitle("Rename " + vmName);
        saveLabel("Rename");
        name.addClassName("rename-name");
        name.setWidthFull();
        name.setMaxLength(Limits.NAME_MAX);
        name.setValue(vmName);
        name.setValueChangeMode(ValueChangeMode.LAZY);
        name.addValueChangeListener(e -> check());
        form(name);
    }

    @Override
    protected VmChange change() {
        String problem = check();
        if (problem != null) {
            problem(problem);
            return null;
        }
        return new VmChange.Rename(name.getValue());
    }

    private String check() {
        String problem = Limits.name(name.getValue(), current, taken);
        name.setInvalid(problem != null);
        name.setErrorMessage(problem);
        return problem;
    }
}
