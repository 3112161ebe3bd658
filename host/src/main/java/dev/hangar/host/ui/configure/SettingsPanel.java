package dev.hangar.host.ui.configure;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import dev.hangar.host.configure.Configuration;
import dev.hangar.host.providers.Guard;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.Permission;
import dev.hangar.host.tasks.TaskCommands;
import dev.hangar.host.ui.actions.VmActionBar;
import dev.hangar.host.ui.components.HostComponents;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.configure.Applied;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * A VM's settings as it boots next, on its page below the overview, for a provider that offers
 * {@code VmConfiguration}: each value, whether a change applies now or at next boot, and (for people
 * who may configure, for what the provider can change) the control that changes it; then how the last
 * change was applied, and the pending changes until the VM restarts. The settings are read again
 * whenever the VM changes in the store (its state above all) and after each change; every call is
 * asynchronous and lands through {@link UI#access}. Rename and Clone are offered in the page's
 * action menu ({@link #menuEntries}).
 */
public final class SettingsPanel extends Div {
    /** The settings the panel shows, in order. */
    static final List<Setting> SHOWN = List.of(Setting.MEMORY, Setting.VCPUS, Setting.CPU, Setting.AUTOSTART,
            Setting.BOOT_ORDER, Setting.DESCRIPTION, Setting.FIRMWARE);

    private final Configuration configuration;
    private final TaskCommands tasks;
    private final Access access;
    private final Runnable onSettings;
    private final Div pending = new Div();
    private final UnorderedList pendingList = new UnorderedList();
    private final Div result = new Div();
    private final Div rows = new Div();
    private Vm vm;
    private VirtProvider provider;
    private boolean offered;
    private Predicate<String> taken = name -> false;
    private VmSettings settings;
    /** Counts reads: only the answer to the last one is shown. */
    private long reads;

    /**
     * @param onSettings runs on the UI thread when the settings shown changed (the page's menu then
     *                   offers Rename and Clone as they allow)
     */
    public SettingsPanel(Configuration configuration, TaskCommands tasks, Access access, Runnable onSettings) {
        this.configuration = configuration;
        this.tasks = tasks;
        this.access = access;
        this.onSettings = onSettings;
        addClassName("vm-settings");
        H3 title = new H3("Settings");
        Span subtitle = new Span("(as the VM boots next)");
        subtitle.addClassName("vm-settings-subtitle");
        // Styled here, not in the theme: the panel is one folder, and its few rules go with it.
        subtitle.getStyle().set("margin-inline-start", "var(--lumo-space-xs)").set("font-weight", "normal")
                .set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        title.add(subtitle);
        getStyle().set("margin-top", "var(--lumo-space-s)").set("padding-top", "var(--lumo-space-s)")
                .set("border-top", "1px solid var(--lumo-contrast-10pct)").set("font-size", "var(--lumo-font-size-s)");
        pending.addClassName("vm-pending-changes");
        pending.getElement().setAttribute("role", "status");
        Span heading = new Span("Pending changes — apply at next boot");
        heading.addClassName("vm-pending-changes-title");
        heading.getStyle().set("font-weight", "600");
        pending.add(heading, pendingList);
        pending.getStyle().set("margin", "var(--lumo-space-xs) 0").set("padding", "var(--lumo-space-xs) var(--lumo-space-s)")
                .set("border-radius", "var(--lumo-border-radius-m)")
                .set("background", "var(--lumo-warning-color-10pct, var(--lumo-contrast-10pct))");
        pendingList.getStyle().set("margin", "0").set("padding-inline-start", "1.2em");
        pending.setVisible(false);
        result.addClassName("vm-setting-result");
        result.getElement().setAttribute("aria-live", "polite");
        result.setVisible(false);
        result.getStyle().set("margin", "var(--lumo-space-xs) 0").set("overflow-wrap", "anywhere");
        rows.addClassName("vm-settings-rows");
        add(title, pending, result, rows);
        setVisible(false);
    }

    /**
     * Shows this VM's settings (re-read when the VM changed).
     *
     * @param provider its active provider, or null when it is gone (nothing is shown)
     * @param taken    whether a VM of a name exists on the VM's connection (for Rename and Clone)
     */
    public void show(Vm next, VirtProvider provider, Predicate<String> taken) {
        this.taken = taken;
        boolean sameVm = vm != null && next != null && vm.ref().equals(next.ref());
        if (!sameVm) {
            result.setVisible(false);
        }
        if (next == null || provider == null) {
            vm = next;
            this.provider = provider;
            clear();
            return;
        }
        if (!sameVm || provider != this.provider) {
            offered = configuration.offered(next.ref());
        }
        boolean changed = !next.equals(vm) || provider != this.provider;
        vm = next;
        this.provider = provider;
        if (!offered) {
            clear();
        } else if (changed) {
            read();
        }
    }

    /** The settings shown, or null (none read yet, or the VM's provider cannot change VMs). */
    public VmSettings settings() {
        return settings;
    }

    /** Rename and Clone for the page's action menu, where the VM is shut off and the settings and role allow them. */
    public List<VmActionBar.Extra> menuEntries() {
        List<VmActionBar.Extra> entries = new ArrayList<>();
        if (settings == null || vm == null || provider == null || !provider.canRun(vm.state())) {
            return entries;
        }
        Vm shown = vm;
        if (settings.changeable().contains(Setting.RENAME) && access.may(Permission.CONFIGURE)) {
            entries.add(new VmActionBar.Extra("Rename…", "vm-action-rename",
                    () -> new RenameDialog(shown.name(), this::taken, changes(shown)).open()));
        }
        if (settings.changeable().contains(Setting.CLONE) && access.may(Permission.CREATE)) {
            entries.add(new VmActionBar.Extra("Clone…", "vm-action-clone",
                    () -> new CloneDialog(shown, configuration, tasks, access, this::taken).open()));
        }
        return entries;
    }

    /** Whether a VM of that name exists on the VM's connection, as the page's last render saw the store. */
    private boolean taken(String name) {
        return taken.test(name);
    }

    private void clear() {
        boolean had = settings != null;
        settings = null;
        reads++;
        setVisible(false);
        if (had) {
            onSettings.run();
        }
    }

    private void read() {
        long read = ++reads;
        VmRef ref = vm.ref();
        UI ui = UI.getCurrent();
        configuration.settings(ref).whenComplete((answer, failure) -> ui.access(() -> {
            if (read != reads) {
                return;
            }
            if (failure != null) {
                settings = null;
                rows.removeAll();
                Div note = new Div();
                note.addClassName("vm-settings-failure");
                note.setText("The settings of " + ref.name() + " cannot be read: " + Guard.message(failure));
                rows.add(note);
                pending.setVisible(false);
                setVisible(true);
                onSettings.run();
                return;
            }
            VmSettings before = settings;
            settings = answer;
            render();
            if (!Objects.equals(before, settings)) {
                onSettings.run();
            }
        }));
    }

    private void render() {
        setVisible(true);
        pendingList.removeAll();
        settings.pending().forEach(change -> pendingList.add(new ListItem(change)));
        pending.setVisible(!settings.pending().isEmpty());
        rows.removeAll();
        boolean running = provider.isRunning(vm.state());
        boolean mayConfigure = access.may(Permission.CONFIGURE);
        for (Setting setting : SHOWN) {
            rows.add(row(setting, running, mayConfigure && settings.changeable().contains(setting)));
        }
    }

    /** A setting's row: its label beside its value, and below the value its control and when a change applies. */
    private Div row(Setting setting, boolean running, boolean control) {
        Span label = new Span(SettingTexts.label(setting));
        label.addClassName("vm-setting-label");
        label.getStyle().set("flex", "0 0 8em").set("color", "var(--lumo-secondary-text-color)");
        Span value = new Span(SettingTexts.value(setting, settings));
        value.addClassName("vm-setting-value");
        value.getStyle().set("display", "block").set("overflow-wrap", "anywhere");
        Div body = new Div(value);
        body.getStyle().set("flex", "1 1 12em").set("min-width", "0");
        Div row = new Div(label, body);
        row.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("align-items", "baseline")
                .set("column-gap", "var(--lumo-space-s)").set("margin-bottom", "var(--lumo-space-xs)");
        row.addClassName("vm-setting");
        row.addClassName("vm-setting-" + setting.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (!control) {
            return row;
        }
        Span when = new Span(SettingTexts.when(setting, settings, running));
        when.addClassName("vm-setting-when");
        when.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-xs)");
        Div line = new Div();
        line.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("align-items", "center")
                .set("column-gap", "var(--lumo-space-s)");
        if (setting == Setting.AUTOSTART) {
            line.add(autostart(), when);
        } else {
            Button change = new Button("Change…", e -> dialog(setting, running).open());
            change.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            change.addClassName("vm-setting-change");
            change.getStyle().set("margin", "0");
            change.setAriaLabel("Change the " + SettingTexts.label(setting) + " of " + vm.name());
            line.add(change, when);
        }
        body.add(line);
        return row;
    }

    private Checkbox autostart() {
        Checkbox box = new Checkbox("Start with its host", settings.autostart());
        box.addClassName("vm-setting-autostart-switch");
        Vm shown = vm;
        box.addValueChangeListener(e -> {
            if (!e.isFromClient()) {
                return;
            }
            box.setEnabled(false);
            UI ui = UI.getCurrent();
            SettingDialog.Changes changes = changes(shown);
            VmChange change = new VmChange.Autostart(e.getValue());
            changes.run(change).whenComplete((applied, failure) -> ui.access(() -> {
                box.setEnabled(true);
                if (failure != null) {
                    box.setValue(e.getOldValue());
                    showResult("Autostart of " + shown.name() + " was not changed: " + Guard.message(failure), true);
                } else {
                    changes.applied(change, applied);
                }
            }));
        });
        return box;
    }

    private SettingDialog dialog(Setting setting, boolean running) {
        SettingDialog.Changes changes = changes(vm);
        String name = vm.name();
        return switch (setting) {
            case MEMORY -> new MemoryDialog(name, settings, running, changes);
            case VCPUS -> new VcpusDialog(name, settings, running, changes);
            case CPU -> new CpuDialog(name, settings, running, changes);
            case BOOT_ORDER -> new BootOrderDialog(name, settings, running, changes);
            case DESCRIPTION -> new DescriptionDialog(name, settings, running, changes);
            case FIRMWARE -> new FirmwareDialog(name, settings, running, changes);
            default -> throw new IllegalArgumentException("no dialog for " + setting);
        };
    }

    /** Runs changes on {@code target} as the page's user; shows how each was applied and reads the settings again. */
    private SettingDialog.Changes changes(Vm target) {
        return new SettingDialog.Changes() {
            @Override
            public CompletionStage<Applied> run(VmChange change) {
                return configuration.change(access.actor().orElse(null), target.ref(), change);
            }

            @Override
            public void applied(VmChange change, Applied applied) {
                if (change instanceof VmChange.Rename rename) {
                    VmRef renamed = new VmRef(target.ref().provider(), target.ref().connection(), rename.newName(),
                            target.ref().id());
                    HostComponents.toast("VM " + target.name() + " was renamed to " + rename.newName() + ".", false);
                    UI.getCurrent().navigate(VmAddress.of(renamed).path());
                    return;
                }
                showResult(SettingTexts.applied(change.setting(), applied), false);
                if (vm != null && vm.ref().equals(target.ref()) && offered) {
                    read();
                }
            }
        };
    }

    private void showResult(String text, boolean failure) {
        result.setText(text);
        result.getElement().getClassList().set("vm-setting-result-failure", failure);
        result.getStyle().set("color", failure ? "var(--lumo-error-text-color)" : "var(--lumo-success-text-color)");
        result.setVisible(true);
    }
}
