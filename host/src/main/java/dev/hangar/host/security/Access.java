package dev.hangar.host.security;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinSession;
import java.util.Optional;

/**
 * Who is signed in to the current Vaadin session, and what they may do. Views use it to show or hide
 * actions ({@code Access.current().may(Permission.DELETE)}); the server-side check of every action is
 * {@link Gatekeeper}'s, which reads the same session.
 */
public final class Access {
    private static final Access ANONYMOUS = new Access(null);
    /** The request attribute of the client's address, as {@link SessionCheck} found it. */
    static final String CLIENT_ADDRESS = Access.class.getName() + ".clientAddress";

    private final Actor actor;

    private Access(Actor actor) {
        this.actor = actor;
    }

    /** The access of the session of the current request or {@code UI.access} task; anonymous outside one. */
    public static Access current() {
        VaadinSession session = VaadinSession.getCurrent();
        if (session == null) {
            return ANONYMOUS;
        }
        Actor actor = session.getAttribute(Actor.class);
        return actor == null ? ANONYMOUS : new Access(actor);
    }

    public Optional<Actor> actor() {
        return Optional.ofNullable(actor);
    }

    public boolean signedIn() {
        return actor != null;
    }

    /** False for anonymous sessions. */
    public boolean may(Permission permission) {
        return actor != null && actor.may(permission);
    }

    /** The signed-in user's name, or an empty string. */
    public String userName() {
        return actor == null ? "" : actor.name();
    }

    /**
     * Marks the current session as signed in. The login view does so through {@link Sessions#signIn},
     * which lists the session too; Karibu tests call this to act as a user.
     */
    public static void signIn(Actor actor) {
        VaadinSession session = VaadinSession.getCurrent();
        if (session == null) {
            throw new IllegalStateException("no Vaadin session to sign in to");
        }
        session.setAttribute(Actor.class, actor);
    }

    /** Ends the current session; the browser then shows the login page. */
    public static void signOut() {
        VaadinSession session = VaadinSession.getCurrent();
        if (session == null) {
            return;
        }
        UI ui = UI.getCurrent();
        if (ui != null) {
            ui.getPage().setLocation("login");
        }
        session.setAttribute(Actor.class, null);
        // Invalidating the HTTP session ends every UI of it, including other tabs, and their push.
        session.getSession().invalidate();
    }

    /**
     * The client address of the current request (behind a trusted proxy, the one it forwarded for), or
     * null outside a request.
     */
    public static String requestAddress() {
        VaadinRequest request = VaadinRequest.getCurrent();
        if (request == null) {
            return null;
        }
        Object client = request.getAttribute(CLIENT_ADDRESS);
        return client != null ? client.toString() : request.getRemoteAddr();
    }
}
