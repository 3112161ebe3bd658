package dev.hangar.host.ui.vmlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.host.providers.GuardedProvider;
import dev.hangar.host.state.VmsReducer;
import dev.hangar.host.state.VmsState;
import dev.hangar.host.ui.components.Snapshot;
import dev.hangar.plugins.state.ConnectionStatus;
import dev.hangar.plugins.state.VmActions;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmStateInfo;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmUsage;
import dev.hangar.plugins.vm.VmVerb;
import dev.hangar.store.Action;
import dev.hangar.testsupport.TestProvider;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the list shows, worked out without a UI: the diff, the filter, the count, the state choices. */
class VmListModelTest {
    private static final VmActions ACTIONS = VmActions.INSTANCE;
    private final TestProvider provider = new TestProvider("test");
    private final VmsReducer reducer = new VmsReducer();
    private final Vm web = provider.vm("web", VmStates.RUNNING);
    private final Vm db = provider.vm("db", VmStates.SHUT_OFF);
    // No lane and no failure handling: the model only reads a provider's states and predicates.
    private final Map<String, ActiveProvider> active = Map.of("test", new ActiveProvider("test", "test-plugin",
            new GuardedProvider("test", provider, null, null),
            Map.of(TestProvider.MIGRATING, new VmStateInfo("Migrating", "warning", "exchange"))));

    private VmsState apply(VmsState state, Action... actions) {
        for (Action action : actions) {
            state = reducer.reduce(state, action);
        }
        return state;
    }

    private Snapshot two() {
        return new Snapshot(apply(VmsState.EMPTY, ACTIONS.replaceVms("test", TestProvider.CONNECTION, List.of(web, db))),
                active);
    }

    @Test
    void vmsThatComeOrGoReplaceTheItemsAndTheFirstStateShowsBanners() {
        Snapshot empty = new Snapshot(VmsState.EMPTY, active);
        VmListModel.Update first = VmListModel.update(empty, two(), () -> false);
        assertTrue(first.items());
        assertTrue(first.banners());
        Snapshot before = two();
        Snapshot after = new Snapshot(apply(before.vms(), ACTIONS.vmRemoved(db.ref())), active);
        assertTrue(VmListModel.update(before, after, () -> false).items());
    }

    @Test
    void aChangedVmRefreshesItsRowOnlyUnlessTheOrderDependsOnIt() {
        Snapshot before = two();
        Snapshot after = new Snapshot(apply(before.vms(), ACTIONS.updateOrAddVm(db.withState(VmStates.RUNNING, "booted"))),
                active);
        VmListModel.Update rows = VmListModel.update(before, after, () -> false);
        assertEquals(new VmListModel.Update(false, false, false, Set.of(db.ref()), false), rows);
        VmListModel.Update all = VmListModel.update(before, after, () -> true);
        assertTrue(all.all(), "sorted or filtered by state: every row, as the order may change");
        assertEquals(new VmListModel.Update(false, false, false, Set.of(), false),
                VmListModel.update(before, before, () -> true), "nothing changed, nothing to do");
    }

    @Test
    void aConnectionChangeRefreshesEveryRowAndTheBanners() {
        Snapshot before = two();
        Snapshot after = new Snapshot(apply(before.vms(), ACTIONS.connectionChanged(new ConnectionStatus("test",
                TestProvider.CONNECTION, "Test", ConnectionStatus.State.LOST, "gone", false, 1))), active);
        VmListModel.Update update = VmListModel.update(before, after, () -> false);
        assertTrue(update.all());
        assertTrue(update.banners());
        assertFalse(update.items());
    }

    @Test
    void aSampleThatShowsTheSameChangesNoRow() {
        VmsState a = apply(two().vms(), ACTIONS.usageSampled(Map.of(web.ref(), new VmUsage(12.5, 2048, 1000))));
        VmsState same = apply(a, ACTIONS.usageSampled(Map.of(web.ref(), new VmUsage(12.51, 2048, 4000))));
        assertEquals(Set.of(), VmListModel.changed(a, same));
        VmsState other = apply(a, ACTIONS.usageSampled(Map.of(web.ref(), new VmUsage(20, 2048, 4000))));
        assertEquals(Set.of(web.ref()), VmListModel.changed(a, other));
    }

    @Test
    void theFilterMatchesNamesWhateverTheirCaseAndTheStateExactly() {
        VmListModel.Filter byName = new VmListModel.Filter("  WE ", null);
        assertTrue(byName.test(web.ref(), web));
        assertFalse(byName.test(db.ref(), db));
        assertFalse(byName.live());
        VmListModel.Filter byState = new VmListModel.Filter(null, VmStates.SHUT_OFF);
        assertTrue(byState.test(db.ref(), db));
        assertFalse(byState.test(web.ref(), web));
        assertFalse(byState.test(web.ref(), null), "a VM that is gone has no state");
        assertTrue(byState.live());
        assertTrue(VmListModel.Filter.NONE.test(web.ref(), null));
    }

    @Test
    void countsAndStateChoices() {
        assertEquals("1 of 1 VM shown", VmListModel.count(1, 1));
        assertEquals("0 of 12 VMs shown", VmListModel.count(0, 12));
        List<String> states = VmListModel.stateChoices(two());
        assertTrue(states.containsAll(List.of(VmStates.RUNNING, VmStates.SHUT_OFF, TestProvider.MIGRATING)), states.toString());
        assertEquals("Migrating", VmListModel.stateLabel(active, TestProvider.MIGRATING), "a provider's own label");
        assertEquals("Running", VmListModel.stateLabel(active, VmStates.RUNNING));
    }

    @Test
    void onlyAVerbsOwnNameIsAVerb() {
        assertEquals(VmVerb.FORCE_OFF, VmListModel.verb("FORCE_OFF"));
        assertEquals(null, VmListModel.verb("force_off"));
        assertEquals(null, VmListModel.verb("<script>"));
    }
}
