package dev.hangar.host.create;

import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.security.AccessDeniedException;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Role;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.state.VmsState;
import dev.hangar.host.tasks.Task;
import dev.hangar.host.tasks.TaskCommands;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.plugins.create.CloudInit;
import dev.hangar.plugins.create.Firmware;
import dev.hangar.plugins.create.InstallSource;
import dev.hangar.plugins.create.InvalidSpecException;
import dev.hangar.plugins.create.NetworkChoice;
import dev.hangar.plugins.create.StorageChoice;
import dev.hangar.plugins.create.VmSpec;
import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.testsupport.TestProvider;
import dev.hangar.testsupport.TestTask;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Creating VMs through the host: targets, role, validation, the task (progress, cancel, failure) and its audit. */
class CreationCommandsTest {
    private static final Actor OPERATOR = new Actor("olga", Role.OPERATOR, "127.0.0.1");
    private static final Actor VIEWER = new Actor("vera", Role.VIEWER, "127.0.0.1");

    private final TestProvider provider = new TestProvider("test");
    private TestHangar test;
    private CreationTarget target;

    @BeforeEach
    void start() throws Exception {
        provider.put(provider.vm("web", VmStates.RUNNING));
        test = TestHangar.start(provider);
        target = new CreationTarget("test", TestProvider.CONNECTION, "Test test");
    }

    @AfterEach
    void stop() throws Exception {
        test.close();
    }

    private Creation creation() {
        return test.hangar.creation();
    }

    private static VmSpec spec(String name, long memoryKiB, int vcpus, InstallSource install, StorageChoice storage) {
        return new VmSpec(TestProvider.CONNECTION, name, "http://debian.org/debian/12", memoryKiB, vcpus, Firmware.BIOS,
                install, storage, new NetworkChoice.VirtualNetwork("default"), null, null, true);
    }

    private static VmSpec good(String name) {
        return spec(name, 2L << 20, 2, new InstallSource.Iso(TestProvider.ISO),
                new StorageChoice.NewVolume("default", 20L << 30, "qcow2"));
    }

    private List<AuditEntry> audit(String verb) {
        return test.hangar.security().audit().last(100).stream().filter(e -> e.verb().equals(verb)).toList();
    }

    private List<Task> tasks() {
        return test.hangar.tasks().tasks().list();
    }

    private VmsState vms() {
        return test.hangar.store().getState().get(VmsState.BRANCH, VmsState.class);
    }

    private static Throwable failure(CompletionStage<?> stage) {
        return assertThrows(ExecutionException.class, () -> stage.toCompletableFuture().get(5, TimeUnit.SECONDS)).getCause();
    }

    @Test
    void theTargetsAreTheConnectedConnectionsOfProvidersThatCreate() {
        assertEquals(List.of(target), creation().targets());
        provider.connection(ConnectionStatus.State.LOST, "the daemon restarts");
        eventually(() -> assertEquals(List.of(), creation().targets()));
    }

    @Test
    void choicesAndNameChecksComeFromTheProvider() throws Exception {
        var choices = creation().choices(target).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertEquals(List.of("default", "tiny"), choices.pools().stream().map(p -> p.name()).toList());
        assertEquals(TestProvider.HOST_MEMORY_KIB, choices.hostMemoryKiB());
        assertEquals("A VM named 'web' exists on this connection",
                creation().nameProblem(target, "web").toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertNull(creation().nameProblem(target, "web2").toCompletableFuture().get(5, TimeUnit.SECONDS));
    }

    @Test
    void aViewerMayNotCreateAndTheRefusalIsAudited() {
        Creation.Run run = creation().create(VIEWER, target, good("web2"));
        Throwable refused = failure(run.started());
        assertInstanceOf(AccessDeniedException.class, refused);
        assertEquals("Viewer 'vera' may not create VM 'web2'", refused.getMessage());
        assertInstanceOf(AccessDeniedException.class, failure(run.done()));
        List<AuditEntry> entries = audit(CreationCommands.VERB);
        assertEquals(List.of(AuditEntry.REFUSED), entries.stream().map(AuditEntry::result).toList());
        assertEquals("vm:test/" + TestProvider.CONNECTION + "/web2", entries.get(0).target());
        assertFalse(provider.calls.contains("validate web2"), "a refused creation is not even validated");
        assertEquals(List.of(), tasks());
    }

    @Test
    void anInvalidChoiceFailsStartedAsItIsWithItsFieldAuditedAsFailed() {
        assertInvalid(spec("web", 2L << 20, 2, new InstallSource.Pxe(), new StorageChoice.NoStorage()), "name");
        assertInvalid(spec("big", TestProvider.HOST_MEMORY_KIB + 1, 2, new InstallSource.Pxe(), new StorageChoice.NoStorage()), "memoryKiB");
        assertInvalid(spec("many", 1L << 20, 9, new InstallSource.Pxe(), new StorageChoice.NoStorage()), "vcpus");
        assertInvalid(spec("full", 1L << 20, 1, new InstallSource.Pxe(), new StorageChoice.NewVolume("tiny", 2L << 20, "raw")), "storage");
        assertInvalid(spec("noiso", 1L << 20, 1, new InstallSource.Iso("/nowhere/x.iso"), new StorageChoice.NoStorage()), "install");
        assertInvalid(spec("seed", 1L << 20, 1, new InstallSource.CloudImage(TestProvider.CLOUD_IMAGE,
                new CloudInit(null, null, null, "users: [ {name: ada", null)), new StorageChoice.NewVolume("default", 10L << 30, "qcow2")),
                "userData");
        List<AuditEntry> entries = audit(CreationCommands.VERB);
        assertEquals(6, entries.size());
        assertTrue(entries.stream().allMatch(e -> e.result().equals(AuditEntry.FAILED)), entries.toString());
        assertEquals("A VM named 'web' exists on this connection", entries.get(0).message());
        assertEquals(List.of(), tasks(), "an invalid creation lists no task");
        assertEquals(List.of(), provider.tasks, "nor is its body made");
    }

    private void assertInvalid(VmSpec spec, String field) {
        Creation.Run run = creation().create(OPERATOR, target, spec);
        InvalidSpecException invalid = assertInstanceOf(InvalidSpecException.class, failure(run.started()));
        assertEquals(field, invalid.field(), invalid.getMessage());
        assertInstanceOf(InvalidSpecException.class, failure(run.done()));
    }

    @Test
    void aCreationIsATaskOfTheVmToBeWithProgressAndTheVmIsInTheStoreAfterIt() throws Exception {
        provider.holdTasks = true;
        Creation.Run run = creation().create(OPERATOR, target, good("web2"));
        long id = run.started().toCompletableFuture().get(5, TimeUnit.SECONDS);
        TestTask body = provider.lastTask();
        eventually(() -> assertTrue(body.started()));
        Task task = tasks().get(0);
        assertEquals(id, task.id());
        assertEquals(new VmRef("test", TestProvider.CONNECTION, "web2", ""), task.vm());
        assertEquals(CreationCommands.VERB, task.action());
        assertEquals("olga", task.user());
        assertEquals(Task.Status.RUNNING, task.status());

        body.advance(0.3, "Creating volume web2.qcow2");
        assertEquals(0.3, tasks().get(0).fraction());
        assertEquals("Creating volume web2.qcow2", tasks().get(0).text());
        assertTrue(vms().find("test", TestProvider.CONNECTION, "web2").isEmpty(), "not made before it is done");

        body.finish();
        assertEquals("Created VM 'web2'", run.done().toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals(Task.Status.OK, tasks().get(0).status());
        Vm made = vms().find("test", TestProvider.CONNECTION, "web2").orElseThrow();
        assertEquals(VmStates.RUNNING, made.state());
        assertEquals(2L << 20, made.memoryKiB());

        List<AuditEntry> entries = audit(CreationCommands.VERB);
        assertEquals(List.of(TaskCommands.STARTED, AuditEntry.OK), entries.stream().map(AuditEntry::result).toList());
        var options = entries.get(0).options();
        assertEquals(id, ((Number) options.get("task")).longValue());
        assertEquals("web2", options.get("name"));
        assertEquals(TestProvider.CONNECTION, options.get("connection"));
        assertEquals("http://debian.org/debian/12", options.get("os"));
        assertEquals(2L << 20, ((Number) options.get("memory_kib")).longValue());
        assertEquals(2, ((Number) options.get("vcpus")).intValue());
        assertEquals("iso", options.get("install"));
        assertEquals("new", options.get("storage"));
        assertEquals("default", options.get("pool"));
        assertEquals("default", options.get("network"));
        assertEquals(true, options.get("start"));
    }

    @Test
    void aCancelledCreationEndsCancelledAndMakesNothing() throws Exception {
        provider.holdTasks = true;
        Creation.Run run = creation().create(OPERATOR, target, good("web3"));
        long id = run.started().toCompletableFuture().get(5, TimeUnit.SECONDS);
        eventually(() -> assertTrue(provider.lastTask().started()));

        assertThrows(ExecutionException.class,
                () -> test.hangar.tasks().cancel(VIEWER, id).toCompletableFuture().get(5, TimeUnit.SECONDS));
        test.hangar.tasks().cancel(OPERATOR, id).toCompletableFuture().get(5, TimeUnit.SECONDS);
        CancellationException cancelled = assertThrows(CancellationException.class,
                () -> run.done().toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("Cancelled by olga", cancelled.getMessage());
        assertTrue(provider.lastTask().cancelled());
        assertEquals(Task.Status.CANCELLED, tasks().get(0).status());
        assertTrue(vms().find("test", TestProvider.CONNECTION, "web3").isEmpty());
        List<AuditEntry> entries = audit(CreationCommands.VERB);
        assertEquals(List.of(TaskCommands.STARTED, AuditEntry.OK), entries.stream().map(AuditEntry::result).toList());
        assertEquals("Cancelled by olga", entries.get(1).message());
    }

    @Test
    void aFailedCreationEndsFailedWithWhatFailed() throws Exception {
        provider.holdTasks = true;
        Creation.Run run = creation().create(OPERATOR, target, good("web4"));
        run.started().toCompletableFuture().get(5, TimeUnit.SECONDS);
        eventually(() -> assertTrue(provider.lastTask().started()));
        provider.lastTask().fail("Pool 'default' is full");
        assertEquals("Pool 'default' is full", failure(run.done()).getMessage());
        assertEquals(Task.Status.FAILED, tasks().get(0).status());
        assertEquals("Pool 'default' is full", tasks().get(0).message());
        assertEquals(List.of(TaskCommands.STARTED, AuditEntry.FAILED),
                audit(CreationCommands.VERB).stream().map(AuditEntry::result).toList());
        assertTrue(vms().find("test", TestProvider.CONNECTION, "web4").isEmpty());
    }
}
