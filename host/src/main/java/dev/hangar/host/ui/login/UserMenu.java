package dev.hangar.host.ui.login;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.hangar.host.security.Access;

/** For the header: who is signed in, with which role, and a button to sign out. */
public class UserMenu extends HorizontalLayout {

    public UserMenu() {
        addClassName("hangar-user");
        setAlignItems(Alignment.CENTER);
        // At the far end of the navigation bar.
        getStyle().set("margin-inline-start", "auto").set("padding-inline-end", "var(--lumo-space-m)");
        Access.current().actor().ifPresent(actor -> {
            Span who = new Span(actor.name() + " (" + actor.role().id() + ")");
            who.addClassName("hangar-user-name");
            Button signOut = new Button("Sign out", e -> Access.signOut());
            signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
            signOut.addClassName("hangar-sign-out");
            add(who, signOut);
        });
    }
}
