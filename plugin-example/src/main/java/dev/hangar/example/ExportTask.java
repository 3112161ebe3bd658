package dev.hangar.example;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.hangar.plugins.ProviderContext;
import dev.hangar.plugins.task.TaskBody;
import dev.hangar.plugins.task.TaskProgress;
import dev.hangar.plugins.ui.ExportedComponents;
import dev.hangar.plugins.ui.VmContext;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.VmDisk;
import dev.hangar.plugins.vm.VmStates;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The example's long action, "Export": copies a machine's disks into an archive chunk by chunk, as a
 * task ({@link VmContext#runTask}): the host lists it with its progress in the task list and on the
 * VM's page, and whoever may cancels it there. The body reports after every chunk and stops at the
 * next one once cancelled (its {@link TaskProgress#onCancel} hook ends it at once).
 */
public final class ExportTask {
    // tag::task[]
    /** The action of the task: operators may run it on a machine that is up, down or paused. */
    public static final ProviderAction EXPORT = ProviderAction.of("export", "Export")
            .withProgress("Exporting")
            .when(vm -> !vm.disks().isEmpty() && Set.of(VmStates.RUNNING, VmStates.SHUT_OFF, VmStates.PAUSED).contains(vm.state()));
    /** Chunks per disk: each one a progress report. */
    static final int CHUNKS = 10;
    /** How long a chunk takes, {@code --option example-export-chunk-ms=200}. */
    static final String CHUNK_OPTION = "example-export-chunk-ms";

    private ExportTask() {
    }

    /** The work of exporting these disks of machine {@code name}, one chunk every {@code chunk}. */
    static TaskBody body(String name, List<String> disks, Duration chunk) {
        return progress -> (dispatcher, state) -> {
            CompletableFuture<String> done = new CompletableFuture<>();
            progress.onCancel(() -> done.completeExceptionally(new CancellationException("Export of '" + name + "' cancelled")));
            copy(progress, disks, 0, chunk, done,
                    "Exported " + String.join(", ", disks) + " to engine/exports/" + name + ".ova");
            return done;
        };
    }

    private static void copy(TaskProgress progress, List<String> disks, int step, Duration chunk,
                             CompletableFuture<String> done, String result) {
        int steps = disks.size() * CHUNKS;
        if (done.isDone()) {
            return;  // cancelled
        }
        if (step == steps) {
            done.complete(result);
            return;
        }
        String disk = disks.get(step / CHUNKS);
        progress.report((double) step / steps, String.format(Locale.ROOT, "Copying %s (%d %%)", disk, step % CHUNKS * 100 / CHUNKS));
        CompletableFuture.delayedExecutor(chunk.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> copy(progress, disks, step + 1, chunk, done, result));
    }
    // end::task[]

    /** The disk action that starts it; shown to users whose role may run it. */
    static Button button(VmContext vm, ProviderContext context) {
        ExportedComponents components = context.components();
        List<String> disks = vm.vm().disks().stream().map(VmDisk::target).toList();
        String name = vm.vm().name();
        Button button = new Button(EXPORT.label(), VaadinIcon.DOWNLOAD.create());
        button.addClassName("example-export");
        button.setVisible(vm.may(EXPORT));
        button.setEnabled(EXPORT.availableOn(vm.vm()));
        // tag::runTask[]
        button.addClickListener(click -> {
            UI ui = UI.getCurrent();
            vm.runTask(EXPORT, Map.of("disks", disks), body(name, disks, chunk(context)))
                    .whenComplete((result, error) -> ui.access(() -> {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                        if (cause == null) {
                            components.notify(result, false);
                        } else if (cause instanceof CancellationException) {
                            components.notify("Export of '" + name + "': " + cause.getMessage(), false);
                        } else {
                            components.notify("Export of '" + name + "' failed: " + cause.getMessage(), true);
                        }
                    }));
        });
        // end::runTask[]
        return button;
    }

    static Duration chunk(ProviderContext context) {
        return Duration.ofMillis(ExampleProvider.number(context, CHUNK_OPTION, 200));
    }
}
