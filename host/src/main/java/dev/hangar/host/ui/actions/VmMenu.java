package dev.hangar.host.ui.actions;

import dev.hangar.host.security.Permission;
import dev.hangar.plugins.Verbs;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.vm.VmVerb;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The actions one VM offers, as Cockpit Machines shows them: the primary one as a button (Run when
 * the provider says it can run, else Shut down) and every other one the provider and the user's role
 * allow in a menu. The one rule of the list's rows and the VM page's {@link VmActionBar}; plain Java,
 * so it is tested without a UI. The server checks the role again when an action runs.
 *
 * @param primary the verb of the button, or null for none
 * @param menu    the verbs of the menu, in order, without the primary one
 */
public record VmMenu(VmVerb primary, List<VmVerb> menu) {
    /** The order of the menu; the primary verb is left out of it. */
    private static final List<VmVerb> MENU_ORDER = List.of(VmVerb.PAUSE, VmVerb.RESUME, VmVerb.REBOOT,
            VmVerb.FORCE_REBOOT, VmVerb.SHUTDOWN, VmVerb.FORCE_OFF, VmVerb.SEND_NMI, VmVerb.START, VmVerb.DELETE);
    /** What a VM offers whose provider is gone, or while an action runs on it. */
    public static final VmMenu NONE = new VmMenu(null, List.of());

    /** One entry of the menu, as both menus show it. */
    public record Item(VmVerb verb, String label, String className, boolean danger, boolean separatorBefore) {
    }

    public VmMenu {
        menu = List.copyOf(menu);
    }

    /**
     * @param provider the VM's provider, or null when it is no longer active (nothing is offered)
     * @param may      whether the user may act so
     */
    public static VmMenu of(VirtProvider provider, String state, Predicate<Permission> may) {
        if (provider == null) {
            return NONE;
        }
        Predicate<VmVerb> offered = verb -> may.test(Permission.forVerb(verb)) && Verbs.allowed(provider, verb, state);
        VmVerb primary = offered.test(VmVerb.START) ? VmVerb.START : offered.test(VmVerb.SHUTDOWN) ? VmVerb.SHUTDOWN : null;
        List<VmVerb> menu = new ArrayList<>();
        for (VmVerb verb : MENU_ORDER) {
            if (verb != primary && offered.test(verb)) {
                menu.add(verb);
            }
        }
        return new VmMenu(primary, menu);
    }

    /** The menu's entries: delete set apart below the others, "…" and danger on those that ask first. */
    public List<Item> items() {
        List<Item> items = new ArrayList<>();
        for (VmVerb verb : menu) {
            items.add(new Item(verb, verb.label() + (needsDialog(verb) ? "…" : ""), className(verb), needsDialog(verb),
                    verb == VmVerb.DELETE && !items.isEmpty()));
        }
        return items;
    }

    /** Verbs that lose the guest's state, so they ask before they act (and the menu shows "…"). */
    public static boolean needsDialog(VmVerb verb) {
        return verb == VmVerb.DELETE || verb == VmVerb.FORCE_OFF || verb == VmVerb.FORCE_REBOOT;
    }

    /** The class of a verb's menu item ("vm-action-force-off"), the same in every locale. */
    public static String className(VmVerb verb) {
        return "vm-action-" + verb.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
