package dev.hangar.host.tasks;

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
import dev.hangar.host.ui.TestHangar;
import dev.hangar.testsupport.TestProvider;
import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.task.TaskBody;
import dev.hangar.plugins.task.TaskProgress;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.store.Thunk;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tasks through the host's command path: listed, checked, audited at start and end, cancelled. */
public class TaskCommandsTest {
    public static final ProviderAction CLONE = ProviderAction.of("clone", "Clone").withProgress("Cloning");

    private final TestProvider provider = new TestProvider("test");
    private TestHangar test;
    private Vm web;

    /** A task body the test drives: it reports when told and ends when the test (or a cancel) says. */
    public static final class Driven implements TaskBody {
        public final CompletableFuture<String> end = new CompletableFuture<>();
        public final AtomicReference<TaskProgress> progress = new AtomicReference<>();

        @Override
        public Thunk<String> start(TaskProgress handle) {
            return (dispatcher, state) -> {
                progress.set(handle);
                handle.onCancel(() -> end.completeExceptionally(new CancellationException("stopped copying")));
                return end;
            };
        }
    }

    /** Starts a {@link #CLONE} task on the VM as the signed-in user and waits until its body runs. */
    public static Driven started(TaskCommands tasks, Vm vm) {
        Driven body = new Driven();
        tasks.runTask(TestHangar.actor(), vm.ref(), CLONE, Map.of(), body);
        eventually(() -> assertTrue(body.progress.get() != null));
        return body;
    }

    @BeforeEach
    void start() throws Exception {
        web = provider.put(provider.vm("web", VmStates.RUNNING));
        test = TestHangar.start(provider);
        TestHangar.signIn(Role.OPERATOR);
    }

    @AfterEach
    void stop() throws Exception {
        test.close();
    }

    private TaskCommands tasks() {
        return test.hangar.tasks();
    }

    private Task only() {
        List<Task> all = tasks().tasks().list();
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    private List<AuditEntry> audit(String verb) {
        return test.hangar.security().audit().last(50).stream().filter(e -> e.verb().equals(verb)).toList();
    }

    private VmsState vms() {
        return test.hangar.store().getState().get(VmsState.BRANCH, VmsState.class);
    }

    @Test
    void aTaskIsListedWithItsProgressAndEndsWithItsResult() throws Exception {
        Driven body = new Driven();
        CompletionStage<String> result = tasks().runTask(TestHangar.actor(), web.ref(), CLONE, Map.of("to", "web-copy"), body);
        eventually(() -> assertTrue(body.progress.get() != null));
        Task running = only();
        assertEquals(Task.Status.RUNNING, running.status());
        assertEquals("operator-user", running.user());
        assertEquals(web.ref(), running.vm());
        assertEquals(CLONE, vms().pending().get(web.ref()), "the VM is busy while its task runs");

        body.progress.get().report(0.4, "Copying vda");
        assertEquals(0.4, only().fraction());
        assertEquals("Copying vda", only().text());
        body.progress.get().report(7, null);
        assertEquals(1.0, only().fraction(), "clamped");
        assertEquals("Copying vda", only().text(), "a null text keeps the last");

        test.clock.advance(Duration.ofSeconds(42));
        body.end.complete("Cloned to web-copy");
        assertEquals("Cloned to web-copy", result.toCompletableFuture().get(5, TimeUnit.SECONDS));
        Task ended = only();
        assertEquals(Task.Status.OK, ended.status());
        assertEquals("Cloned to web-copy", ended.message());
        assertEquals(Duration.ofSeconds(42), ended.duration(null));
        eventually(() -> assertNull(vms().pending().get(web.ref())));

        List<AuditEntry> entries = audit("clone");
        assertEquals(List.of(TaskCommands.STARTED, AuditEntry.OK), entries.stream().map(AuditEntry::result).toList());
        assertEquals(ended.id(), ((Number) entries.get(0).options().get("task")).longValue());
        assertEquals("web-copy", entries.get(0).options().get("to"));
    }

    @Test
    void onlyItsStarterOrAnAdministratorMayCancelItAndItEndsCancelledNotFailed() throws Exception {
        Driven body = new Driven();
        CompletionStage<String> result = tasks().runTask(TestHangar.actor(), web.ref(), CLONE, Map.of(), body);
        eventually(() -> assertTrue(body.progress.get() != null));
        long id = only().id();

        TestHangar.signIn(Role.VIEWER);
        assertFalse(TaskCommands.mayCancel(only(), viewer()));
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> tasks().cancel(TestHangar.actor(), id).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertInstanceOf(AccessDeniedException.class, refused.getCause());
        assertEquals("Viewer 'viewer-user' may not cancel task " + id + " ('Clone' on VM 'web' of operator-user)",
                refused.getCause().getMessage());
        assertTrue(!body.progress.get().cancelled());

        TestHangar.signIn(Role.OPERATOR);
        tasks().cancel(TestHangar.actor(), id).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertTrue(body.progress.get().cancelled());
        CancellationException cancelled = assertThrows(CancellationException.class,
                () -> result.toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("Cancelled by operator-user", cancelled.getMessage());
        Task ended = only();
        assertEquals(Task.Status.CANCELLED, ended.status());
        assertEquals("Cancelled by operator-user", ended.message());
        eventually(() -> assertNull(vms().pending().get(web.ref())));
        assertNull(vms().errors().get(web.ref()), "a cancelled task is no failure of the VM");

        assertEquals(List.of(AuditEntry.REFUSED, AuditEntry.OK), audit(TaskCommands.CANCEL).stream().map(AuditEntry::result).toList());
        List<AuditEntry> clone = audit("clone");
        assertEquals(List.of(TaskCommands.STARTED, AuditEntry.OK), clone.stream().map(AuditEntry::result).toList());
        assertEquals("Cancelled by operator-user", clone.get(1).message());

        ExecutionException again = assertThrows(ExecutionException.class,
                () -> tasks().cancel(TestHangar.actor(), id).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("Task " + id + " has ended already", again.getCause().getMessage());
    }

    private static Actor viewer() {
        return new Actor("viewer-user", Role.VIEWER, "127.0.0.1");
    }

    @Test
    void anotherOperatorMayNotCancelItButAnAdministratorMay() throws Exception {
        Driven body = started(tasks(), web);
        Task task = only();
        Actor other = new Actor("olga", Role.OPERATOR, "127.0.0.1");
        Actor admin = new Actor("ada", Role.ADMINISTRATOR, "127.0.0.1");
        assertFalse(TaskCommands.mayCancel(task, other));
        assertTrue(TaskCommands.mayCancel(task, admin));
        TestHangar.access().signIn(other);
        assertThrows(ExecutionException.class, () -> tasks().cancel(TestHangar.actor(), task.id()).toCompletableFuture().get(5, TimeUnit.SECONDS));
        TestHangar.access().signIn(admin);
        tasks().cancel(TestHangar.actor(), task.id()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        eventually(() -> assertEquals(Task.Status.CANCELLED, only().status()));
        assertEquals("Cancelled by ada", only().message());
    }

    @Test
    void aFailedTaskFailsOnTheVmAndARefusedOneIsNeverListed() throws Exception {
        Driven body = new Driven();
        CompletionStage<String> result = tasks().runTask(TestHangar.actor(), web.ref(), CLONE, Map.of(), body);
        eventually(() -> assertTrue(body.progress.get() != null));
        body.end.completeExceptionally(new IllegalStateException("Disk vda is locked"));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> result.toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("Disk vda is locked", failed.getCause().getMessage());
        assertEquals(Task.Status.FAILED, only().status());
        assertEquals("Disk vda is locked", only().message());
        eventually(() -> assertEquals("Disk vda is locked", vms().errors().get(web.ref()).message()));

        TestHangar.signIn(Role.VIEWER);
        ExecutionException refused = assertThrows(ExecutionException.class, () -> tasks()
                .runTask(TestHangar.actor(), web.ref(), CLONE, Map.of(), new Driven()).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertInstanceOf(AccessDeniedException.class, refused.getCause());
        assertEquals(1, tasks().tasks().list().size(), "no task for a refused action");
    }

    @Test
    void theRunningTasksOfAStoppedProviderEnd() throws Exception {
        Driven body = started(tasks(), web);
        test.hangar.providers().disable("test", "stopped by the test");
        assertEquals(Task.Status.FAILED, only().status());
        assertEquals("Provider 'test' stopped while the task ran", only().message());
    }
}
