package dev.hangar.host.ui.vmdetails;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmOs;
import java.util.LinkedHashMap;
import java.util.Map;

/** A VM's configuration at a glance. */
final class OverviewTab extends FormLayout {
    private final Div state = new Div();
    private final Map<String, Span> values = new LinkedHashMap<>();

    OverviewTab() {
        addClassName("overview-tab");
        setResponsiveSteps(new ResponsiveStep("0", 1), new ResponsiveStep("34em", 2));
        state.addClassName("overview-state");
        addFormItem(state, "State");
        for (String label : new String[] {"vCPUs", "Memory", "Operating system", "Architecture", "OS type", "Machine",
                "Boot order", "Autostart", "Persistent", "Connection", "Provider", "UUID"}) {
            Span value = new Span();
            value.addClassName("overview-" + label.toLowerCase().replace(' ', '-'));
            values.put(label, value);
            addFormItem(value, label);
        }
    }

    void show(Vm vm, Component stateBadge, ConnectionStatus connection) {
        state.removeAll();
        state.add(stateBadge);
        VmOs os = vm.os();
        set("vCPUs", String.valueOf(vm.vcpus()));
        set("Memory", Formats.kib(vm.memoryKiB()) + " (maximum " + Formats.kib(vm.maxMemoryKiB()) + ")");
        // The guest's system as the VM's metadata names it; type and arch say how it runs, not what it is.
        set("Operating system", os.name() != null ? os.name() : os.osinfoId());
        set("Architecture", os.arch());
        set("OS type", os.type());
        set("Machine", os.machine());
        set("Boot order", os.bootOrder().isEmpty() ? null : String.join(", ", os.bootOrder()));
        set("Autostart", vm.autostart() ? "Yes" : "No");
        set("Persistent", vm.persistent() ? "Yes" : "No (transient: gone when it stops)");
        set("Connection", connection == null ? vm.ref().connection()
                : connection.label() + " (" + vm.ref().connection() + ")");
        set("Provider", vm.ref().provider());
        set("UUID", vm.ref().id());
    }

    private void set(String label, String text) {
        values.get(label).setText(Formats.orDash(text));
    }
}
