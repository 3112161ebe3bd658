package dev.hangar.example;

import dev.hangar.example.engine.EngineTemplate;
import dev.hangar.example.engine.EngineVm;
import dev.hangar.example.engine.SimulatedEngine;
import dev.hangar.plugins.create.CreationChoices;
import dev.hangar.plugins.create.Firmware;
import dev.hangar.plugins.create.InstallMethod;
import dev.hangar.plugins.create.InstallSource;
import dev.hangar.plugins.create.InvalidSpecException;
import dev.hangar.plugins.create.NetworkChoice;
import dev.hangar.plugins.create.StorageChoice;
import dev.hangar.plugins.create.Template;
import dev.hangar.plugins.create.VmSpec;
import dev.hangar.plugins.task.TaskBody;
import dev.hangar.plugins.task.TaskProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The example's {@code VmCreation} (a capability: {@link ExampleProvider} implements it and asks this):
 * new machines from the engine's templates, and nothing else. The template brings the disks, so the
 * dialog offers no pools; every machine is on the engine's one network.
 */
final class ExampleCreation {
    static final String NETWORK = "engine-net";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final int MAX_NAME = 64;

    private final SimulatedEngine engine;

    ExampleCreation(SimulatedEngine engine) {
        this.engine = engine;
    }

    /** Templates only; the limits are one node's, where a machine runs. */
    CreationChoices choices() throws Exception {
        List<Template> templates = ExampleProvider.answer(engine.templates()).stream()
                .map(t -> new Template(t.id(), t.label(), t.memoryMiB() * 1024L, t.cpus()))
                .toList();
        return new CreationChoices(Set.of(InstallMethod.TEMPLATE), List.of(), List.of(), List.of(NETWORK), List.of(),
                Set.of(Firmware.BIOS), templates, ExampleHostInformation.CPUS_PER_NODE, nodeMemoryKiB(),
                List.of("virtio"), List.of("virtio"));
    }

    String nameProblem(String name) throws Exception {
        if (name == null || name.isBlank()) {
            return "A name is needed";
        }
        if (name.length() > MAX_NAME) {
            return "Names are at most " + MAX_NAME + " characters";
        }
        if (!NAME.matcher(name).matches()) {
            return "Use letters, digits, '.', '_' and '-', starting with a letter or digit";
        }
        if (ExampleProvider.answer(engine.find(name)).isPresent()) {
            return "A VM named '" + name + "' exists on this connection";
        }
        return null;
    }

    /** Every field the engine cannot take, by its name in {@link VmSpec}. */
    void validate(VmSpec spec) throws Exception {
        if (!ExampleProvider.CONNECTION.equals(spec.connection())) {
            throw new InvalidSpecException("connection", "The example provider has only " + ExampleProvider.CONNECTION);
        }
        String nameProblem = nameProblem(spec.name());
        if (nameProblem != null) {
            throw new InvalidSpecException("name", nameProblem);
        }
        if (!(spec.install() instanceof InstallSource.FromTemplate from)) {
            throw new InvalidSpecException("install", "The example engine makes machines from its templates only");
        }
        if (ExampleProvider.answer(engine.templates()).stream().noneMatch(t -> t.id().equals(from.templateId()))) {
            throw new InvalidSpecException("install", "The engine has no template '" + from.templateId() + "'");
        }
        int cpus = ExampleHostInformation.CPUS_PER_NODE;
        if (spec.vcpus() < 1 || spec.vcpus() > cpus) {
            throw new InvalidSpecException("vcpus", "A node has " + cpus + " CPUs: give 1 to " + cpus + " vCPUs");
        }
        String memory = ExampleConfiguration.memoryProblem(spec.memoryKiB());
        if (memory != null) {
            throw new InvalidSpecException("memoryKiB", memory);
        }
        if (spec.firmware() != Firmware.BIOS) {
            throw new InvalidSpecException("firmware", "Machines of the example engine boot with BIOS only");
        }
        if (!(spec.storage() instanceof StorageChoice.NoStorage)) {
            throw new InvalidSpecException("storage", "The template brings the disks; choose no storage");
        }
        if (!(spec.network() instanceof NetworkChoice.VirtualNetwork network) || !NETWORK.equals(network.name())) {
            throw new InvalidSpecException("network", "Machines of the example engine are on " + NETWORK);
        }
        if (spec.diskBus() != null && !spec.diskBus().equals("virtio")) {
            throw new InvalidSpecException("diskBus", "The example engine's disks are virtio");
        }
        if (spec.nicModel() != null && !spec.nicModel().equals("virtio")) {
            throw new InvalidSpecException("nicModel", "The example engine's NICs are virtio");
        }
    }

    /** The work, as a task: copy the template's disks, define the machine, start it if asked. */
    TaskBody create(VmSpec spec) {
        return progress -> (dispatcher, state) -> new Run(spec, progress).run();
    }

    static long nodeMemoryKiB() {
        return ExampleHostInformation.GIB_PER_NODE << 20;
    }

    /**
     * One creation. It remembers exactly what it made (the volumes it created, then the machine), and a
     * failure or a cancel removes that and nothing else before the task ends.
     */
    private final class Run {
        private final VmSpec spec;
        private final TaskProgress progress;
        private final String templateId;
        private final List<String> madeVolumes = new CopyOnWriteArrayList<>();
        private final List<String> leftBehind = new CopyOnWriteArrayList<>();
        private volatile EngineVm madeMachine;
        /** The copy under way, which a cancel stops at once; other engine steps are short and run to their end. */
        private volatile CompletableFuture<Void> copying;

        Run(VmSpec spec, TaskProgress progress) {
            this.spec = spec;
            this.progress = progress;
            this.templateId = ((InstallSource.FromTemplate) spec.install()).templateId();
        }

        // tag::run[]
        CompletableFuture<String> run() {
            progress.onCancel(() -> {
                CompletableFuture<Void> copy = copying;
                if (copy != null) {
                    copy.cancel(false);
                }
            });
            CompletableFuture<String> work = engine.templates()
                    .thenCompose(templates -> {
                        EngineTemplate template = templates.stream().filter(t -> t.id().equals(templateId)).findFirst()
                                .orElseThrow(() -> new IllegalStateException("The engine has no template '" + templateId + "'"));
                        return copyDisks(template, 0, new ArrayList<>());
                    })
                    .thenCompose(disks -> step("Defining the VM", 0.95, () -> engine.define(spec.name(), spec.vcpus(),
                            (int) (spec.memoryKiB() / 1024), disks)))
                    .thenCompose(machine -> {
                        madeMachine = machine;
                        return spec.start() ? step("Starting the VM", 0.97, () -> engine.start(machine.id()))
                                : CompletableFuture.completedFuture(machine);
                    })
                    .thenApply(machine -> {
                        if (progress.cancelled()) {
                            throw new CancellationException();  // it came while the last step ran
                        }
                        return "Created VM '" + spec.name() + "' from template '" + templateId + "'"
                                + (spec.start() ? " and started it" : "");
                    });
            return work.handle((result, error) -> error == null ? CompletableFuture.completedFuture(result)
                            : cleanUp().thenCompose(cleaned -> CompletableFuture.<String>failedFuture(failure(error))))
                    .thenCompose(stage -> stage);
        }
        // end::run[]

        /** Creates a volume per template disk and copies the disk into it, one after the other. */
        private CompletableFuture<List<EngineVm.EngineDisk>> copyDisks(EngineTemplate template, int index,
                                                                      List<EngineVm.EngineDisk> disks) {
            if (index == template.diskGiB().size()) {
                return CompletableFuture.completedFuture(disks);
            }
            String target = "vd" + (char) ('a' + index);
            String volume = "vol-" + spec.name() + "-" + target;
            double done = (double) template.diskGiB().subList(0, index).stream().mapToInt(Integer::intValue).sum();
            double total = template.diskGiB().stream().mapToInt(Integer::intValue).sum();
            double share = template.diskGiB().get(index) / total;
            return step("Creating volume " + volume, 0.9 * done / total, () -> engine.createVolume(volume))
                    .thenCompose(created -> {
                        madeVolumes.add(volume);
                        CompletableFuture<Void> copy = engine.copyTemplateDisk(template.id(), index, volume, fraction ->
                                progress.report(0.9 * (done / total + share * fraction), String.format(Locale.ROOT,
                                        "Copying disk %s from template '%s' (%d %%)", target, template.id(), (int) (fraction * 100))));
                        copying = copy;
                        if (progress.cancelled()) {
                            copy.cancel(false);  // cancelled between the hook and this copy
                        }
                        return copy;
                    })
                    .thenCompose(copied -> {
                        disks.add(new EngineVm.EngineDisk(target, volume, template.diskGiB().get(index), 0));
                        return copyDisks(template, index + 1, disks);
                    });
        }

        /** One engine step, unless the task was cancelled before it. */
        private <T> CompletableFuture<T> step(String text, double fraction, Supplier<CompletableFuture<T>> call) {
            if (progress.cancelled()) {
                return CompletableFuture.failedFuture(new CancellationException());
            }
            progress.report(fraction, text);
            return call.get();
        }

        // tag::cleanUp[]
        /** Removes what this run made: the machine with its volumes, else the volumes it created. */
        private CompletionStage<Void> cleanUp() {
            EngineVm machine = madeMachine;
            if (machine != null) {
                List<String> targets = machine.disks().stream().map(EngineVm.EngineDisk::target).toList();
                return engine.delete(machine.id(), true, targets).exceptionally(this::leftBehind);
            }
            CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
            for (String volume : List.copyOf(madeVolumes)) {
                all = all.thenCompose(previous -> engine.deleteVolume(volume).exceptionally(this::leftBehind));
            }
            return all;
        }
        // end::cleanUp[]

        private Void leftBehind(Throwable error) {
            leftBehind.add(unwrap(error).getMessage());
            return null;
        }

        /**
         * A cancel ends the task as cancelled; anything else fails it with the engine's words. Either
         * says what the clean-up could not remove.
         */
        private Throwable failure(Throwable error) {
            Throwable cause = unwrap(error);
            String left = leftBehind.isEmpty() ? "" : "; not removed: " + String.join("; ", leftBehind);
            if (progress.cancelled() || cause instanceof CancellationException) {
                return new CancellationException("Creation of '" + spec.name() + "' cancelled" + left);
            }
            return left.isEmpty() ? cause : new IllegalStateException(cause.getMessage() + left, cause);
        }

        private static Throwable unwrap(Throwable error) {
            return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        }
    }
}
