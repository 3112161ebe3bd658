package dev.hangar.host.ui.create;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.hangar.host.create.Creation;
import dev.hangar.host.create.CreationTarget;
import dev.hangar.host.osinfo.OsDatabase;
import dev.hangar.host.osinfo.OsEntry;
import dev.hangar.host.providers.Guard;
import dev.hangar.host.security.Actor;
import dev.hangar.host.tasks.Task;
import dev.hangar.host.tasks.TaskCommands;
import dev.hangar.host.ui.components.HostComponents;
import dev.hangar.host.ui.components.Live;
import dev.hangar.host.ui.nav.VmAddress;
import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.create.Firmware;
import dev.hangar.plugins.create.InstallMethod;
import dev.hangar.plugins.create.InvalidSpecException;
import dev.hangar.plugins.create.Template;
import dev.hangar.plugins.create.VmSpec;
import dev.hangar.plugins.vm.VmRef;
import io.reactivex.rxjava3.disposables.Disposable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Makes a new VM: name (checked against the connection as it is typed), connection, operating system
 * (searched in libosinfo's database as it is typed; it proposes memory, vCPUs, disk size, disk bus and
 * NIC model), install source, storage, network and firmware, each offering only what the connection
 * offers. Create runs the host's {@link Creation}: a refusal shows next to its field and the dialog
 * keeps everything; once the task runs, its progress bar and text show with a Cancel button, and a
 * failure says what failed. Every text from users, the OS database and providers is set as text.
 */
public final class CreateVmDialog extends Dialog {
    /** How long typing pauses before the name is checked. */
    static final int NAME_CHECK_MS = 300;
    /** How many operating systems the list offers at most for what is typed. */
    static final int OS_RESULTS = 100;
    private static final long MIB = 1024;

    private final CreateServices services;
    private final Creation creation;
    private final OsDatabase osDatabase;

    final TextField name = new TextField("Name");
    final Select<CreationTarget> connection = new Select<>();
    final ComboBox<OsEntry> os = new ComboBox<>("Operating system");
    final IntegerField memoryMiB = new IntegerField("Memory (MiB)");
    final IntegerField vcpus = new IntegerField("vCPUs");
    final Select<String> diskBus = new Select<>();
    final Select<String> nicModel = new Select<>();
    final InstallSection install = new InstallSection();
    final StorageSection storage = new StorageSection();
    final NetworkSection network = new NetworkSection();
    final RadioButtonGroup<Firmware> firmware = new RadioButtonGroup<>("Firmware");
    final Checkbox start = new Checkbox("Start after creation", true);
    final Checkbox editFirst = new Checkbox("Edit before install");
    final Div problem = new Div();
    final Div progress = new Div();
    final ProgressBar bar = new ProgressBar();
    final Span progressText = new Span();
    final Button cancelTask = new Button("Cancel creation");
    final Button create = new Button("Create");
    final Button close = new Button("Close");
    private final VerticalLayout form = new VerticalLayout();

    private UI ui;
    private CreationChoices choices;
    /** Whether the person typed a name of their own; until then the OS suggests one. */
    private boolean nameTouched;
    /** Counts name checks and choice loads: only the answer to the latest one is shown. */
    private long nameChecks;
    private long choiceLoads;
    /** The creation under way (null while the person edits), and the task list's watch for it. */
    private Attempt attempt;
    private Disposable taskWatch;

    /** One press of Create: its spec, and its task once the host listed it. */
    private static final class Attempt {
        final VmSpec spec;
        final CreationTarget target;
        volatile Long task;

        Attempt(VmSpec spec, CreationTarget target) {
            this.spec = spec;
            this.target = target;
        }
    }

    public CreateVmDialog(CreateServices services) {
        this.services = services;
        this.creation = services.creation();
        this.osDatabase = services.osDatabase();
        // Made on the UI's thread: answers arriving on other threads are shown through this UI.
        this.ui = UI.getCurrent();
        addClassName("create-vm-dialog");
        setHeaderTitle("Create a VM");
        setWidth("min(52rem, 96vw)");
        setCloseOnOutsideClick(false);

        problem.addClassName("create-problem");
        problem.getElement().setAttribute("role", "alert");
        problem.setVisible(false);

        name.addClassName("create-name");
        name.setRequiredIndicatorVisible(true);
        name.setManualValidation(true);
        name.setValueChangeMode(ValueChangeMode.LAZY);
        name.setValueChangeTimeout(NAME_CHECK_MS);
        // Leaving the field sends what was typed at once: a click on Create never races the pause.
        name.getElement().addPropertyChangeListener("value", "change", e -> { });
        name.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                nameTouched = !e.getValue().isBlank();
                if (!nameTouched) {
                    suggestName();
                }
            }
            checkName();
        });

        connection.setLabel("Connection");
        connection.addClassName("create-connection");
        connection.setItemLabelGenerator(CreationTarget::label);
        connection.setManualValidation(true);
        connection.addValueChangeListener(e -> loadChoices());

        os.addClassName("create-os");
        os.setItemLabelGenerator(OsEntry::name);
        os.setHelperText("Type to search; Generic when it is not listed");
        // What is typed is searched in the database, best first, a page at a time.
        os.setItems(query -> {
            int end = Math.min(query.getOffset() + query.getLimit(), OS_RESULTS);
            String text = query.getFilter().orElse("");
            return osDatabase.search(text, end).stream().skip(query.getOffset()).limit(Math.max(0, end - query.getOffset()));
        });
        os.setManualValidation(true);
        os.addValueChangeListener(e -> proposeFromOs());

        memoryMiB.addClassName("create-memory");
        memoryMiB.setMin(1);
        memoryMiB.setStepButtonsVisible(true);
        memoryMiB.setManualValidation(true);
        memoryMiB.addValueChangeListener(e -> checkLimits());
        vcpus.addClassName("create-vcpus");
        vcpus.setMin(1);
        vcpus.setStepButtonsVisible(true);
        vcpus.setManualValidation(true);
        vcpus.addValueChangeListener(e -> checkLimits());
        diskBus.setLabel("Disk bus");
        diskBus.addClassName("create-disk-bus");
        nicModel.setLabel("NIC model");
        nicModel.addClassName("create-nic-model");

        install.method.addValueChangeListener(e -> {
            if (e.getValue() == InstallMethod.IMPORT) {
                storage.prefer(StorageSection.Kind.NONE);
            } else if (e.getValue() == InstallMethod.CLOUD_IMAGE) {
                storage.prefer(StorageSection.Kind.NEW);
            }
        });
        install.template.addValueChangeListener(e -> proposeFromTemplate(e.getValue()));
        firmware.addClassName("create-firmware");
        firmware.setItemLabelGenerator(f -> f.name());
        firmware.setItems(List.of());
        start.addClassName("create-start");
        editFirst.addClassName("create-edit-first");
        editFirst.setTooltipText("Creates the VM shut off and opens its page, to change it before its first boot");
        editFirst.addValueChangeListener(e -> {
            start.setEnabled(!e.getValue());
            if (e.getValue()) {
                start.setValue(false);
            }
        });

        FormLayout basics = new FormLayout(name, connection, os, memoryMiB, vcpus, diskBus, nicModel);
        basics.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("30rem", 2));
        basics.setColspan(os, 2);
        HorizontalLayout options = new HorizontalLayout(start, editFirst);
        options.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.setPadding(false);
        form.addClassName("create-form");
        form.add(basics, heading("Install source"), install, heading("Storage"), storage, heading("Network"), network,
                firmware, options);

        progress.addClassName("create-progress");
        bar.addClassName("create-progress-bar");
        progressText.addClassName("create-progress-text");
        progressText.getElement().setAttribute("aria-live", "polite");
        cancelTask.addClassName("create-cancel-task");
        cancelTask.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        cancelTask.addClickListener(e -> confirmCancel());
        progress.add(bar, progressText, cancelTask);
        progress.setVisible(false);

        add(problem, form, progress);
        create.addClassName("create-confirm");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setEnabled(false);
        create.addClickListener(e -> submit());
        close.addClassName("create-close");
        close.addClickListener(e -> close());
        getFooter().add(close, create);

        List<CreationTarget> targets = creation.targets();
        connection.setItems(targets);
        os.setValue(osDatabase.generic());
        if (targets.isEmpty()) {
            showProblem("No connection can make VMs now.");
        } else {
            connection.setValue(targets.get(0));
        }
    }

    private static H4 heading(String text) {
        H4 heading = new H4(text);
        heading.addClassName("create-heading");
        return heading;
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        ui = event.getUI();
    }

    @Override
    protected void onDetach(DetachEvent event) {
        stopWatching();
        super.onDetach(event);
    }

    /** Runs {@code work} under the UI's lock once a stage completed on another thread; nothing when the page is gone. */
    private void later(Runnable work) {
        if (ui == null) {
            return;
        }
        try {
            ui.access(work::run);
        } catch (UIDetachedException e) {
            // The tab closed meanwhile: nothing left to show.
        }
    }

    // ---- what the connection offers

    private void loadChoices() {
        CreationTarget target = connection.getValue();
        choices = null;
        create.setEnabled(false);
        if (target == null) {
            return;
        }
        long load = ++choiceLoads;
        creation.choices(target).whenComplete((offered, error) -> later(() -> {
            if (load != choiceLoads) {
                return;
            }
            if (error != null) {
                showProblem("Cannot read what " + target.label() + " offers: " + Guard.message(error));
                return;
            }
            hideProblem();
            applyChoices(offered);
        }));
        suggestName();
        checkName();
    }

    private void applyChoices(CreationChoices offered) {
        choices = offered;
        memoryMiB.setMax((int) Math.min(Integer.MAX_VALUE, offered.hostMemoryKiB() / MIB));
        memoryMiB.setHelperText("At most " + dev.hangar.host.ui.components.Formats.kib(offered.hostMemoryKiB())
                + " (the host's memory)");
        vcpus.setMax(offered.maxVcpus());
        vcpus.setHelperText("At most " + offered.maxVcpus());
        keep(diskBus, offered.diskBuses());
        keep(nicModel, offered.nicModels());
        install.choices(offered);
        storage.choices(offered);
        network.choices(offered);
        List<Firmware> firmwares = Arrays.stream(Firmware.values()).filter(offered.firmware()::contains).toList();
        Firmware chosen = firmware.getValue();
        if (!firmwares.equals(firmware.getListDataView().getItems().toList())) {
            firmware.setItems(firmwares);
            firmware.setValue(Problems.has(firmwares, chosen) ? chosen : firmwares.isEmpty() ? null : firmwares.get(0));
        }
        firmware.setVisible(firmwares.size() > 1);
        proposeFromOs();
        create.setEnabled(attempt == null && !offered.installMethods().isEmpty());
        if (offered.installMethods().isEmpty()) {
            showProblem(connection.getValue().label() + " offers no way to install a VM.");
        }
    }

    private static void keep(Select<String> select, List<String> items) {
        String chosen = select.getValue();
        select.setItems(items);
        select.setValue(Problems.has(items, chosen) ? chosen : items.isEmpty() ? null : items.get(0));
    }

    // ---- proposals

    private OsEntry chosenOs() {
        return os.getValue() == null ? osDatabase.generic() : os.getValue();
    }

    /** The OS's sizes, bus and model, within what the host allows; a free name from it while none was typed. */
    private void proposeFromOs() {
        OsEntry entry = chosenOs();
        long memory = entry.memoryKiB();
        int cpus = entry.vcpus();
        if (choices != null) {
            memory = Math.min(memory, choices.hostMemoryKiB());
            cpus = Math.min(cpus, choices.maxVcpus());
            if (Problems.has(choices.diskBuses(), entry.diskBus())) {
                diskBus.setValue(entry.diskBus());
            }
            if (Problems.has(choices.nicModels(), entry.nicModel())) {
                nicModel.setValue(entry.nicModel());
            }
        }
        memoryMiB.setValue((int) Math.max(1, memory / MIB));
        vcpus.setValue(Math.max(1, cpus));
        storage.proposeSize(entry.storageBytes());
        suggestName();
    }

    private void proposeFromTemplate(Template template) {
        if (template != null && install.method.getValue() == InstallMethod.TEMPLATE) {
            memoryMiB.setValue((int) Math.max(1, template.memoryKiB() / MIB));
            vcpus.setValue(Math.max(1, template.vcpus()));
        }
    }

    private void suggestName() {
        CreationTarget target = connection.getValue();
        if (nameTouched || target == null) {
            return;
        }
        String suggested = osDatabase.suggestName(chosenOs(),
                candidate -> services.vms().get().find(target.provider(), target.connection(), candidate).isPresent());
        if (!suggested.equals(name.getValue())) {
            name.setValue(suggested);
        }
    }

    // ---- checks as people type

    private void checkName() {
        CreationTarget target = connection.getValue();
        String typed = name.getValue();
        long check = ++nameChecks;
        if (target == null || typed.isBlank()) {
            if (typed.isBlank() && nameTouched) {
                Problems.show(name, "Give the VM a name");
            } else {
                Problems.clear(List.of(name));
            }
            return;
        }
        creation.nameProblem(target, typed).whenComplete((why, error) -> later(() -> {
            if (check != nameChecks) {
                return;
            }
            if (error != null) {
                Problems.show(name, "Cannot check the name: " + Guard.message(error));
            } else if (why != null) {
                Problems.show(name, why);
            } else {
                Problems.clear(List.of(name));
            }
        }));
    }

    private void checkLimits() {
        if (choices == null) {
            return;
        }
        String memoryProblem = memoryProblem();
        if (memoryProblem == null) {
            Problems.clear(List.of(memoryMiB));
        } else {
            Problems.show(memoryMiB, memoryProblem);
        }
        String cpuProblem = cpuProblem();
        if (cpuProblem == null) {
            Problems.clear(List.of(vcpus));
        } else {
            Problems.show(vcpus, cpuProblem);
        }
    }

    private String memoryProblem() {
        Integer mib = memoryMiB.getValue();
        if (mib == null || mib < 1) {
            return "Give the memory in MiB";
        }
        if (choices != null && mib * MIB > choices.hostMemoryKiB()) {
            return "More than the host's " + dev.hangar.host.ui.components.Formats.kib(choices.hostMemoryKiB());
        }
        return null;
    }

    private String cpuProblem() {
        Integer count = vcpus.getValue();
        if (count == null || count < 1) {
            return "Give the number of vCPUs";
        }
        if (choices != null && count > choices.maxVcpus()) {
            return "This host allows at most " + choices.maxVcpus();
        }
        return null;
    }

    // ---- create

    /** The VM as the dialog stands; the first missing or impossible choice is refused naming its field. */
    VmSpec spec() throws InvalidSpecException {
        CreationTarget target = connection.getValue();
        if (target == null) {
            throw new InvalidSpecException("connection", "Choose a connection");
        }
        String vmName = name.getValue().strip();
        if (vmName.isEmpty()) {
            throw new InvalidSpecException("name", "Give the VM a name");
        }
        String memoryProblem = memoryProblem();
        if (memoryProblem != null) {
            throw new InvalidSpecException("memoryKiB", memoryProblem);
        }
        String cpuProblem = cpuProblem();
        if (cpuProblem != null) {
            throw new InvalidSpecException("vcpus", cpuProblem);
        }
        if (firmware.getValue() == null) {
            throw new InvalidSpecException("firmware", "Choose the firmware");
        }
        OsEntry entry = chosenOs();
        return new VmSpec(target.connection(), vmName, OsDatabase.GENERIC_ID.equals(entry.id()) ? null : entry.id(),
                memoryMiB.getValue() * MIB, vcpus.getValue(), firmware.getValue(), install.source(), storage.choice(),
                network.choice(), diskBus.getValue(), nicModel.getValue(), start.getValue() && !editFirst.getValue());
    }

    private void submit() {
        if (attempt != null || choices == null) {
            return;
        }
        clearProblems();
        CreationTarget target = connection.getValue();
        VmSpec spec;
        try {
            spec = spec();
        } catch (InvalidSpecException e) {
            showProblem(e);
            return;
        }
        Attempt current = new Attempt(spec, target);
        working(current);
        Actor actor = services.access().actor().orElse(null);
        Creation.Run run;
        try {
            run = creation.create(actor, target, spec);
        } catch (RuntimeException e) {
            editing();
            showProblem("Cannot create VM '" + spec.name() + "': " + Guard.message(e));
            return;
        }
        run.started().whenComplete((task, error) -> later(() -> {
            if (attempt != current) {
                return;
            }
            if (error != null) {
                editing();
                showProblem(unwrap(error));
            } else {
                current.task = task;
                watch(current);
            }
        }));
        run.done().whenComplete((text, error) -> later(() -> {
            if (attempt != current || current.task == null) {
                return;  // refused before it started: the start's answer said why
            }
            finished(current, text, error);
        }));
    }

    /** The form is kept but cannot change while a creation is under way. */
    private void working(Attempt current) {
        attempt = current;
        form.setEnabled(false);
        create.setEnabled(false);
        close.setEnabled(false);
        setCloseOnEsc(false);
        progress.setVisible(true);
        bar.setIndeterminate(true);
        progressText.setText("Starting…");
        cancelTask.setVisible(false);
    }

    private void editing() {
        stopWatching();
        attempt = null;
        form.setEnabled(true);
        create.setEnabled(choices != null);
        close.setEnabled(true);
        setCloseOnEsc(true);
        progress.setVisible(false);
    }

    private void watch(Attempt current) {
        stopWatching();
        if (ui == null) {
            return;
        }
        taskWatch = Live.subscribe(ui, services.tasks().tasks().changes()
                .throttleLatest(Live.COALESCE_MS, TimeUnit.MILLISECONDS, true), tasks -> tasks.stream()
                .filter(t -> t.id() == current.task).findFirst().ifPresent(this::showTask));
    }

    private void stopWatching() {
        if (taskWatch != null) {
            taskWatch.dispose();
            taskWatch = null;
        }
    }

    private void showTask(Task task) {
        if (attempt == null || !task.running()) {
            return;
        }
        boolean known = !Double.isNaN(task.fraction());
        bar.setIndeterminate(!known);
        if (known) {
            bar.setValue(task.fraction());
        }
        String percent = known ? String.format(Locale.ROOT, "%d %%", Math.round(task.fraction() * 100)) : null;
        String text = task.cancelledBy() != null ? "Cancelling…" : task.text() == null ? "Working…" : task.text();
        progressText.setText(percent == null ? text : percent + " — " + text);
        Actor actor = services.access().actor().orElse(null);
        cancelTask.setVisible(TaskCommands.mayCancel(task, actor));
        cancelTask.setEnabled(task.cancelledBy() == null);
    }

    private void confirmCancel() {
        Attempt current = attempt;
        if (current == null || current.task == null) {
            return;
        }
        HostComponents.confirmDialog("Cancel creating VM '" + current.spec.name() + "'?",
                "What this creation made so far is removed again; nothing else is touched.", "Cancel creation", true,
                () -> {
                    cancelTask.setEnabled(false);
                    services.tasks().cancel(services.access().actor().orElse(null), current.task)
                            .whenComplete((done, error) -> {
                                if (error != null) {
                                    later(() -> {
                                        cancelTask.setEnabled(true);
                                        HostComponents.toast("The creation was not cancelled: " + Guard.message(error), true);
                                    });
                                }
                            });
                }).open();
    }

    private void finished(Attempt current, String text, Throwable error) {
        if (error == null) {
            stopWatching();
            attempt = null;
            HostComponents.toast(text == null ? "Created VM '" + current.spec.name() + "'" : text, false);
            close();
            if (editFirst.getValue() && ui != null) {
                ui.navigate(VmAddress.of(new VmRef(current.target.provider(), current.target.connection(),
                        current.spec.name(), "")).path());
            }
            return;
        }
        editing();
        Throwable cause = cause(error);
        if (cause instanceof CancellationException) {
            showProblem(Guard.message(cause) + ": creating VM '" + current.spec.name() + "' stopped, and what it made was removed.");
        } else {
            showProblem("Creating VM '" + current.spec.name() + "' failed: " + Guard.message(cause));
        }
    }

    // ---- problems

    private static Throwable cause(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private Throwable unwrap(Throwable error) {
        return cause(error);
    }

    private void showProblem(Throwable error) {
        if (error instanceof InvalidSpecException invalid) {
            HasValidation field = fieldOf(invalid.field());
            if (field != null) {
                Problems.show(field, invalid.getMessage());
                return;
            }
            showProblem(invalid.getMessage());
            return;
        }
        showProblem(Guard.message(error));
    }

    /** The field a problem goes next to; null for the dialog as a whole. */
    HasValidation fieldOf(String field) {
        if (field == null) {
            return null;
        }
        switch (field) {
            case "name":
                return name;
            case "connection":
                return connection;
            case "os":
                return os;
            case "memoryKiB":
                return memoryMiB;
            case "vcpus":
                return vcpus;
            case "firmware":
                return firmware;
            case "diskBus":
                return diskBus;
            case "nicModel":
                return nicModel;
            case "install":
            case "userData":
                return install.fieldOf(field);
            case "network":
                return network.fieldOf();
            default:
                return field.startsWith("storage") ? storage.fieldOf(field) : null;
        }
    }

    private void showProblem(String message) {
        problem.setText(message);
        problem.setVisible(true);
    }

    private void hideProblem() {
        problem.setText("");
        problem.setVisible(false);
    }

    private void clearProblems() {
        hideProblem();
        List<HasValidation> fields = new ArrayList<>(List.of(connection, os, memoryMiB, vcpus, firmware, diskBus, nicModel));
        fields.addAll(install.fields());
        fields.addAll(storage.fields());
        fields.addAll(network.fields());
        Problems.clear(fields);
    }

    /** What the dialog says at its top now ("" when nothing). */
    String problemText() {
        return problem.isVisible() ? problem.getText() : "";
    }
}
