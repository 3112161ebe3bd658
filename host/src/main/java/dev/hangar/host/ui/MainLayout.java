package dev.hangar.host.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.Permission;
import dev.hangar.host.security.audit.AuditView;
import dev.hangar.host.ui.inspector.InspectorView;
import dev.hangar.host.ui.login.UserMenu;
import dev.hangar.host.ui.pluginspage.PluginsView;
import dev.hangar.host.ui.tasks.TasksView;
import dev.hangar.host.ui.vmlist.VmListView;

/**
 * The frame of every page: a header with the product's name and the signed-in user, and a navigation
 * drawer (VMs, Plugins, Tasks for operators and administrators, and the audit log and the State
 * inspector for administrators).
 */
public class MainLayout extends AppLayout {

    public MainLayout() {
        addClassName("hangar-shell");
        DrawerToggle toggle = new DrawerToggle();
        toggle.getElement().setAttribute("aria-label", "Menu");
        Span title = new Span("Hangar");
        title.addClassName("hangar-title");
        addToNavbar(toggle, title, new UserMenu());

        SideNav nav = new SideNav();
        nav.addClassName("hangar-nav");
        nav.addItem(new SideNavItem("Virtual machines", VmListView.class, VaadinIcon.SERVER.create()),
                new SideNavItem("Plugins", PluginsView.class, VaadinIcon.PLUG.create()));
        if (Access.current().may(Permission.LIFECYCLE)) {
            nav.addItem(new SideNavItem("Tasks", TasksView.class, VaadinIcon.TASKS.create()));
        }
        if (Access.current().may(Permission.READ_AUDIT)) {
            nav.addItem(new SideNavItem("Audit log", AuditView.class, VaadinIcon.RECORDS.create()));
        }
        if (Access.current().may(Permission.INSPECT_STATE)) {
            nav.addItem(new SideNavItem("State inspector", InspectorView.class, VaadinIcon.SEARCH.create()));
        }
        addToDrawer(nav);
        setPrimarySection(Section.DRAWER);
    }
}
