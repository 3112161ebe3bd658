package dev.hangar.host.ui.snapshots;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextField;
import dev.hangar.host.security.Role;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.testsupport.TestProvider;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The VM page's Snapshots subtab and its dialogs against the real host (commands, roles, audit) and the test provider. */
class SnapshotsTabTest {
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
        eventually(() -> assertTrue(TestHangar.vmTabNames().contains("Snapshots")));
        TestHangar.vmTab("Snapshots");
        eventually(() -> assertTrue(tab().shown() != null, "the snapshots were read"));
    }

    private static SnapshotsTab tab() {
        return _get(SnapshotsTab.class);
    }

    private static List<String> rows() {
        return _find(tab(), Div.class, spec -> spec.withClasses("vm-snapshot")).stream()
                .map(row -> _get(row, Span.class, spec -> spec.withClasses("vm-snapshot-name")).getText()).toList();
    }

    private static Div row(String name) {
        return _find(tab(), Div.class, spec -> spec.withClasses("vm-snapshot")).stream()
                .filter(r -> r.getElement().getAttribute("data-snapshot").equals(name)).findFirst().orElseThrow();
    }

    private static String note() {
        Div note = _get(tab(), Div.class, spec -> spec.withClasses("vm-snapshots-note"));
        return note.getText();
    }

    private static String result() {
        return _get(tab(), Div.class, spec -> spec.withClasses("vm-snapshot-result")).getText();
    }

    private void take(String name) {
        _get(tab(), Button.class, spec -> spec.withClasses("vm-snapshot-take")).click();
        TakeSnapshotDialog dialog = _get(TakeSnapshotDialog.class);
        _get(dialog, TextField.class, spec -> spec.withClasses("take-snapshot-name")).setValue(name);
        _get(dialog, Button.class, spec -> spec.withClasses("take-snapshot-confirm")).click();
        eventually(() -> assertTrue(rows().contains(name), rows().toString()));
    }

    private List<AuditEntry> audit(String verb) {
        return test.hangar.security().audit().last(50).stream().filter(e -> e.verb().equals(verb)).toList();
    }

    @Test
    void anOperatorTakesASnapshotWithMemoryAndRevertsToItAfterBeingToldWhatIsLost() throws Exception {
        open(VmStates.RUNNING, Role.OPERATOR);
        assertEquals("This VM has no snapshots.", note());

        _get(tab(), Button.class, spec -> spec.withClasses("vm-snapshot-take")).click();
        TakeSnapshotDialog dialog = _get(TakeSnapshotDialog.class);
        TextField name = _get(dialog, TextField.class, spec -> spec.withClasses("take-snapshot-name"));
        assertTrue(name.getValue().startsWith("snapshot-"), "a name is suggested: " + name.getValue());
        assertTrue(_get(dialog, Checkbox.class, spec -> spec.withClasses("take-snapshot-memory")).getValue(),
                "a running VM's memory is included");
        name.setValue("before <b>upgrade</b>");
        _get(dialog, Button.class, spec -> spec.withClasses("take-snapshot-confirm")).click();
        eventually(() -> assertEquals(List.of("before <b>upgrade</b>"), rows()));
        assertEquals("Took snapshot 'before <b>upgrade</b>' of VM 'web'", result());
        Div taken = row("before <b>upgrade</b>");
        assertEquals("current", _get(taken, Span.class, spec -> spec.withClasses("vm-snapshot-current")).getText());
        assertTrue(_get(taken, Span.class, spec -> spec.withClasses("vm-snapshot-facts")).getText()
                .endsWith("VM running · with memory"));
        assertTrue(_find(taken, Button.class, spec -> spec.withClasses("vm-snapshot-delete")).isEmpty(),
                "deleting is the administrators'");
        assertEquals(AuditEntry.OK, audit("snapshot_take").get(0).result());

        // The VM stops; the revert says it resumes running with what it had then, and does.
        provider.put(provider.vm("web", VmStates.SHUT_OFF));
        _get(taken, Button.class, spec -> spec.withClasses("vm-snapshot-revert")).click();
        RevertSnapshotDialog revert = _get(RevertSnapshotDialog.class);
        String summary = _get(revert, Paragraph.class, spec -> spec.withClasses("revert-snapshot-summary")).getText();
        assertTrue(summary.startsWith("The disks and memory of web go back to "), summary);
        assertTrue(summary.contains("every change since snapshot before <b>upgrade</b> ("), summary);
        assertTrue(summary.endsWith("Afterwards the VM is running, as it was then."), summary);
        _get(revert, Button.class, spec -> spec.withClasses("revert-snapshot-confirm")).click();
        eventually(() -> assertEquals("Reverted VM 'web' to snapshot 'before <b>upgrade</b>'", result()));
        eventually(() -> assertEquals(VmStates.RUNNING, test.hangar.store().getState()
                .get(dev.hangar.host.state.VmsState.BRANCH, dev.hangar.host.state.VmsState.class).vms().get(web.ref()).state()));
        assertEquals(AuditEntry.OK, audit("snapshot_revert").get(0).result());
    }

    @Test
    void aNameThatExistsCannotBeTakenAgain() throws Exception {
        open(VmStates.SHUT_OFF, Role.OPERATOR);
        take("base");
        _get(tab(), Button.class, spec -> spec.withClasses("vm-snapshot-take")).click();
        TakeSnapshotDialog dialog = _get(TakeSnapshotDialog.class);
        assertTrue(_find(dialog, Checkbox.class, spec -> spec.withClasses("take-snapshot-memory")).isEmpty(),
                "shut off: no memory to save, no checkbox shown");
        TextField name = _get(dialog, TextField.class, spec -> spec.withClasses("take-snapshot-name"));
        name.setValue("base");
        assertTrue(name.isInvalid());
        assertEquals("This VM has a snapshot named 'base' already.", name.getErrorMessage());
        assertFalse(_get(dialog, Button.class, spec -> spec.withClasses("take-snapshot-confirm")).isEnabled());
    }

    @Test
    void anAdministratorDeletesASnapshotWithThoseTakenOnTopOfIt() throws Exception {
        open(VmStates.SHUT_OFF, Role.ADMINISTRATOR);
        take("a");
        take("b");
        take("c");
        assertEquals(List.of("a", "b", "c"), rows());
        assertEquals("padding-inline-start: 3.0em", "padding-inline-start: " + row("c").getStyle().get("padding-inline-start"),
                "c is drawn two levels under a");

        _get(row("a"), Button.class, spec -> spec.withClasses("vm-snapshot-delete")).click();
        DeleteSnapshotDialog dialog = _get(DeleteSnapshotDialog.class);
        Checkbox children = _get(dialog, Checkbox.class, spec -> spec.withClasses("delete-snapshot-children"));
        assertEquals("Also delete the 2 snapshots taken on top of it", children.getLabel());
        assertFalse(children.getValue(), "not unless ticked");
        children.setValue(true);
        assertEquals("The VM itself does not change; a and the 2 taken on top of it are gone for good.",
                _get(dialog, Paragraph.class, spec -> spec.withClasses("delete-snapshot-summary")).getText());
        _get(dialog, Button.class, spec -> spec.withClasses("delete-snapshot-confirm")).click();
        eventually(() -> assertEquals(List.of(), rows()));
        assertEquals(true, audit("snapshot_delete").get(0).options().get("with_children"));
    }

    @Test
    void aViewerSeesTheSnapshotsButNoButtonAndAnUnsupportedVmSaysWhy() throws Exception {
        provider.snapshots.unsupported.put("db", "Disk vdb is raw: internal snapshots need qcow2.");
        provider.put(provider.vm("db", VmStates.SHUT_OFF));
        open(VmStates.RUNNING, Role.VIEWER);
        assertTrue(LocatorJ._find(tab(), Button.class).isEmpty(), "no Take, Revert or Delete for a viewer");

        UI.getCurrent().navigate(VmAddress.of(provider.vm("db", VmStates.SHUT_OFF).ref()).path());
        TestHangar.vmTab("Snapshots");
        eventually(() -> assertEquals("This VM takes no snapshots: Disk vdb is raw: internal snapshots need qcow2.", note()));
    }
}
