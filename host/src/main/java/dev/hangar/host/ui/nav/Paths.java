package dev.hangar.host.ui.nav;

import com.vaadin.flow.component.html.Anchor;

/**
 * The console's addresses, which the frame, the list and the details page link to by path rather than
 * by each other's classes (a view that links to a view it is linked from would make a package cycle).
 * The routes are declared with these constants; a VM's page is at {@link VmAddress}.
 */
public final class Paths {
    /** The VM list, the console's start page. */
    public static final String VMS = "";
    public static final String PLUGINS = "plugins";
    public static final String TASKS = "tasks";
    public static final String AUDIT = "audit";
    public static final String INSPECTOR = "inspector";
    public static final String SESSIONS = "sessions";
    public static final String LOGIN = "login";

    private Paths() {
    }

    /** A link to a page of the console that navigates in place, as a {@code RouterLink} does. */
    public static Anchor link(String text, String path) {
        Anchor link = new Anchor(path, text);
        // Vaadin's client router takes over clicks on links with this attribute: no page reload.
        link.getElement().setAttribute("router-link", true);
        return link;
    }
}
