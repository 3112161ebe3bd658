package dev.hangar.host.security;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinSession;
import java.util.Optional;

/**
 * Who is signed in to one Vaadin session, and what they may do. A view gets the access of its own
 * session when it is made and asks it for the {@link Actor} of each action it passes on (to
 * {@code VmCommands}, the plugin service, the {@link Gatekeeper}); it also shows or hides buttons with
 * {@link #may}. The server-side check is the gatekeeper's, on the actor it is given.
 */
public final class Access {
    /** The session attribute of the client's address at the session's latest request, as {@link SessionCheck} found it. */
    static final String CLIENT_ADDRESS = Access.class.getName() + ".clientAddress";

    private final VaadinSession session;

    public Access(VaadinSession session) {
        this.session = session;
    }

    /**
     * The session's user as they are now (a changed role applies at once), from the address of the
     * session's latest request; empty when the session is anonymous or has ended.
     */
    public Optional<Actor> actor() {
        Actor actor = session.getAttribute(Actor.class);
        if (actor == null) {
            return Optional.empty();
        }
        String address = address();
        return Optional.of(address == null ? actor : new Actor(actor.name(), actor.role(), address));
    }

    public boolean signedIn() {
        return session.getAttribute(Actor.class) != null;
    }

    /** False for anonymous sessions. */
    public boolean may(Permission permission) {
        Actor actor = session.getAttribute(Actor.class);
        return actor != null && actor.may(permission);
    }

    /** The signed-in user's name, or an empty string. */
    public String userName() {
        return actor().map(Actor::name).orElse("");
    }

    /**
     * The client address of the session's latest request (behind a trusted proxy, the one it forwarded
     * for), or null before any request was checked (a session made by a test).
     */
    public String address() {
        Object address = session.getAttribute(CLIENT_ADDRESS);
        return address == null ? null : address.toString();
    }

    /**
     * Marks the session as signed in. The login view does so through {@link Sessions#signIn}, which
     * lists the session too; Karibu tests call this to act as a user.
     */
    public void signIn(Actor actor) {
        session.setAttribute(Actor.class, actor);
    }

    /** Ends the session; {@code ui}, the page the user signed out from, then shows the login page. */
    public void signOut(UI ui) {
        ui.getPage().setLocation("login");
        session.setAttribute(Actor.class, null);
        session.getSession().invalidate();
    }
}
