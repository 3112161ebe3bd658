package dev.hangar.host.state;

import static dev.hangar.host.state.Vms.LIBVIRT;
import static dev.hangar.host.state.Vms.SESSION;
import static dev.hangar.host.state.Vms.SYSTEM;
import static dev.hangar.host.state.Vms.busy;
import static dev.hangar.host.state.Vms.reduce;
import static dev.hangar.host.state.Vms.ref;
import static dev.hangar.host.state.Vms.usage;
import static dev.hangar.host.state.Vms.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.state.VmAction;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.ProviderAction;
import dev.hangar.plugins.vm.VmError;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmUsage;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.store.Action;
import dev.hangar.store.StoreEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VmsReducerTest {
    private final Vm web = vm("web");
    private final Vm db = vm("db");

    @Test
    void vmUpdatedAddsANewVm() {
        VmsState state = reduce(VmsState.EMPTY, new VmAction.VmUpdated(web));
        assertEquals(Map.of(web.ref(), web), state.vms());
    }

    @Test
    void vmUpdatedReplacesAKnownVmAndSharesTheRest() {
        VmsState before = busy(web, db);
        Vm running = web.withState(VmStates.RUNNING, "booted");

        VmsState after = reduce(before, new VmAction.VmUpdated(running));

        assertSame(running, after.vms().get(web.ref()));
        assertSame(db, after.vms().get(db.ref()));
        assertEquals(2, after.vms().size());
        assertSame(before.usage(), after.usage());
        assertSame(before.pending(), after.pending());
        assertSame(before.errors(), after.errors());
        assertSame(before.connections(), after.connections());
        assertSame(before.providers(), after.providers());
    }

    @Test
    void vmRemovedDropsTheVmWithItsUsagePendingActionAndError() {
        VmsState before = busy(web, db);
        VmsState after = reduce(before, new VmAction.VmRemoved(web.ref()));

        assertEquals(Map.of(db.ref(), db), after.vms());
        assertKeptAbout(after, db.ref());
    }

    /** Usage, pending actions and errors are kept about exactly these VMs. */
    private static void assertKeptAbout(VmsState state, VmRef... refs) {
        assertEquals(Set.of(refs), state.usage().keySet(), "usage");
        assertEquals(Set.of(refs), state.pending().keySet(), "pending");
        assertEquals(Set.of(refs), state.errors().keySet(), "errors");
    }

    @Test
    void vmsReplacedDropsStaleVmsOfThatConnectionOnly() {
        Vm stale = vm("stale");
        Vm onSession = vm(ref(LIBVIRT, SESSION, "stale"), VmStates.RUNNING);
        Vm otherProvider = vm(ref("ovirt", SYSTEM, "stale"), VmStates.RUNNING);
        VmsState before = busy(web, stale, onSession, otherProvider);
        Vm webRunning = web.withState(VmStates.RUNNING, null);
        Vm added = vm("added");

        VmsState after = reduce(before, new VmAction.VmsReplaced(LIBVIRT, SYSTEM, List.of(webRunning, added)));

        assertEquals(Map.of(webRunning.ref(), webRunning, added.ref(), added, onSession.ref(), onSession,
                otherProvider.ref(), otherProvider), after.vms());
        assertFalse(after.usage().containsKey(stale.ref()));
        assertFalse(after.pending().containsKey(stale.ref()));
        assertFalse(after.errors().containsKey(stale.ref()));
        assertTrue(after.usage().containsKey(onSession.ref()));
        assertTrue(after.errors().containsKey(otherProvider.ref()));
        // A VM still listed keeps what is known about it.
        assertTrue(after.usage().containsKey(web.ref()));
        assertTrue(after.pending().containsKey(web.ref()));
    }

    @Test
    void vmsReplacedWithNothingEmptiesThatConnection() {
        VmsState before = busy(web, db);
        VmsState after = reduce(before, new VmAction.VmsReplaced(LIBVIRT, SYSTEM, List.of()));
        assertTrue(after.vms().isEmpty());
        assertKeptAbout(after);
    }

    @Test
    void usageSampledStoresSamplesOfKnownVmsAndIgnoresUnknownOnes() {
        VmsState before = busy(web, db);
        VmUsage webSample = usage(55);
        VmRef ghost = ref("ghost");

        VmsState after = reduce(before, new VmAction.UsageSampled(Map.of(web.ref(), webSample, ghost, usage(1))));

        assertSame(webSample, after.usage().get(web.ref()));
        assertSame(before.usage().get(db.ref()), after.usage().get(db.ref()));
        assertFalse(after.usage().containsKey(ghost));
        assertSame(before.vms(), after.vms());
    }

    @Test
    void anActionGoesFromPendingToSuccessClearingTheLastError() {
        VmsState failedBefore = reduce(VmsState.EMPTY, new VmAction.VmUpdated(web),
                new VmAction.VmActionFailed(web.ref(), VmVerb.START, "no memory", 5));

        VmsState started = reduce(failedBefore, new HostVmAction.VmActionStarted(web.ref(), VmVerb.START));
        assertEquals(VmVerb.START, started.pending().get(web.ref()));
        assertTrue(started.errors().containsKey(web.ref()), "the old error stays while the action runs");

        VmsState done = reduce(started, new HostVmAction.VmActionSucceeded(web.ref(), VmVerb.START));
        assertTrue(done.pending().isEmpty());
        assertTrue(done.errors().isEmpty());
    }

    @Test
    void aFailedActionLeavesItsErrorOnTheVm() {
        VmsState started = reduce(VmsState.EMPTY, new VmAction.VmUpdated(web),
                new HostVmAction.VmActionStarted(web.ref(), VmVerb.SHUTDOWN));

        VmsState failed = reduce(started,
                new VmAction.VmActionFailed(web.ref(), VmVerb.SHUTDOWN, "Domain 'web' is not running", 1234));

        assertTrue(failed.pending().isEmpty());
        assertEquals(new VmError(VmVerb.SHUTDOWN, "Domain 'web' is not running", 1234), failed.errors().get(web.ref()));
    }

    @Test
    void aDismissedErrorGoesButANewerOneStays() {
        VmsState failed = reduce(VmsState.EMPTY, new VmAction.VmUpdated(web),
                new VmAction.VmActionFailed(web.ref(), VmVerb.REBOOT, "no ACPI", 10));

        assertTrue(reduce(failed, new HostVmAction.VmErrorDismissed(web.ref(), 10)).errors().isEmpty());
        VmsState newer = reduce(failed, new VmAction.VmActionFailed(web.ref(), VmVerb.REBOOT, "still no ACPI", 20));
        assertSame(newer, reduce(newer, new HostVmAction.VmErrorDismissed(web.ref(), 10)),
                "a dismissal of the failure someone saw leaves the one they have not seen yet");
    }

    @Test
    void aProvidersOwnActionIsMarkedLikeAVerb() {
        ProviderAction snapshot = ProviderAction.of("snapshot-all", "Snapshot all disks");
        VmsState started = reduce(VmsState.EMPTY, new VmAction.VmUpdated(web), new HostVmAction.VmActionStarted(web.ref(), snapshot));
        assertEquals(snapshot, started.pending().get(web.ref()));

        VmsState failed = reduce(started, new VmAction.VmActionFailed(web.ref(), snapshot, "the engine is read-only", 9));
        assertTrue(failed.pending().isEmpty());
        assertEquals(new VmError(snapshot, "the engine is read-only", 9), failed.errors().get(web.ref()));
    }

    @Test
    void actionsThatChangeNothingKeepTheSameInstance() {
        VmsState before = busy(web, db);
        VmRef ghost = ref("ghost");
        List<Action> unchanging = List.of(
                new VmAction.VmUpdated(vm("web")),
                new VmAction.VmRemoved(ghost),
                // A reload that finds nothing new.
                new VmAction.VmsReplaced(LIBVIRT, SYSTEM, List.of(vm("web"), vm("db"))),
                // Samples of VMs that are gone, and an empty tick.
                new VmAction.UsageSampled(Map.of(ghost, usage(1))),
                new VmAction.UsageSampled(Map.of()),
                // Actions on a VM that is gone leave nothing behind.
                new HostVmAction.VmActionStarted(ghost, VmVerb.START),
                new VmAction.VmActionFailed(ghost, VmVerb.START, "Domain not found", 7),
                new HostVmAction.VmActionSucceeded(ghost, VmVerb.START),
                new StoreEvent.BranchAdded("other"),
                new Action() { });
        for (Action action : unchanging) {
            assertSame(before, Vms.REDUCER.reduce(before, action), action.toString());
        }
    }

    @Test
    void aVmDefinedAgainStartsWithACleanSlate() {
        VmRef gone = web.ref();
        VmsState again = reduce(busy(db), new HostVmAction.VmActionStarted(gone, VmVerb.START),
                new VmAction.VmActionFailed(gone, VmVerb.START, "Domain not found", 7), new VmAction.VmUpdated(web));
        assertFalse(again.errors().containsKey(gone));
        assertFalse(again.pending().containsKey(gone));
    }

    @Test
    void connectionAndProviderChangesAreKeptByKey() {
        ConnectionStatus connecting = new ConnectionStatus(LIBVIRT, SYSTEM, "System",
                ConnectionStatus.State.CONNECTING, null, false, 1);
        ConnectionStatus lost = new ConnectionStatus(LIBVIRT, SYSTEM, "System",
                ConnectionStatus.State.LOST, "daemon restarted", false, 2);
        ProviderStatus active = new ProviderStatus(LIBVIRT, "hangar-libvirt", ProviderStatus.State.ACTIVE, null);

        VmsState state = reduce(VmsState.EMPTY, new VmAction.ConnectionChanged(connecting),
                new VmAction.ConnectionChanged(lost), new HostVmAction.ProviderChanged(active));

        assertEquals(Map.of(lost.key(), lost), state.connections());
        assertSame(lost, state.connection(LIBVIRT, SYSTEM).orElseThrow());
        assertEquals(Map.of(LIBVIRT, active), state.providers());
    }

    @Test
    void providerRemovedDropsItsVmsConnectionsAndStatusOnly() {
        Vm other = vm(ref("ovirt", "engine.example", "other"), VmStates.RUNNING);
        Vm onSession = vm(ref(LIBVIRT, SESSION, "desk"), VmStates.RUNNING);
        ConnectionStatus system = new ConnectionStatus(LIBVIRT, SYSTEM, null, ConnectionStatus.State.CONNECTED,
                null, false, 1);
        ConnectionStatus session = new ConnectionStatus(LIBVIRT, SESSION, null, ConnectionStatus.State.CONNECTED,
                null, false, 1);
        ConnectionStatus engine = new ConnectionStatus("ovirt", "engine.example", null,
                ConnectionStatus.State.CONNECTED, null, false, 1);
        VmsState before = reduce(busy(web, onSession, other), new VmAction.ConnectionChanged(system),
                new VmAction.ConnectionChanged(session), new VmAction.ConnectionChanged(engine),
                failed(LIBVIRT, "hangar-libvirt"), failed("ovirt", "hangar-ovirt"));

        VmsState after = reduce(before, new HostVmAction.ProviderRemoved(LIBVIRT));

        assertEquals(Map.of(other.ref(), other), after.vms());
        assertKeptAbout(after, other.ref());
        assertEquals(Map.of(engine.key(), engine), after.connections());
        assertEquals(List.of("ovirt"), List.copyOf(after.providers().keySet()));
    }

    @Test
    void findLooksUpByProviderConnectionAndName() {
        Vm onSession = vm(ref(LIBVIRT, SESSION, "web"), VmStates.RUNNING);
        VmsState state = busy(web, onSession);
        assertEquals(Optional.of(onSession), state.find(LIBVIRT, SESSION, "web"));
        assertEquals(Optional.of(web), state.find(LIBVIRT, SYSTEM, "web"));
        assertEquals(Optional.empty(), state.find("ovirt", SYSTEM, "web"));
        assertEquals(Optional.empty(), state.find(LIBVIRT, SYSTEM, "nothing"));
    }

    @Test
    void actionsAreImmutableCopies() {
        ArrayList<Vm> list = new ArrayList<>(List.of(web));
        VmAction.VmsReplaced replaced = new VmAction.VmsReplaced(LIBVIRT, SYSTEM, list);
        list.add(db);
        assertEquals(List.of(web), replaced.vms());
        HashMap<VmRef, VmUsage> samples = new HashMap<>(Map.of(web.ref(), usage(1)));
        VmAction.UsageSampled sampled = new VmAction.UsageSampled(samples);
        samples.clear();
        assertEquals(1, sampled.usage().size());
        assertNotSame(samples, sampled.usage());
    }

    private static HostVmAction failed(String provider, String pluginId) {
        return new HostVmAction.ProviderChanged(new ProviderStatus(provider, pluginId, ProviderStatus.State.FAILED, "broken"));
    }
}
