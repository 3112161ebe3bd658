package dev.hangar.libvirt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.state.VmAction;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Error.ErrorNumber;

/**
 * Every verb on the test driver, dispatched through the store as the host does. The thunks update
 * nothing themselves: each state change seen here arrived through libvirt's event.
 */
class LifecycleTest {
    private Harness h;

    @BeforeEach
    void start() {
        h = Harness.onFixture("/odd-host.xml", ProviderOptions.ACPI_TIMEOUT, "2");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void startForceOffPauseResumeChangeStateThroughEvents() {
        VmRef vm = h.ref("hangar-test-empty-drives");
        assertEquals(VmStates.SHUT_OFF, h.vm("hangar-test-empty-drives").state());

        h.run(h.provider.startVm(vm));
        h.awaitState(vm.name(), VmStates.RUNNING, "booted");
        h.run(h.provider.pauseVm(vm));
        h.awaitState(vm.name(), VmStates.PAUSED, "user");
        h.run(h.provider.resumeVm(vm));
        h.awaitState(vm.name(), VmStates.RUNNING, "unpaused");
        h.run(h.provider.forceOffVm(vm));
        h.awaitState(vm.name(), VmStates.SHUT_OFF, "destroyed");
    }

    @Test
    void theEventsStateShowsBeforeTheReadThatBringsItsReason() {
        VmRef vm = h.ref("hangar-test-empty-drives");
        h.run(h.provider.startVm(vm));
        h.awaitState(vm.name(), VmStates.RUNNING, "booted");
        List<Vm> updates;
        updates = h.all(VmAction.VmUpdated.class).stream().map(VmAction.VmUpdated::vm)
                .filter(v -> v.ref().equals(vm)).toList();
        assertEquals(VmStates.RUNNING, updates.get(0).state(), "the first update is the event's own state");
        assertEquals(null, updates.get(0).stateReason(), "not yet read from the daemon");
        assertEquals("booted", updates.get(updates.size() - 1).stateReason());
    }

    @Test
    void shutdownCompletesWhenTheVmIsOff() {
        VmRef vm = h.ref("hangar-test-64-disks");
        h.run(h.provider.shutdownVm(vm));
        // The thunk waited for the stop event, which re-read the VM before it was passed on.
        assertEquals(VmStates.SHUT_OFF, h.vm(vm.name()).state());
    }

    @Test
    void aRebootThatNothingReactsToFailsAfterTheTimeoutWithAClearMessage() {
        // The test driver reboots without any event, as a guest without OS would ignore the request.
        VmRef vm = h.ref("hangar-test-odd-devices");
        Throwable failure = h.failureOf(h.provider.rebootVm(vm));
        assertEquals("The guest did not react to the reboot request within 2 s; it may have no OS or no ACPI "
                + "support. Use Force reboot.", failure.getMessage());
        assertEquals(VmStates.RUNNING, h.vm(vm.name()).state());
    }

    @Test
    void forceRebootAndNmiSucceedOnARunningVm() {
        VmRef vm = h.ref("hangar-test-odd-devices");
        h.run(h.provider.forceRebootVm(vm));
        h.run(h.provider.sendNmiVm(vm));
        assertEquals(VmStates.RUNNING, h.vm(vm.name()).state());
    }

    @Test
    void failuresSayWhatWentWrongInWords() {
        VmRef running = h.ref("hangar-test-odd-devices");
        Throwable again = h.failureOf(h.provider.startVm(running));
        assertEquals("VM 'hangar-test-odd-devices' is already running.", again.getMessage());
        // The test driver calls this conflict an internal error; the failure keeps libvirt's code as it came.
        assertEquals(ErrorNumber.VIR_ERR_INTERNAL_ERROR, assertInstanceOf(LibvirtErrors.Failure.class, again).code());

        VmRef off = h.ref("hangar-test-empty-drives");
        assertEquals("VM 'hangar-test-empty-drives' is not running.",
                h.failureOf(h.provider.pauseVm(off)).getMessage());
        assertEquals("VM 'hangar-test-empty-drives' is not running.",
                h.failureOf(h.provider.sendNmiVm(off)).getMessage());
        assertEquals("VM 'hangar-test-odd-devices' is not paused.",
                h.failureOf(h.provider.resumeVm(running)).getMessage());
    }

    @Test
    void aVanishedVmIsReportedAndDroppedFromTheStore() {
        VmRef real = h.ref("hangar-test-no-nics");
        VmRef ghost = new VmRef(real.provider(), real.connection(), "ghost", "00000000-0000-4000-8000-000000000000");
        Vm model = h.vm(real.name());
        h.store.dispatch(h.context().actions().updateOrAddVm(new Vm(ghost, VmStates.RUNNING, null, model.vcpus(),
                model.memoryKiB(), model.maxMemoryKiB(), model.os(), false, true, model.disks(), model.nics())));
        assertTrue(h.names().contains("ghost"));

        Throwable failure = h.failureOf(h.provider.forceOffVm(ghost));
        assertEquals("VM 'ghost' no longer exists.", failure.getMessage());
        assertFalse(h.names().contains("ghost"), "the vanished VM left the store");
        assertTrue(h.all(VmAction.VmRemoved.class).stream().anyMatch(r -> r.ref().equals(ghost)));
    }

    @Test
    void getVmReadsOneVmAndRemovesOneThatIsGone() {
        VmRef real = h.ref("hangar-test-no-nics");
        h.run(h.provider.forceOffVm(real));
        h.awaitState(real.name(), VmStates.SHUT_OFF, "destroyed");
        long updates = h.count(VmAction.VmUpdated.class);
        h.run(h.provider.getVm(real.connection(), real.name()));
        assertEquals(updates + 1, h.count(VmAction.VmUpdated.class), "GET_VM dispatched the VM it read");
        assertEquals(VmStates.SHUT_OFF, h.vm(real.name()).state());

        VmRef ghost = new VmRef(real.provider(), real.connection(), "ghost", "00000000-0000-4000-8000-000000000001");
        Vm model = h.vm(real.name());
        h.store.dispatch(h.context().actions().updateOrAddVm(new Vm(ghost, VmStates.SHUT_OFF, null, 1, 1, 1,
                model.os(), false, true, List.of(), List.of())));
        h.run(h.provider.getVm(real.connection(), "ghost"));
        assertFalse(h.names().contains("ghost"), "GET_VM of a VM libvirt no longer has removes it");
    }

    @Test
    void aVmOnAConnectionTheProviderDoesNotServeIsRefusedClearly() {
        VmRef elsewhere = new VmRef(LibvirtProvider.NAME, "qemu+ssh://nowhere/system", "web", "x");
        Throwable failure = h.failureOf(h.provider.startVm(elsewhere));
        assertTrue(failure.getMessage().startsWith("VM 'web' is on connection 'qemu+ssh://nowhere/system', which the "
                + "libvirt provider does not serve"), failure.getMessage());
    }
}
