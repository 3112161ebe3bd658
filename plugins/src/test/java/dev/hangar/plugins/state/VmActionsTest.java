package dev.hangar.plugins.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmUsage;
import dev.hangar.plugins.vm.VmVerb;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VmActionsTest {
    private final VmActions actions = VmActions.INSTANCE;
    private final Vm web = new Vm(new VmRef("p", "c", "web", "web-id"), VmStates.SHUT_OFF, null, 1, 1024, 2048,
            null, false, true, null, null);

    @Test
    void theCreatorsMakeTheMatchingActions() {
        VmUsage usage = new VmUsage(3, 512, 1_000);
        assertEquals(new VmAction.VmUpdated(web), actions.updateOrAddVm(web));
        assertEquals(new VmAction.VmRemoved(web.ref()), actions.vmRemoved(web.ref()));
        assertEquals(new VmAction.VmsReplaced("p", "c", List.of(web)), actions.replaceVms("p", "c", List.of(web)));
        assertEquals(new VmAction.UsageSampled(Map.of(web.ref(), usage)), actions.usageSampled(Map.of(web.ref(), usage)));
        ConnectionStatus status = new ConnectionStatus("p", "c", null, ConnectionStatus.State.LOST, "gone", false, 9);
        assertEquals(new VmAction.ConnectionChanged(status), actions.connectionChanged(status));
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
    void aTreeWithoutTheHostsBranchReadsAsNoVms() {
        VmsView none = VmsView.of(dev.hangar.store.DefaultStore.create().getState());
        assertTrue(none.vms().isEmpty());
        assertTrue(none.vm(web.ref()).isEmpty());
        assertTrue(none.connection("p", "c").isEmpty());
    }
}
