package dev.hangar.host.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.DeleteOptions;
import dev.hangar.plugins.ProviderBranch;
import dev.hangar.plugins.ProviderContext;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.state.VmAction;
import dev.hangar.plugins.state.VmsReducer;
import dev.hangar.plugins.state.VmsState;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.store.DefaultStore;
import dev.hangar.store.Thunk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin's reducer that throws must not refuse the host's own updates. */
class GuardedReducerTest {

    /** A provider whose branch counts VM updates and throws on every VM removal. */
    static final class ThrowingBranchProvider implements VirtProvider {
        @Override
        public String name() {
            return "fragile";
        }

        @Override
        public Optional<ProviderBranch<?>> branch() {
            return Optional.of(new ProviderBranch<Integer>((count, action) -> {
                if (action instanceof VmAction.VmRemoved) {
                    throw new IllegalStateException("this reducer cannot handle removals");
                }
                return action instanceof VmAction.VmUpdated ? count + 1 : count;
            }, 0));
        }

        @Override
        public CompletionStage<Boolean> init(ProviderContext context) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public Thunk<Void> getAllVms() {
            return (dispatcher, state) -> CompletableFuture.completedFuture(null);
        }

        private static Thunk<Void> none() {
            return (dispatcher, state) -> CompletableFuture.failedFuture(new UnsupportedOperationException("not in this test"));
        }

        @Override
        public Thunk<Void> getVm(String connection, String name) {
            return none();
        }

        @Override
        public Thunk<Void> shutdownVm(VmRef vm) {
            return none();
        }

        @Override
        public Thunk<Void> forceOffVm(VmRef vm) {
            return none();
        }

        @Override
        public Thunk<Void> rebootVm(VmRef vm) {
            return none();
        }

        @Override
        public Thunk<Void> forceRebootVm(VmRef vm) {
            return none();
        }

        @Override
        public Thunk<Void> sendNmiVm(VmRef vm) {
            return none();
        }

        @Override
        public Thunk<Void> startVm(VmRef vm) {
            return none();
        }

        @Override
        public Thunk<Void> deleteVm(VmRef vm, DeleteOptions options) {
            return none();
        }
    }

    @Test
    void aThrowingProviderReducerKeepsItsStateAndTheHostBranchStillChanges(@TempDir Path data) throws Exception {
        try (DefaultStore store = DefaultStore.create()) {
            store.addReducer(VmsState.BRANCH, new VmsReducer(), VmsState.EMPTY);
            try (ProviderRegistry registry = new ProviderRegistry(store, null, name -> List.of(), data, Duration.ofSeconds(5))) {
                assertTrue(registry.activate("fragile-plugin", new ThrowingBranchProvider())
                        .toCompletableFuture().get(10, TimeUnit.SECONDS));
                Vm vm = new Vm(new VmRef("fragile", "c", "web1", "1"), VmStates.RUNNING, null, 1, 1, 1, null, false, true, null, null);

                store.dispatch(new VmAction.VmUpdated(vm));
                store.dispatch(new VmAction.VmRemoved(vm.ref()));

                VmsState vms = store.getState().get(VmsState.BRANCH, VmsState.class);
                assertTrue(vms.vms().isEmpty(), "the host's branch applied the removal");
                assertEquals(1, store.getState().get("fragile", Integer.class), "the provider's branch kept its count");
            }
        }
    }
}
