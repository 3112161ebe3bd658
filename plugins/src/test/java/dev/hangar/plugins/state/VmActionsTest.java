package dev.hangar.plugins.state;

import static dev.hangar.plugins.state.Vms.usage;
import static dev.hangar.plugins.state.Vms.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.store.DefaultStore;
import io.reactivex.rxjava3.observers.TestObserver;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VmActionsTest {
    private final VmActions actions = VmActions.INSTANCE;
    private final Vm web = vm("web");

    @Test
    void theCreatorsMakeTheMatchingActions() {
        assertEquals(new VmAction.VmUpdated(web), actions.updateOrAddVm(web));
        assertEquals(new VmAction.VmRemoved(web.ref()), actions.vmRemoved(web.ref()));
        assertEquals(new VmAction.VmsReplaced("p", "c", List.of(web)), actions.replaceVms("p", "c", List.of(web)));
        assertEquals(new VmAction.UsageSampled(Map.of(web.ref(), usage(3))),
                actions.usageSampled(Map.of(web.ref(), usage(3))));
        ConnectionStatus status = new ConnectionStatus("p", "c", null, ConnectionStatus.State.LOST, "gone", false, 9);
        assertEquals(new VmAction.ConnectionChanged(status), actions.connectionChanged(status));
        assertEquals(new VmAction.ProviderChanged(new ProviderStatus("p", "plug", ProviderStatus.State.FAILED, "why")),
                actions.providerFailed("p", "plug", "why"));
    }

    @Test
    void actionFailedIsStampedWithTheTimeItWasMade() {
        long before = System.currentTimeMillis();
        VmAction.VmActionFailed failed = (VmAction.VmActionFailed) actions.actionFailed(web.ref(), VmVerb.DELETE, "busy");
        assertTrue(failed.at() >= before && failed.at() <= System.currentTimeMillis(), "at " + failed.at());
        assertEquals("busy", failed.message());
    }

    @Test
    void requiredPartsAreNamedWhenMissing() {
        assertEquals("vm", assertThrows(NullPointerException.class, () -> new VmAction.VmUpdated(null)).getMessage());
        assertEquals("message", assertThrows(NullPointerException.class,
                () -> new VmAction.VmActionFailed(web.ref(), VmVerb.START, null, 0)).getMessage());
        assertEquals("connection", assertThrows(NullPointerException.class,
                () -> new VmAction.VmsReplaced("p", null, List.of())).getMessage());
    }

    @Test
    void theBranchWorksInARealStore() {
        try (DefaultStore store = DefaultStore.create()) {
            store.addReducer(VmsState.BRANCH, new VmsReducer(), VmsState.EMPTY);
            TestObserver<VmsState> branch = store.select(s -> s.get(VmsState.BRANCH, VmsState.class)).test();

            store.dispatch(actions.updateOrAddVm(web));
            store.dispatch(actions.updateOrAddVm(vm("web")));
            store.dispatch(actions.updateOrAddVm(web.withState(VmStates.RUNNING, "booted")));

            branch.assertValueCount(3);
            assertEquals(VmStates.RUNNING, store.getState().get(VmsState.BRANCH, VmsState.class)
                    .vms().get(web.ref()).state());
            assertSame(branch.values().get(2), store.getState().get(VmsState.BRANCH, VmsState.class));
        }
    }
}
