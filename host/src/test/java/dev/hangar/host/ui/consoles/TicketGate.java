package dev.hangar.host.ui.consoles;

import com.vaadin.flow.server.VaadinSession;
import dev.hangar.host.consoles.ConsoleGate;
import dev.hangar.host.consoles.ConsoleTarget;
import dev.hangar.host.security.Access;
import dev.hangar.host.security.AccessDeniedException;
import dev.hangar.host.security.Permission;
import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.subjects.BehaviorSubject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A console gate whose list of who is connected the test sets (the host's comes from websockets, which
 * the mocked UI has none of); it checks the session's role as the host's gate does and hands out
 * numbered addresses.
 */
public final class TicketGate implements ConsoleGate {
    public final BehaviorSubject<Map<ConsoleTarget, List<String>>> connected = BehaviorSubject.createDefault(Map.of());
    private final AtomicInteger tickets = new AtomicInteger();

    @Override
    public String address(VaadinSession session, ConsoleTarget target, boolean takeOver) {
        Access access = new Access(session);
        if (!access.may(Permission.CONSOLE)) {
            throw new AccessDeniedException("User '" + access.userName() + "' may not open consoles");
        }
        return "/consoles/ws/ticket-" + tickets.incrementAndGet();
    }

    @Override
    public Observable<Map<ConsoleTarget, List<String>>> viewers() {
        return connected;
    }
}
