package dev.hangar.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.example.engine.EngineSettings;
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
import dev.hangar.plugins.testkit.TestTaskProgress;
import dev.hangar.store.DefaultStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The example's creation from templates on an engine of its own: choices, checks, the task, its clean-up. */
class ExampleCreationTest {
    private static final long MIB = 1024;
    private final SimulatedEngine engine = new SimulatedEngine(
            new EngineSettings(12, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ZERO));
    private final DefaultStore store = DefaultStore.create();
    private final ExampleCreation creation = new ExampleCreation(engine);
    private Set<String> volumesBefore;

    @BeforeEach
    void connect() throws Exception {
        engine.connect().get(5, TimeUnit.SECONDS);
        volumesBefore = engine.volumes().get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        engine.close();
        store.close();
    }

    private static VmSpec spec(String name, String template, boolean start) {
        return new VmSpec(ExampleProvider.CONNECTION, name, null, 2048 * MIB, 2, Firmware.BIOS,
                new InstallSource.FromTemplate(template), new StorageChoice.NoStorage(),
                new NetworkChoice.VirtualNetwork("engine-net"), null, null, start);
    }

    private CompletableFuture<String> create(VmSpec spec, TestTaskProgress progress) {
        return store.dispatch(creation.create(spec).start(progress)).toCompletableFuture();
    }

    private Optional<EngineVm> machine(String name) throws Exception {
        return engine.find(name).get(5, TimeUnit.SECONDS);
    }

    private Set<String> volumes() throws Exception {
        return engine.volumes().get(5, TimeUnit.SECONDS);
    }

    @Test
    void offersTheTemplatesAndNothingElse() throws Exception {
        CreationChoices choices = creation.choices();
        assertEquals(Set.of(InstallMethod.TEMPLATE), choices.installMethods());
        assertEquals(List.of(new Template("tiny", "Tiny: 1 vCPU, 512 MiB, a 5 GiB disk", 512 * MIB, 1),
                        new Template("web", "Web server: 2 vCPUs, 2 GiB, a 20 GiB disk", 2048 * MIB, 2),
                        new Template("database", "Database: 4 vCPUs, 8 GiB, disks of 20 and 100 GiB", 8192 * MIB, 4)),
                choices.templates());
        assertEquals(List.of(), choices.pools(), "the template brings the disks");
        assertEquals(List.of("engine-net"), choices.networks());
        assertEquals(16, choices.maxVcpus());
        assertEquals(64L << 20, choices.hostMemoryKiB());
        assertEquals(Set.of(Firmware.BIOS), choices.firmware());
    }

    @Test
    void saysWhyANameCannotBe() throws Exception {
        assertEquals("A name is needed", creation.nameProblem(" "));
        assertEquals("Names are at most 64 characters", creation.nameProblem("a".repeat(65)));
        assertEquals("Use letters, digits, '.', '_' and '-', starting with a letter or digit", creation.nameProblem("-web"));
        assertEquals("Use letters, digits, '.', '_' and '-', starting with a letter or digit", creation.nameProblem("my vm"));
        assertEquals("A VM named 'web-1' exists on this connection", creation.nameProblem("web-1"));
        assertNull(creation.nameProblem("a".repeat(64)));
    }

    @Test
    void validationNamesTheFieldAtFault() throws Exception {
        creation.validate(spec("new-1", "web", false));
        Map<String, UnaryOperator<VmSpec>> wrong = Map.of(
                "name", s -> spec("db-1", "web", false),
                "install", s -> with(s, new InstallSource.Iso("/srv/debian.iso")),
                "vcpus", s -> new VmSpec(s.connection(), s.name(), null, s.memoryKiB(), 17, s.firmware(), s.install(),
                        s.storage(), s.network(), null, null, false),
                "memoryKiB", s -> new VmSpec(s.connection(), s.name(), null, 128 * MIB, 2, s.firmware(), s.install(),
                        s.storage(), s.network(), null, null, false),
                "storage", s -> new VmSpec(s.connection(), s.name(), null, s.memoryKiB(), 2, s.firmware(), s.install(),
                        new StorageChoice.NewVolume("engine", 1L << 30, "qcow2"), s.network(), null, null, false),
                "network", s -> new VmSpec(s.connection(), s.name(), null, s.memoryKiB(), 2, s.firmware(), s.install(),
                        s.storage(), new NetworkChoice.Bridge("br0"), null, null, false),
                "firmware", s -> new VmSpec(s.connection(), s.name(), null, s.memoryKiB(), 2, Firmware.UEFI, s.install(),
                        s.storage(), s.network(), null, null, false),
                "diskBus", s -> new VmSpec(s.connection(), s.name(), null, s.memoryKiB(), 2, s.firmware(), s.install(),
                        s.storage(), s.network(), "sata", null, false));
        for (var entry : wrong.entrySet()) {
            InvalidSpecException refused = assertThrows(InvalidSpecException.class,
                    () -> creation.validate(entry.getValue().apply(spec("new-1", "web", false))), entry.getKey());
            assertEquals(entry.getKey(), refused.field(), refused.getMessage());
        }
        InvalidSpecException template = assertThrows(InvalidSpecException.class,
                () -> creation.validate(spec("new-1", "huge", false)));
        assertEquals("install", template.field());
        assertEquals("The engine has no template 'huge'", template.getMessage());
    }

    private static VmSpec with(VmSpec s, InstallSource install) {
        return new VmSpec(s.connection(), s.name(), s.os(), s.memoryKiB(), s.vcpus(), s.firmware(), install,
                s.storage(), s.network(), s.diskBus(), s.nicModel(), s.start());
    }

    @Test
    void copiesTheTemplatesDisksWithProgressThenDefinesAndStartsTheMachine() throws Exception {
        TestTaskProgress progress = new TestTaskProgress();
        String result = create(spec("new-1", "database", true), progress).get(20, TimeUnit.SECONDS);
        assertEquals("Created VM 'new-1' from template 'database' and started it", result);
        EngineVm made = machine("new-1").orElseThrow();
        assertEquals(SimulatedEngine.UP, made.status());
        assertEquals(List.of(2, 2048), List.of(made.cpus(), made.memoryMiB()), "the spec's sizes, not the template's");
        assertEquals(List.of(new EngineVm.EngineDisk("vda", "vol-new-1-vda", 20, 0),
                new EngineVm.EngineDisk("vdb", "vol-new-1-vdb", 100, 0)), made.disks());
        assertTrue(volumes().containsAll(Set.of("vol-new-1-vda", "vol-new-1-vdb")));

        List<Double> fractions = progress.reports().stream().map(TestTaskProgress.Report::fraction).toList();
        for (int i = 1; i < fractions.size(); i++) {
            assertTrue(fractions.get(i) >= fractions.get(i - 1), "never backwards: " + fractions);
        }
        assertTrue(progress.reports().contains(new TestTaskProgress.Report(0.9 * 20 / 120,
                "Copying disk vda from template 'database' (100 %)")), "vda is a sixth of the copying: " + progress.reports());
        assertEquals(new TestTaskProgress.Report(0.97, "Starting the VM"), progress.reports().get(progress.reports().size() - 1));
        long copies = progress.reports().stream().filter(r -> r.text().startsWith("Copying")).count();
        assertEquals(2 * SimulatedEngine.COPY_CHUNKS, copies, "a report per chunk of each disk");
    }

    @Test
    void editBeforeInstallLeavesItDown() throws Exception {
        assertEquals("Created VM 'new-2' from template 'tiny'",
                create(spec("new-2", "tiny", false), new TestTaskProgress()).get(20, TimeUnit.SECONDS));
        assertEquals(SimulatedEngine.DOWN, machine("new-2").orElseThrow().status());
    }

    @Test
    void aCancelStopsTheCopyAndRemovesEveryVolumeItMade() throws Exception {
        // tag::cancelTest[]
        TestTaskProgress progress = new TestTaskProgress();
        CompletableFuture<String> run = create(spec("new-3", "database", true), progress);
        Awaitility.await("copying the second disk").atMost(Duration.ofSeconds(10)).until(() ->
                progress.reports().stream().anyMatch(r -> r.text().startsWith("Copying disk vdb")));
        progress.cancel();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> run.get(10, TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof CancellationException, String.valueOf(failed.getCause()));
        assertEquals("Creation of 'new-3' cancelled", failed.getCause().getMessage());
        assertEquals(volumesBefore, volumes(), "vol-new-3-vda (copied) and vol-new-3-vdb (half copied) are gone");
        assertTrue(machine("new-3").isEmpty());
        // end::cancelTest[]
        long copiesOfVdb = progress.reports().stream().filter(r -> r.text().startsWith("Copying disk vdb")).count();
        assertTrue(copiesOfVdb < SimulatedEngine.COPY_CHUNKS, "stopped before the end: " + copiesOfVdb);
    }

    @Test
    void aCancelWhileItStartsRemovesTheMachineWithItsVolumes() throws Exception {
        TestTaskProgress progress = new TestTaskProgress();
        CompletableFuture<String> run = create(spec("new-4", "tiny", true), progress);
        Awaitility.await("starting").atMost(Duration.ofSeconds(10)).until(() ->
                progress.reports().stream().anyMatch(r -> r.text().equals("Starting the VM")));
        progress.cancel();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> run.get(10, TimeUnit.SECONDS));
        assertEquals("Creation of 'new-4' cancelled", failed.getCause().getMessage());
        assertTrue(machine("new-4").isEmpty());
        assertEquals(volumesBefore, volumes());
    }

    @Test
    void aFailedDefinitionRemovesTheVolumesItMadeAndSaysWhy() throws Exception {
        // Not validated, as if web-1 had appeared between validate and create.
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> create(spec("web-1", "web", false), new TestTaskProgress()).get(20, TimeUnit.SECONDS));
        assertEquals("A machine named 'web-1' exists", failed.getCause().getMessage());
        assertEquals(volumesBefore, volumes(), "its vol-web-1-vda is removed again");
        assertEquals(12, engine.list().get(5, TimeUnit.SECONDS).size());
    }

    @Test
    void aFailedCreationNeverRemovesAVolumeItDidNotMake() throws Exception {
        TestTaskProgress first = new TestTaskProgress();
        CompletableFuture<String> making = create(spec("twin", "web", false), first);
        Awaitility.await("the first copying").atMost(Duration.ofSeconds(10)).until(() ->
                first.reports().stream().anyMatch(r -> r.text().startsWith("Copying")));
        ExecutionException second = assertThrows(ExecutionException.class,
                () -> create(spec("twin", "web", false), new TestTaskProgress()).get(20, TimeUnit.SECONDS));
        assertEquals("A volume named 'vol-twin-vda' exists", second.getCause().getMessage());
        assertEquals("Created VM 'twin' from template 'web'", making.get(20, TimeUnit.SECONDS), "the first goes on");
        assertEquals("vol-twin-vda", machine("twin").orElseThrow().disks().get(0).volume());
    }
}
