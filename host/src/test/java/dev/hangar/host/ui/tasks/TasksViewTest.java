package dev.hangar.host.ui.tasks;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.sidenav.SideNavItem;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Role;
import dev.hangar.host.tasks.Task;
import dev.hangar.host.tasks.TaskCommandsTest;
import dev.hangar.host.tasks.TaskCommandsTest.Driven;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.host.ui.MainLayout;
import dev.hangar.testsupport.TestProvider;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.host.ui.vmlist.VmListView;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The task list page and a VM's tasks on its page, in Karibu's mocked browser. */
class TasksViewTest {
    private final TestProvider provider = new TestProvider("test");
    private TestHangar test;
    private Vm web;
    private Vm db;

    @BeforeEach
    void start() throws Exception {
        web = provider.put(provider.vm("web", VmStates.RUNNING));
        db = provider.put(provider.vm("db", VmStates.RUNNING));
        test = TestHangar.start(provider);
        TestHangar.signIn(Role.OPERATOR);
    }

    @AfterEach
    void stop() throws Exception {
        test.close();
    }

    private Driven started(Vm vm) {
        return TaskCommandsTest.started(test.hangar.tasks(), vm);
    }

    @SuppressWarnings("unchecked")
    private static Grid<Task> grid() {
        return _get(Grid.class, spec -> spec.withClasses("tasks-grid"));
    }

    private static List<String> row(int index) {
        List<String> cells = GridKt._getFormattedRow(grid(), index);
        return cells.subList(2, 8);  // after the times: duration, user, VM, action, status, message
    }

    private static Button cancelIn(int index) {
        return (Button) GridKt._getCellComponent(grid(), index, "cancel");
    }

    @Test
    void listsRunningTasksFirstLiveAndTheirStarterCancels() throws Exception {
        Driven first = started(web);
        test.clock.advance(Duration.ofSeconds(5));
        first.end.complete("Cloned to web-copy");
        // The task ends on the thunk's thread: only then may the clock move on, or its end is a second late.
        eventually(() -> assertTrue(test.hangar.tasks().tasks().list().stream().noneMatch(Task::running), "the first task ended"));
        test.clock.advance(Duration.ofSeconds(1));
        Driven second = started(web);
        second.progress.get().report(0.4, "Copying vda");

        UI.getCurrent().navigate(TasksView.class);
        eventually(() -> assertEquals(List.of("0 s", "operator-user", "web (test)", "Clone", "Running 40 %", "Copying vda"), row(0)));
        assertEquals(List.of("5 s", "operator-user", "web (test)", "Clone", "OK", "Cloned to web-copy"), row(1));
        assertTrue(cancelIn(0).isVisible());
        assertFalse(cancelIn(1).isVisible(), "nothing to cancel on an ended task");

        second.progress.get().report(0.8, "Copying vdb");
        eventually(() -> assertEquals("Running 80 %", row(0).get(4)));

        cancelIn(0).click();
        eventually(() -> assertEquals(List.of("Cancelled", "Cancelled by operator-user"), row(0).subList(4, 6)));
        assertEquals("OK", row(1).get(4), "the last ended first");
    }

    @Test
    void anotherOperatorSeesTheTaskButNoCancelButton() throws Exception {
        started(web);
        TestHangar.access().signIn(new Actor("olga", Role.OPERATOR, "127.0.0.1"));
        UI.getCurrent().navigate(TasksView.class);
        eventually(() -> assertEquals("Running", row(0).get(4)));
        assertFalse(cancelIn(0).isVisible());
        TestHangar.signIn(Role.ADMINISTRATOR);
        UI.getCurrent().navigate(VmListView.class);
        UI.getCurrent().navigate(TasksView.class);
        eventually(() -> assertTrue(cancelIn(0).isVisible(), "an administrator may cancel anyone's"));
    }

    @Test
    void viewersHaveNoTaskList() {
        assertTrue(navigation().contains("Tasks"), "operators have it: " + navigation());
        TestHangar.signIn(Role.VIEWER);
        assertFalse(navigation().contains("Tasks"), navigation().toString());
        UI.getCurrent().navigate(TasksView.class);
        assertEquals(List.of(), _find(TasksView.class), "forwarded to the VM list");
        _get(VmListView.class);
    }

    @Test
    void aVmsPageShowsItsRunningAndLastTasksOnly() throws Exception {
        UI.getCurrent().navigate(VmAddress.of(web.ref()).path());
        eventually(() -> assertEquals(List.of(), _find(VmTasks.class)));  // none yet: hidden

        Driven body = started(web);
        started(db);
        body.progress.get().report(0.25, "Copying vda");
        eventually(() -> assertEquals(List.of("Running 25 %"), statuses()));
        assertEquals("Copying vda", _get(Span.class, spec -> spec.withClasses("vm-task-message")).getText());

        _get(Button.class, spec -> spec.withClasses("task-cancel")).click();
        eventually(() -> assertEquals(List.of("Cancelled"), statuses()));
        assertEquals("Cancelled by operator-user", _get(Span.class, spec -> spec.withClasses("vm-task-message")).getText());
        assertEquals(List.of(), _find(Button.class, spec -> spec.withClasses("task-cancel")));
    }

    /** The drawer's entries as the signed-in user's frame has them. */
    private static List<String> navigation() {
        return _find(new MainLayout(TestHangar.access()), SideNavItem.class).stream().map(SideNavItem::getLabel).toList();
    }

    private static List<String> statuses() {
        return _find(Span.class, spec -> spec.withClasses("vm-task-status")).stream().map(Span::getText).toList();
    }
}
