package dev.hangar.host.ui.configure;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.hangar.host.configure.Configuration;
import dev.hangar.host.create.Creation;
import dev.hangar.host.providers.Guard;
import dev.hangar.host.security.Access;
import dev.hangar.host.tasks.Task;
import dev.hangar.host.tasks.TaskCommands;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.host.ui.components.Live;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.plugins.configure.CloneSpec;
import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.create.Pool;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmDisk;
import dev.hangar.plugins.vm.VmRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Predicate;

/**
 * Clones a shut-off VM: a new name, and for each of its disks whether to copy it and into which pool
 * (an unticked disk is left out of the clone, never shared). The copy runs as a task: the dialog shows
 * its real progress and can cancel it; closing the dialog leaves it running (the task list has it).
 */
final class CloneDialog extends Dialog {
    private final Vm vm;
    private final Configuration configuration;
    private final TaskCommands tasks;
    private final Access access;
    private final Predicate<String> taken;
    final TextField name = new TextField("Name of the clone");
    /** Per disk target: whether it is copied, and where to. */
    final Map<String, Checkbox> copies = new LinkedHashMap<>();
    final Map<String, Select<String>> pools = new LinkedHashMap<>();
    private final Paragraph poolsNote = new Paragraph();
    private final Div problem = new Div();
    private final Div progress = new Div();
    final ProgressBar bar = new ProgressBar();
    private final Div progressText = new Div();
    private final Div outcome = new Div();
    final Button start = new Button("Clone");
    final Button cancel = new Button("Cancel clone");
    private final VerticalLayout form = new VerticalLayout();
    private Long taskId;
    private Task shown;

    /** @param taken whether a VM of that name exists on the VM's connection */
    CloneDialog(Vm vm, Configuration configuration, TaskCommands tasks, Access access, Predicate<String> taken) {
        this.vm = vm;
        this.configuration = configuration;
        this.tasks = tasks;
        this.access = access;
        this.taken = taken;
        addClassName("clone-dialog");
        setHeaderTitle("Clone " + vm.name());
        setWidth("min(44rem, 95vw)");
        form.setPadding(false);
        name.addClassName("clone-name");
        name.setWidthFull();
        name.setMaxLength(Limits.NAME_MAX);
        name.setValue(suggestedName());
        name.setValueChangeMode(ValueChangeMode.LAZY);
        name.addValueChangeListener(e -> checkName());
        form.add(name, new Paragraph("The clone gets a new id and new MAC addresses. Each ticked disk is copied "
                + "whole into the pool chosen for it; an unticked disk is left out of the clone. CD-ROMs keep their media."));
        Div disks = new Div();
        disks.addClassName("clone-disks");
        for (VmDisk disk : vm.disks()) {
            if (!"disk".equals(disk.device()) || disk.source() == null || disk.source().isBlank()) {
                continue;
            }
            Checkbox copy = new Checkbox("Copy " + disk.target() + " (" + disk.source()
                    + (disk.capacity() == null ? "" : ", " + Formats.bytes(disk.capacity())) + ")", true);
            copy.addClassName("clone-disk");
            copy.getElement().setAttribute("data-target", disk.target());
            Select<String> pool = new Select<>();
            pool.setLabel("Into pool");
            pool.addClassName("clone-pool");
            pool.setEnabled(false);
            copy.addValueChangeListener(e -> pool.setEnabled(e.getValue() && !pool.getListDataView().getItems().toList().isEmpty()));
            copies.put(disk.target(), copy);
            pools.put(disk.target(), pool);
            HorizontalLayout row = new HorizontalLayout(copy, pool);
            row.setAlignItems(FlexComponent.Alignment.BASELINE);
            row.addClassName("clone-disk-row");
            disks.add(row);
        }
        if (copies.isEmpty()) {
            disks.add(new Paragraph("This VM has no disk to copy: the clone has none."));
        }
        poolsNote.addClassName("clone-pools-note");
        poolsNote.setText(copies.isEmpty() ? "" : "Listing the storage pools…");
        form.add(disks, poolsNote);
        problem.addClassName("clone-problem");
        problem.getElement().setAttribute("role", "alert");
        problem.setVisible(false);
        problem.getStyle().set("color", "var(--lumo-error-text-color)").set("overflow-wrap", "anywhere")
                .set("white-space", "pre-wrap");

        progress.addClassName("clone-progress");
        bar.addClassName("clone-progress-bar");
        progressText.addClassName("clone-progress-text");
        outcome.addClassName("clone-outcome");
        outcome.getElement().setAttribute("role", "status");
        progress.add(bar, progressText);
        progress.setVisible(false);
        outcome.setVisible(false);
        add(form, problem, progress, outcome);

        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        start.addClassName("clone-start");
        start.addClickListener(e -> start());
        cancel.addClassName("clone-cancel");
        cancel.addThemeVariants(ButtonVariant.LUMO_ERROR);
        cancel.setVisible(false);
        cancel.addClickListener(e -> cancelTask());
        getFooter().add(new Button("Close", e -> close()), cancel, start);
        Live.bind(progress, tasks.tasks().changes(), this::showTask);
        if (!copies.isEmpty()) {
            loadPools();
        }
    }

    /** What the Clone button asks for, as the dialog stands. */
    CloneSpec spec() {
        List<CloneSpec.CloneDisk> disks = new ArrayList<>();
        copies.forEach((target, copy) -> {
            String pool = pools.get(target).getValue();
            if (copy.getValue() && pool != null) {
                disks.add(new CloneSpec.CloneDisk(target, pool));
            }
        });
        return new CloneSpec(name.getValue(), disks);
    }

    private String suggestedName() {
        String base = vm.name().length() > Limits.NAME_MAX - 8 ? vm.name().substring(0, Limits.NAME_MAX - 8) : vm.name();
        String candidate = base + "-clone";
        for (int i = 2; taken.test(candidate); i++) {
            candidate = base + "-clone" + i;
        }
        return candidate;
    }

    private String checkName() {
        String problem = Limits.name(name.getValue(), vm.name(), taken);
        name.setInvalid(problem != null);
        name.setErrorMessage(problem);
        return problem;
    }

    private void loadPools() {
        UI ui = UI.getCurrent();
        configuration.choices(vm.ref()).whenComplete((choices, failure) -> ui.access(() -> {
            if (failure != null) {
                poolsNote.setText("The storage pools cannot be listed (" + Guard.message(failure)
                        + "), so no disk can be copied: the clone would have none.");
                copies.values().forEach(copy -> {
                    copy.setValue(false);
                    copy.setEnabled(false);
                });
                return;
            }
            showPools(choices);
        }));
    }

    private void showPools(CreationChoices choices) {
        List<String> active = choices.pools().stream().filter(Pool::active).map(Pool::name).toList();
        poolsNote.setText(active.isEmpty() ? "The host has no active storage pool, so no disk can be copied." : "");
        poolsNote.setVisible(active.isEmpty());
        copies.forEach((target, copy) -> {
            Select<String> pool = pools.get(target);
            pool.setItems(active);
            pool.setItemLabelGenerator(p -> choices.pools().stream().filter(c -> c.name().equals(p)).findFirst()
                    .map(c -> p + " (" + Formats.bytes(c.availableBytes()) + " free)").orElse(p));
            String source = vm.disk(target).source();
            String home = choices.pools().stream().filter(Pool::active)
                    .filter(p -> p.volumes().stream().anyMatch(v -> source.equals(v.path())))
                    .map(Pool::name).findFirst().orElse(active.isEmpty() ? null : active.get(0));
            pool.setValue(home);
            pool.setEnabled(copy.getValue() && !active.isEmpty());
            if (active.isEmpty()) {
                copy.setValue(false);
                copy.setEnabled(false);
            }
        });
    }

    private void start() {
        problem.setVisible(false);
        String nameProblem = checkName();
        if (nameProblem != null) {
            showProblem(nameProblem);
            return;
        }
        for (Map.Entry<String, Checkbox> copy : copies.entrySet()) {
            if (copy.getValue().getValue() && pools.get(copy.getKey()).getValue() == null) {
                showProblem("Choose the pool to copy " + copy.getKey() + " into, or untick it.");
                return;
            }
        }
        CloneSpec spec = spec();
        form.setEnabled(false);
        start.setEnabled(false);
        UI ui = UI.getCurrent();
        Creation.Run run = configuration.cloneVm(access.actor().orElse(null), vm.ref(), spec);
        run.started().whenComplete((id, failure) -> ui.access(() -> {
            if (failure != null) {
                form.setEnabled(true);
                start.setEnabled(true);
                showProblem("The clone was not started: " + Guard.message(failure));
                return;
            }
            taskId = id;
            progress.setVisible(true);
            bar.setIndeterminate(true);
            progressText.setText("Starting…");
            cancel.setVisible(true);
            tasks.tasks().get(id).ifPresent(task -> showTask(List.of(task)));
        }));
        run.done().whenComplete((result, failure) -> ui.access(() -> ended(spec.name(), result, failure)));
    }

    private void showTask(List<Task> list) {
        if (taskId == null) {
            return;
        }
        Task task = list.stream().filter(t -> t.id() == taskId).findFirst().orElse(null);
        if (task == null || task.equals(shown)) {
            return;
        }
        shown = task;
        bar.setIndeterminate(Double.isNaN(task.fraction()));
        if (!Double.isNaN(task.fraction())) {
            bar.setValue(Math.max(0, Math.min(1, task.fraction())));
        }
        String percent = Double.isNaN(task.fraction()) ? "" : Math.round(task.fraction() * 100) + " %";
        String text = task.text() == null ? "" : task.text();
        progressText.setText(percent.isEmpty() ? Formats.orDash(text) : text.isEmpty() ? percent : percent + " — " + text);
        cancel.setEnabled(task.running() && task.cancelledBy() == null);
    }

    private void cancelTask() {
        if (taskId == null) {
            return;
        }
        cancel.setEnabled(false);
        UI ui = UI.getCurrent();
        tasks.cancel(access.actor().orElse(null), taskId).whenComplete((ignored, failure) -> ui.access(() -> {
            if (failure != null) {
                cancel.setEnabled(true);
                showProblem("The clone was not cancelled: " + Guard.message(failure));
            } else {
                progressText.setText("Cancelling…");
            }
        }));
    }

    private void ended(String cloneName, String result, Throwable failure) {
        if (taskId == null && failure != null) {
            // Not started at all: started() said why already.
            return;
        }
        cancel.setVisible(false);
        progress.setVisible(failure == null);
        if (failure == null) {
            bar.setIndeterminate(false);
            bar.setValue(1);
        }
        outcome.removeAll();
        if (failure == null) {
            VmRef clone = new VmRef(vm.ref().provider(), vm.ref().connection(), cloneName, "");
            Button open = new Button("Open " + cloneName, e -> {
                close();
                UI.getCurrent().navigate(VmAddress.of(clone).path());
            });
            open.addClassName("clone-open");
            Div text = new Div();
            text.addClassName("clone-outcome-text");
            text.setText("VM " + cloneName + " was cloned from " + vm.name() + "." + (result == null || result.isBlank() ? "" : " " + result));
            outcome.add(text, open);
        } else if (cancelled(failure)) {
            outcome.setText("The clone was cancelled.");
        } else {
            outcome.setText("The clone failed: " + Guard.message(failure));
        }
        outcome.setVisible(true);
    }

    private static boolean cancelled(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CancellationException) {
                return true;
            }
        }
        return false;
    }

    private void showProblem(String message) {
        problem.setText(message);
        problem.setVisible(true);
    }
}
