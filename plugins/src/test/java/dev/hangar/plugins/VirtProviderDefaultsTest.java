package dev.hangar.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
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
            assertEquals(active, provider.canSendNmi(state), "canSendNmi " + state);
            assertEquals(active, provider.canForceOff(state), "canForceOff " + state);
            assertEquals(active, provider.canReboot(state), "canReboot " + state);
            assertEquals(active, provider.canForceReboot(state), "canForceReboot " + state);
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
    void theFinerPredicatesDefaultToTheSeedsAndEachVerbHasItsOwn() {
        VirtProvider seedStyle = new Seed() {
            @Override
            public boolean canShutdown(String state) {
                return false;
            }

            @Override
            public boolean canReset(String state) {
                return VmStates.RUNNING.equals(state);
            }
        };
        assertFalse(Verbs.allowed(seedStyle, VmVerb.FORCE_OFF, VmStates.RUNNING), "force off follows canShutdown");
        assertTrue(Verbs.allowed(seedStyle, VmVerb.REBOOT, VmStates.RUNNING), "reboot follows canReset");
        assertTrue(Verbs.allowed(seedStyle, VmVerb.FORCE_REBOOT, VmStates.RUNNING), "force reboot follows canReset");
        assertTrue(Verbs.allowed(seedStyle, VmVerb.SEND_NMI, VmStates.RUNNING), "send NMI follows canSendNMI, canReset");

        VirtProvider fine = new Seed() {
            @Override
            public boolean canForceOff(String state) {
                return true;
            }

            @Override
            public boolean canReboot(String state) {
                return false;
            }
        };
        for (VmVerb verb : VmVerb.values()) {
            boolean expected = switch (verb) {
                case START -> false;
                case FORCE_OFF, DELETE -> true;
                case REBOOT, PAUSE, RESUME -> false;
                default -> true;  // shutdown, force reboot, NMI: the seed's defaults for a running VM
            };
            assertEquals(expected, Verbs.allowed(fine, verb, VmStates.RUNNING), verb.toString());
        }
        assertTrue(Verbs.allowed(fine, VmVerb.FORCE_OFF, VmStates.SHUT_OFF), "only force off changed");
        assertFalse(Verbs.allowed(fine, VmVerb.SHUTDOWN, VmStates.SHUT_OFF));
    }

    @Test
    void theVerbMethodsDefaultToVerbAndTheTableCallsEachVerbsOwnMethod() throws Exception {
        List<String> made = new ArrayList<>();
        VirtProvider oneSwitch = new Seed() {
            @Override
            public Thunk<Void> verb(VmVerb verb, VmRef vm) {
                made.add("verb " + verb);
                return super.verb(verb, vm);
            }

            @Override
            public Thunk<Void> forceOffVm(VmRef vm) {
                made.add("forceOffVm");
                return Verbs.unsupported(name(), VmVerb.FORCE_OFF, vm);
            }

            @Override
            public Thunk<Void> deleteVm(VmRef vm, DeleteOptions options) {
                made.add(options.equals(DeleteOptions.KEEP_STORAGE) ? "delete keep" : "delete " + options);
                return super.deleteVm(vm, options);
            }
        };
        VmRef web = new VmRef("seed", "local", "web1", "1");
        for (VmVerb verb : VmVerb.values()) {
            Verbs.thunk(oneSwitch, verb, web);
        }
        assertEquals(List.of("verb START", "verb SHUTDOWN", "forceOffVm", "verb REBOOT", "verb FORCE_REBOOT",
                "verb SEND_NMI", "verb PAUSE", "verb RESUME", "delete keep"), made);
        try (DefaultStore store = DefaultStore.create()) {
            ExecutionException nmi = assertThrows(ExecutionException.class, () -> store.dispatch(
                    Verbs.thunk(oneSwitch, VmVerb.SEND_NMI, web)).toCompletableFuture().get(5, TimeUnit.SECONDS));
            assertEquals("Provider 'seed' cannot send a non-maskable interrupt to VM 'web1'", nmi.getCause().getMessage());
        }
    }

    /** A provider of the seed's shape: a name, loads, and delete; every verb is the interface's default. */
    private abstract static class Seed implements VirtProvider {
        @Override
        public String name() {
            return "seed";
        }

        @Override
        public java.util.concurrent.CompletionStage<Boolean> init(ProviderContext context) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public Thunk<Void> getVm(String connection, String name) {
            return (d, s) -> CompletableFuture.completedFuture(null);
        }

        @Override
        public Thunk<Void> getAllVms() {
            return (d, s) -> CompletableFuture.completedFuture(null);
        }

        @Override
        public Thunk<Void> verb(VmVerb verb, VmRef vm) {
            return VirtProvider.super.verb(verb, vm);
        }

        @Override
        public Thunk<Void> deleteVm(VmRef vm, DeleteOptions options) {
            return (d, s) -> CompletableFuture.completedFuture(null);
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
