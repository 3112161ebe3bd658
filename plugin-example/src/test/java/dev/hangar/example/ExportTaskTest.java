package dev.hangar.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.example.engine.EngineVm;
import dev.hangar.example.engine.SimulatedEngine;
import dev.hangar.plugins.capability.HostInfo;
import dev.hangar.plugins.testkit.TestTaskProgress;
import dev.hangar.store.DefaultStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The example's Export task body and its host information, without a host. */
class ExportTaskTest {
    private final DefaultStore store = DefaultStore.create();

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void exportsEveryDiskChunkByChunkAndSaysWhereTo() throws Exception {
        TestTaskProgress progress = new TestTaskProgress();
        String result = store.dispatch(ExportTask.body("web-1", List.of("vda", "vdb"), Duration.ofMillis(1)).start(progress))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals("Exported vda, vdb to engine/exports/web-1.ova", result);
        List<TestTaskProgress.Report> reports = progress.reports();
        assertEquals(2 * ExportTask.CHUNKS, reports.size());
        assertEquals(new TestTaskProgress.Report(0.0, "Copying vda (0 %)"), reports.get(0));
        assertEquals(0.95, reports.get(reports.size() - 1).fraction(), 1e-9);
        assertEquals("Copying vdb (90 %)", reports.get(reports.size() - 1).text());
    }

    @Test
    void aCancelledExportStopsAtOnceAsCancelled() throws Exception {
        TestTaskProgress progress = new TestTaskProgress();
        var export = store.dispatch(ExportTask.body("db-1", List.of("vda"), Duration.ofMillis(50)).start(progress))
                .toCompletableFuture();
        Awaitility.await("the export halfway").atMost(Duration.ofSeconds(10)).until(() -> progress.reports().stream().anyMatch(r -> r.fraction() >= 0.5));
        progress.cancel();
        // A future failed with a CancellationException counts as cancelled: get() throws it as it is.
        CancellationException e = assertThrows(CancellationException.class, () -> export.get(1, TimeUnit.SECONDS));
        assertEquals("Export of 'db-1' cancelled", e.getMessage());
        int reports = progress.reports().size();
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
