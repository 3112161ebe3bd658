package dev.hangar.host.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.security.AccessDeniedException;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Role;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.state.VmsState;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.plugins.snapshot.Snapshot;
import dev.hangar.plugins.snapshot.SnapshotSpec;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.testsupport.TestProvider;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Snapshots through the host's command path: the roles of each action, the audit, failures kept on the VM. */
class SnapshotCommandsTest {
    private static final Actor ADMIN = new Actor("ada", Role.ADMINISTRATOR, "127.0.0.1");
    private static final Actor OPERATOR = new Actor("olga", Role.OPERATOR, "127.0.0.1");
    private static final Actor VIEWER = new Actor("vera", Role.VIEWER, "127.0.0.1");

    private final TestProvider provider = new TestProvider("test");
    private TestHangar test;
    private Vm web;

    @BeforeEach
    void start() throws Exception {
        web = provider.put(provider.vm("web", VmStates.RUNNING));
        test = TestHangar.start(provider);
    }

    @AfterEach
    void stop() throws Exception {
        test.close();
    }

    private Snapshots snapshots() {
        return test.hangar.snapshots();
    }

    private List<AuditEntry> audit(String verb) {
        return test.hangar.security().audit().last(100).stream().filter(e -> e.verb().equals(verb)).toList();
    }

    private static <T> T done(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletionStage<?> stage) {
        return assertThrows(ExecutionException.class, () -> done(stage)).getCause();
    }

    private List<String> names() throws Exception {
        return done(snapshots().list(web.ref())).snapshots().stream().map(Snapshot::name).toList();
    }

    @Test
    void anOperatorTakesAndRevertsButOnlyAnAdministratorDeletes() throws Exception {
        assertTrue(snapshots().offered(web.ref()));
        assertEquals("Took snapshot 'before' of VM 'web'",
                done(snapshots().take(OPERATOR, web.ref(), new SnapshotSpec("before", "pre-upgrade", true))));
        AuditEntry took = audit(SnapshotCommands.TAKE_VERB).get(0);
        assertEquals(AuditEntry.OK, took.result());
        assertEquals("olga", took.user());
        assertEquals("before", took.options().get("snapshot"));
        assertEquals(true, took.options().get("with_memory"));
        assertEquals("Took snapshot 'before' of VM 'web'", took.options().get("result"));

        assertEquals("Reverted VM 'web' to snapshot 'before'", done(snapshots().revert(OPERATOR, web.ref(), "before")));
        assertEquals(AuditEntry.OK, audit(SnapshotCommands.REVERT_VERB).get(0).result());

        Throwable refused = failure(snapshots().delete(OPERATOR, web.ref(), "before", false));
        assertInstanceOf(AccessDeniedException.class, refused);
        assertEquals("Operator 'olga' may not use 'Delete snapshot' on VM 'web'", refused.getMessage());
        assertEquals(AuditEntry.REFUSED, audit(SnapshotCommands.DELETE_VERB).get(0).result());
        assertEquals(List.of("before"), names(), "the refusal deleted nothing");

        done(snapshots().delete(ADMIN, web.ref(), "before", false));
        assertEquals(List.of(), names());
        assertEquals(true, audit(SnapshotCommands.DELETE_VERB).stream().anyMatch(e -> e.result().equals(AuditEntry.OK)
                && e.options().get("with_children").equals(false)));
    }

    @Test
    void aViewerMayNotTakeOrRevertAndTheRefusalsAreAudited() throws Exception {
        assertInstanceOf(AccessDeniedException.class,
                failure(snapshots().take(VIEWER, web.ref(), new SnapshotSpec("s", "", true))));
        assertInstanceOf(AccessDeniedException.class, failure(snapshots().revert(VIEWER, web.ref(), "s")));
        assertEquals(AuditEntry.REFUSED, audit(SnapshotCommands.TAKE_VERB).get(0).result());
        assertEquals(AuditEntry.REFUSED, audit(SnapshotCommands.REVERT_VERB).get(0).result());
        assertEquals(List.of(), names());
    }

    @Test
    void aProvidersFailureIsKeptOnTheVmAndAudited() throws Exception {
        provider.snapshots.failNext("The disk is locked by another process");
        Throwable failed = failure(snapshots().take(OPERATOR, web.ref(), new SnapshotSpec("s", "", true)));
        assertTrue(failed.getMessage().contains("The disk is locked by another process"), failed.getMessage());
        assertEquals(AuditEntry.FAILED, audit(SnapshotCommands.TAKE_VERB).get(0).result());
        VmsState vms = test.hangar.store().getState().get(VmsState.BRANCH, VmsState.class);
        assertTrue(vms.errors().get(web.ref()).message().contains("The disk is locked"), vms.errors().toString());
    }
}
