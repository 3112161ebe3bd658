package dev.hangar.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.store.DefaultStore;
import dev.hangar.store.Thunk;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The defaults a provider gets without overriding them are Cockpit Machines' defaults. */
class VirtProviderDefaultsTest {

    /**
     * A provider that implements only what it must (its name, and thunks that do nothing), so that
     * every default method is the interface's own.
     */
    private static VirtProvider minimal() {
        Thunk<Void> nothing = (dispatch, state) -> CompletableFuture.completedFuture(null);
        return (VirtProvider) Proxy.newProxyInstance(VirtProvider.class.getClassLoader(),
                new Class<?>[] {VirtProvider.class}, (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (method.getName().equals("name")) {
                        return "minimal";
                    }
                    if (method.getReturnType() == Thunk.class) {
                        return nothing;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private final VirtProvider provider = minimal();
    private static final Set<String> ACTIVE = Set.of(VmStates.RUNNING, VmStates.IDLE, VmStates.PAUSED);

    @Test
    void onlyRunningIdleAndPausedVmsCanBeResetShutDownOrSentAnNmiAndCountAsRunning() {
        for (String state : VmStates.builtIn().keySet()) {
            boolean active = ACTIVE.contains(state);
            assertEquals(active, provider.canReset(state), "canReset " + state);
            assertEquals(active, provider.canShutdown(state), "canShutdown " + state);
            assertEquals(active, provider.canSendNMI(state), "canSendNMI " + state);
            assertEquals(active, provider.isRunning(state), "isRunning " + state);
        }
    }

    @Test
    void onlyAShutOffVmCanRun() {
        for (String state : VmStates.builtIn().keySet()) {
            assertEquals(VmStates.SHUT_OFF.equals(state), provider.canRun(state), "canRun " + state);
        }
        assertFalse(provider.canRun("a provider's own state"));
    }

    @Test
    void everyVmCanBeDeletedAndNoneCanBePausedOrResumedByDefault() {
        for (String state : VmStates.builtIn().keySet()) {
            assertTrue(provider.canDelete(state), "canDelete " + state);
            assertFalse(provider.canPause(state), "canPause " + state);
            assertFalse(provider.canResume(state), "canResume " + state);
        }
    }

    @Test
    void pauseAndResumeFailSayingWhoCannotDoWhat() throws Exception {
        VmRef web = new VmRef("minimal", "local", "web1", "1");
        try (DefaultStore store = DefaultStore.create()) {
            ExecutionException pause = assertThrows(ExecutionException.class,
                    () -> store.dispatch(provider.pauseVm(web)).toCompletableFuture().get(5, TimeUnit.SECONDS));
            assertTrue(pause.getCause() instanceof UnsupportedOperationException);
            assertEquals("Provider 'minimal' cannot pause VM 'web1'", pause.getCause().getMessage());
            ExecutionException resume = assertThrows(ExecutionException.class,
                    () -> store.dispatch(provider.resumeVm(web)).toCompletableFuture().get(5, TimeUnit.SECONDS));
            assertEquals("Provider 'minimal' cannot resume VM 'web1'", resume.getCause().getMessage());
        }
    }

    @Test
    void theOptionalPartsAreEmpty() {
        assertTrue(provider.vmStateMap().isEmpty());
        assertTrue(provider.branch().isEmpty());
        assertTrue(provider.vmTabs().isEmpty());
        assertTrue(provider.vmDiskColumns().isEmpty());
        assertTrue(provider.vmDiskActions(null).isEmpty());
    }

    @Test
    void deleteOptionsCopyTheirTargets() {
        List<String> targets = new ArrayList<>(List.of("vda"));
        DeleteOptions options = new DeleteOptions(true, targets);
        targets.add("vdb");
        assertEquals(List.of("vda"), options.storageTargets());
        assertEquals(List.of(), new DeleteOptions(false, null).storageTargets());
    }
}
