package dev.hangar.host.ui.login;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.html.Anchor;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.Permission;
import dev.hangar.host.ui.nav.Paths;

/** For the header: who is signed in, with which role, administrators' way to the sessions, and sign-out. */
public class UserMenu extends HorizontalLayout {

    public UserMenu(Access access) {
        addClassName("hangar-user");
        setAlignItems(Alignment.CENTER);
        // At the far end of the navigation bar.
        getStyle().set("margin-inline-start", "auto").set("padding-inline-end", "var(--lumo-space-m)");
        access.actor().ifPresent(actor -> {
            Span who = new Span(actor.name() + " (" + actor.role().id() + ")");
            who.addClassName("hangar-user-name");
            Button signOut = new Button("Sign out", e -> access.signOut(e.getSource().getUI().orElseThrow()));
            signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
            signOut.addClassName("hangar-sign-out");
            add(who);
            if (actor.may(Permission.MANAGE_SESSIONS)) {
                Anchor sessions = Paths.link("Sessions", Paths.SESSIONS);
                sessions.addClassName("hangar-sessions");
                add(sessions);
            }
            add(signOut);
        });
    }
}
