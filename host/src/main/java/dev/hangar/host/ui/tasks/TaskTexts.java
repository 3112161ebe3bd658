package dev.hangar.host.ui.tasks;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import dev.hangar.host.providers.Guard;
import dev.hangar.host.security.Access;
import dev.hangar.host.tasks.Task;
import dev.hangar.host.tasks.TaskCommands;
import java.time.Duration;
import java.util.Locale;

/** The words and the cancel button the task list and a VM's tasks share. */
final class TaskTexts {
    private TaskTexts() {
    }

    /** "Running 40 %", "Cancelling", "OK", "Cancelled". */
    static String status(Task task) {
        if (task.running()) {
            if (task.cancelledBy() != null) {
                return "Cancelling";
            }
            return Double.isNaN(task.fraction()) ? "Running"
                    : String.format(Locale.ROOT, "Running %d %%", Math.round(task.fraction() * 100));
        }
        return task.status().label();
    }

    /** What it does now while it runs, how it ended after. */
    static String message(Task task) {
        return task.running() ? task.text() : task.message();
    }

    /** "45 s", "3 min 4 s", "2 h 5 min". */
    static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }

    /** A Cancel button for a running task, shown only to who may cancel it (the server checks again). */
    static Button cancel(Task task, TaskCommands commands, Access access) {
        Button button = new Button("Cancel");
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        button.addClassName("task-cancel");
        button.setVisible(TaskCommands.mayCancel(task, access.actor().orElse(null)));
        button.setEnabled(task.cancelledBy() == null);
        button.addClickListener(click -> {
            button.setEnabled(false);
            UI ui = UI.getCurrent();
            commands.cancel(access.actor().orElse(null), task.id()).whenComplete((done, error) -> {
                if (error != null) {
                    ui.access(() -> {
                        button.setEnabled(true);
                        Notification.show("Task " + task.id() + " was not cancelled: " + Guard.message(error), 6000,
                                Notification.Position.BOTTOM_START).addThemeVariants(NotificationVariant.LUMO_ERROR);
                    });
                }
            });
        });
        return button;
    }
}
