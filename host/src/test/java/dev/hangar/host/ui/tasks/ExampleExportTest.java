package dev.hangar.host.ui.tasks;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import dev.hangar.host.security.Role;
import dev.hangar.host.state.VmsState;
import dev.hangar.host.tasks.Task;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.plugins.vm.Vm;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The example plugin's Export, from its JAR: a task with progress on the VM's page and in the task list, cancelled there. */
class ExampleExportTest {
    private TestHangar test;

    @AfterEach
    void stop() throws Exception {
        NotificationsKt.clearNotifications();
        test.close();
    }

    /** Chunks of 10 s: the export runs far longer than the test looks, whatever the load, until it is cancelled. */
    private Component web1Disks(Role role) throws Exception {
        test = TestHangar.start(List.of(TestHangar.builtPlugin("plugin-example")), List.of(
                "--option", "example-migration-interval-seconds=0", "--option", "example-export-chunk-ms=10000"));
        TestHangar.signIn(role);
        Vm web1 = test.hangar.store().getState().get(VmsState.BRANCH, VmsState.class)
                .find("example", "engine://example", "web-1").orElseThrow();
        UI.getCurrent().navigate(VmAddress.of(web1.ref()).path());
        eventually(() -> assertTrue(TestHangar.vmTabNames().contains("Disks")));
        return TestHangar.vmTab("Disks");
    }

    private static List<String> statuses() {
        return _find(Span.class, spec -> spec.withClasses("vm-task-status")).stream().map(Span::getText).toList();
    }

    @Test
    void anOperatorExportsWatchesItAndCancelsItInTheTaskList() throws Exception {
        Component disks = web1Disks(Role.OPERATOR);
        _get(disks, Button.class, spec -> spec.withClasses("example-export")).click();
        eventually(() -> assertTrue(statuses().size() == 1 && statuses().get(0).startsWith("Running "), statuses().toString()));
        eventually(() -> assertTrue(_get(Span.class, spec -> spec.withClasses("vm-task-message")).getText().startsWith("Copying vd")));

        UI.getCurrent().navigate(TasksView.class);
        @SuppressWarnings("unchecked")
        Grid<Task> grid = _get(Grid.class, spec -> spec.withClasses("tasks-grid"));
        eventually(() -> assertEquals(List.of("operator-user", "web-1 (example)", "Export"),
                GridKt._getFormattedRow(grid, 0).subList(3, 6)));
        ((Button) GridKt._getCellComponent(grid, 0, "cancel")).click();
        eventually(() -> assertEquals(List.of("Cancelled", "Cancelled by operator-user"), GridKt._getFormattedRow(grid, 0).subList(6, 8)));
        eventually(() -> NotificationsKt.expectNotifications("Export of 'web-1': Cancelled by operator-user"));
    }

    @Test
    void aViewerHasNoExportButton() throws Exception {
        Component disks = web1Disks(Role.VIEWER);
        assertEquals(List.of(), _find(disks, Button.class, spec -> spec.withClasses("example-export")));
    }
}
