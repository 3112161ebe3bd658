package dev.hangar.host.ui.nics;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import dev.hangar.host.security.Role;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.state.VmsState;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.host.ui.devicechange.DeviceDialog;
import dev.hangar.host.ui.devicechange.DevicePage;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmNic;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.testsupport.TestProvider;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Network interfaces subtab's changes on the UI test provider's VM "web" (one NIC on network
 * "default"): who gets them, asking before a running VM loses a NIC, each dialog, and that each change
 * reaches the provider through the host's command path and shows its outcome beside the table.
 */
class NicChangesTest {
    private static final String MAC = "52:54:00:12:34:56";
    private final TestProvider provider = new TestProvider("test");
    private TestHangar test;

    @AfterEach
    void stop() throws Exception {
        if (test != null) {
            test.close();
        }
    }

    private Component nics(Role role, String state) throws Exception {
        Vm web = provider.put(provider.vm("web", state));
        test = TestHangar.start(provider);
        TestHangar.signIn(role);
        return DevicePage.open(web, "Network interfaces");
    }

    private Vm web() {
        return test.hangar.store().getState().get(VmsState.BRANCH, VmsState.class)
                .find("test", TestProvider.CONNECTION, "web").orElseThrow();
    }

    private List<String> macs(Component nics) {
        var grid = DevicePage.<VmNic>grid(nics);
        return IntStream.range(0, GridKt._size(grid)).mapToObj(i -> GridKt._get(grid, i).mac()).toList();
    }

    private List<AuditEntry> audited(String verb) {
        return test.hangar.security().audit().last(100).stream().filter(e -> e.verb().equals(verb)).toList();
    }

    @Test
    void aViewerGetsNoChanges() throws Exception {
        Component nics = nics(Role.VIEWER, VmStates.RUNNING);
        select(nics, VmNic::mac, MAC);
        assertEquals(List.of(), shownButtons(nics));
    }

    @Test
    void anOperatorAddsANicOnABridgeWithItsModelAndMac() throws Exception {
        Component nics = nics(Role.OPERATOR, VmStates.RUNNING);
        eventually(() -> assertTrue(shows(nics, "nic-add")));
        button(nics, "nic-add").click();
        DeviceDialog dialog = dialog();
        @SuppressWarnings("unchecked")
        ComboBox<String> network = field(dialog, ComboBox.class, "nic-network");
        assertEquals("default", network.getValue(), "the provider's first network");
        choose(dialog, "nic-attachment", "Bridge");
        @SuppressWarnings("unchecked")
        ComboBox<String> model = field(dialog, ComboBox.class, "nic-model");
        set(model, "e1000e");
        TextField mac = field(dialog, TextField.class, "nic-mac");
        set(mac, "52:54:00:zz:00:01");
        confirm(dialog);
        assertEquals("A MAC address is six pairs of hex digits separated by colons.", error(mac));
        set(mac, "52:54:00:AB:00:01");
        confirm(dialog);

        assertEquals("Add a NIC: applied live (none → 52:54:00:ab:00:01 (bridge br0, e1000e))", noteAfterChange(nics));
        eventually(() -> assertEquals(List.of(MAC, "52:54:00:ab:00:01"), macs(nics)));
        assertEquals(List.of("bridge", "br0", "e1000e", "52:54:00:ab:00:01", "up"),
                GridKt._getFormattedRow(grid(nics), 1).subList(0, 5));
        AuditEntry entry = audited("change_nic_add").get(0);
        assertEquals(List.of("operator-user", AuditEntry.OK, "br0", "e1000e"), List.of(entry.user(), entry.result(),
                entry.options().get("bridge"), entry.options().get("model")));
    }

    @Test
    void removingANicOfARunningVmAsksFirst() throws Exception {
        Component nics = nics(Role.OPERATOR, VmStates.RUNNING);
        eventually(() -> assertTrue(shows(nics, "nic-add")));
        select(nics, VmNic::mac, MAC);
        button(nics, "nic-remove").click();
        ConfirmDialog ask = _get(ConfirmDialog.class);
        assertEquals("Remove network interface " + MAC + " (default) from VM web while it runs? The guest loses"
                + " this connection now.", ConfirmDialogKt.getText(ask));
        assertEquals("error primary", ask.getElement().getProperty("confirmTheme"));
        ConfirmDialogKt._fireCancel(ask);
        assertTrue(audited("change_nic_remove").isEmpty(), "nothing asked of the provider");
        assertEquals(List.of(MAC), macs(nics));

        button(nics, "nic-remove").click();
        ConfirmDialogKt._fireConfirm(_find(ConfirmDialog.class).stream().filter(ConfirmDialog::isOpened).findFirst().orElseThrow());
        assertEquals("Remove NIC " + MAC + ": applied live (" + MAC + " (network default, virtio) → none)", noteAfterChange(nics));
        eventually(() -> assertEquals(List.of(), macs(nics)));
        assertEquals(AuditEntry.OK, audited("change_nic_remove").get(0).result());
    }

    @Test
    void removingANicOfAShutOffVmNeedsNoQuestion() throws Exception {
        Component nics = nics(Role.OPERATOR, VmStates.SHUT_OFF);
        eventually(() -> assertTrue(shows(nics, "nic-add")));
        select(nics, VmNic::mac, MAC);
        button(nics, "nic-remove").click();
        assertTrue(_find(ConfirmDialog.class).isEmpty());
        assertEquals("Remove NIC " + MAC + ": applies at next boot (" + MAC + " (network default, virtio) → none)",
                noteAfterChange(nics));
    }

    @Test
    void anOperatorUnplugsAndPlugsTheSelectedNic() throws Exception {
        Component nics = nics(Role.OPERATOR, VmStates.RUNNING);
        eventually(() -> assertTrue(shows(nics, "nic-add")));
        select(nics, VmNic::mac, MAC);
        assertEquals("NIC " + MAC + ":", selection(nics, "nic-selection"));
        assertFalse(shows(nics, "nic-plug"), "its link is up");
        button(nics, "nic-unplug").click();
        assertEquals("Unplug NIC " + MAC + ": applied live (up → down)", noteAfterChange(nics));
        eventually(() -> assertEquals("down", web().nics().get(0).linkState()));
        eventually(() -> assertEquals("down", GridKt._getFormatted(grid(nics), 0, "link-state")));
        // Still selected: it offers Plug now.
        eventually(() -> assertTrue(shows(nics, "nic-plug") && !shows(nics, "nic-unplug")));
        button(nics, "nic-plug").click();
        assertEquals("Plug NIC " + MAC + ": applied live (down → up)", noteAfterChange(nics));
        eventually(() -> assertEquals("up", web().nics().get(0).linkState()));
        assertEquals(List.of("down", "up"), audited("change_nic_link").stream().map(e -> e.options().get("link")).toList());
    }

    @Test
    void settingsWithoutNicLinkHideUnplug() throws Exception {
        provider.changeable = EnumSet.complementOf(EnumSet.of(Setting.NIC_LINK));
        Component nics = nics(Role.OPERATOR, VmStates.RUNNING);
        eventually(() -> assertTrue(shows(nics, "nic-add")));
        select(nics, VmNic::mac, MAC);
        assertTrue(shows(nics, "nic-edit") && shows(nics, "nic-remove"));
        assertFalse(shows(nics, "nic-unplug") || shows(nics, "nic-plug"));
    }

    @Test
    void editingSendsOnlyWhatChangedAndSaysWhatAppliesWhen() throws Exception {
        Component nics = nics(Role.OPERATOR, VmStates.RUNNING);
        eventually(() -> assertTrue(shows(nics, "nic-add")));
        select(nics, VmNic::mac, MAC);
        button(nics, "nic-edit").click();
        DeviceDialog dialog = dialog();
        assertEquals("On the running VM a new network or bridge applies at once where the hypervisor allows it;"
                + " a new model or MAC address applies at next boot.",
                _get(dialog, Paragraph.class, s -> s.withClasses("device-dialog-hint")).getText());
        confirm(dialog);
        @SuppressWarnings("unchecked")
        ComboBox<String> model = field(dialog, ComboBox.class, "nic-model");
        assertEquals("Change the network, the model or the MAC address first.", error(model));
        set(model, "rtl8139");
        confirm(dialog);
        assertEquals("Edit NIC " + MAC + ": applies at next boot (" + MAC + " (network default, virtio) → " + MAC
                + " (network default, rtl8139))", noteAfterChange(nics));
        AuditEntry entry = audited("change_nic_edit").get(0);
        assertEquals(List.of(MAC, "rtl8139"), List.of(entry.options().get("mac"), entry.options().get("model")));
        for (String kept : List.of("network", "bridge", "new_mac")) {
            assertFalse(entry.options().containsKey(kept), "the network and MAC stay: " + entry.options());
        }
    }

    @Test
    void aFailedChangeIsSaidWholeBesideTheTable() throws Exception {
        Component nics = nics(Role.OPERATOR, VmStates.RUNNING);
        eventually(() -> assertTrue(shows(nics, "nic-add")));
        String message = "The guest did not release the device in time; its link stays as it was. ".repeat(3).strip();
        provider.failNext("change", message);
        select(nics, VmNic::mac, MAC);
        button(nics, "nic-unplug").click();
        assertEquals("Unplug NIC " + MAC + " failed: " + message, noteAfterChange(nics));
        assertEquals("up", web().nics().get(0).linkState());
    }
}
