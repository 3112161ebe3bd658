package dev.hangar.host.ui.create;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.create.InvalidSpecException;
import dev.hangar.plugins.create.Pool;
import dev.hangar.plugins.create.StorageChoice;
import java.util.List;

/** The new VM's first disk: a new volume in a pool (free space shown), an existing volume or file, or none. */
final class StorageSection extends VerticalLayout {
    enum Kind {
        NEW("New volume"), EXISTING("Existing volume or file"), NONE("None");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private static final long GIB = 1L << 30;

    final RadioButtonGroup<Kind> kind = new RadioButtonGroup<>("Storage");
    final Select<Pool> pool = new Select<>();
    final IntegerField sizeGiB = new IntegerField("Disk size (GiB)");
    final Select<String> format = new Select<>();
    final HostFileField existing = new HostFileField("Volume or file", volume -> true);
    private final HorizontalLayout newVolume;

    StorageSection() {
        setPadding(false);
        setSpacing(false);
        addClassName("create-storage");
        kind.addClassName("create-storage-kind");
        kind.setItemLabelGenerator(k -> k.label);
        pool.setLabel("Pool");
        pool.addClassName("create-pool");
        pool.setItemLabelGenerator(StorageSection::poolLabel);
        pool.setItemEnabledProvider(Pool::active);
        pool.setManualValidation(true);
        sizeGiB.addClassName("create-disk-size");
        sizeGiB.setMin(1);
        sizeGiB.setStepButtonsVisible(true);
        sizeGiB.setManualValidation(true);
        format.setLabel("Format");
        format.addClassName("create-disk-format");
        existing.addClassName("create-existing-volume");
        newVolume = new HorizontalLayout(pool, sizeGiB, format);
        newVolume.setAlignItems(FlexComponent.Alignment.BASELINE);
        newVolume.setWrap(true);
        kind.setItems(Kind.values());
        kind.setValue(Kind.NEW);
        kind.addValueChangeListener(e -> showParts());
        add(kind, newVolume, existing);
        showParts();
    }

    private void showParts() {
        newVolume.setVisible(kind.getValue() == Kind.NEW);
        existing.setVisible(kind.getValue() == Kind.EXISTING);
    }

    static String poolLabel(Pool pool) {
        if (!pool.active()) {
            return pool.name() + " (inactive)";
        }
        return pool.name() + " — " + Formats.bytes(pool.availableBytes()) + " free of " + Formats.bytes(pool.capacityBytes());
    }

    /** Offers the connection's pools and formats (without pools: no disk); keeps what was chosen where it still can. */
    void choices(CreationChoices choices) {
        List<Pool> pools = choices.pools();
        Kind chosen = kind.getValue();
        List<Kind> kinds = pools.isEmpty() ? List.of(Kind.NONE) : List.of(Kind.values());
        // Items are set again only when they differ: setting them resets the group's value, in the browser too.
        if (!kinds.equals(kind.getListDataView().getItems().toList())) {
            kind.setItems(kinds);
            kind.setValue(Problems.has(kinds, chosen) ? chosen : kinds.get(0));
        }
        showParts();
        String poolName = pool.getValue() == null ? "default" : pool.getValue().name();
        pool.setItems(pools);
        pool.setValue(pools.stream().filter(p -> p.active() && p.name().equals(poolName)).findFirst()
                .or(() -> pools.stream().filter(Pool::active).findFirst()).orElse(null));
        String formatName = format.getValue();
        format.setItems(choices.diskFormats());
        format.setValue(Problems.has(choices.diskFormats(), formatName) ? formatName
                : choices.diskFormats().isEmpty() ? null : choices.diskFormats().get(0));
        existing.volumes(pools);
    }

    /** The size the operating system proposes, in whole GiB (rounded up). */
    void proposeSize(long bytes) {
        sizeGiB.setValue((int) Math.max(1, (bytes + GIB - 1) / GIB));
    }

    /** Chooses this kind where it is offered (an import needs no new disk, a cloud image needs one). */
    void prefer(Kind preferred) {
        if (kind.getListDataView().getItems().anyMatch(preferred::equals)) {
            kind.setValue(preferred);
        }
    }

    StorageChoice choice() throws InvalidSpecException {
        Kind chosen = kind.getValue() == null ? Kind.NONE : kind.getValue();
        switch (chosen) {
            case NEW:
                if (pool.getValue() == null) {
                    throw new InvalidSpecException("storage", "Choose an active pool for the new volume");
                }
                if (sizeGiB.getValue() == null || sizeGiB.getValue() < 1) {
                    throw new InvalidSpecException("storage.size", "Give the disk's size: 1 GiB or more");
                }
                if (format.getValue() == null) {
                    throw new InvalidSpecException("storage.format", "Choose the volume's format");
                }
                return new StorageChoice.NewVolume(pool.getValue().name(), sizeGiB.getValue() * GIB, format.getValue());
            case EXISTING:
                if (existing.path() == null) {
                    throw new InvalidSpecException("storage", "Choose a volume or type a file's path on the host");
                }
                return new StorageChoice.ExistingVolume(existing.path());
            default:
                return new StorageChoice.NoStorage();
        }
    }

    /** The input a storage problem goes next to. */
    HasValidation fieldOf(String field) {
        if ("storage.size".equals(field)) {
            return sizeGiB;
        }
        if ("storage.format".equals(field)) {
            return format;
        }
        return kind.getValue() == Kind.NEW ? pool : kind.getValue() == Kind.EXISTING ? existing : kind;
    }

    List<HasValidation> fields() {
        return List.of(kind, pool, sizeGiB, format, existing);
    }
}
