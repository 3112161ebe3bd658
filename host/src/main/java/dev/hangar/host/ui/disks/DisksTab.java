package dev.hangar.host.ui.disks;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.shared.Registration;
import dev.hangar.host.configure.Configuration;
import dev.hangar.host.plugins.PluginService;
import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.host.security.Access;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.host.ui.components.Guarded;
import dev.hangar.host.ui.components.HostComponents;
import dev.hangar.host.ui.components.Live;
import dev.hangar.host.ui.devicechange.Alternatives;
import dev.hangar.host.ui.devicechange.DeviceChanges;
import dev.hangar.host.ui.devicechange.DeviceDialog;
import dev.hangar.plugins.configure.DiskSpec;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.create.Pool;
import dev.hangar.plugins.create.StorageChoice;
import dev.hangar.plugins.create.Volume;
import dev.hangar.plugins.ui.DiskColumn;
import dev.hangar.plugins.ui.VmContext;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmDisk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A VM's disks: the host's columns, the provider's disk columns at their index, and the provider's
 * disk actions above the table. Both get a {@link VmContext}, which reads the store and acts only
 * through the host's command path. A provider's text cell usually reads its own branch, which changes
 * without the VM: while the table is shown, the cells are drawn again whenever a text one would say
 * something else.
 * <p>
 * Where the VM's provider can change disks ({@link Configuration#offered}) and the user may
 * configure, the tab also adds disks, detaches them (with their volume only after a second
 * confirmation that names it), changes a disk's bus and cache, and inserts and ejects CD-ROM media:
 * each only when the provider's settings list it, each through {@link Configuration#change}, with
 * how it went beside the table.
 */
public final class DisksTab extends VerticalLayout {
    /** libvirt's cache modes; the empty choice leaves it to the hypervisor (or, editing, keeps it). */
    static final List<String> CACHE_MODES = List.of("none", "writeback", "writethrough", "directsync", "unsafe", "default");
    private static final String NEW_VOLUME = "New volume in a pool";
    private static final String EXISTING_VOLUME = "Existing volume";
    private static final String HOST_FILE = "File on the host";
    private static final String EMPTY_DRIVE = "Empty drive";
    private static final String ISO_VOLUME = "ISO volume of a pool";
    private final PluginService plugins;
    private final DeviceChanges changes;
    private final Div actions = new Div();
    private final Div problems = new Div();
    private final Button addDisk = new Button("Add disk");
    /** The selected disk's changes, beside the name of the disk. */
    private final Span selection = new Span();
    private final Button insertMedia = DeviceChanges.button("Insert media", "disk-insert-media", () -> withSelected(this::openInsertMedia));
    private final Button eject = DeviceChanges.button("Eject", "disk-eject", () -> withSelected(this::eject));
    private final Button editDisk = DeviceChanges.button("Edit", "disk-edit", () -> withSelected(this::openEdit));
    private final Button detach = DeviceChanges.button("Detach", "disk-detach", () -> withSelected(this::openDetach));
    private final Grid<VmDisk> grid = new Grid<>();
    private Vm vm;
    private ActiveProvider provider;
    private Supplier<VmContext> context;
    /** The provider's text cells as last drawn, by column and disk: what a state change is checked against. */
    private final Map<TextCell, String> drawn = new ConcurrentHashMap<>();
    private Registration watching;
    /** The target of the disk selected for a change, kept while the table is redrawn with new disks. */
    private String selectedTarget;
    /** The VM and state the settings were last read for. */
    private List<Object> settingsOf;

    private record TextCell(DiskColumn column, String target) {
    }

    /**
     * @param plugins       where a contribution that fails is reported
     * @param configuration how disks are changed
     * @param access        who is signed in to the page
     */
    public DisksTab(PluginService plugins, Configuration configuration, Access access) {
        this.plugins = plugins;
        this.changes = new DeviceChanges(configuration, access, this);
        addClassName("disks-tab");
        setPadding(false);
        actions.addClassName("disk-actions");
        problems.addClassName("disk-problems");
        addDisk.addClassName("disk-add");
        addDisk.setVisible(false);
        addDisk.addClickListener(e -> openAddDisk());
        selection.addClassName("disk-selection");
        detach.addThemeVariants(ButtonVariant.LUMO_ERROR);
        HorizontalLayout edits = new HorizontalLayout(addDisk, selection, insertMedia, eject, editDisk, detach, changes.note());
        edits.addClassName("disk-changes");
        edits.setAlignItems(FlexComponent.Alignment.BASELINE);
        edits.setWrap(true);
        grid.addClassName("disk-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_NO_BORDER);
        grid.setAllRowsVisible(true);
        grid.setEmptyStateText("This VM has no disks.");
        grid.asSingleSelect().addValueChangeListener(e -> {
            if (e.isFromClient() || e.getValue() != null) {
                selectedTarget = e.getValue() == null ? null : e.getValue().target();
            }
            offerForSelection();
        });
        add(problems, actions, edits, grid);
        columns();
    }

    /** Shows the VM; the provider's actions are remade only when its disks changed. */
    public void show(Vm next) {
        if (next == vm) {
            return;
        }
        boolean disksChanged = vm == null || !vm.disks().equals(next.disks());
        if (vm == null || !vm.ref().equals(next.ref())) {
            // Another VM's page (Vaadin reuses the view): nothing of the last one stays selected.
            selectedTarget = null;
            disksChanged = true;
        }
        vm = next;
        if (disksChanged) {
            // The disk selected before stays selected (a new medium, a new bus) while it is there.
            VmDisk kept = selectedTarget == null ? null : next.disk(selectedTarget);
            selectedTarget = kept == null ? null : selectedTarget;
            grid.setItems(next.disks());
            grid.asSingleSelect().setValue(kept);
            offerForSelection();
            diskActions();
        } else {
            grid.getDataProvider().refreshAll();
        }
        loadSettings();
    }

    /**
     * Takes the contributions of the VM's provider (null: none, e.g. after its plugin was unloaded).
     *
     * @param context a fresh context for each contributed component
     */
    public void contribute(ActiveProvider contributor, Supplier<VmContext> context) {
        this.provider = contributor;
        this.context = context;
        problems.removeAll();
        if (watching != null) {
            watching.remove();
            watching = null;
        }
        columns();
        diskActions();
        if (contributor != null) {
            watching = Live.bind(this, context.get().states(), state -> redrawStaleText());
        }
        settingsOf = null;
        loadSettings();
    }

    /** Reads what may be changed when the VM, its state or its provider is new to the tab. */
    private void loadSettings() {
        List<Object> key = vm == null ? null : java.util.Arrays.asList(vm.ref(), vm.state(), provider);
        if (Objects.equals(key, settingsOf)) {
            return;
        }
        settingsOf = key;
        changes.load(vm == null || provider == null ? null : vm.ref(), this::offer);
    }

    /** Shows the controls of the changes now allowed. */
    private void offer() {
        addDisk.setVisible(changes.allows(Setting.DISK_ADD));
        offerForSelection();
    }

    /** The selected disk's changes, those its provider allows; a hint to select one while none is. */
    private void offerForSelection() {
        VmDisk disk = selected();
        boolean any = changes.allows(Setting.DISK_DETACH) || changes.allows(Setting.DISK_EDIT) || changes.allows(Setting.MEDIA);
        selection.setText(disk == null ? "Select a disk to change it." : describe(disk) + ":");
        selection.setVisible(any);
        insertMedia.setVisible(disk != null && cdrom(disk) && changes.allows(Setting.MEDIA));
        eject.setVisible(disk != null && cdrom(disk) && hasSource(disk) && changes.allows(Setting.MEDIA));
        editDisk.setVisible(disk != null && changes.allows(Setting.DISK_EDIT));
        detach.setVisible(disk != null && changes.allows(Setting.DISK_DETACH));
    }

    /** Acts on the selected disk; nothing when it went meanwhile (the buttons go with it). */
    private void withSelected(Consumer<VmDisk> change) {
        VmDisk disk = selected();
        if (disk != null) {
            change.accept(disk);
        }
    }

    /** The disk selected for a change (as the VM has it now), or null. */
    private VmDisk selected() {
        return selectedTarget == null || vm == null ? null : vm.disk(selectedTarget);
    }

    /** Draws the cells again when a provider's text cell now says something else than it shows. */
    private void redrawStaleText() {
        if (provider == null || vm == null) {
            return;
        }
        for (Map.Entry<TextCell, String> cell : drawn.entrySet()) {
            Object now = value(cell.getKey().column(), cell.getKey().target());
            if (!(now instanceof String text) || !text.equals(cell.getValue())) {
                grid.getDataProvider().refreshAll();
                return;
            }
        }
    }

    private void columns() {
        List<Consumer<Grid<VmDisk>>> columns = new ArrayList<>();
        columns.add(text("Target", VmDisk::target));
        columns.add(text("Device", VmDisk::device));
        columns.add(text("Bus", VmDisk::bus));
        columns.add(text("Source", VmDisk::source));
        columns.add(text("Format", VmDisk::format));
        columns.add(g -> g.addColumn(d -> Formats.bytes(d.capacity()) + " / " + Formats.bytes(d.allocation()))
                .setHeader("Capacity / allocation").setKey("capacity").setTextAlign(ColumnTextAlign.END));
        if (provider != null) {
            List<DiskColumn> extra = new ArrayList<>(Guarded.list(plugins, provider.name(), "disk columns",
                    () -> provider.provider().vmDiskColumns(), problems::add));
            extra.sort(Comparator.comparingInt(DiskColumn::index));
            for (DiskColumn column : extra) {
                int at = Math.max(0, Math.min(column.index(), columns.size()));
                columns.add(at, g -> g.addColumn(new ComponentRenderer<>(disk -> cell(column, disk)))
                        .setHeader(column.title()).addClassName("provider-column"));
            }
        }
        drawn.clear();
        grid.removeAllColumns();
        columns.forEach(c -> c.accept(grid));
    }

    private static Consumer<Grid<VmDisk>> text(String title, Function<VmDisk, String> value) {
        return g -> g.addColumn(d -> Formats.orDash(value.apply(d))).setHeader(title)
                .setKey(title.toLowerCase()).setAutoWidth(true);
    }

    private Component cell(DiskColumn column, VmDisk disk) {
        Object value = value(column, disk.target());
        TextCell key = new TextCell(column, disk.target());
        if (value instanceof Component component) {
            drawn.remove(key);
            return component;
        }
        String text = value == null ? "" : value.toString();
        drawn.put(key, text);
        return new Span(text);
    }

    /** What the provider's cell is now: a component, or anything else to show as text (null: nothing). */
    private Object value(DiskColumn column, String target) {
        Object value = Guarded.cell(plugins, provider.name(), "disk column '" + column.title() + "' for " + target,
                () -> column.value().of(context.get(), target));
        return value instanceof Component || value == null ? value : Objects.toString(value);
    }

    private void diskActions() {
        actions.removeAll();
        if (provider == null || vm == null) {
            actions.setVisible(false);
            return;
        }
        ActiveProvider contributor = provider;
        VmContext vmContext = context.get();
        List<Component> made = Guarded.list(plugins, contributor.name(), "disk actions",
                () -> contributor.provider().vmDiskActions(vmContext), actions::add);
        made.forEach(actions::add);
        actions.setVisible(actions.getComponentCount() > 0);
    }

    private boolean running() {
        return provider != null && vm != null && provider.provider().isRunning(vm.state());
    }

    private static boolean cdrom(VmDisk disk) {
        return "cdrom".equals(disk.device());
    }

    private static boolean hasSource(VmDisk disk) {
        return disk.source() != null && !disk.source().isBlank();
    }

    private void eject(VmDisk disk) {
        run("Eject the medium of " + disk.target(), new VmChange.Media(disk.target(), null));
    }

    private void run(String what, VmChange change) {
        changes.run(vm.ref(), what, change);
    }

    private void openAddDisk() {
        Vm target = vm;
        addDisk.setEnabled(false);
        changes.choices(target.ref(), choices -> {
            addDisk.setEnabled(true);
            if (target == vm) {
                addDiskDialog(choices).open();
            }
        });
    }

    /** The add-disk dialog; without the provider's choices it takes a file path (or, for a CD-ROM, nothing). */
    DeviceDialog addDiskDialog(Optional<CreationChoices> choices) {
        Select<String> device = new Select<>();
        device.setLabel("Device");
        device.setItems("disk", "cdrom");
        device.setItemLabelGenerator(d -> d.equals("cdrom") ? "CD-ROM drive" : "Disk");
        device.setValue("disk");
        device.addClassName("disk-add-device");

        List<Pool> pools = choices.map(c -> c.pools().stream().filter(Pool::active).toList()).orElse(List.of());
        Select<Pool> pool = new Select<>();
        pool.setLabel("Pool");
        pool.setItems(pools);
        pool.setItemLabelGenerator(p -> p.name() + " (" + Formats.bytes(p.availableBytes()) + " free)");
        pool.addClassName("disk-add-pool");
        if (!pools.isEmpty()) {
            pool.setValue(pools.get(0));
        }
        NumberField size = new NumberField("Size (GiB)");
        size.setMin(0.001);
        size.setValue(10.0);
        size.addClassName("disk-add-size");
        Select<String> format = new Select<>();
        format.setLabel("Format");
        List<String> formats = choices.map(CreationChoices::diskFormats).orElse(List.of());
        format.setItems(formats);
        format.addClassName("disk-add-format");
        if (!formats.isEmpty()) {
            format.setValue(formats.get(0));
        }
        ComboBox<Volume> volume = volumes(pools, false);
        volume.addClassName("disk-add-volume");
        TextField path = path("disk-add-path");

        Alternatives storage = new Alternatives("Storage");
        storage.addClassName("disk-add-storage");
        if (!pools.isEmpty()) {
            storage.option(NEW_VOLUME, new Div(pool, size, format));
            storage.option(EXISTING_VOLUME, volume);
        }
        storage.option(HOST_FILE, path);
        storage.option(EMPTY_DRIVE, new Div());
        ComboBox<String> bus = bus(choices.map(CreationChoices::diskBuses).orElse(List.of()), null);
        bus.addClassName("disk-add-bus");
        Select<String> cache = cache("Hypervisor's default");
        cache.addClassName("disk-add-cache");

        DeviceDialog dialog = new DeviceDialog("Add a disk to " + vm.name(), "Add", () -> {
            StorageChoice chosen = storageChoice(storage.chosen(), pool, size, format, volume, path);
            if (chosen == null) {
                return null;
            }
            if (chosen instanceof StorageChoice.NoStorage && !"cdrom".equals(device.getValue())) {
                storage.choice().setInvalid(true);
                storage.choice().setErrorMessage("Only a CD-ROM drive may be empty.");
                return null;
            }
            return new VmChange.AddDisk(new DiskSpec(chosen, device.getValue(), blankToNull(bus.getValue()),
                    blankToNull(cache.getValue())));
        }, change -> run("cdrom".equals(((VmChange.AddDisk) change).disk().device()) ? "Add a CD-ROM drive" : "Add a disk", change));
        dialog.addClassName("disk-add-dialog");
        dialog.fields(device, storage, bus, cache);
        dialog.hint(running() ? "Added to the running VM where the hypervisor can hot-plug it, else at next boot."
                : "Added to the VM's definition: the VM has it when it starts.");
        return dialog;
    }

    /** The storage the add dialog's fields say, or null after marking the field that is wrong. */
    private static StorageChoice storageChoice(String way, Select<Pool> pool, NumberField size, Select<String> format,
            ComboBox<Volume> volume, TextField path) {
        if (NEW_VOLUME.equals(way)) {
            if (pool.getValue() == null) {
                pool.setInvalid(true);
                pool.setErrorMessage("Choose the pool of the new volume.");
                return null;
            }
            if (size.getValue() == null || size.getValue() <= 0) {
                size.setInvalid(true);
                size.setErrorMessage("A new volume needs a size above 0.");
                return null;
            }
            if (size.getValue() * (1L << 30) > pool.getValue().availableBytes()) {
                size.setInvalid(true);
                size.setErrorMessage("Pool " + pool.getValue().name() + " has only "
                        + Formats.bytes(pool.getValue().availableBytes()) + " free.");
                return null;
            }
            if (format.getValue() == null) {
                format.setInvalid(true);
                format.setErrorMessage("Choose the format of the new volume.");
                return null;
            }
            return new StorageChoice.NewVolume(pool.getValue().name(), Math.round(size.getValue() * (1L << 30)),
                    format.getValue());
        }
        if (EXISTING_VOLUME.equals(way)) {
            if (volume.getValue() == null) {
                volume.setInvalid(true);
                volume.setErrorMessage("Choose a volume.");
                return null;
            }
            return new StorageChoice.ExistingVolume(volume.getValue().path());
        }
        if (HOST_FILE.equals(way)) {
            return filePath(path) == null ? null : new StorageChoice.ExistingVolume(filePath(path));
        }
        return new StorageChoice.NoStorage();
    }

    /** An absolute path from the field, or null after saying it is not one. */
    private static String filePath(TextField path) {
        String value = path.getValue().strip();
        if (!value.startsWith("/")) {
            path.setInvalid(true);
            path.setErrorMessage("Give the file's absolute path on the VM's host (it starts with /).");
            return null;
        }
        return value;
    }

    private static TextField path(String className) {
        TextField path = new TextField("Path on the host");
        path.setPlaceholder("/var/lib/libvirt/images/…");
        path.setWidthFull();
        path.addClassName(className);
        return path;
    }

    /** The volumes of these pools to choose from (only ISO images for media), labelled pool/name. */
    private static ComboBox<Volume> volumes(List<Pool> pools, boolean isoOnly) {
        ComboBox<Volume> volume = new ComboBox<>(isoOnly ? "ISO image" : "Volume");
        volume.setItems(pools.stream().flatMap(p -> p.volumes().stream())
                .filter(v -> !isoOnly || iso(v)).toList());
        volume.setItemLabelGenerator(v -> v.pool() + "/" + v.name()
                + (v.capacityBytes() > 0 ? " (" + Formats.bytes(v.capacityBytes()) + ")" : ""));
        volume.setWidthFull();
        return volume;
    }

    private static boolean iso(Volume volume) {
        return "iso".equalsIgnoreCase(volume.format()) || volume.name().toLowerCase(Locale.ROOT).endsWith(".iso");
    }

    private static ComboBox<String> bus(List<String> buses, String current) {
        ComboBox<String> bus = new ComboBox<>("Bus");
        List<String> offered = new ArrayList<>(buses);
        if (current != null && !offered.contains(current)) {
            offered.add(current);
        }
        bus.setItems(offered);
        bus.setAllowCustomValue(true);
        bus.addCustomValueSetListener(e -> bus.setValue(e.getDetail()));
        bus.setPlaceholder("The provider's choice");
        bus.setClearButtonVisible(true);
        if (current != null) {
            bus.setValue(current);
        }
        return bus;
    }

    private static Select<String> cache(String emptyLabel) {
        Select<String> cache = new Select<>();
        cache.setLabel("Cache");
        cache.setItems(CACHE_MODES);
        cache.setEmptySelectionAllowed(true);
        cache.setEmptySelectionCaption(emptyLabel);
        return cache;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private void openEdit(VmDisk disk) {
        Vm target = vm;
        changes.choices(target.ref(), choices -> {
            if (target == vm) {
                editDialog(disk, choices).open();
            }
        });
    }

    /** Bus and cache of one disk; only what was changed is sent. */
    DeviceDialog editDialog(VmDisk disk, Optional<CreationChoices> choices) {
        ComboBox<String> bus = bus(choices.map(CreationChoices::diskBuses).orElse(List.of()), disk.bus());
        bus.addClassName("disk-edit-bus");
        Select<String> cache = cache("Keep as it is");
        cache.addClassName("disk-edit-cache");
        DeviceDialog dialog = new DeviceDialog("Edit disk " + disk.target(), "Save", () -> {
            String newBus = blankToNull(bus.getValue());
            String changedBus = newBus == null || newBus.equals(disk.bus()) ? null : newBus;
            String newCache = blankToNull(cache.getValue());
            if (changedBus == null && newCache == null) {
                bus.setInvalid(true);
                bus.setErrorMessage("Change the bus or the cache first.");
                return null;
            }
            return new VmChange.EditDisk(disk.target(), changedBus, newCache);
        }, change -> run("Edit disk " + disk.target(), change));
        dialog.addClassName("disk-edit-dialog");
        dialog.fields(bus, cache);
        dialog.hint("Applies at next boot.");
        return dialog;
    }

    private void openInsertMedia(VmDisk disk) {
        Vm target = vm;
        changes.choices(target.ref(), choices -> {
            if (target == vm) {
                mediaDialog(disk, choices).open();
            }
        });
    }

    /** An ISO volume of a pool or a file path for a CD-ROM drive. */
    DeviceDialog mediaDialog(VmDisk disk, Optional<CreationChoices> choices) {
        List<Pool> pools = choices.map(c -> c.pools().stream().filter(Pool::active).toList()).orElse(List.of());
        ComboBox<Volume> iso = volumes(pools, true);
        iso.addClassName("media-volume");
        TextField path = path("media-path");
        Alternatives medium = new Alternatives("Medium");
        medium.addClassName("media-source");
        if (!pools.isEmpty()) {
            medium.option(ISO_VOLUME, iso);
        }
        medium.option(HOST_FILE, path);
        DeviceDialog dialog = new DeviceDialog("Insert media into " + disk.target(), "Insert", () -> {
            if (ISO_VOLUME.equals(medium.chosen())) {
                if (iso.getValue() == null) {
                    iso.setInvalid(true);
                    iso.setErrorMessage("Choose an ISO image.");
                    return null;
                }
                return new VmChange.Media(disk.target(), iso.getValue().path());
            }
            String file = filePath(path);
            return file == null ? null : new VmChange.Media(disk.target(), file);
        }, change -> run("Insert media into " + disk.target(), change));
        dialog.addClassName("media-dialog");
        dialog.fields(medium);
        if (hasSource(disk)) {
            dialog.hint("It replaces " + disk.source() + ".");
        }
        return dialog;
    }

    private void openDetach(VmDisk disk) {
        detachDialog(disk).open();
    }

    /**
     * Detaching one disk; with its volume it is a destructive change, asked a second time with the
     * volume's path named (and the server refuses it to anyone who may not delete).
     */
    DeviceDialog detachDialog(VmDisk disk) {
        boolean live = running();
        Paragraph what = new Paragraph("Detach " + describe(disk) + " from VM " + vm.name() + "?"
                + (live ? " The running guest loses it now where the hypervisor can unplug it, else at next boot." : ""));
        what.addClassName("disk-detach-text");
        Checkbox deleteVolume = new Checkbox("Also delete its volume");
        deleteVolume.addClassName("disk-detach-delete-volume");
        deleteVolume.setVisible(hasSource(disk));
        if (!changes.mayDelete()) {
            deleteVolume.setEnabled(false);
            deleteVolume.setHelperText("Only administrators may delete volumes.");
        } else if (hasSource(disk)) {
            deleteVolume.setHelperText(disk.source() + " is deleted for good.");
        }
        DeviceDialog dialog = new DeviceDialog("Detach disk " + disk.target() + "?", "Detach",
                () -> new VmChange.DetachDisk(disk.target(), deleteVolume.getValue()),
                change -> {
                    if (!change.destructive()) {
                        run("Detach disk " + disk.target(), change);
                        return;
                    }
                    HostComponents.confirmDialog("Delete the volume of " + disk.target() + "?",
                            "This deletes " + disk.source() + " for good, with all its data, and detaches disk "
                                    + disk.target() + " from VM " + vm.name() + ".",
                            "Delete volume and detach", true,
                            () -> run("Detach disk " + disk.target() + " and delete " + disk.source(), change)).open();
                });
        dialog.addClassName("disk-detach-dialog");
        dialog.fields(what, deleteVolume).danger();
        return dialog;
    }

    private static String describe(VmDisk disk) {
        return (cdrom(disk) ? "CD-ROM drive " : "disk ") + disk.target() + (hasSource(disk) ? " (" + disk.source() + ")" : "");
    }
}
