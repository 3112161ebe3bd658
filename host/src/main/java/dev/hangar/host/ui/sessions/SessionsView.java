package dev.hangar.host.ui.sessions;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.hangar.host.Hangar;
import dev.hangar.host.Security;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.Gatekeeper;
import dev.hangar.host.security.Permission;
import dev.hangar.host.security.RequiresPermission;
import dev.hangar.host.security.Sessions;
import dev.hangar.host.ui.MainLayout;
import dev.hangar.host.ui.nav.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Who is signed in, from where, since when and last active when; administrators end a user's
 * sessions here. Ending them goes through the {@link Gatekeeper}: checked on the server and audited.
 */
@Route(value = Paths.SESSIONS, layout = MainLayout.class)
@PageTitle("Sessions — Hangar")
@RequiresPermission(Permission.MANAGE_SESSIONS)
public class SessionsView extends VerticalLayout {
    /** What the audit log calls ending a user's sessions; its target is {@code user:NAME}. */
    public static final String VERB = "end-sessions";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Security security;
    private final Access access;
    private final Grid<Sessions.Info> grid = new Grid<>();

    public SessionsView(Hangar hangar, Access access) {
        this.security = hangar.security();
        this.access = access;
        // Text columns only: user names are anybody's input.
        grid.addColumn(Sessions.Info::user).setHeader("User").setAutoWidth(true);
        grid.addColumn(info -> info.role().id()).setHeader("Role").setAutoWidth(true);
        grid.addColumn(Sessions.Info::address).setHeader("Address").setAutoWidth(true);
        grid.addColumn(info -> time(info.since())).setHeader("Since").setAutoWidth(true);
        grid.addColumn(info -> time(info.lastActivity())).setHeader("Last activity").setAutoWidth(true);
        grid.addComponentColumn(info -> {
            Button end = new Button("End sessions", e -> endSessionsOf(info.user()));
            end.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
            end.addClassName("hangar-end-sessions");
            end.getElement().setAttribute("data-user", info.user());
            return end;
        }).setKey("end").setAutoWidth(true);
        grid.setSizeFull();
        add(new HorizontalLayout(new H2("Signed-in sessions"), new Button("Refresh", e -> refresh())), grid);
        setSizeFull();
        refresh();
    }

    private void endSessionsOf(String user) {
        security.gatekeeper().perform(access.actor().orElse(null), Permission.MANAGE_SESSIONS, "user:" + user, VERB, Map.of(),
                () -> CompletableFuture.completedFuture(security.sessions().endSessionsOf(user)))
                .whenComplete((ended, error) -> getUI().ifPresent(ui -> ui.access(() -> {
                    Notification.show(error != null ? error.getMessage()
                            : "Ended " + ended + (ended == 1 ? " session" : " sessions") + " of " + user + ".");
                    refresh();
                })));
    }

    private void refresh() {
        grid.setItems(security.sessions().list());
    }

    private static String time(Instant instant) {
        return TIME.format(instant);
    }
}
