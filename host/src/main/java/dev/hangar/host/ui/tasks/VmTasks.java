package dev.hangar.host.ui.tasks;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import dev.hangar.host.security.Access;
import dev.hangar.host.tasks.Task;
import dev.hangar.host.tasks.TaskCommands;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.host.ui.components.Live;
import dev.hangar.host.ui.nav.Paths;
import dev.hangar.plugins.vm.VmRef;
import java.util.List;
import java.util.Objects;

/**
 * A VM's tasks on its page: the running ones with their progress and a Cancel button, then the last
 * {@value #FINISHED} that ended; hidden while the VM has none.
 */
public final class VmTasks extends Div {
    /** How many ended tasks the VM's page shows; the task list has the rest. */
    static final int FINISHED = 3;

    private final TaskCommands commands;
    private final Access access;
    private final Div rows = new Div();
    private List<Task> all = List.of();
    private VmRef vm;
    private List<Task> shown;

    public VmTasks(TaskCommands commands, Access access) {
        this.commands = commands;
        this.access = access;
        addClassName("vm-tasks");
        rows.addClassName("vm-tasks-rows");
        add(rows, Paths.link("All tasks", Paths.TASKS));
        setVisible(false);
        Live.bind(this, commands.tasks().changes(), tasks -> {
            all = tasks;
            render();
        });
    }

    /** Shows the tasks of this VM (null: none). */
    public void show(VmRef ref) {
        if (!Objects.equals(ref, vm)) {
            vm = ref;
            render();
        }
    }

    private void render() {
        List<Task> mine = all.stream().filter(task -> task.vm().equals(vm)).toList();
        List<Task> running = mine.stream().filter(Task::running).toList();
        List<Task> listed = new java.util.ArrayList<>(running);
        mine.stream().filter(task -> !task.running()).limit(FINISHED).forEach(listed::add);
        if (listed.equals(shown)) {
            return;
        }
        shown = listed;
        rows.removeAll();
        listed.forEach(task -> rows.add(row(task)));
        setVisible(!listed.isEmpty());
    }

    private HorizontalLayout row(Task task) {
        Span label = new Span(task.label());
        label.addClassName("vm-task-label");
        Span status = new Span(TaskTexts.status(task));
        status.addClassName("vm-task-status");
        Span message = new Span(Formats.orDash(TaskTexts.message(task)));
        message.addClassName("vm-task-message");
        Span when = new Span(task.user() + ", " + Formats.dateTime(task.started())
                + (task.running() ? "" : ", " + TaskTexts.duration(task.duration(task.ended()))));
        when.addClassName("vm-task-when");
        HorizontalLayout row = new HorizontalLayout(label, status);
        if (task.running()) {
            ProgressBar bar = new ProgressBar();
            bar.setIndeterminate(Double.isNaN(task.fraction()));
            if (!Double.isNaN(task.fraction())) {
                bar.setValue(task.fraction());
            }
            bar.setWidth("8em");
            row.add(bar);
        }
        row.add(message, when);
        if (task.running()) {
            row.add(TaskTexts.cancel(task, commands, access));
        }
        row.addClassName("vm-task");
        row.addClassName(task.running() ? "vm-task-running" : "vm-task-ended");
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        return row;
    }
}
