package dev.hangar.host.ui.login;

import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.AbstractLogin.LoginEvent;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinService;
import dev.hangar.host.Hangar;
import dev.hangar.host.Security;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.Actor;
import dev.hangar.host.security.auth.SignIn;
import dev.hangar.host.ui.nav.Paths;

/**
 * The only page an anonymous session sees. Every route reroutes here until sign-in (see
 * {@code AccessGuard}); after it, the page reloads the address the user asked for.
 */
@Route(Paths.LOGIN)
@PageTitle("Sign in — Hangar")
public class LoginView extends VerticalLayout implements BeforeEnterObserver {
    private final Security security;
    private final Access access;
    private final LoginForm form = new LoginForm();
    private String returnTo = "./";

    public LoginView(Hangar hangar, Access access) {
        this.security = hangar.security();
        this.access = access;
        form.setI18n(texts(SignIn.FAILED));
        form.setForgotPasswordButtonVisible(false);
        form.addLoginListener(this::signIn);
        add(new H1("Hangar"), new Paragraph("Virtual machines of this host"), form);
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
    }

    /**
     * The address the browser asked for when the access guard rerouted it here (a reroute's own location
     * is this view's), remembered on the UI until sign-in.
     */
    public static void rememberAskedFor(UI ui, Location asked) {
        ComponentUtil.setData(ui, AskedFor.class, new AskedFor(asked.getPathWithQueryParameters()));
    }

    /** A path and query within the console; see {@link #target()}. */
    record AskedFor(String pathWithQuery) {
        /**
         * Where to go after sign-in: always a path below the console's base address ("./..."), never
         * another origin ("//host"), a scheme ("javascript:") or the login page itself.
         */
        String target() {
            String path = pathWithQuery.replaceFirst("^[/\\\\]+", "");
            if (path.isEmpty() || path.equals("login") || path.startsWith("login?")) {
                return "./";
            }
            return "./" + path;
        }
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        AskedFor asked = ComponentUtil.getData(event.getUI(), AskedFor.class);
        returnTo = (asked == null ? new AskedFor(event.getLocation().getPathWithQueryParameters()) : asked).target();
    }

    private void signIn(LoginEvent event) {
        VaadinRequest request = VaadinService.getCurrentRequest();
        SignIn.Outcome outcome = security.signIn().attempt(event.getUsername(), event.getPassword(), access.address());
        if (outcome.actor().isEmpty()) {
            form.setI18n(texts(outcome.message()));
            form.setError(true);
            form.setEnabled(true);
            return;
        }
        Actor actor = outcome.actor().get();
        // A new session id at sign-in, so that an id planted or seen before it is worth nothing.
        VaadinService.reinitializeSession(request);
        UI ui = form.getUI().orElseThrow();
        security.sessions().signIn(ui.getSession(), actor);
        // A full reload gives the signed-in session fresh UIs and a fresh push connection.
        ui.getPage().setLocation(returnTo);
    }

    private static LoginI18n texts(String errorMessage) {
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Sign in");
        i18n.getErrorMessage().setTitle("Sign-in failed");
        i18n.getErrorMessage().setMessage(errorMessage);
        return i18n;
    }
}
