package dev.hangar.host.ui.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hangar.testsupport.TestProvider;
import dev.hangar.plugins.state.VmActions;
import dev.hangar.host.state.VmsReducer;
import dev.hangar.host.state.VmsState;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmUsage;
import dev.hangar.store.DefaultStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UsageHistoriesTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };
    private final DefaultStore store = DefaultStore.builder().build();
    private final TestProvider provider = new TestProvider("test");
    private UsageHistories histories;

    @AfterEach
    void close() {
        if (histories != null) {
            histories.close();
        }
        store.close();
    }

    @Test
    void aRemovedVmsHistoryGoesByTheNextTick() {
        store.addReducer(VmsState.BRANCH, new VmsReducer(), VmsState.EMPTY);
        histories = new UsageHistories(store.select(s -> s.get(VmsState.BRANCH, VmsState.class)), clock);
        Vm web = provider.vm("web", VmStates.RUNNING);
        Vm db = provider.vm("db", VmStates.RUNNING);
        store.dispatch(VmActions.INSTANCE.updateOrAddVm(web));
        store.dispatch(VmActions.INSTANCE.updateOrAddVm(db));
        tick(web, db);
        assertEquals(2, histories.vms());

        store.dispatch(VmActions.INSTANCE.vmRemoved(db.ref()));
        // The kept VM is untouched by the removal ...
        assertEquals(1, histories.samples(web.ref()).size());
        // ... and the next tick drops it.
        now.addAndGet(UsageHistories.STEP_MS);
        tick(web);
        assertEquals(1, histories.vms());
        assertEquals(2, histories.samples(web.ref()).size());
        assertEquals(0, histories.samples(db.ref()).size());
    }

    private void tick(Vm... vms) {
        java.util.Map<dev.hangar.plugins.vm.VmRef, VmUsage> samples = new java.util.HashMap<>();
        for (Vm vm : vms) {
            samples.put(vm.ref(), new VmUsage(10, 1024, now.get()));
        }
        store.dispatch(VmActions.INSTANCE.usageSampled(Map.copyOf(samples)));
    }
}
