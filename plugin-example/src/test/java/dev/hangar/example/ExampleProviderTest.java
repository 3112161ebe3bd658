package dev.hangar.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hangar.example.history.History;
import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.ProviderStore;
import dev.hangar.plugins.Verbs;
import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.state.VmAction;
import dev.hangar.plugins.state.VmsView;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.testkit.TestProviderContext;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The example provider against a real store, its engine running on its own thread. */
class ExampleProviderTest {
    private final TestProviderContext context = TestProviderContext.builder(ExampleProvider.NAME).pluginId("example")
            .option("example-transition-ms", "400").option("example-migration-seconds", "2")
            .option("example-migration-interval-seconds", "0").build();
    private final ProviderStore store = context.store();
    private final ExampleProvider provider = new ExampleProvider();

    @BeforeEach
    void activate() throws Exception {
        context.addBranch(provider);
        var init = provider.init(context).toCompletableFuture();
        assertEquals(ConnectionStatus.State.CONNECTING, context.connection(ExampleProvider.CONNECTION).state(),
                "init returns before the engine has answered");
        assertTrue(init.get(5, TimeUnit.SECONDS));
        assertEquals(ConnectionStatus.State.CONNECTED, context.connection(ExampleProvider.CONNECTION).state());
        context.run(provider.getAllVms());
    }

    @AfterEach
    void close() {
        provider.close();
        context.close();
    }

    /** The plugin test kit as PLUGIN_GUIDE.md section 7 shows it, on a context of its own. */
    @Test
    void theKitRunsTheProviderAsTheHostDoes() {
        // tag::testkit[]
        try (TestProviderContext context = TestProviderContext.builder("example")   // the provider's name()
                .option("example-transition-ms", "0")       // several values: .option(name, a, b)
                .build()) {
            ExampleProvider provider = new ExampleProvider();
            context.activate(provider);                     // as the host: branch, init (must answer true), getAllVms
            Vm web3 = context.vm("web-3");                  // what the provider reported, by name
            context.run(provider.startVm(web3.ref()));      // a thunk, run on the provider's lane as the host runs it
            assertEquals(VmStates.RUNNING, context.vm("web-3").state());
            assertFalse(context.dispatched(VmAction.VmUpdated.class).isEmpty());  // what passed the lane, in order
            Throwable refused = context.failureOf(provider.deleteVm(context.vm("web-1").ref(), DeleteOptions.KEEP_STORAGE));
            assertEquals("Machine 'web-1' is up; power it off first", refused.getMessage());
            provider.close();
        }
        // end::testkit[]
    }

    @Test
    void listsADozenMachinesAndOneMigratesInItsOwnState() throws Exception {
        assertEquals(12, vms().vms().size());
        await(() -> ExampleProvider.MIGRATING.equals(vm("db-2").state()), "db-2 migrating");
        await(() -> VmStates.RUNNING.equals(vm("db-2").state()), "db-2 running again after its migration");
        assertTrue(vm("db-2").stateReason().startsWith("on node-"), vm("db-2").stateReason());
        List<String> texts = history().of(vm("db-2").ref().id()).stream().map(op -> op.text()).toList();
        assertTrue(texts.stream().anyMatch(t -> t.startsWith("Migrated to node-")), texts.toString());
        assertEquals("Migrating", provider.vmStateMap().get(ExampleProvider.MIGRATING).label());
    }

    @Test
    void startingTakesTimeAndTheThunkCompletesWhenRunning() throws Exception {
        Vm web3 = vm("web-3");
        assertEquals(VmStates.SHUT_OFF, web3.state());
        long began = System.nanoTime();
        var started = store.dispatch(provider.startVm(web3.ref())).toCompletableFuture();
        await(() -> ExampleProvider.STARTING.equals(vm("web-3").state()), "web-3 starting");
        assertFalse(started.isDone(), "the thunk waits for the engine's transition");
        started.get(5, TimeUnit.SECONDS);
        assertTrue(Duration.ofNanos(System.nanoTime() - began).toMillis() >= 400);
        assertEquals(VmStates.RUNNING, vm("web-3").state());
    }

    @Test
    void aRefusedRequestFailsWithTheEnginesWordsAndIsRecorded() {
        Vm web1 = vm("web-1");
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> store.dispatch(provider.deleteVm(web1.ref(), DeleteOptions.KEEP_STORAGE)).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("Machine 'web-1' is up; power it off first", failed.getCause().getMessage());
        assertTrue(history().of(web1.ref().id()).get(0).failed());
        assertEquals(12, vms().vms().size());
    }

    @Test
    void deleteWithDestroyRemovesTheMachine() throws Exception {
        Vm web1 = vm("web-1");
        store.dispatch(provider.deleteVm(web1.ref(), new DeleteOptions(true, List.of("vda")))).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertFalse(vms().vms().containsKey(web1.ref()));
    }

    @Test
    void snapshotOfAllDisksShowsInTheDiskColumn() throws Exception {
        Vm cache = vm("cache-1");
        var column = provider.vmDiskColumns().get(0);
        var cell = context.vmContext(cache);
        assertEquals("none", column.value().of(cell, "vda"));
        store.dispatch(provider.snapshotAllDisks(cache.ref())).toCompletableFuture().get(5, TimeUnit.SECONDS);
        for (String target : List.of("vda", "vdb", "vdc")) {
            assertEquals("1", column.value().of(cell, target), target);
        }
    }

    @Test
    void theSnapshotActionIsOfferedWhereTheEngineTakesSnapshots() {
        assertEquals("snapshot-all", ExampleProvider.SNAPSHOT_ALL.id());
        assertEquals(ProviderAction.Role.OPERATOR, ExampleProvider.SNAPSHOT_ALL.role());
        assertFalse(ExampleProvider.SNAPSHOT_ALL.destructive());
        Vm cache = vm("cache-1");
        assertTrue(ExampleProvider.SNAPSHOT_ALL.availableOn(cache));
        assertTrue(ExampleProvider.SNAPSHOT_ALL.availableOn(cache.withState(VmStates.SHUT_OFF, null)));
        assertFalse(ExampleProvider.SNAPSHOT_ALL.availableOn(cache.withState(ExampleProvider.MIGRATING, null)));
    }

    @Test
    void predicatesDifferFromTheDefaults() {
        assertFalse(provider.canShutdown(ExampleProvider.MIGRATING));
        assertTrue(provider.isRunning(ExampleProvider.MIGRATING));
        assertFalse(Verbs.allowed(provider, VmVerb.SEND_NMI, VmStates.RUNNING), "no NMI (canSendNmi)");
        assertFalse(Verbs.allowed(provider, VmVerb.FORCE_OFF, ExampleProvider.MIGRATING), "force off follows canShutdown");
        assertFalse(provider.canDelete(ExampleProvider.STARTING));
        assertTrue(provider.canResume(VmStates.PAUSED));
    }

    @Test
    void afterCloseRequestsFailInsteadOfHanging() {
        provider.close();
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> store.dispatch(provider.startVm(vm("web-3").ref())).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertEquals("The connection to the engine is closed", failed.getCause().getMessage());
    }

    @Test
    void aBadOptionFailsInitWithItsName() {
        ExampleProvider other = new ExampleProvider();
        try (TestProviderContext bad = TestProviderContext.builder(ExampleProvider.NAME).option("example-machines", "many").build()) {
            var init = other.init(bad).toCompletableFuture();
            ExecutionException failed = assertThrows(ExecutionException.class, () -> init.get(5, TimeUnit.SECONDS));
            assertEquals("option example-machines: 'many' is not a whole number", failed.getCause().getMessage());
        }
    }

    private VmsView vms() {
        return VmsView.of(store.getState());
    }

    private History history() {
        return store.getState().get(ExampleProvider.NAME, History.class);
    }

    private Vm vm(String name) {
        return vms().find(ExampleProvider.NAME, ExampleProvider.CONNECTION, name).orElseThrow();
    }

    private static void await(BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }
}
