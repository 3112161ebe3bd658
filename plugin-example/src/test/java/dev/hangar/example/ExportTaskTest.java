package dev.hangar.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.example.engine.EngineVm;
import dev.hangar.example.engine.SimulatedEngine;
import dev.hangar.plugins.capability.HostInfo;
import dev.hangar.plugins.task.TaskProgress;
import dev.hangar.store.DefaultStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The example's Export task body and its host information, without a host. */
class ExportTaskTest {
    private final DefaultStore store = DefaultStore.create();

    /** What the host's handle does, recorded: reports, and a cancel the test asks for. */
    private static final class Recorded implements TaskProgress {
        final List<Double> fractions = new CopyOnWriteArrayList<>();
        final List<String> texts = new CopyOnWriteArrayList<>();
        private final List<Runnable> hooks = new ArrayList<>();
        private volatile boolean cancelled;
        final CompletableFuture<Void> halfway = new CompletableFuture<>();

        @Override
        public void report(double fraction, String text) {
            fractions.add(fraction);
            texts.add(text);
            if (fraction >= 0.5) {
                halfway.complete(null);
            }
        }

        @Override
        public boolean cancelled() {
            return cancelled;
        }

        @Override
        public synchronized void onCancel(Runnable hook) {
            hooks.add(hook);
        }

        synchronized void cancel() {
            cancelled = true;
            hooks.forEach(Runnable::run);
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void exportsEveryDiskChunkByChunkAndSaysWhereTo() throws Exception {
        Recorded progress = new Recorded();
        String result = store.dispatch(ExportTask.body("web-1", List.of("vda", "vdb"), Duration.ofMillis(1)).start(progress))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("Exported vda, vdb to engine/exports/web-1.ova", result);
        assertEquals(2 * ExportTask.CHUNKS, progress.fractions.size());
        assertEquals(0.0, progress.fractions.get(0));
        assertEquals(0.95, progress.fractions.get(progress.fractions.size() - 1), 1e-9);
        assertEquals("Copying vda (0 %)", progress.texts.get(0));
        assertEquals("Copying vdb (90 %)", progress.texts.get(progress.texts.size() - 1));
    }

    @Test
    void aCancelledExportStopsAtOnceAsCancelled() throws Exception {
        Recorded progress = new Recorded();
        var export = store.dispatch(ExportTask.body("db-1", List.of("vda"), Duration.ofMillis(50)).start(progress))
                .toCompletableFuture();
        progress.halfway.get(10, TimeUnit.SECONDS);
        progress.cancel();
        // A future failed with a CancellationException counts as cancelled: get() throws it as it is.
        CancellationException e = assertThrows(CancellationException.class, () -> export.get(1, TimeUnit.SECONDS));
        assertEquals("Export of 'db-1' cancelled", e.getMessage());
        int reports = progress.fractions.size();
        assertTrue(reports < ExportTask.CHUNKS, "stopped before the end: " + reports);
    }

    @Test
    void theHostIsTheEnginesNodesLessWhatRunningMachinesUse() {
        List<EngineVm> machines = List.of(
                new EngineVm("ex-1", "a", SimulatedEngine.UP, "node-a", 2, 1024, List.of()),
                new EngineVm("ex-2", "b", SimulatedEngine.DOWN, "node-b", 2, 2048, List.of()),
                new EngineVm("ex-3", "c", SimulatedEngine.PAUSED, "node-a", 2, 512, List.of()));
        HostInfo host = ExampleHostInformation.of(machines);
        assertEquals("example engine (2 nodes)", host.hostName());
        assertEquals(32, host.cpus());
        assertEquals(128L << 20, host.memoryKiB());
        assertEquals((128L << 20) - 1536 * 1024, host.freeMemoryKiB());
    }
}
