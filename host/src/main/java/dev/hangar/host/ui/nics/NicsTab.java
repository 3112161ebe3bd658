package dev.hangar.host.ui.nics;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.hangar.host.configure.Configuration;
import dev.hangar.host.providers.ProviderRegistry;
import dev.hangar.host.security.Access;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.host.ui.components.HostComponents;
import dev.hangar.host.ui.devicechange.Alternatives;
import dev.hangar.host.ui.devicechange.DeviceChanges;
import dev.hangar.host.ui.devicechange.DeviceDialog;
import dev.hangar.plugins.configure.NicSpec;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.create.NetworkChoice;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmNic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A VM's network interfaces. Where the VM's provider can change them ({@link Configuration#offered})
 * and the user may configure, the tab also adds NICs, removes them (asking first while the VM runs),
 * changes a NIC's network, model and MAC address, and unplugs and plugs its link: each only when the
 * provider's settings list it, each through {@link Configuration#change}, with how it went beside
 * the table.
 */
public final class NicsTab extends VerticalLayout {
    private static final String NETWORK = "Virtual network";
    private static final String BRIDGE = "Bridge";
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");
    private final ProviderRegistry providers;
    private final DeviceChanges changes;
    private final Grid<VmNic> grid = new Grid<>();
    private final Button addNic = new Button("Add NIC");
    /** The selected NIC's changes, beside the name of the NIC. */
    private final Span selection = new Span();
    private final Button unplug = DeviceChanges.button("Unplug", "nic-unplug", () -> withSelected(nic -> link(nic, false)));
    private final Button plug = DeviceChanges.button("Plug", "nic-plug", () -> withSelected(nic -> link(nic, true)));
    private final Button edit = DeviceChanges.button("Edit", "nic-edit", () -> withSelected(this::openEdit));
    private final Button remove = DeviceChanges.button("Remove", "nic-remove", () -> withSelected(this::remove));
    private Vm vm;
    private List<VmNic> shown;
    /** The MAC address of the NIC selected for a change, kept while the table is redrawn with new NICs. */
    private String selectedMac;
    /** The VM, state and provider the settings were last read for. */
    private List<Object> settingsOf;

    /**
     * @param configuration how NICs are changed
     * @param providers     whose predicate says whether the VM runs (a NIC removed then leaves the guest)
     * @param access        who is signed in to the page
     */
    public NicsTab(Configuration configuration, ProviderRegistry providers, Access access) {
        this.providers = providers;
        this.changes = new DeviceChanges(configuration, access, this);
        addClassName("nics-tab");
        setPadding(false);
        addNic.addClassName("nic-add");
        addNic.setVisible(false);
        addNic.addClickListener(e -> openAddNic());
        selection.addClassName("nic-selection");
        remove.addThemeVariants(ButtonVariant.LUMO_ERROR);
        HorizontalLayout edits = new HorizontalLayout(addNic, selection, unplug, plug, edit, remove, changes.note());
        edits.addClassName("nic-changes");
        edits.setAlignItems(FlexComponent.Alignment.BASELINE);
        edits.setWrap(true);
        grid.addClassName("nic-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("This VM has no network interfaces.");
        grid.asSingleSelect().addValueChangeListener(e -> {
            if (e.isFromClient() || e.getValue() != null) {
                selectedMac = e.getValue() == null ? null : e.getValue().mac();
            }
            offerForSelection();
        });
        column("Type", VmNic::type);
        column("Source", VmNic::source);
        column("Model", VmNic::model);
        column("MAC address", VmNic::mac);
        column("Link state", VmNic::linkState);
        column("Host device", VmNic::target);
        add(edits, grid);
    }

    public void show(Vm next) {
        boolean another = vm == null || !vm.ref().equals(next.ref());
        if (another) {
            // Another VM's page (Vaadin reuses the view): nothing of the last one stays selected.
            selectedMac = null;
        }
        vm = next;
        if (another || !next.nics().equals(shown)) {
            shown = next.nics();
            // The NIC selected before stays selected (unplugged, then plugged again) while it is there.
            VmNic kept = selected();
            selectedMac = kept == null ? null : selectedMac;
            grid.setItems(shown);
            grid.asSingleSelect().setValue(kept);
            offerForSelection();
        }
        // A provider unloaded or reloaded is asked again: what it offers may have gone with it.
        List<Object> key = Arrays.asList(next.ref(), next.state(), providers.get(next.ref().provider()).orElse(null));
        if (!key.equals(settingsOf)) {
            settingsOf = key;
            changes.load(next.ref(), this::offer);
        }
    }

    /** Shows the controls of the changes now allowed. */
    private void offer() {
        addNic.setVisible(changes.allows(Setting.NIC_ADD));
        offerForSelection();
    }

    /** The selected NIC's changes, those its provider allows; a hint to select one while none is. */
    private void offerForSelection() {
        VmNic nic = selected();
        boolean any = changes.allows(Setting.NIC_REMOVE) || changes.allows(Setting.NIC_EDIT) || changes.allows(Setting.NIC_LINK);
        boolean down = nic != null && "down".equalsIgnoreCase(nic.linkState());
        selection.setText(nic == null ? "Select a NIC to change it." : "NIC " + nic.mac() + ":");
        selection.setVisible(any);
        unplug.setVisible(nic != null && !down && changes.allows(Setting.NIC_LINK));
        plug.setVisible(nic != null && down && changes.allows(Setting.NIC_LINK));
        edit.setVisible(nic != null && changes.allows(Setting.NIC_EDIT));
        remove.setVisible(nic != null && changes.allows(Setting.NIC_REMOVE));
    }

    /** The NIC selected for a change (as the VM has it now), or null; a NIC without a MAC cannot be named in one. */
    private VmNic selected() {
        if (selectedMac == null || vm == null) {
            return null;
        }
        return vm.nics().stream().filter(n -> selectedMac.equals(n.mac())).findFirst().orElse(null);
    }

    /** Acts on the selected NIC; nothing when it went meanwhile (the buttons go with it). */
    private void withSelected(Consumer<VmNic> change) {
        VmNic nic = selected();
        if (nic != null) {
            change.accept(nic);
        }
    }

    private void column(String title, Function<VmNic, String> value) {
        grid.addColumn(nic -> Formats.orDash(value.apply(nic))).setHeader(title).setAutoWidth(true)
                .setKey(title.toLowerCase(Locale.ROOT).replace(' ', '-'));
    }

    private boolean running() {
        return vm != null && providers.get(vm.ref().provider()).map(p -> p.provider().isRunning(vm.state())).orElse(false);
    }

    private void link(VmNic nic, boolean up) {
        run((up ? "Plug NIC " : "Unplug NIC ") + nic.mac(), new VmChange.NicLink(nic.mac(), up));
    }

    private void run(String what, VmChange change) {
        changes.run(vm.ref(), what, change);
    }

    /** Removes a NIC; from a running VM (the guest loses the connection at once) only after asking. */
    private void remove(VmNic nic) {
        String what = "Remove NIC " + nic.mac();
        VmChange change = new VmChange.RemoveNic(nic.mac());
        if (!running()) {
            run(what, change);
            return;
        }
        HostComponents.confirmDialog("Remove a NIC of a running VM?",
                "Remove network interface " + nic.mac() + (nic.source() == null ? "" : " (" + nic.source() + ")")
                        + " from VM " + vm.name() + " while it runs? The guest loses this connection now.",
                "Remove NIC", true, () -> run(what, change)).open();
    }

    private void openAddNic() {
        Vm target = vm;
        addNic.setEnabled(false);
        changes.choices(target.ref(), choices -> {
            addNic.setEnabled(true);
            if (target == vm) {
                addDialog(choices).open();
            }
        });
    }

    /** Where a NIC is attached: a virtual network or a host bridge, from the provider's lists or typed. */
    private record Attachment(Alternatives way, ComboBox<String> network, ComboBox<String> bridge) {
        static Attachment of(Optional<CreationChoices> choices, VmNic current) {
            ComboBox<String> network = names("Network", choices.map(CreationChoices::networks).orElse(List.of()),
                    current != null && "network".equals(current.type()) ? current.source() : null);
            network.addClassName("nic-network");
            ComboBox<String> bridge = names("Bridge device", choices.map(CreationChoices::bridges).orElse(List.of()),
                    current != null && "bridge".equals(current.type()) ? current.source() : null);
            bridge.addClassName("nic-bridge");
            Alternatives way = new Alternatives("Attach to");
            way.addClassName("nic-attachment");
            way.option(NETWORK, network).option(BRIDGE, bridge);
            if (current != null && "bridge".equals(current.type())) {
                way.choose(BRIDGE);
            }
            return new Attachment(way, network, bridge);
        }

        /** The choice the fields make, or null after marking the empty one. */
        NetworkChoice choice() {
            ComboBox<String> field = BRIDGE.equals(way.chosen()) ? bridge : network;
            String name = field.getValue() == null ? "" : field.getValue().strip();
            if (name.isEmpty()) {
                field.setInvalid(true);
                field.setErrorMessage(BRIDGE.equals(way.chosen()) ? "Name the bridge." : "Name the network.");
                return null;
            }
            return BRIDGE.equals(way.chosen()) ? new NetworkChoice.Bridge(name) : new NetworkChoice.VirtualNetwork(name);
        }
    }

    /** A name from the offered ones, or typed when the provider offers none or not that one. */
    private static ComboBox<String> names(String label, List<String> offered, String current) {
        ComboBox<String> names = new ComboBox<>(label);
        List<String> items = new ArrayList<>(offered);
        if (current != null && !items.contains(current)) {
            items.add(current);
        }
        names.setItems(items);
        names.setAllowCustomValue(true);
        names.addCustomValueSetListener(e -> names.setValue(e.getDetail()));
        names.setWidthFull();
        if (current != null) {
            names.setValue(current);
        } else if (!items.isEmpty()) {
            names.setValue(items.get(0));
        }
        return names;
    }

    private static ComboBox<String> model(Optional<CreationChoices> choices, String current) {
        ComboBox<String> model = names("Model", choices.map(CreationChoices::nicModels).orElse(List.of()), current);
        if (current == null) {
            model.clear();
        }
        model.setPlaceholder("The provider's default");
        model.setClearButtonVisible(true);
        model.addClassName("nic-model");
        return model;
    }

    private static TextField mac(String current) {
        TextField mac = new TextField("MAC address");
        mac.setPlaceholder("A new one");
        mac.setHelperText("Six pairs of hex digits, 52:54:00:12:34:56; empty for a new address.");
        mac.addClassName("nic-mac");
        if (current != null) {
            mac.setValue(current);
        }
        return mac;
    }

    /** The MAC address of the field (null: none given), or empty after saying what is wrong with it. */
    private static Optional<String> macOf(TextField mac) {
        String value = mac.getValue().strip();
        if (value.isEmpty()) {
            return Optional.of("");
        }
        if (!MAC.matcher(value).matches()) {
            mac.setInvalid(true);
            mac.setErrorMessage("A MAC address is six pairs of hex digits separated by colons.");
            return Optional.empty();
        }
        return Optional.of(value.toLowerCase(Locale.ROOT));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    DeviceDialog addDialog(Optional<CreationChoices> choices) {
        Attachment attachment = Attachment.of(choices, null);
        ComboBox<String> model = model(choices, null);
        TextField mac = mac(null);
        DeviceDialog dialog = new DeviceDialog("Add a NIC to " + vm.name(), "Add", () -> {
            NetworkChoice network = attachment.choice();
            Optional<String> address = macOf(mac);
            if (network == null || address.isEmpty()) {
                return null;
            }
            return new VmChange.AddNic(new NicSpec(network, blankToNull(model.getValue()), blankToNull(address.get())));
        }, change -> run("Add a NIC", change));
        dialog.addClassName("nic-add-dialog");
        dialog.fields(attachment.way(), model, mac);
        dialog.hint(running() ? "Plugged into the running VM where the hypervisor can, else at next boot."
                : "Added to the VM's definition: the VM has it when it starts.");
        return dialog;
    }

    private void openEdit(VmNic nic) {
        Vm target = vm;
        changes.choices(target.ref(), choices -> {
            if (target == vm) {
                editDialog(nic, choices).open();
            }
        });
    }

    /** Network, model and MAC of one NIC; only what was changed is sent. */
    DeviceDialog editDialog(VmNic nic, Optional<CreationChoices> choices) {
        Attachment attachment = Attachment.of(choices, nic);
        ComboBox<String> model = model(choices, nic.model());
        TextField mac = mac(nic.mac());
        mac.setPlaceholder("");
        mac.setHelperText("Six pairs of hex digits, 52:54:00:12:34:56.");
        DeviceDialog dialog = new DeviceDialog("Edit NIC " + nic.mac(), "Save", () -> {
            NetworkChoice network = attachment.choice();
            Optional<String> address = macOf(mac);
            if (network == null || address.isEmpty()) {
                return null;
            }
            NetworkChoice was = "bridge".equals(nic.type()) ? bridgeOrNull(nic.source()) : networkOrNull(nic.source());
            NetworkChoice changedNetwork = network.equals(was) ? null : network;
            String newModel = blankToNull(model.getValue());
            String changedModel = newModel == null || newModel.equals(nic.model()) ? null : newModel;
            String newMac = blankToNull(address.get());
            String changedMac = newMac == null || newMac.equalsIgnoreCase(nic.mac()) ? null : newMac;
            if (changedNetwork == null && changedModel == null && changedMac == null) {
                model.setInvalid(true);
                model.setErrorMessage("Change the network, the model or the MAC address first.");
                return null;
            }
            return new VmChange.EditNic(nic.mac(), changedNetwork, changedModel, changedMac);
        }, change -> run("Edit NIC " + nic.mac(), change));
        dialog.addClassName("nic-edit-dialog");
        dialog.fields(attachment.way(), model, mac);
        dialog.hint(running()
                ? "On the running VM a new network or bridge applies at once where the hypervisor allows it;"
                        + " a new model or MAC address applies at next boot."
                : "Applies at next boot.");
        return dialog;
    }

    private static NetworkChoice bridgeOrNull(String name) {
        return name == null ? null : new NetworkChoice.Bridge(name);
    }

    private static NetworkChoice networkOrNull(String name) {
        return name == null ? null : new NetworkChoice.VirtualNetwork(name);
    }
}
