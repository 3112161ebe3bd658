package dev.hangar.host.configure;

import static dev.hangar.host.ui.TestHangar.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.create.Creation;
import dev.hangar.host.security.AccessDeniedException;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.Role;
import dev.hangar.host.security.audit.AuditEntry;
import dev.hangar.host.state.VmsState;
import dev.hangar.host.tasks.Task;
import dev.hangar.host.tasks.TaskCommands;
import dev.hangar.host.ui.TestHangar;
import dev.hangar.plugins.configure.Applied;
import dev.hangar.plugins.configure.CloneSpec;
import dev.hangar.plugins.configure.Setting;
import dev.hangar.plugins.configure.VmChange;
import dev.hangar.plugins.configure.VmSettings;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.testsupport.TestProvider;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Changing and cloning VMs through the host's command path: roles, audit with before/after, rename, clone task. */
class ConfigCommandsTest {
    private static final Actor ADMIN = new Actor("ada", Role.ADMINISTRATOR, "127.0.0.1");
    private static final Actor OPERATOR = new Actor("olga", Role.OPERATOR, "127.0.0.1");
    private static final Actor VIEWER = new Actor("vera", Role.VIEWER, "127.0.0.1");

    private final TestProvider provider = new TestProvider("test");
    private TestHangar test;
    private Vm web;
    private Vm db;

    @BeforeEach
    void start() throws Exception {
        web = provider.put(provider.vm("web", VmStates.RUNNING));
        db = provider.put(provider.vm("db", VmStates.SHUT_OFF));
        test = TestHangar.start(provider);
    }

    @AfterEach
    void stop() throws Exception {
        test.close();
    }

    private Configuration configuration() {
        return test.hangar.configuration();
    }

    private List<AuditEntry> audit(String verb) {
        return test.hangar.security().audit().last(100).stream().filter(e -> e.verb().equals(verb)).toList();
    }

    private VmsState vms() {
        return test.hangar.store().getState().get(VmsState.BRANCH, VmsState.class);
    }

    private static <T> T done(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletionStage<?> stage) {
        return assertThrows(ExecutionException.class, () -> done(stage)).getCause();
    }

    @Test
    void theProviderOffersItsSettings() throws Exception {
        assertTrue(configuration().offered(web.ref()));
        VmSettings settings = done(configuration().settings(web.ref()));
        assertEquals(EnumSet.allOf(Setting.class), settings.changeable());
        assertTrue(settings.live().contains(Setting.MEMORY), "a running VM's memory changes live");
        assertFalse(settings.live().contains(Setting.CPU));
        assertEquals(List.of("default", "isolated"), done(configuration().choices(web.ref())).networks());
    }

    @Test
    void aViewerMayNotChangeAVmAndTheRefusalIsAudited() {
        Throwable refused = failure(configuration().change(VIEWER, web.ref(), new VmChange.Memory(1L << 20, 2L << 20)));
        assertInstanceOf(AccessDeniedException.class, refused);
        assertEquals("Viewer 'vera' may not use 'Change memory' on VM 'web'", refused.getMessage());
        assertEquals(List.of(AuditEntry.REFUSED), audit("change_memory").stream().map(AuditEntry::result).toList());
        assertFalse(provider.calls.contains("change_memory web"));
    }

    @Test
    void anOperatorMayNotDetachADiskWithItsVolumeButAnAdministratorMay() throws Exception {
        VmChange detach = new VmChange.DetachDisk("vdb", true);
        assertInstanceOf(AccessDeniedException.class, failure(configuration().change(OPERATOR, web.ref(), detach)));
        assertEquals(List.of(), provider.deletedVolumes);
        Applied applied = done(configuration().change(ADMIN, web.ref(), detach));
        assertTrue(applied.live(), "virtio disks are hot-unplugged");
        assertEquals(List.of("/var/lib/images/web-data.raw"), provider.deletedVolumes);
        eventually(() -> assertEquals(null, vms().vms().get(web.ref()).disk("vdb")));
        List<AuditEntry> entries = audit("change_disk_detach");
        assertEquals(List.of(AuditEntry.REFUSED, AuditEntry.OK), entries.stream().map(AuditEntry::result).toList());
        assertEquals(true, entries.get(1).options().get("delete_volume"));

        // Without the volume it is an operator's change.
        done(configuration().change(OPERATOR, web.ref(), new VmChange.DetachDisk("hdc", false)));
    }

    @Test
    void aChangeIsAuditedWithItsOptionsAndTheProvidersBeforeAndAfter() throws Exception {
        Applied live = done(configuration().change(OPERATOR, web.ref(), new VmChange.Memory(1536L << 10, 2L << 20)));
        assertTrue(live.live());
        assertFalse(live.nextBoot());
        eventually(() -> assertEquals(1536L << 10, vms().vms().get(web.ref()).memoryKiB()));
        AuditEntry entry = audit("change_memory").get(0);
        assertEquals(AuditEntry.OK, entry.result());
        assertEquals("olga", entry.user());
        assertEquals("vm:test/" + TestProvider.CONNECTION + "/web", entry.target());
        assertEquals(1536L << 10, ((Number) entry.options().get("memory_kib")).longValue());
        assertEquals("1 GiB, max 2 GiB", entry.options().get("before"));
        assertEquals("1536 MiB, max 2 GiB", entry.options().get("after"));

        // Above the running VM's maximum: only at its next boot, pending until it restarts.
        Applied later = done(configuration().change(OPERATOR, web.ref(), new VmChange.Memory(3L << 20, 4L << 20)));
        assertFalse(later.live());
        assertTrue(later.nextBoot());
        assertEquals(List.of("Memory: 1536 MiB, max 2 GiB → 3 GiB, max 4 GiB"), done(configuration().settings(web.ref())).pending());
        assertEquals(1536L << 10, vms().vms().get(web.ref()).memoryKiB(), "the running VM keeps its memory");
    }

    @Test
    void aFailedChangeStaysOnTheVm() {
        Throwable failed = failure(configuration().change(OPERATOR, web.ref(), new VmChange.Vcpus(12, 12)));
        assertEquals("The host allows 8 vCPUs; 12 are too many", failed.getMessage());
        eventually(() -> assertEquals("The host allows 8 vCPUs; 12 are too many", vms().errors().get(web.ref()).message()));
        AuditEntry entry = audit("change_vcpus").get(0);
        assertEquals(AuditEntry.FAILED, entry.result());
        assertEquals(12, ((Number) entry.options().get("vcpus")).intValue());
    }

    @Test
    void aRenameMovesTheVmAndARunningVmIsNotRenamed() throws Exception {
        done(configuration().change(OPERATOR, db.ref(), new VmChange.Rename("db2")));
        eventually(() -> {
            assertFalse(vms().vms().containsKey(db.ref()));
            Vm renamed = vms().find("test", TestProvider.CONNECTION, "db2").orElseThrow();
            assertEquals(db.ref().id(), renamed.ref().id());
        });
        AuditEntry entry = audit("change_rename").get(0);
        assertEquals("db2", entry.options().get("new_name"));
        assertEquals("db", entry.options().get("before"));
        assertEquals("db2", entry.options().get("after"));

        assertEquals("Shut off VM 'web' to rename it",
                failure(configuration().change(OPERATOR, web.ref(), new VmChange.Rename("web2"))).getMessage());
        assertTrue(vms().vms().containsKey(web.ref()));
    }

    @Test
    void pendingChangesApplyWhenTheVmRestarts() throws Exception {
        done(configuration().change(OPERATOR, web.ref(), new VmChange.Vcpus(6, 6)));
        assertEquals(1, done(configuration().settings(web.ref())).pending().size());
        done(test.hangar.commands().run(OPERATOR, web.ref(), VmVerb.FORCE_OFF));
        eventually(() -> assertEquals(6, vms().vms().get(web.ref()).vcpus()));
        assertEquals(List.of(), done(configuration().settings(web.ref())).pending());
    }

    @Test
    void aCloneIsATaskAuditedAsCloneVm() throws Exception {
        provider.holdTasks = true;
        Creation.Run run = configuration().cloneVm(OPERATOR, db.ref(),
                new CloneSpec("db-copy", List.of(new CloneSpec.CloneDisk("vda", "default"))));
        long id = done(run.started());
        eventually(() -> assertTrue(provider.lastTask().started()));
        Task task = test.hangar.tasks().tasks().list().get(0);
        assertEquals(id, task.id());
        assertEquals(db.ref(), task.vm());
        assertEquals(ConfigCommands.CLONE_VERB, task.action());
        assertEquals(Task.Status.RUNNING, task.status());

        provider.lastTask().advance(0.5, "Copying vda");
        assertEquals(0.5, test.hangar.tasks().tasks().list().get(0).fraction());
        provider.lastTask().finish();
        assertEquals("Cloned VM 'db' as 'db-copy'", done(run.done()));
        Vm clone = vms().find("test", TestProvider.CONNECTION, "db-copy").orElseThrow();
        assertEquals(List.of("vda", "hdc"), clone.disks().stream().map(d -> d.target()).toList(), "vdb was not listed: left out");
        assertTrue(!clone.nics().get(0).mac().equals(db.nics().get(0).mac()), "a new MAC");
        assertEquals(List.of(TaskCommands.STARTED, AuditEntry.OK),
                audit(ConfigCommands.CLONE_VERB).stream().map(AuditEntry::result).toList());
        assertEquals("db-copy", audit(ConfigCommands.CLONE_VERB).get(0).options().get("name"));
    }

    @Test
    void aCloneNeedsTheRoleTheVmAndAProviderThatClones() throws Exception {
        CloneSpec spec = new CloneSpec("db-copy", List.of());
        assertInstanceOf(AccessDeniedException.class, failure(configuration().cloneVm(VIEWER, db.ref(), spec).started()));
        assertEquals("Shut off VM 'web' to clone it", failure(configuration().cloneVm(OPERATOR, web.ref(), spec).started()).getMessage());
        provider.changeable = EnumSet.complementOf(EnumSet.of(Setting.CLONE));
        assertEquals("Provider 'test' cannot clone VM 'db'", failure(configuration().cloneVm(OPERATOR, db.ref(), spec).started()).getMessage());
        var gone = new dev.hangar.plugins.vm.VmRef("test", TestProvider.CONNECTION, "gone", "uuid-gone");
        assertNotNull(failure(configuration().cloneVm(OPERATOR, gone, spec).done()));
        assertEquals(List.of(), test.hangar.tasks().tasks().list());
        assertEquals(List.of(AuditEntry.REFUSED, AuditEntry.FAILED, AuditEntry.FAILED, AuditEntry.FAILED),
                audit(ConfigCommands.CLONE_VERB).stream().map(AuditEntry::result).toList());
    }
}
