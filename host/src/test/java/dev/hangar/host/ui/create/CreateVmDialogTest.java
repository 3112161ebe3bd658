package dev.hangar.host.ui.create;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.ButtonKt;
import com.github.mvysny.kaributesting.v10.ComboBoxKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.HasValueUtilsKt;
import com.github.mvysny.kaributesting.v10.RadioButtonsKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import dev.hangar.host.osinfo.OsDatabase;
import dev.hangar.host.osinfo.OsEntry;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Role;
import dev.hangar.host.tasks.Task;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.host.ui.vmlist.VmListView;
import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.testsupport.TestProvider;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The create dialog on a real Hangar (the host's Creation, task list and OS database from
 * /usr/share/osinfo) with the test provider's in-memory VmCreation: who sees the button, a creation
 * with its progress bar until the VM is in the list, refusals next to their fields, cancel, the name
 * checked as it is typed, the OS's proposals.
 */
class CreateVmDialogTest {
    private final TestProvider provider = new TestProvider("test");
    private TestHangar test;

    @AfterEach
    void stop() throws Exception {
        if (test != null) {
            test.close();
        }
    }

    private Actor start(Role role) throws Exception {
        test = TestHangar.start(provider);
        Actor actor = TestHangar.signIn(role);
        UI.getCurrent().navigate(VmListView.class);
        return actor;
    }

    private static CreateVmButton button() {
        return _get(CreateVmButton.class);
    }

    /** Opens the dialog from the list's button; returns once the connection's choices are in. */
    private static CreateVmDialog openDialog() {
        ButtonKt._click(button().button());
        CreateVmDialog dialog = _get(CreateVmDialog.class);
        eventually(() -> assertTrue(dialog.create.isEnabled(), "Create is enabled once the choices are read"));
        return dialog;
    }

    private static List<String> listed() {
        @SuppressWarnings("unchecked")
        Grid<VmRef> grid = _get(Grid.class, spec -> spec.withClasses("vm-grid"));
        return IntStream.range(0, GridKt._size(grid)).mapToObj(i -> GridKt._get(grid, i).name()).toList();
    }

    /** A VM from the tiny guest's way: direct kernel boot, a new 1 GiB qcow2 volume in {@code pool}. */
    private static void fill(CreateVmDialog dialog, String name, String pool) {
        HasValueUtilsKt._setValue(dialog.name, name);
        RadioButtonsKt.selectByLabel(dialog.install.method, "Direct kernel boot (advanced)");
        HasValueUtilsKt._setValue(dialog.install.kernel, TestProvider.KERNEL);
        HasValueUtilsKt._setValue(dialog.install.initrd, TestProvider.INITRD);
        HasValueUtilsKt._setValue(dialog.install.cmdline, "console=ttyS0");
        RadioButtonsKt.selectByLabel(dialog.storage.kind, "New volume");
        HasValueUtilsKt._setValue(dialog.storage.pool, dialog.storage.pool.getListDataView().getItems()
                .filter(p -> p.name().equals(pool)).findFirst().orElseThrow());
        HasValueUtilsKt._setValue(dialog.storage.sizeGiB, 1);
        HasValueUtilsKt._setValue(dialog.network.network, "isolated");
    }

    @Test
    void aViewerHasNoCreateButtonAnOperatorHasOne() throws Exception {
        start(Role.VIEWER);
        // Karibu finds only what is shown.
        assertTrue(_find(CreateVmButton.class).isEmpty(), "a viewer sees Create VM");

        TestHangar.signIn(Role.OPERATOR);
        UI.getCurrent().navigate("tasks");
        UI.getCurrent().navigate(VmListView.class);
        assertTrue(button().isVisible(), "an operator has no Create VM");
        assertTrue(button().button().isEnabled());
    }

    @Test
    void withoutAConnectedConnectionTheButtonSaysWhy() throws Exception {
        start(Role.OPERATOR);
        assertTrue(button().button().isEnabled());
        provider.connection(ConnectionStatus.State.LOST, "gone");
        eventually(() -> assertFalse(button().button().isEnabled()));
        assertEquals(CreateVmButton.NO_TARGETS, button().note());
        provider.connection(ConnectionStatus.State.CONNECTED, null);
        eventually(() -> assertTrue(button().button().isEnabled()));
        assertEquals("", button().note());
    }

    @Test
    void anOperatorCreatesAVmWithTheTasksProgressShownUntilItIsListed() throws Exception {
        Actor operator = start(Role.OPERATOR);
        provider.holdTasks = true;
        CreateVmDialog dialog = openDialog();
        fill(dialog, "web1", "default");
        ButtonKt._click(dialog.create);

        eventually(() -> assertTrue(provider.lastTask() != null && provider.lastTask().started()));
        assertTrue(dialog.progress.isVisible());
        assertFalse(dialog.create.isEnabled(), "Create while the creation runs");
        provider.lastTask().advance(0.4, "Creating volume web1.qcow2");
        eventually(() -> assertEquals("40 % — Creating volume web1.qcow2", dialog.progressText.getText()));
        assertFalse(dialog.bar.isIndeterminate());
        assertEquals(0.4, dialog.bar.getValue(), 1e-9);
        assertTrue(dialog.cancelTask.isVisible(), "the operator may cancel their own creation");
        assertFalse(listed().contains("web1"));

        provider.lastTask().finish();
        eventually(() -> assertFalse(dialog.isOpened(), "the dialog closes once the VM is made"));
        eventually(() -> assertTrue(listed().contains("web1"), "the new VM in the list: " + listed()));
        Vm made = test.hangar.store().getState().get(dev.hangar.host.state.VmsState.BRANCH,
                dev.hangar.host.state.VmsState.class).find("test", TestProvider.CONNECTION, "web1").orElseThrow();
        assertEquals(VmStates.RUNNING, made.state(), "started after creation");
        assertEquals(1L << 30, made.disks().get(0).capacity());
        assertEquals("isolated", made.nics().get(0).source());
        Task task = test.hangar.tasks().tasks().list().get(0);
        assertEquals(Task.Status.OK, task.status());
        assertEquals(operator.name(), task.user());
        assertEquals("web1", task.vm().name());
    }

    @Test
    void editBeforeInstallCreatesItShutOffAndOpensItsPage() throws Exception {
        start(Role.ADMINISTRATOR);
        CreateVmDialog dialog = openDialog();
        fill(dialog, "web2", "default");
        HasValueUtilsKt._setValue(dialog.editFirst, true);
        assertFalse(dialog.start.getValue());
        ButtonKt._click(dialog.create);
        eventually(() -> assertFalse(dialog.isOpened()));
        assertEquals(VmAddress.of(new VmRef("test", TestProvider.CONNECTION, "web2", "")).path(),
                UI.getCurrent().getInternals().getActiveViewLocation().getPath());
        assertEquals(VmStates.SHUT_OFF, test.hangar.store().getState().get(dev.hangar.host.state.VmsState.BRANCH,
                dev.hangar.host.state.VmsState.class).find("test", TestProvider.CONNECTION, "web2").orElseThrow().state());
    }

    @Test
    void aRefusalShowsNextToItsFieldAndTheDialogKeepsEverything() throws Exception {
        start(Role.OPERATOR);
        CreateVmDialog dialog = openDialog();
        fill(dialog, "web3", "tiny");
        ButtonKt._click(dialog.create);
        // The provider's validate: the pool has 1 MiB free.
        eventually(() -> assertTrue(dialog.storage.pool.isInvalid()));
        assertTrue(dialog.storage.pool.getErrorMessage().startsWith("Pool 'tiny' has 1 MiB free"),
                dialog.storage.pool.getErrorMessage());
        assertTrue(dialog.isOpened());
        assertEquals("web3", dialog.name.getValue());
        assertEquals(TestProvider.KERNEL, dialog.install.kernel.getValue());
        assertEquals("", dialog.problemText());
        assertTrue(dialog.create.isEnabled(), "Create again after a refusal");
        assertFalse(dialog.progress.isVisible());

        // A kernel that is not on the host, refused next to the kernel's field.
        HasValueUtilsKt._setValue(dialog.storage.pool, dialog.storage.pool.getListDataView().getItems()
                .filter(p -> p.name().equals("default")).findFirst().orElseThrow());
        HasValueUtilsKt._setValue(dialog.install.kernel, "/boot/nope");
        ButtonKt._click(dialog.create);
        eventually(() -> assertTrue(dialog.install.kernel.isInvalid()));
        assertEquals("There is no file /boot/nope on the host", dialog.install.kernel.getErrorMessage());
        assertFalse(dialog.storage.pool.isInvalid(), "the earlier refusal is gone");

        // A refusal without a field goes to the top.
        HasValueUtilsKt._setValue(dialog.install.kernel, TestProvider.KERNEL);
        provider.failNext("validate", "The daemon is restarting");
        ButtonKt._click(dialog.create);
        eventually(() -> assertTrue(dialog.problemText().contains("The daemon is restarting"), dialog.problemText()));
        assertFalse(dialog.install.kernel.isInvalid());

        // A failed task says what failed, and makes nothing.
        provider.failNext("create", "qemu-img: disk full");
        ButtonKt._click(dialog.create);
        eventually(() -> assertEquals("Creating VM 'web3' failed: qemu-img: disk full", dialog.problemText()));
        assertTrue(dialog.isOpened());
        assertFalse(listed().contains("web3"));
        assertTrue(dialog.create.isEnabled());
    }

    @Test
    void aCreationIsCancelledAfterAskingAndNothingIsLeft() throws Exception {
        start(Role.OPERATOR);
        provider.holdTasks = true;
        CreateVmDialog dialog = openDialog();
        fill(dialog, "web4", "default");
        ButtonKt._click(dialog.create);
        eventually(() -> assertTrue(dialog.cancelTask.isVisible()));
        ButtonKt._click(dialog.cancelTask);
        ConfirmDialog confirm = _get(ConfirmDialog.class);
        assertEquals("Cancel creating VM 'web4'?", ConfirmDialogKt.getHeader(confirm));
        assertFalse(provider.lastTask().cancelled(), "cancelled before it was confirmed");
        ConfirmDialogKt._fireConfirm(confirm);
        eventually(() -> assertTrue(dialog.problemText().startsWith("Cancelled by operator-user"), dialog.problemText()));
        assertTrue(provider.lastTask().cancelled());
        assertTrue(dialog.isOpened(), "the dialog stays, with everything kept");
        assertEquals("web4", dialog.name.getValue());
        assertFalse(dialog.progress.isVisible());
        assertFalse(listed().contains("web4"));
    }

    @Test
    void theNameIsCheckedAsItIsTyped() throws Exception {
        provider.put(provider.vm("web", VmStates.RUNNING));
        start(Role.OPERATOR);
        CreateVmDialog dialog = openDialog();
        HasValueUtilsKt._setValue(dialog.name, "web");
        eventually(() -> assertEquals("A VM named 'web' exists on this connection", dialog.name.getErrorMessage()));
        assertTrue(dialog.name.isInvalid());
        HasValueUtilsKt._setValue(dialog.name, "web-2");
        eventually(() -> assertFalse(dialog.name.isInvalid()));
        HasValueUtilsKt._setValue(dialog.name, "web two!");
        eventually(() -> assertTrue(dialog.name.isInvalid()));
        assertTrue(dialog.name.getErrorMessage().startsWith("Names hold letters"), dialog.name.getErrorMessage());
    }

    @Test
    void theOsProposesSizesBusModelAndAFreeName() throws Exception {
        start(Role.OPERATOR);
        OsDatabase database = test.hangar.osDatabase();
        OsEntry generic = database.generic();
        provider.put(provider.vm(generic.shortId(), VmStates.SHUT_OFF));
        CreateVmDialog dialog = openDialog();
        assertEquals(generic.shortId() + "-2", dialog.name.getValue(), "a name the connection does not have yet");
        assertEquals((int) (generic.memoryKiB() / 1024), dialog.memoryMiB.getValue());

        OsEntry debian = database.search("debian 11", 1).get(0);
        ComboBoxKt.setUserInput(dialog.os, "debian 11");
        assertTrue(ComboBoxKt.getSuggestions(dialog.os).contains(debian.name()), ComboBoxKt.getSuggestions(dialog.os).toString());
        ComboBoxKt.selectByLabel(dialog.os, debian.name());
        assertEquals(debian.shortId(), dialog.name.getValue());
        assertEquals((int) (Math.min(debian.memoryKiB(), TestProvider.HOST_MEMORY_KIB) / 1024), dialog.memoryMiB.getValue());
        assertEquals(Math.min(debian.vcpus(), TestProvider.MAX_VCPUS), dialog.vcpus.getValue());
        assertEquals((int) ((debian.storageBytes() + (1L << 30) - 1) >> 30), dialog.storage.sizeGiB.getValue());
        assertEquals(debian.diskBus(), dialog.diskBus.getValue());
        assertEquals(debian.nicModel(), dialog.nicModel.getValue());

        // An OS without virtio drivers: its bus and model; a name typed by the person stays.
        OsEntry old = database.search("windows xp", 1).get(0);
        assertNotEquals("virtio", old.diskBus(), old.toString());
        HasValueUtilsKt._setValue(dialog.name, "legacy");
        ComboBoxKt.setUserInput(dialog.os, "windows xp");
        ComboBoxKt.selectByLabel(dialog.os, old.name());
        assertEquals("legacy", dialog.name.getValue());
        assertEquals(old.diskBus(), dialog.diskBus.getValue());
        assertEquals(old.nicModel(), dialog.nicModel.getValue());
        assertEquals(Math.min(old.vcpus(), TestProvider.MAX_VCPUS), dialog.vcpus.getValue());

        // The person's own values are what Create sends, within the host's limits.
        HasValueUtilsKt._setValue(dialog.memoryMiB, (int) (TestProvider.HOST_MEMORY_KIB / 1024) + 1);
        assertTrue(dialog.memoryMiB.isInvalid(), "more memory than the host's is said at once");
        HasValueUtilsKt._setValue(dialog.memoryMiB, 512);
        assertFalse(dialog.memoryMiB.isInvalid());
        HasValueUtilsKt._setValue(dialog.install.iso, TestProvider.ISO);
        assertEquals(512L * 1024, dialog.spec().memoryKiB());
        assertEquals(old.id(), dialog.spec().os());
    }
}
