package dev.hangar.host.ui.vmlist;

import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.host.state.VmsState;
import dev.hangar.host.ui.components.Formats;
import dev.hangar.host.ui.components.Snapshot;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStates;
import dev.hangar.plugins.vm.VmUsage;
import dev.hangar.plugins.vm.VmVerb;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;

/**
 * What the VM list shows, worked out in plain Java from snapshots: which rows a new snapshot changes,
 * which VMs a filter keeps, the count, the states to filter by. {@link VmRow} is one row and its
 * actions ({@code VmMenu}); {@link VmListView} only renders what this says.
 */
final class VmListModel {

    private VmListModel() {
    }

    /**
     * What the list redoes for a new snapshot.
     *
     * @param providers whether the providers changed (the columns that fit and the state choices follow)
     * @param items     whether VMs came or went: the grid's items are replaced
     * @param all       whether every row is refreshed (a connection or provider changed, or the order depends on what changed)
     * @param rows      the rows to refresh otherwise
     * @param banners   whether the banners follow (connections or providers changed, or the first state)
     */
    record Update(boolean providers, boolean items, boolean all, Set<VmRef> rows, boolean banners) {
    }

    /**
     * @param orderDependsOnLiveValues whether the list's filter or sort uses values that change while a
     *                                 VM lives (asked only when some rows changed)
     */
    static Update update(Snapshot previous, Snapshot next, BooleanSupplier orderDependsOnLiveValues) {
        VmsState before = previous.vms();
        VmsState after = next.vms();
        boolean providersChanged = previous.providers() != next.providers();
        boolean providers = providersChanged || before.providers() != after.providers();
        boolean banners = before.connections() != after.connections() || before.providers() != after.providers()
                || before == VmsState.EMPTY;
        if (!sameRefs(before, after)) {
            return new Update(providers, true, true, Set.of(), banners);
        }
        if (providersChanged || before.connections() != after.connections()) {
            return new Update(providers, false, true, Set.of(), banners);
        }
        Set<VmRef> changed = changed(before, after);
        boolean all = !changed.isEmpty() && orderDependsOnLiveValues.getAsBoolean();
        return new Update(providers, false, all, all ? Set.of() : changed, banners);
    }

    private static boolean sameRefs(VmsState a, VmsState b) {
        if (a.vms() == b.vms()) {
            return true;
        }
        if (a.vms().size() != b.vms().size()) {
            return false;
        }
        for (VmRef ref : b.vms().keySet()) {
            if (!a.vms().containsKey(ref)) {
                return false;
            }
        }
        return true;
    }

    /** The VMs whose row shows something new; reducers keep unchanged values as the same instances. */
    static Set<VmRef> changed(VmsState a, VmsState b) {
        Set<VmRef> changed = new HashSet<>();
        collect(a.vms(), b.vms(), changed, (x, y) -> x == y);
        // Every stats tick brings a new sample for every VM; only a change the row shows refreshes it,
        // or a tick would re-render every row of a large list.
        collect(a.usage(), b.usage(), changed, VmListModel::sameShown);
        collect(a.pending(), b.pending(), changed, (x, y) -> x == y);
        collect(a.errors(), b.errors(), changed, (x, y) -> x == y);
        return changed;
    }

    private static boolean sameShown(VmUsage x, VmUsage y) {
        if (x == y || (x != null && y != null && x.cpuPercent() == y.cpuPercent() && x.memoryUsedKiB() == y.memoryUsedKiB())) {
            return true;
        }
        return x != null && y != null
                && Formats.percent(x.cpuPercent()).equals(Formats.percent(y.cpuPercent()))
                && Formats.kib(x.memoryUsedKiB()).equals(Formats.kib(y.memoryUsedKiB()));
    }

    private static <V> void collect(Map<VmRef, V> before, Map<VmRef, V> after, Set<VmRef> changed,
                                    BiPredicate<V, V> same) {
        if (before == after) {
            return;
        }
        after.forEach((ref, value) -> {
            if (!same.test(before.get(ref), value)) {
                changed.add(ref);
            }
        });
        for (VmRef ref : before.keySet()) {
            if (!after.containsKey(ref)) {
                changed.add(ref);
            }
        }
    }

    /**
     * Which VMs the list shows: names containing {@code text} whatever its case (in every locale the
     * same: a Turkish host finds "WIN-01" by "win"), and only VMs in {@code state} when it is given.
     */
    record Filter(String text, String state) {
        static final Filter NONE = new Filter("", null);

        Filter {
            text = Objects.requireNonNullElse(text, "").strip().toLowerCase(Locale.ROOT);
        }

        boolean test(VmRef ref, Vm vm) {
            if (!text.isEmpty() && !ref.name().toLowerCase(Locale.ROOT).contains(text)) {
                return false;
            }
            return state == null || (vm != null && vm.state().equals(state));
        }

        /** Whether what it keeps changes with the VMs' states (and not only as VMs come or go). */
        boolean live() {
            return state != null;
        }
    }

    /** The toolbar's count: "12 of 40 VMs shown". */
    static String count(int shown, int total) {
        return shown + " of " + total + (total == 1 ? " VM" : " VMs") + " shown";
    }

    /** The states one can filter by: the built-in ones, the providers' own, and any a VM is in; sorted by label. */
    static List<String> stateChoices(Snapshot snapshot) {
        Map<String, String> labels = new TreeMap<>();
        VmStates.builtIn().forEach((state, info) -> labels.put(state, info.label()));
        for (ActiveProvider provider : snapshot.providers().values()) {
            provider.states().forEach((state, info) -> labels.put(state, info.label()));
        }
        for (Vm vm : snapshot.vms().vms().values()) {
            labels.putIfAbsent(vm.state(), vm.state());
        }
        List<String> states = new ArrayList<>(labels.keySet());
        states.sort(Comparator.comparing((String state) -> stateLabel(snapshot.providers(), state),
                String.CASE_INSENSITIVE_ORDER));
        return states;
    }

    /** A state's label: a provider's own where one has it, else the built-in one. */
    static String stateLabel(Map<String, ActiveProvider> providers, String state) {
        for (ActiveProvider provider : providers.values()) {
            if (provider.states().containsKey(state)) {
                return provider.stateInfo(state).label();
            }
        }
        return VmStates.info(VmStates.builtIn(), state).label();
    }

    /** The verb a row's button names (the browser sends it back), or null for a name that is no verb. */
    static VmVerb verb(String name) {
        return Arrays.stream(VmVerb.values()).filter(v -> v.name().equals(name)).findFirst().orElse(null);
    }
}
