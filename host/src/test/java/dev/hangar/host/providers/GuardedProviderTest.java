package dev.hangar.host.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.state.ProviderLane;
import dev.hangar.testsupport.TestProvider;
import dev.hangar.plugins.Verbs;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.store.DefaultStore;
import dev.hangar.store.Thunk;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one guard around a provider: what its code throws is handled there, whoever called it. */
class GuardedProviderTest {
    private final DefaultStore store = DefaultStore.create();
    private final List<String> reported = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        store.close();
    }

    private GuardedProvider guard(VirtProvider plugin) {
        return new GuardedProvider(plugin.name(), plugin, new ProviderLane(plugin.name(), store),
                (provider, what, error) -> reported.add(provider + ": " + what + ": " + error.getClass().getSimpleName()));
    }

    @Test
    void everyMethodOfTheContractIsItsOwnSoNoDefaultBypassesThePlugin() {
        for (Method method : VirtProvider.class.getMethods()) {
            if (!java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                assertDoesNotThrow(method);
            }
        }
    }

    private static void assertDoesNotThrow(Method method) {
        try {
            assertEquals(GuardedProvider.class, GuardedProvider.class
                    .getMethod(method.getName(), method.getParameterTypes()).getDeclaringClass(), method.toString());
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPredicateThatThrowsMeansNotNowAndAnErrorDisablesTheProvider() {
        GuardedProvider guarded = guard(new TestProvider("odd") {
            @Override
            public boolean canRun(String state) {
                throw new IllegalStateException("no idea");
            }

            @Override
            public boolean isRunning(String state) {
                throw new IllegalStateException("no idea");
            }

            @Override
            public boolean canForceOff(String state) {
                throw new StackOverflowError();
            }
        });
        assertFalse(Verbs.allowed(guarded, VmVerb.START, VmStates.SHUT_OFF));
        assertTrue(guarded.isRunning(VmStates.SHUT_OFF), "may be running: force off stays offered");
        assertTrue(reported.isEmpty(), "an exception of a predicate is only logged: " + reported);
        assertFalse(Verbs.allowed(guarded, VmVerb.FORCE_OFF, VmStates.RUNNING));
        assertEquals(List.of("odd: canForceOff: StackOverflowError"), reported);
    }

    @Test
    void aMethodThatThrowsInsteadOfMakingItsThunkFailsWithTheWordsForTheVm() {
        VmRef web = new VmRef("odd", TestProvider.CONNECTION, "web", "1");
        GuardedProvider guarded = guard(new TestProvider("odd") {
            @Override
            public Thunk<Void> verb(VmVerb verb, VmRef vm) {
                if (verb == VmVerb.REBOOT) {
                    return null;
                }
                throw new IllegalStateException("exploded");
            }
        });
        assertEquals("Provider 'odd' failed to force off: exploded", assertThrows(GuardedProvider.Failed.class,
                () -> Verbs.thunk(guarded, VmVerb.FORCE_OFF, web)).getMessage());
        assertEquals("Provider 'odd' failed to reboot: the provider returned no thunk", assertThrows(GuardedProvider.Failed.class,
                () -> Verbs.thunk(guarded, VmVerb.REBOOT, web)).getMessage());
        assertTrue(reported.isEmpty(), "shown on the VM, not listed on the plugin: " + reported);
    }

    /** An optional interface of the plugin's (a capability) is found through the wrapper, not on it. */
    interface Extra {
    }

    @Test
    void theThingsThePluginImplementsBesideTheContractAreFoundOnThePlugin() {
        class WithExtra extends TestProvider implements Extra {
            WithExtra() {
                super("extra");
            }
        }
        GuardedProvider guarded = guard(new WithExtra());
        assertFalse(Extra.class.isInstance(guarded), "the wrapper is not the plugin");
        assertTrue(guarded.as(Extra.class).isPresent());
        assertTrue(guard(new TestProvider("plain")).as(Extra.class).isEmpty());
    }
}
