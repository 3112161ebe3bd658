package dev.hangar.host.ui.disks;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.hangar.host.ui.TestHangar.eventually;
import static dev.hangar.host.ui.devicechange.DevicePage.button;
import static dev.hangar.host.ui.devicechange.DevicePage.choose;
import static dev.hangar.host.ui.devicechange.DevicePage.confirm;
import static dev.hangar.host.ui.devicechange.DevicePage.dialog;
import static dev.hangar.host.ui.devicechange.DevicePage.error;
import static dev.hangar.host.ui.devicechange.DevicePage.field;
import static dev.hangar.host.ui.devicechange.DevicePage.grid;
import static dev.hangar.host.ui.devicechange.DevicePage.noteAfterChange;
import static dev.hangar.host.ui.devicechange.DevicePage.select;
import static dev.hangar.host.ui.devicechange.DevicePage.selection;
import static dev.hangar.host.ui.devicechange.DevicePage.set;
import static dev.hangar.host.ui.devicechange.DevicePage.shownButtons;
import static dev.hangar.host.ui.devicechange.DevicePage.shows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import dev.hangar.host.security.Role;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.state.VmsState;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.host.ui.devicechange.DeviceDialog;
import dev.hangar.host.ui.devicechange.DevicePage;
import dev.hangar.plugins.create.Pool;
import dev.hangar.plugins.create.Volume;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmDisk;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.testsupport.TestProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Disks subtab's changes on the UI test provider's VM "web" (vda, vdb, an empty CD-ROM drive hdc):
 * who gets them, each dialog, and that each change reaches the provider through the host's command
 * path (audited, with the role checked on the server) and shows its outcome beside the table.
 */
class DiskChangesTest {
    private static final String DATA = "/var/lib/images/web-data.raw";
    private final TestProvider provider = new TestProvider("test");
    private TestHangar test;

    @AfterEach
    void stop() throws Exception {
        if (test != null) {
            test.close();
        }
    }

    private Component disks(Role role, String state) throws Exception {
        Vm web = provider.put(provider.vm("web", state));
        test = TestHangar.start(provider);
        TestHangar.signIn(role);
        return DevicePage.open(web, "Disks");
    }

    private Vm web() {
        return test.hangar.store().getState().get(VmsState.BRANCH, VmsState.class)
                .find("test", TestProvider.CONNECTION, "web").orElseThrow();
    }

    private List<AuditEntry> audited(String verb) {
        return test.hangar.security().audit().last(100).stream().filter(e -> e.verb().equals(verb)).toList();
    }

    private List<String> targets(Component disks) {
        var grid = DevicePage.<VmDisk>grid(disks);
        return java.util.stream.IntStream.range(0, GridKt._size(grid)).mapToObj(i -> GridKt._get(grid, i).target()).toList();
    }

    @Test
    void aViewerGetsNoChanges() throws Exception {
        Component disks = disks(Role.VIEWER, VmStates.RUNNING);
        select(disks, VmDisk::target, "hdc");
        assertEquals(List.of(), shownButtons(disks), "no change is offered to a viewer");
        assertFalse(shows(disks, "disk-selection"));
    }

    @Test
    void anOperatorGetsTheChangesOfTheSelectedDisk() throws Exception {
        Component disks = disks(Role.OPERATOR, VmStates.RUNNING);
        eventually(() -> assertTrue(shows(disks, "disk-add")));
        assertEquals("Select a disk to change it.", selection(disks, "disk-selection"));
        select(disks, VmDisk::target, "vdb");
        assertEquals("disk vdb (" + DATA + "):", selection(disks, "disk-selection"));
        assertTrue(shows(disks, "disk-edit") && shows(disks, "disk-detach"));
        assertFalse(shows(disks, "disk-insert-media") || shows(disks, "disk-eject"), "a disk has no media");
        select(disks, VmDisk::target, "hdc");
        assertTrue(shows(disks, "disk-insert-media"));
        assertFalse(shows(disks, "disk-eject"), "the drive is empty");
    }

    @Test
    void anOperatorAddsANewVolumeThatAppearsInTheTable() throws Exception {
        Component disks = disks(Role.OPERATOR, VmStates.RUNNING);
        eventually(() -> assertTrue(shows(disks, "disk-add")));
        button(disks, "disk-add").click();
        DeviceDialog dialog = dialog();
        @SuppressWarnings("unchecked")
        Select<Pool> pool = field(dialog, Select.class, "disk-add-pool");
        assertEquals("default", pool.getValue().name(), "the first pool");
        NumberField size = field(dialog, NumberField.class, "disk-add-size");
        set(pool, TestProvider.POOLS.get(1));
        set(size, 5.0);
        confirm(dialog);
        assertEquals("Pool tiny has only 1 MiB free.", error(size), "said beside the field");
        assertTrue(dialog.isOpened(), "the dialog stays open");

        set(pool, TestProvider.POOLS.get(0));
        @SuppressWarnings("unchecked")
        ComboBox<String> bus = field(dialog, ComboBox.class, "disk-add-bus");
        set(bus, "virtio");
        confirm(dialog);
        assertFalse(dialog.isOpened());

        assertEquals("Add a disk: applied live (none → disk vdc (virtio, /var/lib/images/web-vdc.qcow2))", noteAfterChange(disks));
        eventually(() -> assertEquals(List.of("vda", "vdb", "hdc", "vdc"), targets(disks)));
        VmDisk added = web().disk("vdc");
        assertEquals(List.of("disk", "/var/lib/images/web-vdc.qcow2", "qcow2", 5L << 30),
                List.of(added.device(), added.source(), added.format(), added.capacity()));
        AuditEntry entry = audited("change_disk_add").get(0);
        assertEquals(List.of("operator-user", AuditEntry.OK), List.of(entry.user(), entry.result()));
        assertEquals("default", entry.options().get("pool"));
    }

    @Test
    void aCdromDriveWithAFileOrEmptyAndAnEmptyDiskIsRefusedInTheDialog() throws Exception {
        Component disks = disks(Role.OPERATOR, VmStates.SHUT_OFF);
        eventually(() -> assertTrue(shows(disks, "disk-add")));
        button(disks, "disk-add").click();
        DeviceDialog dialog = dialog();
        choose(dialog, "disk-add-storage", "Empty drive");
        confirm(dialog);
        assertEquals("Only a CD-ROM drive may be empty.",
                _get(dialog, com.vaadin.flow.component.radiobutton.RadioButtonGroup.class).getErrorMessage());
        @SuppressWarnings("unchecked")
        Select<String> device = field(dialog, Select.class, "disk-add-device");
        set(device, "cdrom");
        confirm(dialog);
        assertEquals("Add a CD-ROM drive: applies at next boot (none → cdrom sda (sata))", noteAfterChange(disks));
        eventually(() -> assertTrue(targets(disks).contains("sda"), targets(disks).toString()));
    }

    @Test
    void detachingWithTheVolumeAsksTwiceAndIsRefusedToAnOperator() throws Exception {
        Component disks = disks(Role.OPERATOR, VmStates.RUNNING);
        eventually(() -> assertTrue(shows(disks, "disk-add")));
        select(disks, VmDisk::target, "vdb");
        button(disks, "disk-detach").click();
        DeviceDialog dialog = dialog();
        Checkbox deleteVolume = field(dialog, Checkbox.class, "disk-detach-delete-volume");
        assertFalse(deleteVolume.isEnabled(), "an operator may not delete volumes");
        assertEquals("Only administrators may delete volumes.", deleteVolume.getHelperText());

        // What a forged request would amount to: the server refuses it.
        deleteVolume.setValue(true);
        confirm(dialog);
        ConfirmDialog again = _get(ConfirmDialog.class);
        assertEquals("Delete the volume of vdb?", ConfirmDialogKt.getHeader(again));
        assertEquals("This deletes " + DATA + " for good, with all its data, and detaches disk vdb from VM web.",
                ConfirmDialogKt.getText(again));
        ConfirmDialogKt._fireConfirm(again);

        assertEquals("Detach disk vdb and delete " + DATA + " failed: Operator 'operator-user' may not use"
                + " 'Change disk detach' on VM 'web'", noteAfterChange(disks));
        assertEquals(List.of(), provider.deletedVolumes);
        assertTrue(web().disk("vdb") != null, "the disk is still there");
        assertEquals(AuditEntry.REFUSED, audited("change_disk_detach").get(0).result());
    }

    @Test
    void anAdministratorDetachesADiskWithItsVolumeAfterTwoConfirmations() throws Exception {
        Component disks = disks(Role.ADMINISTRATOR, VmStates.RUNNING);
        eventually(() -> assertTrue(shows(disks, "disk-add")));
        select(disks, VmDisk::target, "vdb");
        button(disks, "disk-detach").click();
        DeviceDialog dialog = dialog();
        assertEquals("Detach disk vdb (" + DATA + ") from VM web? The running guest loses it now where the hypervisor"
                + " can unplug it, else at next boot.", _get(dialog, Paragraph.class, s -> s.withClasses("disk-detach-text")).getText());
        Checkbox deleteVolume = field(dialog, Checkbox.class, "disk-detach-delete-volume");
        set(deleteVolume, true);
        confirm(dialog);
        ConfirmDialog again = _get(ConfirmDialog.class);
        assertEquals("error primary", again.getElement().getProperty("confirmTheme"), "a danger");
        assertTrue(ConfirmDialogKt.getText(again).contains(DATA), "names the volume");
        assertEquals(List.of(), provider.deletedVolumes, "nothing before the second yes");
        ConfirmDialogKt._fireConfirm(again);

        assertEquals("Detach disk vdb and delete " + DATA + ": applied live (disk vdb (virtio, " + DATA + ") → none)",
                noteAfterChange(disks));
        assertEquals(List.of(DATA), provider.deletedVolumes);
        eventually(() -> assertEquals(List.of("vda", "hdc"), targets(disks)));
        assertEquals("Select a disk to change it.", selection(disks, "disk-selection"), "the detached disk's changes went with it");
        AuditEntry entry = audited("change_disk_detach").get(0);
        assertEquals(Map.of("target", "vdb", "delete_volume", true), Map.of("target", entry.options().get("target"),
                "delete_volume", entry.options().get("delete_volume")));
    }

    @Test
    void detachingWithoutTheVolumeAsksOnce() throws Exception {
        Component disks = disks(Role.OPERATOR, VmStates.SHUT_OFF);
        eventually(() -> assertTrue(shows(disks, "disk-add")));
        select(disks, VmDisk::target, "vdb");
        button(disks, "disk-detach").click();
        confirm(dialog());
        assertEquals("Detach disk vdb: applies at next boot (disk vdb (virtio, " + DATA + ") → none)", noteAfterChange(disks));
        assertTrue(LocatorJ._find(ConfirmDialog.class).isEmpty(), "no second question");
        assertEquals(List.of(), provider.deletedVolumes);
    }

    @Test
    void anOperatorInsertsAnIsoVolumeAndEjectsItLive() throws Exception {
        Component disks = disks(Role.OPERATOR, VmStates.RUNNING);
        eventually(() -> assertTrue(shows(disks, "disk-add")));
        select(disks, VmDisk::target, "hdc");
        button(disks, "disk-insert-media").click();
        DeviceDialog dialog = dialog();
        @SuppressWarnings("unchecked")
        ComboBox<Volume> iso = field(dialog, ComboBox.class, "media-volume");
        assertEquals(List.of("debian-12.iso"), iso.getListDataView().getItems().map(Volume::name).toList(), "ISO images only");
        confirm(dialog);
        assertEquals("Choose an ISO image.", error(iso));
        set(iso, iso.getListDataView().getItem(0));
        confirm(dialog);

        assertEquals("Insert media into hdc: applied live (none → " + TestProvider.ISO + ")", noteAfterChange(disks));
        eventually(() -> assertEquals(TestProvider.ISO, web().disk("hdc").source()));
        eventually(() -> assertEquals(TestProvider.ISO, GridKt._getFormatted(grid(disks), 2, "source")));
        // Still selected, now with a medium to eject.
        eventually(() -> assertTrue(shows(disks, "disk-eject")));
        button(disks, "disk-eject").click();
        assertEquals("Eject the medium of hdc: applied live (" + TestProvider.ISO + " → none)", noteAfterChange(disks));
        eventually(() -> assertNull(web().disk("hdc").source()));
        eventually(() -> assertFalse(shows(disks, "disk-eject")));
        assertEquals(2, audited("change_media").size());
    }

    @Test
    void aMissingFileIsTheProvidersMessageBesideTheTable() throws Exception {
        Component disks = disks(Role.OPERATOR, VmStates.RUNNING);
        eventually(() -> assertTrue(shows(disks, "disk-add")));
        select(disks, VmDisk::target, "hdc");
        button(disks, "disk-insert-media").click();
        DeviceDialog dialog = dialog();
        choose(dialog, "media-source", "File on the host");
        TextField path = field(dialog, TextField.class, "media-path");
        set(path, "relative.iso");
        confirm(dialog);
        assertEquals("Give the file's absolute path on the VM's host (it starts with /).", error(path));
        set(path, "/srv/missing.iso");
        confirm(dialog);
        assertEquals("Insert media into hdc failed: There is no file /srv/missing.iso on the host", noteAfterChange(disks));
        assertEquals("alert", _get(disks, com.vaadin.flow.component.html.Div.class, s -> s.withClasses("device-change-note"))
                .getElement().getAttribute("role"));
    }

    @Test
    void editingABusAppliesAtNextBoot() throws Exception {
        Component disks = disks(Role.OPERATOR, VmStates.RUNNING);
        eventually(() -> assertTrue(shows(disks, "disk-add")));
        select(disks, VmDisk::target, "vdb");
        button(disks, "disk-edit").click();
        DeviceDialog dialog = dialog();
        assertEquals("Applies at next boot.", _get(dialog, Paragraph.class, s -> s.withClasses("device-dialog-hint")).getText());
        @SuppressWarnings("unchecked")
        ComboBox<String> bus = field(dialog, ComboBox.class, "disk-edit-bus");
        assertEquals("virtio", bus.getValue());
        confirm(dialog);
        assertEquals("Change the bus or the cache first.", error(bus));
        set(bus, "scsi");
        @SuppressWarnings("unchecked")
        Select<String> cache = field(dialog, Select.class, "disk-edit-cache");
        set(cache, "none");
        confirm(dialog);
        assertEquals("Edit disk vdb: applies at next boot (disk vdb (virtio, " + DATA + ") → disk vdb (scsi, " + DATA
                + "), cache none)", noteAfterChange(disks));
        AuditEntry entry = audited("change_disk_edit").get(0);
        assertEquals(List.of("vdb", "scsi", "none"), List.of(entry.options().get("target"), entry.options().get("bus"),
                entry.options().get("cache")));
    }

    @Test
    void settingsWithoutMediaHideInsertAndEject() throws Exception {
        provider.changeable = java.util.EnumSet.complementOf(java.util.EnumSet.of(dev.hangar.plugins.configure.Setting.MEDIA));
        Component disks = disks(Role.OPERATOR, VmStates.RUNNING);
        eventually(() -> assertTrue(shows(disks, "disk-add")));
        select(disks, VmDisk::target, "hdc");
        assertTrue(shows(disks, "disk-detach"));
        assertFalse(shows(disks, "disk-insert-media"));
    }

    /** The example plugin's provider changes memory and vCPUs only, no disks: its disks get no controls, its own actions stay. */
    @Test
    void aProviderThatChangesNoDisksShowsNoChanges() throws Exception {
        test = TestHangar.start(List.of(TestHangar.builtPlugin("plugin-example")), List.of());
        TestHangar.signIn(Role.ADMINISTRATOR);
        Vm web1 = test.hangar.store().getState().get(VmsState.BRANCH, VmsState.class)
                .find("example", "engine://example", "web-1").orElseThrow();
        Component disks = DevicePage.open(web1, "Disks");
        eventually(() -> assertTrue(shows(disks, "example-snapshot-all"), "the provider's own disk actions"));
        GridKt._selectRow(grid(disks), 0);
        for (String change : List.of("disk-add", "disk-edit", "disk-detach", "disk-insert-media", "disk-eject")) {
            assertFalse(shows(disks, change), change);
        }
        assertFalse(shows(disks, "disk-selection"));
    }
}
