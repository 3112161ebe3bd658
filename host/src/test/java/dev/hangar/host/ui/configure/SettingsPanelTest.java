package dev.hangar.host.ui.configure;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.ContextMenuKt;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.menubar.MenuBar;
import dev.hangar.host.security.Role;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.ProviderContext;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.store.Thunk;
import dev.hangar.testsupport.TestProvider;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The VM page's Settings panel and its dialogs against the real host (commands, roles, audit) and the
 * test provider's in-memory VMs, which change memory and vCPUs live up to their maximum and keep the
 * rest for the next boot, as libvirt does.
 */
class SettingsPanelTest {
    private final TestProvider provider = new TestProvider("test");
    private TestHangar test;
    private Vm web;

    @AfterEach
    void stop() throws Exception {
        test.close();
    }

    private void open(String state, Role role) throws Exception {
        web = provider.put(provider.vm("web", state));
        test = TestHangar.start(provider);
        TestHangar.signIn(role);
        UI.getCurrent().navigate(VmAddress.of(web.ref()).path());
        eventually(() -> assertTrue(panel().isVisible(), "the Settings panel"));
        eventually(() -> assertEquals("1 GiB, maximum 2 GiB", value(Setting.MEMORY)));
    }

    private static SettingsPanel panel() {
        return _get(SettingsPanel.class);
    }

    private static Div row(Setting setting) {
        return _get(panel(), Div.class, spec -> spec.withClasses("vm-setting-" + setting.name().toLowerCase().replace('_', '-')));
    }

    private static String value(Setting setting) {
        return _get(row(setting), Span.class, spec -> spec.withClasses("vm-setting-value")).getText();
    }

    private static String when(Setting setting) {
        return _get(row(setting), Span.class, spec -> spec.withClasses("vm-setting-when")).getText();
    }

    private static void change(Setting setting) {
        _get(row(setting), Button.class, spec -> spec.withClasses("vm-setting-change")).click();
    }

    private static String result() {
        Div result = _get(panel(), Div.class, spec -> spec.withClasses("vm-setting-result"));
        return result.isVisible() ? result.getText() : null;
    }

    private static List<String> pending() {
        // Karibu finds visible components only: a hidden marker is looked up among the panel's children.
        Div marker = (Div) panel().getChildren().filter(c -> c.getElement().getClassList().contains("vm-pending-changes"))
                .findFirst().orElseThrow();
        if (!marker.isVisible()) {
            return List.of();
        }
        assertEquals("Pending changes — apply at next boot",
                _get(marker, Span.class, spec -> spec.withClasses("vm-pending-changes-title")).getText());
        return _find(marker, com.vaadin.flow.component.html.ListItem.class).stream().map(li -> li.getText()).toList();
    }

    private static List<String> menu() {
        List<MenuBar> bars = _find(MenuBar.class, spec -> spec.withClasses("vm-menu"));
        if (bars.isEmpty()) {
            return List.of();
        }
        return bars.get(0).getItems().get(0).getSubMenu().getItems().stream().map(item -> item.getText()).toList();
    }

    private static void pick(String entry) {
        ContextMenuKt._clickItemWithCaption(_get(MenuBar.class, spec -> spec.withClasses("vm-menu")), entry);
    }

    private static void save(SettingDialog dialog) {
        _get(dialog, Button.class, spec -> spec.withClasses("setting-save")).click();
    }

    private String overviewMemory() {
        return _get(Span.class, spec -> spec.withClasses("overview-memory")).getText();
    }

    private List<AuditEntry> audit() {
        return test.hangar.security().audit().last(20);
    }

    @Test
    void aViewerSeesTheSettingsButNoControl() throws Exception {
        open(VmStates.SHUT_OFF, Role.VIEWER);
        assertEquals("2, maximum 4", value(Setting.VCPUS));
        assertEquals("Hypervisor default", value(Setting.CPU));
        assertEquals("Disk vda (/var/lib/images/web.qcow2)", value(Setting.BOOT_ORDER));
        assertEquals("BIOS", value(Setting.FIRMWARE));
        assertEquals("Starts with its host", value(Setting.AUTOSTART));
        assertTrue(_find(panel(), Button.class).isEmpty(), "no Change… button");
        assertTrue(_find(panel(), Checkbox.class).isEmpty(), "no autostart switch");
        assertTrue(_find(panel(), Span.class, spec -> spec.withClasses("vm-setting-when")).isEmpty());
        assertFalse(menu().contains("Rename…"));
        assertFalse(menu().contains("Clone…"));
    }

    @Test
    void anOperatorChangesMemoryNowAndItsMaximumAtNextBoot() throws Exception {
        open(VmStates.RUNNING, Role.OPERATOR);
        assertEquals("Applies now", when(Setting.MEMORY));
        assertEquals("Applies at next boot", when(Setting.FIRMWARE));
        assertEquals(List.of(), pending());

        // Within the maximum: now, on the running VM.
        change(Setting.MEMORY);
        MemoryDialog dialog = _get(MemoryDialog.class);
        assertEquals("Applies now", _get(dialog, com.vaadin.flow.component.html.Paragraph.class,
                spec -> spec.withClasses("setting-when")).getText());
        assertEquals(1024, dialog.memory.getValue());
        assertEquals(2048, dialog.maximum.getValue());
        dialog.memory.setValue(1536);
        save(dialog);
        eventually(() -> assertEquals("Memory: 1 GiB, max 2 GiB → 1536 MiB, max 2 GiB — applied now", result()));
        assertFalse(dialog.isOpened());
        eventually(() -> assertEquals("1.5 GiB (maximum 2 GiB)", overviewMemory()));
        assertEquals(List.of(), pending());
        assertTrue(audit().stream().anyMatch(e -> e.verb().equals("change_memory") && e.result().equals(AuditEntry.OK)
                && e.user().equals("operator-user")), audit().toString());

        // A higher maximum waits for the next boot: the marker says so until the VM restarts.
        change(Setting.MEMORY);
        dialog = _get(MemoryDialog.class);
        dialog.maximum.setValue(4096);
        save(dialog);
        eventually(() -> assertEquals(List.of("Memory: 1536 MiB, max 2 GiB → 1536 MiB, max 4 GiB"), pending()));
        assertTrue(result().endsWith("applied now; the rest applies at next boot"), result());
        assertEquals("1.5 GiB, maximum 4 GiB", value(Setting.MEMORY));
        assertEquals("1.5 GiB (maximum 2 GiB)", overviewMemory(), "the running VM keeps its maximum");

        test.hangar.commands().run(TestHangar.actor(), web.ref(), VmVerb.FORCE_OFF).toCompletableFuture().get(10, TimeUnit.SECONDS);
        eventually(() -> assertEquals(List.of(), pending()));
        eventually(() -> assertEquals("Applies at next boot", when(Setting.MEMORY)));
    }

    @Test
    void theFormChecksTheHostsLimitsAndShowsTheProvidersRefusalWhole() throws Exception {
        open(VmStates.RUNNING, Role.OPERATOR);
        change(Setting.MEMORY);
        MemoryDialog memory = _get(MemoryDialog.class);
        memory.maximum.setValue(32 * 1024);
        save(memory);
        assertEquals("The host has 16 GiB of memory; a maximum of 32 GiB is too much.", memory.problem());
        assertTrue(memory.maximum.isInvalid());
        assertTrue(memory.isOpened());
        memory.maximum.setValue(512);
        save(memory);
        assertEquals("Memory (1 GiB) cannot be more than its maximum (512 MiB).", memory.problem());
        memory.close();

        change(Setting.VCPUS);
        VcpusDialog vcpus = _get(VcpusDialog.class);
        vcpus.maximum.setValue(TestProvider.MAX_VCPUS + 1);
        save(vcpus);
        assertEquals("The host allows at most 8 vCPUs per VM; a maximum of 9 is too many.", vcpus.problem());
        assertFalse(provider.calls.stream().anyMatch(call -> call.startsWith("change_")), provider.calls.toString());

        String refusal = "The host refused: " + "libvirt says more about it. ".repeat(10);
        provider.failNext("change", refusal);
        vcpus.maximum.setValue(4);
        vcpus.vcpus.setValue(3);
        save(vcpus);
        eventually(() -> assertEquals("vCPUs of web was not changed: " + refusal, vcpus.problem()));
        assertTrue(vcpus.isOpened(), "the dialog stays to fix it");
    }

    @Test
    void theBootOrderMovesUpAndDown() throws Exception {
        open(VmStates.SHUT_OFF, Role.OPERATOR);
        change(Setting.BOOT_ORDER);
        BootOrderDialog dialog = _get(BootOrderDialog.class);
        assertEquals(List.of("disk:vda"), dialog.order());
        List<Component> rows = bootRows(dialog);
        assertEquals(4, rows.size(), "both disks, the CD-ROM and the NIC");
        // vdb up to the top, ticked; the NIC ticked too, then moved above the CD-ROM.
        _get(rows.get(1), Button.class, spec -> spec.withClasses("boot-device-up")).click();
        rows = bootRows(dialog);
        assertEquals("disk:vdb", rows.get(0).getElement().getAttribute("data-device"));
        assertFalse(_get(rows.get(0), Button.class, spec -> spec.withClasses("boot-device-up")).isEnabled());
        LocatorJ._setValue(_get(rows.get(0), Checkbox.class), true);
        LocatorJ._setValue(_get(rows.get(3), Checkbox.class), true);
        _get(rows.get(3), Button.class, spec -> spec.withClasses("boot-device-up")).click();
        rows = bootRows(dialog);
        _get(rows.get(0), Button.class, spec -> spec.withClasses("boot-device-down")).click();
        assertEquals(List.of("disk:vda", "disk:vdb", "nic:52:54:00:12:34:56"), dialog.order());
        save(dialog);
        eventually(() -> assertEquals("Disk vda (/var/lib/images/web.qcow2), Disk vdb (/var/lib/images/web-data.raw), "
                + "NIC 52:54:00:12:34:56 (default)", value(Setting.BOOT_ORDER)));
        assertTrue(result().startsWith("Boot order: disk:vda → disk:vda, disk:vdb, nic:52:54:00:12:34:56"), result());
    }

    private static List<Component> bootRows(BootOrderDialog dialog) {
        return List.copyOf(_find(dialog, com.vaadin.flow.component.orderedlayout.HorizontalLayout.class,
                spec -> spec.withClasses("boot-device")));
    }

    @Test
    void autostartIsASwitch() throws Exception {
        open(VmStates.RUNNING, Role.OPERATOR);
        Checkbox autostart = _get(row(Setting.AUTOSTART), Checkbox.class);
        assertTrue(autostart.getValue());
        assertEquals("Applies now", when(Setting.AUTOSTART));
        LocatorJ._setValue(autostart, false);
        eventually(() -> assertEquals("Autostart: true → false — applied now", result()));
        eventually(() -> assertEquals("No", _get(Span.class, spec -> spec.withClasses("overview-autostart")).getText()));
        assertEquals("Does not start with its host", value(Setting.AUTOSTART));

        provider.failNext("change", "autostart links are read-only here");
        Checkbox again = _get(row(Setting.AUTOSTART), Checkbox.class);
        LocatorJ._setValue(again, true);
        eventually(() -> assertEquals("Autostart of web was not changed: autostart links are read-only here", result()));
        assertFalse(again.getValue(), "the switch shows what the VM has");
    }

    @Test
    void renameIsInTheMenuOfAShutOffVmAndLeadsToTheNewName() throws Exception {
        provider.put(provider.vm("db", VmStates.SHUT_OFF));
        open(VmStates.SHUT_OFF, Role.OPERATOR);
        eventually(() -> assertEquals(List.of("Rename…", "Clone…"), menu(), "an operator may not delete"));
        pick("Rename…");
        RenameDialog dialog = _get(RenameDialog.class);
        dialog.name.setValue("web two");
        assertTrue(dialog.name.isInvalid());
        assertEquals("Use letters, digits, '.', '-' and '_' only, starting with a letter or digit.", dialog.name.getErrorMessage());
        dialog.name.setValue("db");
        assertEquals("A VM named 'db' exists on this connection.", dialog.name.getErrorMessage());
        dialog.name.setValue("web2");
        assertFalse(dialog.name.isInvalid());
        save(dialog);
        VmRef renamed = new VmRef(web.ref().provider(), web.ref().connection(), "web2", web.ref().id());
        eventually(() -> assertEquals(VmAddress.of(renamed).path(),
                UI.getCurrent().getInternals().getActiveViewLocation().getPath()));
        eventually(() -> assertEquals("web2", _get(com.vaadin.flow.component.html.H2.class,
                spec -> spec.withClasses("vm-title")).getText()));
        eventually(() -> assertTrue(panel().isVisible()));
        assertTrue(audit().stream().anyMatch(e -> e.verb().equals("change_rename") && e.result().equals(AuditEntry.OK)),
                audit().toString());
    }

    @Test
    void aRunningVmOffersNeitherRenameNorClone() throws Exception {
        open(VmStates.RUNNING, Role.ADMINISTRATOR);
        assertFalse(menu().isEmpty());
        assertFalse(menu().contains("Rename…"));
        assertFalse(menu().contains("Clone…"));
    }

    @Test
    void aCloneShowsItsTasksProgressAndEnds() throws Exception {
        provider.holdTasks = true;
        open(VmStates.SHUT_OFF, Role.OPERATOR);
        eventually(() -> assertEquals(List.of("Rename…", "Clone…"), menu(), "an operator may not delete"));
        pick("Clone…");
        CloneDialog dialog = _get(CloneDialog.class);
        assertEquals("web-clone", dialog.name.getValue());
        assertEquals(List.of("vda", "vdb"), List.copyOf(dialog.copies.keySet()), "the disks, not the CD-ROM");
        eventually(() -> assertEquals("default", dialog.pools.get("vda").getValue()));
        dialog.pools.get("vdb").setValue("tiny");
        LocatorJ._setValue(dialog.copies.get("vdb"), false);
        dialog.start.click();
        eventually(() -> assertTrue(dialog.bar.isVisible() && dialog.cancel.isVisible()));
        eventually(() -> assertTrue(provider.lastTask() != null && provider.lastTask().started()));
        assertEquals("clone web as web-clone", provider.lastTask().what);

        provider.lastTask().advance(0.4, "Copying vda");
        eventually(() -> assertEquals(0.4, dialog.bar.getValue(), 1e-9));
        assertFalse(dialog.bar.isIndeterminate());
        eventually(() -> assertEquals("40 % — Copying vda", _get(dialog, Div.class,
                spec -> spec.withClasses("clone-progress-text")).getText()));

        provider.lastTask().finish();
        eventually(() -> assertEquals("VM web-clone was cloned from web. Cloned VM 'web' as 'web-clone'",
                _get(dialog, Div.class, spec -> spec.withClasses("clone-outcome-text")).getText()));
        assertFalse(dialog.cancel.isVisible());
        Vm clone = test.hangar.store().getState().get(dev.hangar.host.state.VmsState.BRANCH,
                dev.hangar.host.state.VmsState.class).find("test", TestProvider.CONNECTION, "web-clone").orElseThrow();
        assertEquals(List.of("vda", "hdc"), clone.disks().stream().map(d -> d.target()).toList(),
                "vda copied, vdb left out, the CD-ROM kept");
        _get(dialog, Button.class, spec -> spec.withClasses("clone-open")).click();
        eventually(() -> assertEquals("web-clone", _get(com.vaadin.flow.component.html.H2.class,
                spec -> spec.withClasses("vm-title")).getText()));
    }

    @Test
    void aCloneCanBeCancelled() throws Exception {
        provider.holdTasks = true;
        open(VmStates.SHUT_OFF, Role.OPERATOR);
        eventually(() -> assertTrue(menu().contains("Clone…"), menu().toString()));
        pick("Clone…");
        CloneDialog dialog = _get(CloneDialog.class);
        eventually(() -> assertEquals("default", dialog.pools.get("vdb").getValue()));
        dialog.start.click();
        eventually(() -> assertTrue(dialog.cancel.isVisible() && dialog.cancel.isEnabled()));
        dialog.cancel.click();
        eventually(() -> assertEquals("The clone was cancelled.", _get(dialog, Div.class,
                spec -> spec.withClasses("clone-outcome")).getText()));
        assertTrue(provider.lastTask().cancelled());
        assertTrue(test.hangar.store().getState().get(dev.hangar.host.state.VmsState.BRANCH,
                dev.hangar.host.state.VmsState.class).find("test", TestProvider.CONNECTION, "web-clone").isEmpty());
    }

    @Test
    void aProviderThatCannotRenameHidesRenameAndControlsFollowWhatItCanChange() throws Exception {
        provider.changeable = EnumSet.complementOf(EnumSet.of(Setting.RENAME, Setting.FIRMWARE));
        open(VmStates.SHUT_OFF, Role.ADMINISTRATOR);
        eventually(() -> assertTrue(menu().contains("Clone…"), menu().toString()));
        assertFalse(menu().contains("Rename…"));
        assertTrue(_find(row(Setting.FIRMWARE), Button.class).isEmpty(), "no control for what it cannot change");
        assertFalse(_find(row(Setting.CPU), Button.class).isEmpty());
    }

    @Test
    void aProviderWithoutTheCapabilityShowsNoSettings() throws Exception {
        web = provider.put(provider.vm("web", VmStates.SHUT_OFF));
        test = TestHangar.start();
        Plain plain = new Plain(provider);
        test.hangar.providers().activate("plugin-" + plain.name(), plain).toCompletableFuture().get(10, TimeUnit.SECONDS);
        UI.getCurrent().navigate(VmAddress.of(web.ref()).path());
        eventually(() -> assertEquals("Run", _get(Button.class, spec -> spec.withClasses("vm-primary-action")).getText()));
        assertTrue(_find(SettingsPanel.class).isEmpty(), "no visible Settings panel");
        assertEquals(List.of("Delete…"), menu());
        assertFalse(test.hangar.configuration().offered(web.ref()));
    }

    /** The test provider's VMs and verbs behind a provider that has no capability at all. */
    private record Plain(TestProvider inner) implements VirtProvider {
        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public CompletionStage<Boolean> init(ProviderContext context) {
            return inner.init(context);
        }

        @Override
        public Thunk<Void> getVm(String connection, String name) {
            return inner.getVm(connection, name);
        }

        @Override
        public Thunk<Void> getAllVms() {
            return inner.getAllVms();
        }

        @Override
        public Thunk<Void> verb(VmVerb verb, VmRef vm) {
            return inner.verb(verb, vm);
        }

        @Override
        public Thunk<Void> deleteVm(VmRef vm, DeleteOptions options) {
            return inner.deleteVm(vm, options);
        }
    }
}
