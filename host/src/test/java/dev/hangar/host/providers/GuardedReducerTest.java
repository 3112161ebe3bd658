package dev.hangar.host.providers;

import dev.hangar.host.secrets.Secrets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.testsupport.TestProvider;
import dev.hangar.plugins.ProviderBranch;
import dev.hangar.plugins.state.VmAction;
import dev.hangar.host.state.VmsReducer;
import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.store.DefaultStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin's reducer that throws must not refuse the host's own updates. */
class GuardedReducerTest {

    @Test
    void aThrowingProviderReducerKeepsItsStateAndTheHostBranchStillChanges(@TempDir Path data) throws Exception {
        // Its branch counts VM updates and cannot handle removals.
        TestProvider fragile = new TestProvider("fragile") {
            @Override
            public Optional<ProviderBranch<?>> branch() {
                return Optional.of(new ProviderBranch<Integer>((count, action) -> {
                    if (action instanceof VmAction.VmRemoved) {
                        throw new IllegalStateException("this reducer cannot handle removals");
                    }
                    return action instanceof VmAction.VmUpdated ? count + 1 : count;
                }, 0));
            }
        };
        try (DefaultStore store = DefaultStore.create()) {
            store.addReducer(VmsState.BRANCH, new VmsReducer(), VmsState.EMPTY);
            try (PluginCalls calls = new PluginCalls(Duration.ofSeconds(5));
                 ProviderRegistry registry = new ProviderRegistry(store, null, name -> List.of(), data, Duration.ofSeconds(5), calls, Secrets.none())) {
                assertTrue(registry.activate("fragile-plugin", fragile).toCompletableFuture().get(10, TimeUnit.SECONDS));
                int updatesBefore = store.getState().get("fragile", Integer.class);
                Vm vm = fragile.put(fragile.vm("web1", VmStates.RUNNING));

                fragile.remove(vm.ref());

                VmsState vms = store.getState().get(VmsState.BRANCH, VmsState.class);
                assertTrue(vms.find("fragile", TestProvider.CONNECTION, "web1").isEmpty(), "the host's branch applied the removal");
                assertEquals(updatesBefore + 1, store.getState().get("fragile", Integer.class), "the provider's branch kept its count");
            }
        }
    }
}
