package dev.hangar.host.ui.dialogs;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.menubar.MenuBar;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.testsupport.TestProvider;
import dev.hangar.host.ui.actions.VmActionBar;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.host.ui.vmlist.VmListView;
import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeleteDialogTest {
    private final TestProvider provider = new TestProvider("test");
    private TestHangar test;

    @AfterEach
    void stop() throws Exception {
        test.close();
    }

    private DeleteDialog openFor(String state) throws Exception {
        provider.put(provider.vm("web", state));
        test = TestHangar.start(provider);
        UI.getCurrent().navigate(VmListView.class);
        @SuppressWarnings("unchecked")
        Grid<VmRef> grid = _get(Grid.class, spec -> spec.withClasses("vm-grid"));
        eventually(() -> assertEquals(1, GridKt._size(grid)));
        ContextMenuKt._clickItemWithCaption(_get(VmListView.class).actionsMenu(), "Delete…", GridKt._get(grid, 0));
        return _get(DeleteDialog.class);
    }

    private static Checkbox disk(String target) {
        return _get(Checkbox.class, spec -> spec.withClasses("delete-disk").withAttribute("data-target", target));
    }

    private static Button confirm() {
        return _get(Button.class, spec -> spec.withClasses("delete-confirm"));
    }

    @Test
    void listsOnlyDisksWithStorageUncheckedAndKeepsStorageByDefault() throws Exception {
        DeleteDialog dialog = openFor(VmStates.SHUT_OFF);
        List<Checkbox> disks = _find(Checkbox.class, spec -> spec.withClasses("delete-disk"));
        assertEquals(2, disks.size(), "the empty cdrom drive has no storage to offer");
        assertTrue(disks.stream().noneMatch(Checkbox::getValue), "nothing is ticked by default");
        assertTrue(disks.get(0).getLabel().startsWith("vda — /var/lib/images/web.qcow2 (disk, 20 GiB)"), disks.get(0).getLabel());
        assertTrue(_find(Checkbox.class, spec -> spec.withClasses("delete-force-off")).isEmpty(), "it is not running");
        assertEquals("This deletes VM web and keeps all of its storage. This cannot be undone.", dialog.summary());

        confirm().click();
        eventually(() -> assertEquals(List.of(new DeleteOptions(false, List.of())), provider.deletes));
        eventually(() -> assertEquals(0, GridKt._size(_get(Grid.class, spec -> spec.withClasses("vm-grid")))));
    }

    @Test
    void aRunningVmNeedsForceOffAndTheSummarySaysExactlyWhatGoes() throws Exception {
        DeleteDialog dialog = openFor(VmStates.RUNNING);
        assertFalse(dialog.canConfirm(), "a running VM cannot be deleted without forcing it off");
        assertFalse(confirm().isEnabled());
        assertTrue(dialog.summary().startsWith("VM web is running"), dialog.summary());

        disk("vdb").setValue(true);
        _get(Checkbox.class, spec -> spec.withClasses("delete-force-off")).setValue(true);
        assertTrue(confirm().isEnabled());
        assertEquals("This forces off VM web at once, then deletes it and destroys the storage of "
                + "vdb (/var/lib/images/web-data.raw). Kept: vda (/var/lib/images/web.qcow2). This cannot be undone.",
                dialog.summary());

        confirm().click();
        eventually(() -> assertEquals(List.of(new DeleteOptions(true, List.of("vdb"))), provider.deletes));
        eventually(() -> assertEquals(List.of("DELETE web"), provider.calls));
    }

    @Test
    void aDeleteThatEndsWithAWarningSaysSoAuditsOkAndLeavesTheVmPage() throws Exception {
        Vm web = provider.put(provider.vm("web", VmStates.SHUT_OFF));
        test = TestHangar.start(provider);
        UI.getCurrent().navigate(VmAddress.of(web.ref()).path());
        eventually(() -> assertFalse(_find(VmActionBar.class).isEmpty()));
        MenuBar menu = _get(MenuBar.class, spec -> spec.withClasses("vm-menu"));
        MenuItem delete = menu.getItems().get(0).getSubMenu().getItems().stream()
                .filter(item -> item.hasClassName("vm-action-delete")).findFirst().orElseThrow();
        ContextMenuKt._click(menu, delete);
        disk("vda").setValue(true);
        String warning = "VM 'web' was deleted, but not all of its chosen storage: disk vda: there is no storage volume "
                + "/var/lib/images/web.qcow2 <b>(already gone)</b>";
        provider.warnNext(VmVerb.DELETE, warning);
        confirm().click();

        eventually(() -> assertInstanceOf(VmListView.class,
                UI.getCurrent().getInternals().getActiveRouterTargetsChain().get(0), "the deleted VM's page is left"));
        NotificationsKt.expectNotifications("VM web was deleted. Warning: " + warning);
        AuditEntry audited = test.hangar.security().audit().last(1).get(0);
        assertEquals("delete", audited.verb());
        assertEquals(AuditEntry.OK, audited.result());
        assertEquals(warning, audited.message());
    }

    @Test
    void cancelDeletesNothing() throws Exception {
        openFor(VmStates.SHUT_OFF);
        disk("vda").setValue(true);
        _get(Button.class, spec -> spec.withText("Cancel")).click();
        assertTrue(_find(DeleteDialog.class).isEmpty());
        assertTrue(provider.deletes.isEmpty());
        assertTrue(provider.calls.isEmpty());
    }
}
