package dev.hangar.host.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.Permission;
import dev.hangar.host.ui.login.UserMenu;
import dev.hangar.host.ui.nav.Paths;

/**
 * The frame of every page: a header with the product's name and the signed-in user, and a navigation
 * drawer (VMs, Plugins, Tasks for operators and administrators, and the audit log and the State
 * inspector for administrators).
 */
public class MainLayout extends AppLayout {

    public MainLayout(Access access) {
        addClassName("hangar-shell");
        DrawerToggle toggle = new DrawerToggle();
        toggle.getElement().setAttribute("aria-label", "Menu");
        Span title = new Span("Hangar");
        title.addClassName("hangar-title");
        addToNavbar(toggle, title, new UserMenu(access));

        SideNav nav = new SideNav();
        nav.addClassName("hangar-nav");
        nav.addItem(new SideNavItem("Virtual machines", Paths.VMS, VaadinIcon.SERVER.create()),
                new SideNavItem("Plugins", Paths.PLUGINS, VaadinIcon.PLUG.create()));
        if (access.may(Permission.LIFECYCLE)) {
            nav.addItem(new SideNavItem("Tasks", Paths.TASKS, VaadinIcon.TASKS.create()));
        }
        if (access.may(Permission.READ_AUDIT)) {
            nav.addItem(new SideNavItem("Audit log", Paths.AUDIT, VaadinIcon.RECORDS.create()));
        }
        if (access.may(Permission.INSPECT_STATE)) {
            nav.addItem(new SideNavItem("State inspector", Paths.INSPECTOR, VaadinIcon.SEARCH.create()));
        }
        addToDrawer(nav);
        setPrimarySection(Section.DRAWER);
    }
}
