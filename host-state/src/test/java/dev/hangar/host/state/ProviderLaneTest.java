package dev.hangar.host.state;

import static dev.hangar.host.state.Vms.ref;
import static dev.hangar.host.state.Vms.usage;
import static dev.hangar.host.state.Vms.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hangar.plugins.ActionRefusedException;
import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.state.VmActions;
import dev.hangar.plugins.state.VmsView;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.store.Action;
import dev.hangar.store.DefaultStore;
import dev.hangar.store.Dispatcher;
import dev.hangar.store.StoreEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderLaneTest {
    private static final VmActions ACTIONS = VmActions.INSTANCE;

    private final DefaultStore store = DefaultStore.create();
    private final ProviderLane mine = new ProviderLane("mine", store);
    private final Vm own = vm(ref("mine", "c", "own"), VmStates.SHUT_OFF);
    private final Vm theirs = vm(ref("theirs", "t", "other"), VmStates.RUNNING);

    ProviderLaneTest() {
        store.addReducer(VmsState.BRANCH, new VmsReducer(), VmsState.EMPTY);
        store.dispatch(ACTIONS.replaceVms("theirs", "t", List.of(theirs)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private record Own(int n) implements Action {
    }

    @Test
    void aProviderChangesItsOwnVmsConnectionsAndBranch() {
        mine.dispatch(ACTIONS.replaceVms("mine", "c", List.of(own)));
        mine.dispatch(ACTIONS.updateOrAddVm(own.withState(VmStates.RUNNING, null)));
        mine.dispatch(ACTIONS.usageSampled(Map.of(own.ref(), usage(5))));
        mine.dispatch(ACTIONS.actionFailed(own.ref(), VmVerb.START, "no memory"));
        mine.dispatch(ACTIONS.connectionChanged(new ConnectionStatus("mine", "c", null, ConnectionStatus.State.CONNECTED,
                null, false, 1)));
        mine.dispatch(new Own(1));

        VmsView vms = VmsView.of(mine.getState());
        assertEquals(VmStates.RUNNING, vms.vm(own.ref()).orElseThrow().state());
        assertEquals(usage(5), vms.usage(own.ref()).orElseThrow());
        assertEquals("no memory", vms.error(own.ref()).orElseThrow().message());
        assertEquals(ConnectionStatus.State.CONNECTED, vms.connection("mine", "c").orElseThrow().state());
        mine.dispatch(ACTIONS.vmRemoved(own.ref()));
        assertEquals(Map.of(theirs.ref(), theirs), VmsView.of(mine.getState()).vms());
    }

    @Test
    void anythingAboutAnotherProviderOrTheHostsOwnIsRefusedAndChangesNothing() {
        VmsState before = store.getState().get(VmsState.BRANCH, VmsState.class);
        assertRefused("Provider 'mine' may not dispatch VmsReplaced: it replaces the VMs of provider 'theirs';"
                + " a provider changes only its own VMs", ACTIONS.replaceVms("theirs", "t", List.of()));
        assertRefused("Provider 'mine' may not dispatch VmsReplaced: its list holds VM 'other' of provider 'theirs';"
                + " a provider changes only its own VMs", ACTIONS.replaceVms("mine", "c", List.of(own, theirs)));
        assertRefused("Provider 'mine' may not dispatch VmRemoved: it removes VM 'other' of provider 'theirs';"
                + " a provider changes only its own VMs", ACTIONS.vmRemoved(theirs.ref()));
        assertRefused("Provider 'mine' may not dispatch VmUpdated: it updates VM 'other' of provider 'theirs';"
                + " a provider changes only its own VMs", ACTIONS.updateOrAddVm(theirs.withState(VmStates.SHUT_OFF, null)));
        assertRefused("Provider 'mine' may not dispatch UsageSampled: it samples VM 'other' of provider 'theirs';"
                + " a provider changes only its own VMs", ACTIONS.usageSampled(Map.of(own.ref(), usage(1), theirs.ref(), usage(2))));
        assertRefused("Provider 'mine' may not dispatch VmActionFailed: it records a failure on VM 'other' of provider"
                + " 'theirs'; a provider changes only its own VMs", ACTIONS.actionFailed(theirs.ref(), VmVerb.START, "x"));
        assertRefused("Provider 'mine' may not dispatch ConnectionChanged: it changes the connection 't' of provider"
                + " 'theirs'; a provider changes only its own connections", ACTIONS.connectionChanged(
                        new ConnectionStatus("theirs", "t", null, ConnectionStatus.State.LOST, "cut", false, 1)));
        assertRefused("Provider 'mine' may not dispatch ProviderRemoved: only the host dispatches it",
                new HostVmAction.ProviderRemoved("theirs"));
        assertRefused("Provider 'mine' may not dispatch ProviderRemoved: only the host dispatches it",
                new HostVmAction.ProviderRemoved("mine"));
        assertRefused("Provider 'mine' may not dispatch VmActionStarted: only the host dispatches it",
                new HostVmAction.VmActionStarted(own.ref(), VmVerb.START));
        assertRefused("Provider 'mine' may not dispatch BranchRemoved: only the host dispatches it",
                new StoreEvent.BranchRemoved(VmsState.BRANCH));
        assertSame(before, store.getState().get(VmsState.BRANCH, VmsState.class));
    }

    @Test
    void aThunkRunsWithTheLaneAsItsDispatcherNestedThunksToo() throws Exception {
        CompletableFuture<Dispatcher> outer = new CompletableFuture<>();
        CompletableFuture<Dispatcher> inner = new CompletableFuture<>();
        mine.dispatch((d, s) -> {
            outer.complete(d);
            return d.dispatch((d2, s2) -> {
                inner.complete(d2);
                return CompletableFuture.completedFuture(null);
            });
        }).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertSame(mine, outer.get());
        assertSame(mine, inner.get());

        var escape = mine.dispatch((d, s) -> {
            d.dispatch(ACTIONS.vmRemoved(theirs.ref()));
            return CompletableFuture.completedFuture(null);
        }).toCompletableFuture();
        assertEquals(ActionRefusedException.class,
                assertThrows(java.util.concurrent.ExecutionException.class, () -> escape.get(5, TimeUnit.SECONDS)).getCause().getClass());
        assertEquals(theirs, VmsView.of(store.getState()).vm(theirs.ref()).orElseThrow());
    }

    @Test
    void aClosedLaneRefusesWhatTheProviderLeftBehindDispatches() {
        mine.dispatch(ACTIONS.replaceVms("mine", "c", List.of(own)));
        mine.close();
        store.dispatch(new HostVmAction.ProviderRemoved("mine"));
        assertRefused("Provider 'mine' may not dispatch VmUpdated: the provider is no longer active"
                + " (its plugin was stopped or disabled)", ACTIONS.updateOrAddVm(own));
        assertEquals(Map.of(theirs.ref(), theirs), VmsView.of(store.getState()).vms());
    }

    private void assertRefused(String message, Action action) {
        ActionRefusedException e = assertThrows(ActionRefusedException.class, () -> mine.dispatch(action));
        assertEquals(message, e.getMessage());
        assertEquals("mine", e.provider());
        assertEquals(action.getClass().getSimpleName(), e.action());
    }
}
