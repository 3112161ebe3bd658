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
import dev.hangar.plugins.VirtProvider;
import dev.hangar.plugins.vm.Vm;
import dev.hangar.plugins.vm.VmOperation;
import dev.hangar.plugins.vm.VmVerb;
import java.util.List;

/**
 * The actions of one VM on its page: what its {@link VmMenu} offers, the primary one as a button and
 * the others in a menu, with the page's own entries (Rename, Clone) above Delete. While an action
 * runs, the bar says so instead.
 */
public final class VmActionBar extends HorizontalLayout {
    /** An entry of the page's own in the menu: it opens a dialog, so its label ends with "…". */
    public record Extra(String label, String className, Runnable action) {
    }

    /**
     * @param provider the VM's provider, or null when it is no longer active (no action is offered)
     * @param pending  the verb or provider action running on the VM, or null
     * @param extras   the page's own entries, offered when no action runs
     */
    public VmActionBar(Vm vm, VirtProvider provider, VmOperation pending, VmActionRunner runner, List<Extra> extras) {
        addClassName("vm-actions");
        setSpacing(false);
        setAlignItems(Alignment.CENTER);
        VmMenu offered = VmMenu.of(provider, vm.state(), runner.access()::may);
        VmVerb primary = offered.primary();
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
        if (!offered.menu().isEmpty() || (provider != null && !extras.isEmpty())) {
            add(menu(vm, offered, runner, provider == null ? List.of() : extras));
        }
    }

    private static MenuBar menu(Vm vm, VmMenu offered, VmActionRunner runner, List<Extra> extras) {
        MenuBar bar = new MenuBar();
        bar.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE, MenuBarVariant.LUMO_ICON, MenuBarVariant.LUMO_SMALL);
        bar.addClassName("vm-menu");
        MenuItem root = bar.addItem(VaadinIcon.ELLIPSIS_DOTS_V.create());
        root.getElement().setAttribute("aria-label", "More actions for " + vm.name());
        root.getElement().setAttribute("title", "More actions");
        SubMenu sub = root.getSubMenu();
        boolean hasDelete = offered.menu().contains(VmVerb.DELETE);
        for (VmMenu.Item entry : offered.items()) {
            if (entry.verb() == VmVerb.DELETE) {
                addExtras(sub, extras);
            }
            if (entry.separatorBefore() || entry.verb() == VmVerb.DELETE && !extras.isEmpty()) {
                sub.add(new Hr());
            }
            MenuItem item = sub.addItem(entry.label(), e -> runner.perform(vm, entry.verb()));
            item.addClassName(entry.className());
            if (entry.danger()) {
                item.addClassName("danger");
            }
        }
        if (!hasDelete) {
            addExtras(sub, extras);
        }
        return bar;
    }

    private static void addExtras(SubMenu sub, List<Extra> extras) {
        for (Extra extra : extras) {
            sub.addItem(extra.label(), e -> extra.action().run()).addClassName(extra.className());
        }
    }
}
