package dev.hangar.host.ui.login;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.RequiresPermission;
import dev.hangar.host.ui.wiring.Views;
import dev.hangar.host.ui.nav.Paths;

/**
 * Puts every navigation behind sign-in: an anonymous session is rerouted to the login view before any
 * other view is created (so it never renders a VM or a plugin), and a route marked
 * {@link RequiresPermission} forwards users whose role lacks it to the VM list. Also has the
 * application's security check every request of a signed-in session against its account
 * ({@code Security.checkSessions}): idle, removed or ended sessions end, changed roles apply.
 * Registered through META-INF/services.
 */
public final class AccessGuard implements VaadinServiceInitListener {
    private static final long serialVersionUID = 1L;

    @Override
    public void serviceInit(ServiceInitEvent event) {
        Views.application(event.getSource()).security().checkSessions(event);
        event.getSource().addUIInitListener(e -> e.getUI().addBeforeEnterListener(AccessGuard::beforeEnter));
    }

    static void beforeEnter(BeforeEnterEvent event) {
        Access access = new Access(event.getUI().getSession());
        Class<?> target = event.getNavigationTarget();
        if (target == LoginView.class) {
            if (access.signedIn()) {
                event.forwardTo(Paths.VMS);
            }
            return;
        }
        if (!access.signedIn()) {
            // Reroute keeps the address in the browser; the login view returns there after sign-in.
            LoginView.rememberAskedFor(event.getUI(), event.getLocation());
            event.rerouteTo(LoginView.class);
            return;
        }
        RequiresPermission required = target.getAnnotation(RequiresPermission.class);
        if (required != null && !access.may(required.value())) {
            event.forwardTo(Paths.VMS);
        }
    }
}
