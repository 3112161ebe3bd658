package dev.hangar.host.ui.vmlist;

import dev.hangar.host.providers.ActiveProvider;
import dev.hangar.host.providers.VmCommands;
import dev.hangar.host.security.Permission;
import dev.hangar.host.ui.components.HostComponents;
import dev.hangar.host.ui.actions.VmMenu;
import dev.hangar.host.ui.components.ErrorNote;
import dev.hangar.host.ui.components.Snapshot;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmError;
import dev.hangar.plugins.vm.VmOperation;
import dev.hangar.plugins.vm.VmRef;
import dev.hangar.plugins.vm.VmStateInfo;
import dev.hangar.plugins.vm.VmVerb;
import java.util.List;
import java.util.function.Predicate;

/**
 * What one row of the VM list shows, worked out on the server from a snapshot; the browser renders it.
 * Empty strings stand for "nothing to show", as the row's template hides what is empty.
 *
 * @param vm         the VM, or null when it is gone from the snapshot
 * @param error      the VM's last failure, or null
 * @param dismissable whether the signed-in user may dismiss that failure (the menu then offers it)
 * @param primary    the verb of the row's button, or null for none
 * @param menu       the verbs of the row's menu, in order
 */
record VmRow(VmRef ref, Vm vm, String href, String stateLabel, String stateTheme, String stateStyle,
             String stateIcon, VmError error, boolean dismissable, String pendingText, VmVerb primary,
             List<VmVerb> menu) {

    /** @param may whether the signed-in user may act so: the row offers only that (the server checks again) */
    static VmRow of(VmRef ref, Snapshot snapshot, String href, Predicate<Permission> may) {
        Vm vm = snapshot.vms().vms().get(ref);
        if (vm == null) {
            return new VmRow(ref, null, href, "", "badge", "", "", null, false, "", null, List.of());
        }
        VmStateInfo state = HostComponents.stateInfo(snapshot.providers(), vm);
        String color = HostComponents.customColor(state);
        String icon = state.icon() == null || state.icon().isBlank() ? "" : "vaadin:" + state.icon();
        VmError error = snapshot.vms().errors().get(ref);
        VmOperation pending = snapshot.vms().pending().get(ref);
        ActiveProvider active = snapshot.providers().get(ref.provider());
        VirtProvider provider = active == null ? null : active.provider();
        // While an action runs the row says so instead of offering more, as the details page does.
        VmMenu offered = pending == null ? VmMenu.of(provider, vm.state(), may) : VmMenu.NONE;
        return new VmRow(ref, vm, href, state.label(), HostComponents.badgeTheme(state),
                color == null ? "" : "color: " + color, icon, error,
                error != null && may.test(VmCommands.dismissPermission(error)), pending == null ? "" : pending.progress() + "…",
                offered.primary(), offered.menu());
    }

    /** The failure's whole text ("Pause failed: …"), or empty: what the state cell's marker stands for. */
    String errorText() {
        return error == null ? "" : ErrorNote.text(error);
    }

    /**
     * What the state cell's tooltip says: the state, why the VM is in it as the provider says
     * ("Shut off (destroyed)", as {@code virsh domstate --reason} shows it) and, after a failure, its
     * whole message.
     */
    String stateTooltip() {
        String reason = vm == null || vm.stateReason() == null || vm.stateReason().isBlank() ? ""
                : " (" + vm.stateReason() + ")";
        return error == null ? stateLabel + reason : stateLabel + reason + ". " + errorText();
    }

    /** Whether the row has a menu: other actions, or a failure to dismiss. */
    boolean hasMenu() {
        return !menu.isEmpty() || dismissable;
    }

    String primaryLabel() {
        return primary == null ? "" : primary.label();
    }

    /** The primary verb's name, which the row's button sends back. */
    String primaryVerb() {
        return primary == null ? "" : primary.name();
    }
}
