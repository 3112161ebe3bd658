package dev.hangar.host.ui.tasks;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.function.ValueProvider;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.hangar.host.Hangar;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.Permission;
import dev.hangar.host.security.RequiresPermission;
import dev.hangar.host.tasks.Task;
import dev.hangar.host.tasks.TaskCommands;
import dev.hangar.host.ui.MainLayout;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.host.ui.components.Live;
import dev.hangar.host.ui.nav.Paths;

/**
 * The task log (Proxmox's is the model): every provider's long actions, running ones first, live, with
 * when they started and ended, who started them, on which VM, their state and message, and a Cancel
 * button for who may. For operators and administrators.
 */
@Route(value = Paths.TASKS, layout = MainLayout.class)
@PageTitle("Tasks — Hangar")
@RequiresPermission(Permission.LIFECYCLE)
public class TasksView extends VerticalLayout {
    private final Grid<Task> grid = new Grid<>();

    public TasksView(Hangar hangar, Access access) {
        TaskCommands commands = hangar.tasks();
        addClassName("tasks-view");
        // Text columns only: what providers say is never rendered as HTML.
        column(task -> Formats.dateTime(task.started()), "Started", "started", 11, 0);
        column(task -> Formats.dateTime(task.ended()), "Ended", "ended", 11, 0);
        column(task -> TaskTexts.duration(task.duration(commands.tasks().now())), "Duration", "duration", 7, 0);
        column(Task::user, "User", "user", 8, 0);
        column(task -> task.vm().name() + " (" + task.vm().provider() + ")", "VM", "vm", 10, 1);
        column(Task::label, "Action", "action", 8, 0);
        column(TaskTexts::status, "Status", "status", 8, 0);
        column(TaskTexts::message, "Message", "message", 14, 2);
        grid.addComponentColumn(task -> TaskTexts.cancel(task, commands, access)).setKey("cancel").setWidth("7rem").setFlexGrow(0);
        grid.setSizeFull();
        grid.addClassName("tasks-grid");
        add(new H2("Tasks"), grid);
        setSizeFull();
        Live.bind(this, commands.tasks().changes(), grid::setItems);
    }

    private void column(ValueProvider<Task, String> value, String header, String key, double widthRem, int flexGrow) {
        grid.addColumn(value).setHeader(header).setKey(key).setWidth(widthRem + "rem").setFlexGrow(flexGrow)
                .setResizable(true).setTooltipGenerator(task -> value.apply(task));
    }
}
