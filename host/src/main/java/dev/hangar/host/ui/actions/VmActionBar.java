package dev.hangar.host.ui.actions;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.contextmenu.SubMenu;
import com.vaadin.flow.component.html.Hr;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.Permission;
import dev.hangar.plugins.Verbs;
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmOperation;
import dev.hangar.plugins.vm.VmVerb;
import java.util.ArrayList;
import java.util.List;

/**
 * The actions of one VM, as Cockpit Machines shows them: the primary one as a button (Run when the
 * provider says it can run, else Shut down) and every other action the provider allows in a menu.
 * While an action runs, the bar says so instead.
 */
public final class VmActionBar extends HorizontalLayout {
    /** The order of the menu; the primary verb is left out of it. */
    static final List<VmVerb> MENU_ORDER = List.of(VmVerb.PAUSE, VmVerb.RESUME, VmVerb.REBOOT,
            VmVerb.FORCE_REBOOT, VmVerb.SHUTDOWN, VmVerb.FORCE_OFF, VmVerb.SEND_NMI, VmVerb.START, VmVerb.DELETE);

    private final List<VmVerb> menuVerbs;
    private final VmVerb primary;

    /**
     * @param provider the VM's provider, or null when it is no longer active (no action is offered)
     * @param pending  the verb or provider action running on the VM, or null
     */
    public VmActionBar(Vm vm, VirtProvider provider, VmOperation pending, VmActionRunner runner) {
        addClassName("vm-actions");
        setSpacing(false);
        setAlignItems(Alignment.CENTER);
        primary = provider == null ? null : primaryVerb(provider, vm.state());
        menuVerbs = provider == null ? List.of() : menuVerbs(provider, vm.state(), primary);
        if (pending != null) {
            ProgressBar spinner = new ProgressBar();
            spinner.setIndeterminate(true);
            spinner.addClassName("vm-pending-bar");
            Span text = new Span(pending.progress() + "…");
            text.addClassName("vm-pending");
            add(spinner, text);
            return;
        }
        if (primary != null) {
            Button button = new Button(primary.label(), e -> runner.perform(vm, primary));
            button.addThemeVariants(ButtonVariant.LUMO_SMALL);
            button.addClassName("vm-primary-action");
            button.getElement().setAttribute("aria-label", primary.label() + " " + vm.name());
            add(button);
        }
        if (!menuVerbs.isEmpty()) {
            add(menu(vm, runner));
        }
    }

    /** Run when the provider and the user's role allow it, else Shut down when allowed, else none. */
    public static VmVerb primaryVerb(VirtProvider provider, String state) {
        if (offered(provider, VmVerb.START, state)) {
            return VmVerb.START;
        }
        return offered(provider, VmVerb.SHUTDOWN, state) ? VmVerb.SHUTDOWN : null;
    }

    public static List<VmVerb> menuVerbs(VirtProvider provider, String state, VmVerb primary) {
        List<VmVerb> verbs = new ArrayList<>();
        for (VmVerb verb : MENU_ORDER) {
            if (verb != primary && offered(provider, verb, state)) {
                verbs.add(verb);
            }
        }
        return verbs;
    }

    /** The provider's predicate holds and the signed-in user may act so (the server checks again). */
    private static boolean offered(VirtProvider provider, VmVerb verb, String state) {
        return Access.current().may(Permission.forVerb(verb)) && Verbs.allowed(provider, verb, state);
    }

    private MenuBar menu(Vm vm, VmActionRunner runner) {
        MenuBar bar = new MenuBar();
        bar.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE, MenuBarVariant.LUMO_ICON, MenuBarVariant.LUMO_SMALL);
        bar.addClassName("vm-menu");
        MenuItem root = bar.addItem(VaadinIcon.ELLIPSIS_DOTS_V.create());
        root.getElement().setAttribute("aria-label", "More actions for " + vm.name());
        root.getElement().setAttribute("title", "More actions");
        SubMenu sub = root.getSubMenu();
        for (VmVerb verb : menuVerbs) {
            if (verb == VmVerb.DELETE && !sub.getItems().isEmpty()) {
                sub.add(new Hr());
            }
            MenuItem item = sub.addItem(verb.label() + (needsDialog(verb) ? "…" : ""), e -> runner.perform(vm, verb));
            item.addClassName("vm-action-" + verb.name().toLowerCase().replace('_', '-'));
            if (needsDialog(verb)) {
                item.addClassName("danger");
            }
        }
        return bar;
    }

    /** Verbs that lose the guest's state, so they ask before they act (and the menu shows "…"). */
    public static boolean needsDialog(VmVerb verb) {
        return verb == VmVerb.DELETE || verb == VmVerb.FORCE_OFF || verb == VmVerb.FORCE_REBOOT;
    }

    /** The primary verb shown, or null. */
    public VmVerb primary() {
        return primary;
    }

    /** The verbs in the menu, in order. */
    public List<VmVerb> menuVerbs() {
        return menuVerbs;
    }
}
