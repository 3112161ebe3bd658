package dev.hangar.plugins.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.ActionRefusedException;
import dev.hangar.plugins.state.VmAction;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.store.Thunk;
import dev.hangar.testsupport.TestProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The kit as a plugin's test uses it, on the test kit's in-memory provider. */
class TestProviderContextTest {
    private static final ProviderAction WIPE = new ProviderAction("wipe", "Wipe", "Wiping", ProviderAction.Role.ADMINISTRATOR,
            true, vm -> VmStates.SHUT_OFF.equals(vm.state()));

    @Test
    void activatesRunsThunksAndRecordsWhatWasDispatched() {
        TestProvider provider = new TestProvider("mem");
        provider.put(provider.vm("web", VmStates.SHUT_OFF));
        try (TestProviderContext context = TestProviderContext.builder("mem").option("mem-url", "mem://a", "mem://b").build()) {
            context.activate(provider);
            assertEquals(List.of("mem://a", "mem://b"), context.option("mem-url"));
            assertEquals(List.of(), context.option("unset"));
            Vm web = context.vm("web");
            context.run(provider.startVm(web.ref()));
            assertEquals(VmStates.RUNNING, context.vm("web").state());
            assertEquals(1, context.dispatched(VmAction.VmsReplaced.class).size());

            provider.failNext(VmVerb.SHUTDOWN, "the engine said no");
            assertEquals("the engine said no", context.failureOf(provider.shutdownVm(web.ref())).getMessage());
            assertEquals(VmStates.RUNNING, context.vm("web").state());
        }
    }

    @Test
    void anActionTheHostWouldRefuseFailsAsOnTheHost() {
        TestProvider provider = new TestProvider("mem");
        Vm someoneElses = new TestProvider("other").vm("db", VmStates.RUNNING);
        try (TestProviderContext context = TestProviderContext.create("mem")) {
            context.activate(provider);
            ActionRefusedException refused = assertThrows(ActionRefusedException.class,
                    () -> context.store().dispatch(context.actions().updateOrAddVm(someoneElses)));
            assertEquals("Provider 'mem' may not dispatch VmUpdated: it updates VM 'db' of provider 'other'; "
                    + "a provider changes only its own VMs", refused.getMessage());
            assertTrue(context.dispatched(VmAction.VmUpdated.class).isEmpty(), "a refused action reached the store");
            assertThrows(IllegalArgumentException.class, () -> context.activate(new TestProvider("other")));
        }
    }

    @Test
    void itsOwnDataFolderGoesOnCloseAGivenOneStays() throws Exception {
        Path own;
        try (TestProviderContext context = TestProviderContext.create("mem")) {
            own = context.dataDir();
            Files.writeString(own.resolve("state.json"), "{}");
        }
        assertFalse(Files.exists(own));
        Path given = Files.createTempDirectory("given");
        try (TestProviderContext context = TestProviderContext.builder("mem").dataDir(given).build()) {
            assertEquals(given, context.dataDir());
        }
        assertTrue(Files.isDirectory(given));
        Files.delete(given);
    }

    @Test
    void aComponentsRunIsRecordedAndRefusedAsTheHostWouldRefuseIt() throws Exception {
        TestProvider provider = new TestProvider("mem");
        Vm off = provider.put(provider.vm("off", VmStates.SHUT_OFF));
        Vm on = provider.put(provider.vm("on", VmStates.RUNNING));
        try (TestProviderContext context = TestProviderContext.create("mem")) {
            context.activate(provider);
            Thunk<Void> wipe = (dispatch, state) -> CompletableFuture.completedFuture(null);

            TestVmContext operator = context.vmContext(off);
            assertFalse(operator.may(WIPE));
            assertRefused(operator.run(WIPE, Map.of("disk", "vda"), wipe));
            assertEquals(List.of(new TestVmContext.Run(WIPE, Map.of("disk", "vda"))), operator.runs());

            assertRefused(context.vmContext(on, TestVmContext.User.ADMINISTRATOR).run(WIPE, wipe));
            context.vmContext(off, TestVmContext.User.ADMINISTRATOR).run(WIPE, wipe).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertFalse(context.vmContext(off, TestVmContext.User.VIEWER).may(WIPE));
        }
    }

    @Test
    void aTaskRunsWithAProgressHandleThatRecordsAndCancels() throws Exception {
        TestProvider provider = new TestProvider("mem");
        Vm off = provider.put(provider.vm("off", VmStates.SHUT_OFF));
        try (TestProviderContext context = TestProviderContext.create("mem")) {
            context.activate(provider);
            TestVmContext admin = context.vmContext(off, TestVmContext.User.ADMINISTRATOR);
            String result = admin.runTask(WIPE, Map.of(), progress -> (dispatch, state) -> {
                progress.report(0.5, "Wiping vda");
                return CompletableFuture.completedFuture("Wiped");
            }).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals("Wiped", result);
            TestTaskProgress task = admin.tasks().get(0);
            assertEquals(List.of(new TestTaskProgress.Report(0.5, "Wiping vda")), task.reports());

            int[] hooks = {0};
            task.onCancel(() -> hooks[0]++);
            task.cancel();
            task.onCancel(() -> hooks[0]++);
            assertTrue(task.cancelled());
            assertEquals(2, hooks[0], "a hook runs on cancel, and at once once cancelled");
            assertRefused(context.vmContext(off).runTask(WIPE, Map.of(), p -> null));
        }
    }

    @Test
    void confirmationsAreAnsweredAndRecorded() {
        try (TestProviderContext context = TestProviderContext.create("mem")) {
            int[] confirmed = {0};
            context.components().confirm(WIPE, "Wipe vda?", () -> confirmed[0]++);
            context.components().declineConfirmations();
            context.components().confirm("Snapshot", "Take one?", "Take", () -> confirmed[0]++);
            assertEquals(1, confirmed[0]);
            assertEquals(List.of(new TestComponents.Confirmation("Wipe", "Wipe vda?", "Wipe", true),
                    new TestComponents.Confirmation("Snapshot", "Take one?", "Take", false)), context.components().confirmations());
        }
    }

    private static void assertRefused(java.util.concurrent.CompletionStage<?> run) {
        try {
            run.toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the run was not refused");
    }
}
